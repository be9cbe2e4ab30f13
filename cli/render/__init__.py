"""Renderers: each format is a pure function from a `Report` to text, listed in `FORMATS`.

Adding a format is a module here, an entry in `FORMATS` and a member of `options.OutputFormat`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dedupe.model import Report
from dedupe.problems import Level

from . import github, html_report, json_report, sarif, terminal
from .report_data import TextLoader


def no_texts(path: str) -> str | None:
    """The loader of a report rendered without the files: views that need text say so."""
    return None


@dataclass(frozen=True)
class RenderOptions:
    """How the text will be shown: colour only on a terminal; `width` for wrapping tables;
    `load_text(path)` gives a scanned file's text (for the HTML report's side-by-side views);
    `level` is the severity annotations and SARIF results carry."""

    color: bool = False
    width: int = 200
    load_text: TextLoader = no_texts
    level: Level = "error"


Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": lambda report, options: terminal.render(report, color=options.color, width=options.width),
    "json": lambda report, options: json_report.render(report),
    "html": lambda report, options: html_report.render(report, options.load_text),
    "github": lambda report, options: github.render(report, options.level),
    "sarif": lambda report, options: sarif.render(report, options.level),
}
