"""One cached analysis without its file, as the cache stores it, and its checks on the way back.

An entry is checked for shape and bounds when it is turned back into an analysis: a checksum
only proves a row was not damaged, not that this code wrote it, so any number out of the file's
range, or JSON nested too deep, raises `Corrupt` (a miss, never a wrong report).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import numpy as np

from dedupe.model import HeldRepeat, RemovedParagraph, RepeatGroup, Span
from dedupe.signatures import Signature
from dedupe.sources import SourceFile
from dedupe.stages.analyze import Analysis


class Corrupt(sqlite3.DatabaseError):
    """Something read from the cache is not what this code wrote."""


@dataclass(frozen=True)
class Entry:
    """An analysis without its file: what the cache stores for one content digest."""

    exact_key: str
    shingle_count: int
    signature: bytes | None
    repeats: str  # JSON, see `repeats_json`

    def analysis(self, source: SourceFile, digest: str, num_perm: int) -> Analysis:
        if not isinstance(self.exact_key, str) or type(self.shingle_count) is not int or self.shingle_count < 0:
            raise Corrupt("exact key or shingle count")
        signature = None
        if self.signature is not None:
            if not isinstance(self.signature, bytes) or len(self.signature) != 4 * num_perm:
                raise Corrupt("signature length")
            signature = np.frombuffer(self.signature, dtype="<u4").astype(np.uint32, copy=False)
        elif self.shingle_count:
            raise Corrupt("signature missing")
        return analysis_of(source, digest, self.exact_key, self.shingle_count, signature, self.repeats)

    @classmethod
    def of(cls, analysis: Analysis) -> Entry:
        signature = None if analysis.signature is None else analysis.signature.astype("<u4").tobytes()
        repeats = repeats_json(analysis.repeats, analysis.held, analysis.encoding, analysis.marked)
        return cls(analysis.exact_key, analysis.shingle_count, signature, repeats)


def analysis_of(
    source: SourceFile, digest: str, exact_key: str, count: int, signature: Signature | None, repeats: str
) -> Analysis:
    """The analysis of `source` from checked stored fields; its repeats are checked here."""
    groups, held, encoding, marked = _repeats(repeats, source)
    return Analysis(source, digest, exact_key, count, signature, groups, held=held, encoding=encoding, marked=marked)


def stored_codec(repeats: str, source: SourceFile) -> tuple[str, bool]:
    """The encoding and `dedupe:` mark of stored repeats, for a report entry: a list holds groups
    only (UTF-8, unmarked), so it is not parsed; an object is, and checked."""
    if repeats.startswith("["):
        return "utf-8", False
    _, _, encoding, marked = _repeats(repeats, source)
    return encoding, marked


def repeats_json(
    groups: tuple[RepeatGroup, ...], held: tuple[HeldRepeat, ...], encoding: str = "utf-8", marked: bool = False
) -> str:
    """The repeat groups as JSON; with paragraphs held back, another encoding than UTF-8 or a
    `dedupe:` mark in the text, an object of them all."""
    listed = [
        [
            g.kind,
            g.kept_line,
            g.key,
            [g.kept_span.start, g.kept_span.end, g.kept_span.line],
            [[r.line, r.similarity, r.cut.start, r.cut.end, r.cut.line, r.size] for r in g.removed],
        ]
        for g in groups
    ]
    if not held and encoding == "utf-8" and not marked:
        return json.dumps(listed)
    kept_back = [[h.line, h.kept_line, h.kind, h.similarity, h.reason] for h in held]
    return json.dumps({"groups": listed, "held": kept_back, "encoding": encoding, "marked": marked})


def _repeats(text: str, source: SourceFile) -> tuple[tuple[RepeatGroup, ...], tuple[HeldRepeat, ...], str, bool]:
    """The stored repeat groups, held paragraphs, encoding and mark, attached to `source`."""
    if text == "[]":  # most files: no need to parse
        return (), (), "utf-8", False
    try:
        stored = json.loads(text)
    except RecursionError:
        raise Corrupt("repeats nested too deep") from None
    if isinstance(stored, dict):
        rows, kept_back, encoding = _list(stored.get("groups")), _list(stored.get("held")), stored.get("encoding")
        marked = stored.get("marked")
        if not isinstance(encoding, str) or not 0 < len(encoding) <= 40 or not isinstance(marked, bool):
            raise Corrupt("encoding or mark")
    else:
        rows, kept_back, encoding, marked = _list(stored), [], "utf-8", False
    groups = []
    for kind, kept_line, key, kept, removed in _list(rows):
        if kind not in ("exact", "near") or not isinstance(key, str) or not _list(removed):
            raise Corrupt("repeat group")
        copies = tuple(
            RemovedParagraph(_line(line, source), _score(similarity), _span(cut, source), _bounded(size, source.size))
            for line, similarity, *cut, size in map(_list, removed)
        )
        groups.append(RepeatGroup(source.path, kind, _line(kept_line, source), copies, _span(kept, source), key))
    held = []
    for line, kept_line, kind, score, why in map(_list, kept_back):
        if kind not in ("exact", "near") or not isinstance(why, str):
            raise Corrupt("held paragraph")
        held.append(HeldRepeat(source.path, _line(line, source), _line(kept_line, source), kind, _score(score), why))
    return tuple(groups), tuple(held), encoding, marked


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise Corrupt("not a list")
    return value


def _bounded(value: object, limit: int, low: int = 0) -> int:
    """A whole number in [low, limit]: offsets and sizes cannot exceed the file's size in bytes
    (a character takes at least one byte), nor lines its size plus one."""
    if type(value) is not int or not low <= value <= limit:
        raise Corrupt("number out of range")
    return value


def _line(value: object, source: SourceFile) -> int:
    return _bounded(value, source.size + 1, low=1)


def _score(value: object) -> float:
    if type(value) not in (int, float) or not 0.0 <= value <= 1.0:  # type: ignore[operator]
        raise Corrupt("score out of range")
    return float(value)  # type: ignore[arg-type]


def _span(fields: object, source: SourceFile) -> Span:
    start, end, line = _list(fields)
    span = Span(_bounded(start, source.size), _bounded(end, source.size), _line(line, source))
    if span.start > span.end:
        raise Corrupt("span")
    return span
