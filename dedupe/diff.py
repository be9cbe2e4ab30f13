"""Word-level differences between two texts, aligned paragraph by paragraph, for people to read.

Paragraphs are aligned first (equal when equal up to whitespace), so only the paragraphs that
differ are compared word by word: long texts stay fast, and shared passages line up side by side.
Differences are exact (case, quotes and punctuation count): they show what a copy changed, while
detection compares normalized text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from dedupe.text import split_paragraphs

Range = tuple[int, int]
Tokens = list[tuple[str, int, int]]  # each token with its start and end in its text
RowKind = Literal["same", "changed", "only_a", "only_b"]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w+")
_MIN_RESEMBLANCE = 0.3
_MAX_PAIRING = 40_000  # paragraphs a × paragraphs b in one differing run
# tokens a × tokens b compared word by word at once: difflib's time grows with it (a page without
# a blank line, 110,000 characters against its revision, took 69 s); past it, lines first
_MAX_WORD_PRODUCT = 4_000_000


@dataclass(frozen=True)
class Block:
    """One paragraph: [start, end) in its text, and the ranges inside it that the other text lacks."""

    start: int
    end: int
    changes: tuple[Range, ...]


@dataclass(frozen=True)
class Row:
    """Paragraphs of a and of b that face each other: equal, changed, or present on one side only."""

    kind: RowKind
    a: tuple[Block, ...]
    b: tuple[Block, ...]


def align(text_a: str, text_b: str) -> list[Row]:
    """The two texts as rows of facing paragraphs, with word-level changes marked on both sides."""
    paragraphs_a = [(p.start, p.end) for p in split_paragraphs(text_a)]
    paragraphs_b = [(p.start, p.end) for p in split_paragraphs(text_b)]
    keys_a = [" ".join(text_a[s:e].split()) for s, e in paragraphs_a]
    keys_b = [" ".join(text_b[s:e].split()) for s, e in paragraphs_b]
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        side_a, side_b = paragraphs_a[i1:i2], paragraphs_b[j1:j2]
        if tag == "equal":
            rows += [Row("same", (Block(*a, ()),), (Block(*b, ()),)) for a, b in zip(side_a, side_b, strict=True)]
        elif tag == "delete":
            rows.append(Row("only_a", tuple(Block(s, e, ((s, e),)) for s, e in side_a), ()))
        elif tag == "insert":
            rows.append(Row("only_b", (), tuple(Block(s, e, ((s, e),)) for s, e in side_b)))
        else:
            rows += _matched(text_a, side_a, text_b, side_b)
    return rows


def word_changes(text_a: str, span_a: Range, text_b: str, span_b: Range) -> tuple[list[Range], list[Range]]:
    """The ranges of span_a missing from span_b, and of span_b missing from span_a, word by word.
    Spans too long for that are aligned line by line first (`_line_changes`)."""
    tokens_a, tokens_b = _tokens(text_a, [span_a]), _tokens(text_b, [span_b])
    if len(tokens_a) * len(tokens_b) > _MAX_WORD_PRODUCT:
        return _line_changes(text_a, span_a, text_b, span_b)
    return _token_changes(tokens_a, tokens_b)


def _line_changes(text_a: str, span_a: Range, text_b: str, span_b: Range) -> tuple[list[Range], list[Range]]:
    """Changes between two long spans: their lines aligned (equal up to whitespace), then each run
    of differing lines compared word by word, or marked changed whole when it is still too long."""
    lines_a, lines_b = _lines(text_a, span_a), _lines(text_b, span_b)
    keys_a = [" ".join(text_a[s:e].split()) for s, e in lines_a]
    keys_b = [" ".join(text_b[s:e].split()) for s, e in lines_b]
    changes_a: list[Range] = []
    changes_b: list[Range] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        run_a, run_b = _trimmed(_tokens(text_a, lines_a[i1:i2]), _tokens(text_b, lines_b[j1:j2]))
        if run_a and run_b and len(run_a) * len(run_b) <= _MAX_WORD_PRODUCT:
            found_a, found_b = _token_changes(run_a, run_b)
            changes_a += found_a
            changes_b += found_b
        else:
            _add(changes_a, run_a)
            _add(changes_b, run_b)
    return changes_a, changes_b


def _trimmed(tokens_a: Tokens, tokens_b: Tokens) -> tuple[Tokens, Tokens]:
    """The tokens without the words both runs begin and end with (a line that only gained a word
    at its end is then that word)."""
    start, end = 0, 0
    shortest = min(len(tokens_a), len(tokens_b))
    while start < shortest and tokens_a[start][0] == tokens_b[start][0]:
        start += 1
    while end < shortest - start and tokens_a[-1 - end][0] == tokens_b[-1 - end][0]:
        end += 1
    return tokens_a[start : len(tokens_a) - end], tokens_b[start : len(tokens_b) - end]


def _lines(text: str, span: Range) -> list[Range]:
    """The span's lines, each with its line break, as ranges of `text`."""
    start, end = span
    lines = []
    for line in text[start:end].splitlines(keepends=True):
        lines.append((start, start + len(line)))
        start += len(line)
    return lines


def _token_changes(tokens_a: Tokens, tokens_b: Tokens) -> tuple[list[Range], list[Range]]:
    """What each token list has that the other lacks, as ranges of their texts."""
    matcher = SequenceMatcher(None, [t for t, _, _ in tokens_a], [t for t, _, _ in tokens_b], autojunk=False)
    changes_a: list[Range] = []
    changes_b: list[Range] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            _add(changes_a, tokens_a[i1:i2])
            _add(changes_b, tokens_b[j1:j2])
    return changes_a, changes_b


def _matched(text_a: str, side_a: list[Range], text_b: str, side_b: list[Range]) -> list[Row]:
    """Rows for a run of paragraphs that differ: each paragraph faces the one it resembles most
    (in order), and a paragraph that resembles none stands alone (an added headline, a cut tail).
    A run too long to pair is compared as one run of words."""
    if len(side_a) * len(side_b) > _MAX_PAIRING:
        changes_a, changes_b = word_changes(
            text_a, (side_a[0][0], side_a[-1][1]), text_b, (side_b[0][0], side_b[-1][1])
        )
        return [Row("changed", _clipped(side_a, changes_a), _clipped(side_b, changes_b))]
    rows: list[Row] = []
    done_a = done_b = 0
    for i, j in _pairing([_words(text_a, p) for p in side_a], [_words(text_b, p) for p in side_b]):
        if i > done_a:
            rows.append(Row("only_a", tuple(Block(s, e, ((s, e),)) for s, e in side_a[done_a:i]), ()))
        if j > done_b:
            rows.append(Row("only_b", (), tuple(Block(s, e, ((s, e),)) for s, e in side_b[done_b:j])))
        if i < len(side_a) and j < len(side_b):
            changes_a, changes_b = word_changes(text_a, side_a[i], text_b, side_b[j])
            kind: RowKind = "changed" if changes_a or changes_b else "same"
            rows.append(Row(kind, _clipped([side_a[i]], changes_a), _clipped([side_b[j]], changes_b)))
        done_a, done_b = i + 1, j + 1
    return rows


def _pairing(words_a: list[set[str]], words_b: list[set[str]]) -> list[tuple[int, int]]:
    """The in-order pairs of paragraphs with the most total resemblance (word-set Jaccard at least
    `_MIN_RESEMBLANCE`), then (len a, len b) as an end marker."""
    n, m = len(words_a), len(words_b)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], _resemblance(words_a[i], words_b[j]) + best[i + 1][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if best[i][j] == best[i + 1][j]:
            i += 1
        elif best[i][j] == best[i][j + 1]:
            j += 1
        else:
            pairs.append((i, j))
            i, j = i + 1, j + 1
    return [*pairs, (n, m)]


def _resemblance(a: set[str], b: set[str]) -> float:
    union = len(a | b)
    jaccard = len(a & b) / union if union else 1.0
    return jaccard if jaccard >= _MIN_RESEMBLANCE else 0.0


def _words(text: str, span: Range) -> set[str]:
    return {w.lower() for w in _WORD.findall(text, *span)}


def _tokens(text: str, spans: list[Range]) -> Tokens:
    return [(m.group(), m.start(), m.end()) for s, e in spans for m in _TOKEN.finditer(text, s, e)]


def _add(changes: list[Range], tokens: Tokens) -> None:
    if tokens:
        changes.append((tokens[0][1], tokens[-1][2]))


def _clipped(paragraphs: list[Range], changes: list[Range]) -> tuple[Block, ...]:
    return tuple(
        Block(start, end, tuple((max(s, start), min(e, end)) for s, e in changes if s < end and e > start))
        for start, end in paragraphs
    )
