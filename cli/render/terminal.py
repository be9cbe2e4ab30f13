"""The terminal report (rich): a summary line, each duplicate group, each file's repeats."""

from __future__ import annotations

import io
from collections.abc import Iterator

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from dedupe.model import DuplicateGroup, RepeatGroup, Report

from .safe import markup_safe, visible


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 file`, `2 files`; `many` for words whose plural is not word + s."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def size(count: int) -> str:
    """Bytes in decimal units, as people read them: 980 B, 14.7 kB, 3.2 MB."""
    if count < 1000:
        return f"{count} B"
    exponent = min((len(str(count)) - 1) // 3, 4)
    return f"{count / 1000**exponent:,.1f} {('B', 'kB', 'MB', 'GB', 'TB')[exponent]}"


def summary(report: Report) -> str:
    return (
        f"{plural(report.files_scanned, 'file')} scanned, {len(report.skipped):,} skipped: "
        f"{plural(len(report.duplicate_groups), 'duplicate group')}, "
        f"{plural(report.files_removable, 'file')} removable, "
        f"{plural(report.paragraphs_removable, 'repeated paragraph')}, "
        f"{size(report.bytes_saved)} saved"
    )


def _group_table(number: int, group: DuplicateGroup) -> Table:
    table = Table(
        title=f"Duplicate group {number}: keep {markup_safe(group.keep)} ({group.policy})",
        title_justify="left",
        show_edge=False,
    )
    table.add_column("")
    table.add_column("similarity", justify="right")
    table.add_column("containment", justify="right")
    table.add_column("file", overflow="fold")
    for member in sorted(group.members, key=lambda m: m.path != group.keep):
        kept = member.path == group.keep
        table.add_row(
            Text("keep" if kept else "remove", style="green" if kept else "red"),
            f"{member.similarity:.2f}",
            f"{member.containment:.2f}",
            Text(visible(member.path)),
        )
    return table


def blocks(repeats: list[RepeatGroup]) -> Iterator[list[RepeatGroup]]:
    """Runs of repeat groups that are one repeated block: consecutive kept paragraphs whose
    copies are consecutive too.

    A block of 15 lines pasted 7 more times reads as one line instead of fifteen.
    """
    run: list[RepeatGroup] = []
    for group in repeats:
        if run and _continues(run[-1], group):
            run.append(group)
            continue
        if run:
            yield run
        run = [group]
    if run:
        yield run


def _continues(previous: RepeatGroup, group: RepeatGroup) -> bool:
    """Each copy of `group` is the paragraph right after the same copy of `previous` (its cut
    starts where that copy ends), and the kept paragraphs are as many lines apart as the copies."""
    step = group.kept_line - previous.kept_line
    return (
        group.kind == previous.kind
        and len(group.removed) == len(previous.removed)
        and step > 0
        and all(
            b.cut.start == a.cut.end and b.line - a.line == step
            for a, b in zip(previous.removed, group.removed, strict=True)
        )
    )


def _lines(first: int, last: int) -> str:
    return f"{first}" if first == last else f"{first}–{last}"


def _block_line(run: list[RepeatGroup]) -> str:
    first, last = run[0], run[-1]
    kept = f"line{'s' if len(run) > 1 else ''} {_lines(first.kept_line, last.kept_line)}"
    at = "lines" if len(run) > 1 or len(first.removed) > 1 else "line"
    removed = ", ".join(_lines(a, b) for a, b in zip(first.removed_lines, last.removed_lines, strict=False))
    copies = plural(len(first.removed), f"{first.kind} copy", f"{first.kind} copies")
    score = min(g.similarity for g in run)
    return f"  {kept} kept; {copies} removed at {at} {removed} (similarity {score:.2f})"


def renderables(report: Report) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(summary(report), style="bold")]
    for number, group in enumerate(report.duplicate_groups, start=1):
        parts += [Text(), _group_table(number, group)]
    by_file: dict[str, list[RepeatGroup]] = {}
    for repeat in report.kept_repeats():
        by_file.setdefault(repeat.path, []).append(repeat)
    if by_file:
        parts += [Text(), Text("Repeated paragraphs", style="bold")]
    for path, repeats in by_file.items():
        parts.append(Text(visible(path), style="cyan"))
        parts.extend(Text(_block_line(run)) for run in blocks(repeats))
    if report.skipped:
        parts += [Text(), Text("Skipped", style="bold")]
        parts.extend(Text(f"  {visible(s.path)}: {visible(s.reason)}", style="yellow") for s in report.skipped)
    return parts


def render(report: Report, *, color: bool, width: int) -> str:
    """The report as terminal text; ANSI colours only when `color`."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    console.print(Group(*renderables(report)))
    return buffer.getvalue()
