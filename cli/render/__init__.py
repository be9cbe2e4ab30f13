"""Renderers: each format is a pure function from a `Report` to text, listed in `FORMATS`.

Adding a format is a module here, an entry in `FORMATS` and a member of `options.OutputFormat`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dedupe.model import Report
from dedupe.problems import Level

from . import github, json_report, sarif, terminal


@dataclass(frozen=True)
class RenderOptions:
    """How the text will be shown: colour only on a terminal; `width` for wrapping tables;
    `level` is the severity annotations and SARIF results carry."""

    color: bool = False
    width: int = 100
    level: Level = "error"


Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": lambda report, options: terminal.render(report, color=options.color, width=options.width),
    "json": lambda report, options: json_report.render(report),
    "github": lambda report, options: github.render(report, options.level),
    "sarif": lambda report, options: sarif.render(report, options.level),
}
