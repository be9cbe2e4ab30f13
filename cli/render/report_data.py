"""The data behind the HTML report's lazy views, as plain JSON-ready values.

File texts are embedded once each and referred to by index; differences are character ranges into
them, so the page's script builds every view with `textContent` (nothing from a file is ever
parsed as HTML). Word-level differences come from `dedupe.diff`, as in `dedupe explain`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dedupe.diff import Block, align, word_changes
from dedupe.model import DuplicateGroup, RemovedParagraph, RepeatGroup, Report

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


def report_data(report: Report, texts: Texts) -> Json:
    return {
        "groups": [_group(group, texts) for group in report.duplicate_groups],
        "files": [_file(path, groups, texts) for path, groups in repeats_by_file(report)],
        "texts": texts.texts,
    }


def _group(group: DuplicateGroup, texts: Texts) -> Json:
    kept = texts.text(group.keep)
    members = []
    for member in group.members:
        if member.path == group.keep:
            continue
        other = texts.text(member.path)
        rows = [] if kept is None or other is None else align(kept, other)
        members.append(
            {
                "path": visible(member.path),
                "text": texts.index(member.path),
                "similarity": round(member.similarity, 4),
                "containment": round(member.containment, 4),
                "readable": kept is not None and other is not None,
                "rows": [[row.kind, _blocks(row.a), _blocks(row.b)] for row in rows],
            }
        )
    return {"keep": visible(group.keep), "text": texts.index(group.keep), "members": members}


def _file(path: str, groups: list[RepeatGroup], texts: Texts) -> Json:
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
