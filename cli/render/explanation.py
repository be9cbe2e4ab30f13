"""`dedupe explain` on the terminal (rich): the scores, the verdict with its reasons, and the two
files side by side with the differences marked word by word.

Without colour, differences are marked as in `git diff --word-diff`: [-only in A-] {+only in B+}.
"""

from __future__ import annotations

import io
import re

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from dedupe.diff import Block, Row
from dedupe.explain import Explanation

from .safe import visible

_SPACE = re.compile(r"\s+")
_ROW_MARK = {"same": "=", "changed": "~", "only_a": "-", "only_b": "+"}
_STYLE_A, _STYLE_B = "bold red", "bold green"


def render(explanation: Explanation, *, color: bool, width: int, changes_only: bool = False) -> str:
    """The explanation as terminal text; ANSI colours only when `color`."""
    buffer = io.StringIO()
    console = Console(  # a height too, or TERM=dumb makes rich ignore the width (80 columns)
        file=buffer, force_terminal=color, no_color=not color, width=width, height=50, highlight=False
    )
    console.print(Group(*_parts(explanation, color, changes_only)))
    return buffer.getvalue()


def _parts(e: Explanation, color: bool, changes_only: bool) -> list[RenderableType]:
    settings = e.settings
    scores = Table.grid(padding=(0, 2))
    wordless = any(r.test == "words" for r in e.reasons)  # never compared: a score would mislead
    for name, value, limit in (
        ("similarity", e.score.jaccard, f"duplicates from {settings.similarity:.2f}"),
        ("containment", e.score.containment, f"copies from {settings.containment:.2f}"),
        ("size ratio", e.score.length_ratio, f"copies from {settings.min_length_ratio:.2f}"),
    ):
        scores.add_row(f"  {name}", "–" if wordless else f"{value:.2f}", Text(limit, style="dim"))
    if e.keep is not None:
        keep = "A" if e.keep == e.path_a else "B"
        verdict = Text(
            f"Grouped, {e.verdict}: of these two, dedupe keeps {keep} (policy {settings.keep}; "
            "a scan chooses among the whole group)",
            style="bold green",
        )
    else:
        verdict = Text(f"Not grouped: {e.verdict}", style="bold yellow")
    legend = "identical paragraphs collapsed; " if changes_only else ""
    if not color:
        legend += "[-only in A-] {+only in B+}"
    parts: list[RenderableType] = [
        Text(f"A  {visible(e.path_a)}", style="bold"),
        Text(f"B  {visible(e.path_b)}", style="bold"),
        Text(),
        scores,
        Text(),
        verdict,
        *(Text(f"  {'✓' if r.passed else '✗'} {visible(r.message)}") for r in e.reasons),
    ]
    if e.rows:  # two files without text have nothing to set side by side
        parts += [
            Text(),
            Text("Differences, word by word" + (f" ({legend})" if legend else ""), style="bold"),
            _side_by_side(e, color, changes_only),
        ]
    return parts


def _side_by_side(e: Explanation, color: bool, changes_only: bool) -> Table:
    table = Table(show_edge=False, expand=True, show_lines=True)
    table.add_column("", width=1)
    table.add_column("A", ratio=1, overflow="fold")
    table.add_column("B", ratio=1, overflow="fold")
    for row in _collapsed(e.rows) if changes_only else e.rows:
        if isinstance(row, int):
            table.add_row("=", Text(f"{row:,} identical paragraph{'s' if row > 1 else ''}", style="dim"), "")
            continue
        table.add_row(
            _ROW_MARK[row.kind],
            _cell(e.text_a, row.a, _STYLE_A, None if color else ("[-", "-]")),
            _cell(e.text_b, row.b, _STYLE_B, None if color else ("{+", "+}")),
        )
    return table


def _collapsed(rows: tuple[Row, ...]) -> list[Row | int]:
    """Rows with each run of identical paragraphs replaced by its length."""
    out: list[Row | int] = []
    for row in rows:
        if row.kind != "same":
            out.append(row)
        elif out and isinstance(out[-1], int):
            out[-1] += 1
        else:
            out.append(1)
    return out


def _cell(text: str, blocks: tuple[Block, ...], style: str, marks: tuple[str, str] | None) -> Text:
    """A side's paragraphs, each on one line (hard wraps undone), its changes styled or marked."""
    cell = Text()
    for number, block in enumerate(blocks):
        if number:
            cell.append("\n\n")
        position = block.start
        for start, end in block.changes:
            cell.append(_flat(text[position:start]))
            changed = _flat(text[start:end])
            cell.append(f"{marks[0]}{changed}{marks[1]}" if marks else changed, style=style)
            position = end
        cell.append(_flat(text[position : block.end]))
    return cell


def _flat(text: str) -> str:
    return visible(_SPACE.sub(" ", text))
