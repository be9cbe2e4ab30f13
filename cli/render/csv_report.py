"""CSV (rmlint's `-o csv`): one row per problem, for a spreadsheet or a script.

Cells that a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or CR: a file
named `=HYPERLINK(...)`) are prefixed with `'`, as OWASP advises; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io

from dedupe.model import Report
from dedupe.problems import problems

from .safe import encodable

COLUMNS = ("rule", "path", "line", "copy_of", "copy_line", "similarity", "containment", "bytes", "message")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell that no spreadsheet evaluates."""
    text = encodable(text)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in problems(report):
        containment = "" if p.containment is None else f"{p.containment:.4f}"
        writer.writerow(
            [
                cell(p.rule),
                cell(p.path),
                p.line,
                cell(p.copy_of),
                p.copy_line,
                f"{p.similarity:.4f}",
                containment,
                p.size,
                cell(p.message),
            ]
        )
    return buffer.getvalue()
