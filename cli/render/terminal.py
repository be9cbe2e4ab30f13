"""The terminal report (rich): a summary line, each duplicate group, each file's repeats; and
`check`'s report, one `path:line: rule message` line per problem (ruff's concise output,
yamllint's parsable format) with a short excerpt of the text at that line.

Paths are never folded mid-name: a line longer than the terminal is left to the terminal to wrap,
so a path can still be copied whole.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from dedupe.formats.places import limit_of, note
from dedupe.model import DuplicateGroup, RepeatGroup, Report
from dedupe.problems import RULES, Level, Problem, problems

from .order import sorted_files, sorted_groups
from .report_data import held_by_file
from .safe import visible


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


def whole(text: str = "", style: str = "") -> Text:
    """A line that is never folded nor cropped: a path in it stays whole for copying."""
    return Text(text, style=style, no_wrap=True, overflow="ignore")


def _group_table(number: int, group: DuplicateGroup) -> Group:
    """The group as aligned columns; the file column last and never wrapped."""
    tag = ", an original" if group.keep in group.originals else ""
    rows = [whole(f"Duplicate group {number}: keep {visible(group.keep)} ({group.policy}{tag})")]
    rows.append(whole("          similarity  containment  file", style="bold"))
    for member in sorted(group.members, key=lambda m: m.path != group.keep):
        role = member_role(group, member.path)
        row = whole("  ")
        row.append(f"{role:<8}", style="red" if role == "remove" else "green")
        row.append(f"{member.similarity:>10.2f}  {member.containment:>11.2f}  {visible(member.path)}")
        rows.append(row)
    return Group(*rows)


def member_role(group: DuplicateGroup, path: str) -> str:
    """`keep`, `original` (tagged: kept too) or `remove`."""
    if path == group.keep:
        return "keep"
    return "original" if path in group.originals else "remove"


def blocks(repeats: Sequence[RepeatGroup]) -> Iterator[list[RepeatGroup]]:
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


def renderables(report: Report, sort: str = "path", limit: int = 0) -> list[RenderableType]:
    """The report's parts; `sort` orders groups and files (`path`, `similarity`, `bytes`) and
    `limit` keeps the first so many of each (0: all)."""
    parts: list[RenderableType] = [Text(summary(report), style="bold")]
    numbered = sorted_groups(report, sort)
    for number, group in numbered[: limit or None]:
        parts += [Text(), _group_table(number, group)]
    by_file: dict[str, list[RepeatGroup]] = {}
    for repeat in report.kept_repeats():
        by_file.setdefault(repeat.path, []).append(repeat)
    files = sorted_files(list(by_file.items()), sort)
    if files:
        parts += [Text(), Text("Repeated paragraphs", style="bold")]
    for _, path, repeats in files[: limit or None]:
        parts.append(whole(visible(path), style="cyan"))
        parts.extend(Text(_block_line(run)) for run in blocks(repeats))
        parts.extend(Text(line) for line in (note(r, limit_of(report)) for r in repeats) if line)  # PDF, DOCX
    held = _held_lines(report, limit)
    if held:
        parts += [Text(), Text("Similar but kept (not removed: removing them could lose something)", style="bold")]
        parts += held
    hidden = max(0, len(numbered) - limit) + max(0, len(files) - limit) if limit else 0
    if hidden:
        parts += [Text(), Text(f"… and {plural(hidden, 'more entry', 'more entries')} (--limit {limit})")]
    if report.skipped:
        parts += [Text(), Text("Skipped", style="bold")]
        parts.extend(whole(f"  {visible(s.path)}: {visible(s.reason)}", style="yellow") for s in report.skipped)
    return parts


_HELD_PER_FILE = 3


def _held_lines(report: Report, limit: int) -> list[RenderableType]:
    """One line per held file pair; per file, its first held paragraphs and how many more."""
    lines: list[RenderableType] = [
        whole(f"  {visible(h.path)} ≈ {visible(h.keep)} (similarity {h.similarity:.2f}): {visible(h.reason)}")
        for h in report.held_pairs[: limit or None]
    ]
    for path, held in held_by_file(report)[: limit or None]:
        lines.append(whole(f"  {visible(path)}", style="cyan"))
        lines.extend(
            whole(f"    line {h.line} ≈ line {h.kept_line} ({h.kind}, {h.similarity:.2f}): {visible(h.reason)}")
            for h in held[:_HELD_PER_FILE]
        )
        if len(held) > _HELD_PER_FILE:
            lines.append(
                whole(f"    … and {plural(len(held) - _HELD_PER_FILE, 'more', 'more')} (--format json lists all)")
            )
    return lines


def _print(renderables: list[RenderableType], color: bool, width: int) -> str:
    buffer = io.StringIO()
    console = Console(  # a height too, or TERM=dumb makes rich ignore the width (80 columns)
        file=buffer, force_terminal=color, no_color=not color, width=width, height=50, highlight=False
    )
    console.print(Group(*renderables), crop=False)
    return buffer.getvalue()


def render(report: Report, *, color: bool, width: int, sort: str = "path", limit: int = 0) -> str:
    """The report as terminal text; ANSI colours only when `color`."""
    return _print(renderables(report, sort, limit), color, width)


def statistics(report: Report, *, color: bool, width: int) -> str:
    """The summary line and a count per rule and kind (ruff --statistics, rmlint -o summary)."""
    found = problems(report)
    rows: list[RenderableType] = [Text(summary(report), style="bold")]
    for rule in RULES:
        mine = [p for p in found if p.rule == rule]
        exact = sum(p.similarity >= 1.0 for p in mine)
        kinds = f"{exact:,} exact, {len(mine) - exact:,} near" + (" or wrapped" if rule == "duplicate-article" else "")
        saved = size(sum(p.size for p in mine))
        rows.append(whole(f"{len(mine):>7,}  {rule:<20} {saved:>9} saved  ({kinds})"))
    return _print(rows, color, width)


EXCERPT_CHARS = 60


def excerpt(text: str | None, line: int) -> str:
    """The first non-blank line from `line` on, cut after a word to `EXCERPT_CHARS` at most;
    empty when the text is unknown (the file changed since the scan)."""
    if text is None:
        return ""
    for candidate in text.splitlines()[line - 1 : line + 4]:
        words = " ".join(candidate.split())
        if words:
            if len(words) <= EXCERPT_CHARS:
                return words
            cut = words[: EXCERPT_CHARS - 1]
            return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:") + "…"  # whole words
    return ""


def problem_lines(
    report: Report, load_text: Callable[[str], str | None], *, level: Level, color: bool, width: int
) -> str:
    """`check`'s text report: `path:line: rule message "excerpt"` per problem, at the file that
    has it (the new copy, not the committed original)."""
    texts: dict[str, str | None] = {}
    lines: list[RenderableType] = []
    for problem in problems(report):
        if problem.path not in texts:
            texts[problem.path] = load_text(problem.path)
        lines.append(_problem_line(problem, excerpt(texts[problem.path], problem.line), level))
    return _print(lines, color, width) if lines else ""


def _problem_line(problem: Problem, quoted: str, level: Level) -> Text:
    line = whole()
    line.append(f"{visible(problem.path)}:{problem.line}:", style="bold")
    line.append(f" {problem.rule}", style="red" if level == "error" else "yellow")
    line.append(f" {visible(problem.message)}")
    if quoted:
        line.append(f' "{visible(quoted)}"', style="dim")
    return line
