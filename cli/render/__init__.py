"""Renderers: each format is a pure function from a `Report` to text, listed in `FORMATS`.

Adding a format is a module here, an entry in `FORMATS` and a member of `options.OutputFormat`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dedupe.model import Report
from dedupe.problems import Level

from . import csv_report, github, html_report, json_report, sarif, terminal
from .report_data import TextLoader


def no_texts(path: str) -> str | None:
    """The loader of a report rendered without the files: views that need text say so."""
    return None


@dataclass(frozen=True)
class RenderOptions:
    """How the text will be shown: colour only on a terminal; `width` for wrapping tables;
    `load_text(path)` gives a scanned file's text (for the HTML report's side-by-side views);
    `level` is the severity annotations and SARIF results carry; `sort` and `limit` order and
    cut the terminal and HTML reports."""

    color: bool = False
    width: int = 200
    load_text: TextLoader = no_texts
    level: Level = "error"
    sort: str = "path"
    limit: int = 0


Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": lambda report, o: terminal.render(report, color=o.color, width=o.width, sort=o.sort, limit=o.limit),
    # check's text format: one `path:line: rule message` line per problem
    "problems": lambda report, o: terminal.problem_lines(
        report, o.load_text, level=o.level, color=o.color, width=o.width
    ),
    "summary": lambda report, o: terminal.statistics(report, color=o.color, width=o.width),
    "csv": lambda report, options: csv_report.render(report),
    "json": lambda report, options: json_report.render(report),
    "html": lambda report, o: html_report.render(report, o.load_text, sort=o.sort, limit=o.limit),
    "github": lambda report, options: github.render(report, options.level),
    "sarif": lambda report, options: sarif.render(report, options.level),
}
