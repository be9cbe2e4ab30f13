"""The data behind the HTML report's lazy views, as plain JSON-ready values.

File texts are embedded once each and referred to by index; differences are character ranges into
them, so the page's script builds every view with `textContent` (nothing from a file is ever
parsed as HTML). Word-level differences come from `dedupe.diff`, as in `dedupe explain`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dedupe.diff import Block, align, word_changes
from dedupe.model import DuplicateGroup, HeldPair, HeldRepeat, RemovedParagraph, RepeatGroup, Report
from dedupe.text import split_paragraphs

from .order import FileRepeats, sorted_files, sorted_groups
from .safe import visible

TextLoader = Callable[[str], str | None]
Json = dict[str, object]

_LEADING_BLANK = re.compile(r"(?:[^\S\r\n]*(?:\r\n|\r|\n))*")


class Texts:
    """File texts, each loaded once and embedded once; None for a file that cannot be re-read."""

    def __init__(self, load: TextLoader) -> None:
        self._load = load
        self._index: dict[str, int | None] = {}
        self.texts: list[str] = []

    def index(self, path: str) -> int | None:
        if path not in self._index:
            text = self._load(path)
            self._index[path] = None if text is None else len(self.texts)
            if text is not None:
                self.texts.append(text)
        return self._index[path]

    def text(self, path: str) -> str | None:
        index = self.index(path)
        return None if index is None else self.texts[index]


def repeats_by_file(report: Report) -> list[tuple[str, list[RepeatGroup]]]:
    by_file: dict[str, list[RepeatGroup]] = {}
    for group in report.repeated_paragraphs:
        by_file.setdefault(group.path, []).append(group)
    return list(by_file.items())


def held_by_file(report: Report) -> list[tuple[str, list[HeldRepeat]]]:
    by_file: dict[str, list[HeldRepeat]] = {}
    for held in report.held_repeats:
        by_file.setdefault(held.path, []).append(held)
    return list(by_file.items())


@dataclass(frozen=True)
class Shown:
    """What a page shows of a report (`--sort`, `--limit`): groups and files in the order asked,
    each with its place number, and the held pairs and files, each list cut to the limit."""

    groups: list[tuple[int, DuplicateGroup]]
    files: list[FileRepeats]
    held_pairs: list[HeldPair]
    held_files: list[tuple[str, list[HeldRepeat]]]

    @classmethod
    def of(cls, report: Report, sort: str = "path", limit: int = 0) -> Shown:
        cut = slice(limit or None)
        return cls(
            sorted_groups(report, sort)[cut],
            sorted_files(repeats_by_file(report), sort)[cut],
            list(report.held_pairs[cut]),
            held_by_file(report)[cut],
        )


def report_data(shown: Shown, texts: Texts) -> Json:
    """The embedded data of the entries shown, in the order shown (`data-at` indexes it)."""
    return {
        "groups": [_group(group, texts) for _, group in shown.groups],
        "files": [_file(path, groups, texts) for _, path, groups in shown.files],
        "held_pairs": [_held_pair(pair, texts) for pair in shown.held_pairs],
        "held_files": [_held_file(path, held, texts) for path, held in shown.held_files],
        "texts": texts.texts,
    }


def _member(path: str, kept: str | None, texts: Texts, similarity: float, containment: float) -> Json:
    """A file against the kept one: its scores and the aligned rows of their paragraphs."""
    other = texts.text(path)
    rows = [] if kept is None or other is None else align(kept, other)
    return {
        "path": visible(path),
        "text": texts.index(path),
        "similarity": round(similarity, 4),
        "containment": round(containment, 4),
        "readable": kept is not None and other is not None,
        "rows": [[row.kind, _blocks(row.a), _blocks(row.b)] for row in rows],
    }


def _held_pair(pair: HeldPair, texts: Texts) -> Json:
    member = _member(pair.path, texts.text(pair.keep), texts, pair.similarity, pair.containment)
    return {"keep": visible(pair.keep), "text": texts.index(pair.keep), "reason": visible(pair.reason), **member}


def _held_file(path: str, held: list[HeldRepeat], texts: Texts) -> Json:
    """Each held paragraph against the earlier one it resembles, with their word differences."""
    text = texts.text(path)
    if text is None:
        return {"text": None, "pairs": []}
    spans = {p.line: (p.start, p.end) for p in split_paragraphs(text)}
    pairs = []
    for h in held:
        if h.line not in spans or h.kept_line not in spans:
            continue
        changes_kept, changes_copy = word_changes(text, spans[h.kept_line], text, spans[h.line])
        pairs.append(
            {
                "line": h.line,
                "kept_line": h.kept_line,
                "similarity": round(h.similarity, 4),
                "reason": visible(h.reason),
                "kept": _blocks((Block(*spans[h.kept_line], tuple(changes_kept)),)),
                "copy": _blocks((Block(*spans[h.line], tuple(changes_copy)),)),
            }
        )
    return {"text": texts.index(path), "pairs": pairs}


def _group(group: DuplicateGroup, texts: Texts) -> Json:
    kept = texts.text(group.keep)
    members = [_member(m.path, kept, texts, m.similarity, m.containment) for m in group.members if m.path != group.keep]
    return {"keep": visible(group.keep), "text": texts.index(group.keep), "members": members}


def _file(path: str, groups: Sequence[RepeatGroup], texts: Texts) -> Json:
    """The file's marks in text order (kept paragraphs, removed copies) and its near repeats."""
    text = texts.text(path)
    if text is None:
        return {"text": None, "marks": [], "near": []}
    marks: dict[int, list[object]] = {}
    near = []
    for group in groups:
        kept = group.kept_span
        marks[kept.start] = [kept.start, kept.end, "kept", f"kept · line {kept.line}"]
        for removed in group.removed:
            start = _paragraph_start(text, removed)
            label = f"removed · {group.kind} copy of line {group.kept_line}"
            if group.kind == "near":
                label += f" (similarity {removed.similarity:.2f})"
                changes_kept, changes_removed = word_changes(
                    text, (kept.start, kept.end), text, (start, removed.cut.end)
                )
                near.append(
                    {
                        "kept_line": group.kept_line,
                        "line": removed.line,
                        "similarity": round(removed.similarity, 4),
                        "kept": _blocks((Block(kept.start, kept.end, tuple(changes_kept)),)),
                        "removed": _blocks((Block(start, removed.cut.end, tuple(changes_removed)),)),
                    }
                )
            marks[start] = [start, removed.cut.end, group.kind, label]
    return {"text": texts.index(path), "marks": [marks[k] for k in sorted(marks)], "near": near}


def _paragraph_start(text: str, removed: RemovedParagraph) -> int:
    """Where the removed paragraph's first line starts: its cut also takes the blank lines before."""
    match = _LEADING_BLANK.match(text, removed.cut.start, removed.cut.end)
    return match.end() if match else removed.cut.start


def _blocks(blocks: tuple[Block, ...]) -> list[list[object]]:
    return [[b.start, b.end, [edge for change in b.changes for edge in change]] for b in blocks]
