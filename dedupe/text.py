"""Paragraph splitting with exact spans, so that cleaning can cut whole paragraphs and keep the rest.

Layouts handled: blank-line separated paragraphs (hard-wrapped or not), one paragraph per line,
CRLF/CR line endings, Markdown (headings, list items, tables, rules and fenced code are
paragraphs of their own; a code fence is never split or merged), and blocks of `Key: value`
fields with indented continuation lines (e-mail headers, Debian copyright stanzas), which are one
paragraph each whatever their continuation lines look like.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

ParagraphKind = Literal["prose", "list", "heading", "code", "table", "rule", "fields"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:([-*+•])|\d{1,9}[.)])\s+(\S)")  # groups: the bullet, the first letter
_RULE = re.compile(r"^ {0,3}(?:[-=*_#~]\s*){3,}$")
_TABLE = re.compile(r"^\s*\|")
# `---|:---:`, pipes optional; matched against the stripped line, as `^\s*…\s*$` backtracks
# quadratically on a long line of spaces (its two leading `\s*` split the run every way)
_TABLE_DELIMITER = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?")
_FIELD = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:(?:\s|$)")
# A shell or Python prompt starts a line of a session (`$ git log`, `>>> uri.contains(other)`,
# Windows' `C:\> py -m pip install bar` and `PS C:\> `): the block is code, whose copies differ
# in a symbol (`(HEAD, master)`, `(HEAD -> master)`) or a package name that is the whole point.
# Matched at a line's bounds in the text (`match(text, start, end)`), so no line is copied to ask.
_PROMPT = re.compile(r"\s*(?:\$|>>>|(?:PS )?[A-Za-z]:\\[^>\n]*>)(?:\s|$)")
_SENTENCE_END = tuple(".!?:;\"”’'»)…。！？」』")
_WRAP_COLUMNS = (56, 100)
_OPENERS = "\"“‘'«(¿¡[「『"


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # end of content, before the line ending
    number: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: [start, end) in characters, excluding its last line ending."""

    start: int
    end: int
    line: int
    kind: ParagraphKind


def split_lines(text: str) -> list[Line]:
    """The lines of `text`, numbered from 1; a final line ending starts no line."""
    if "\r" in text:
        return _split_any_ending(text)
    # only `\n` endings (nearly every file): `str.split` is several times faster than the regex
    pieces = text.split("\n")
    if not pieces[-1]:
        pieces.pop()
    lines, start = [], 0
    for number, piece in enumerate(pieces, start=1):
        end = start + len(piece)
        lines.append(Line(start, end, number))
        start = end + 1
    return lines


def _split_any_ending(text: str) -> list[Line]:
    lines = []
    for number, match in enumerate(_LINE.finditer(text), start=1):
        start, stop = match.span()
        if start == stop:
            break
        content = match.group().rstrip("\r\n")
        lines.append(Line(start, start + len(content), number))
    return lines


def split_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of `text` in order; blank lines between them belong to no paragraph."""
    return list(_paragraphs(text, split_lines(text)))


def _paragraphs(text: str, lines: list[Line]) -> Iterator[Paragraph]:
    i = 0
    while i < len(lines):
        line_text = lines[i].text(text)
        if not line_text.strip():
            i += 1
            continue
        fence = _FENCE.match(line_text)
        if fence:
            j = _fence_end(text, lines, i, fence.group(1))
            yield _span(lines, i, j, "code")
            i = j + 1
            continue
        j = i
        while j + 1 < len(lines) and _joins_block(lines[j + 1].text(text)):
            j += 1
        if any(_PROMPT.match(text, line.start, line.end) for line in lines[i : j + 1]):
            yield _span(lines, i, j, "code")
        elif j > i and _is_fields([line.text(text) for line in lines[i : j + 1]]):
            yield _span(lines, i, j, "fields")
        else:
            yield from _block(text, lines[i : j + 1])
        i = j + 1


def _joins_block(line_text: str) -> bool:
    return bool(line_text.strip()) and not _FENCE.match(line_text)


def _is_fields(block: list[str]) -> bool:
    """`Key: value` lines, each maybe followed by indented continuation lines (RFC 822 folding).
    Only blocks of several lines are asked: one line reading `Note: …` is prose."""
    return bool(_FIELD.match(block[0])) and all(_FIELD.match(line) or line[:1].isspace() for line in block)


def _fence_end(text: str, lines: list[Line], i: int, marker: str) -> int:
    for j in range(i + 1, len(lines)):
        if lines[j].text(text).strip().startswith(marker[0] * len(marker)):
            return j
    return len(lines) - 1


def _block(text: str, block: list[Line]) -> Iterator[Paragraph]:
    """Split a run of non-blank lines into Markdown units, then prose runs into paragraphs."""
    if len(block) == 1:  # the usual case, paragraphs between blank lines: nothing to split
        line = block[0]
        line_text = line.text(text)
        kind = _standalone_kind(line_text) or ("list" if _LIST_ITEM.match(line_text) else "prose")
        yield Paragraph(line.start, line.end, line.number, kind)
        return
    prose: list[Line] = []
    item: list[Line] = []

    def flush() -> Iterator[Paragraph]:
        if item:
            yield _span(item, 0, len(item) - 1, "list")
            item.clear()
        if prose:
            yield from _prose(text, prose)
            prose.clear()

    tables = _table_rows([line.text(text) for line in block])
    for number, line in enumerate(block):
        line_text = line.text(text)
        standalone = "table" if number in tables else _standalone_kind(line_text)
        if standalone:
            yield from flush()
            yield Paragraph(line.start, line.end, line.number, standalone)
        elif (item_start := _LIST_ITEM.match(line_text)) and not (
            prose and _dash_goes_on(prose[-1].text(text), item_start)
        ):
            yield from flush()
            item.append(line)
        elif item and (line_text[:1].isspace() or not _looks_like_break(item[-1].text(text), line_text)):
            item.append(line)
        else:
            if item:
                yield from flush()
            prose.append(line)
    yield from flush()


def _dash_goes_on(before: str, item_start: re.Match[str]) -> bool:
    """A hard-wrapped sentence that goes on after a dash at the start of a line ("… do not
    hesitate\n- find out …"): the line before ends mid-sentence and the words after the dash
    start in lower case. A list after a line of prose follows a colon or a sentence's end."""
    bullet, first = item_start.group(1, 2)
    return bullet is not None and first.islower() and not before.rstrip().endswith(_SENTENCE_END)


def _table_rows(block: list[str]) -> set[int]:
    """Rows of tables written without leading pipes: a header row, its `---|---` delimiter row,
    and the rows with a pipe after it."""
    rows: set[int] = set()
    for k in range(1, len(block)):
        if "|" in block[k - 1] and _TABLE_DELIMITER.fullmatch(block[k].strip()):
            end = k + 1
            while end < len(block) and "|" in block[end]:
                end += 1
            rows.update(range(k - 1, end))
    return rows


def _standalone_kind(line_text: str) -> ParagraphKind | None:
    if _HEADING.match(line_text):
        return "heading"
    if _RULE.match(line_text):
        return "rule"
    if _TABLE.match(line_text):
        return "table"
    return None


def _prose(text: str, run: list[Line]) -> Iterator[Paragraph]:
    """One paragraph per line when most line breaks (more than half) fall between sentences, else
    one paragraph.

    In hard-wrapped text a break after a sentence is still a wrap when the next word would not
    have fit on the line, so only breaks made on purpose count. The width is the widest line's,
    so after that line no word fits, wrapped or not: its break casts no vote (else cutting one
    line of a one-per-line text could tip the vote and merge the rest).
    """
    lengths = [line.end - line.start for line in run]
    width = _wrap_width(lengths[:-1])
    if width is not None and lengths[-1] > width:
        width = None  # a wrapped paragraph's last line is never longer than the others
    breaks = [
        _looks_like_break(a.text(text), b.text(text), width)
        for (a, b), length in zip(itertools.pairwise(run), lengths, strict=False)
        if length != width
    ]
    if breaks and sum(breaks) * 2 > len(breaks):
        for line in run:
            yield Paragraph(line.start, line.end, line.number, "prose")
    else:
        yield _span(run, 0, len(run) - 1, "prose")


def _wrap_width(lengths: list[int]) -> int | None:
    """The column a run of lines looks hard-wrapped at, or None: wraps fall at 56 to 100 columns."""
    widest = max(lengths, default=0)
    return widest if _WRAP_COLUMNS[0] <= widest <= _WRAP_COLUMNS[1] else None


def _looks_like_break(before: str, after: str, width: int | None = None) -> bool:
    """A sentence ends the line and a new sentence starts the next (and, in hard-wrapped text,
    the next word would have fit on the line): a paragraph boundary."""
    words = after.split(maxsplit=1)
    if width is not None and words and len(before.rstrip()) + 1 + len(words[0]) > width:
        return False
    first = after.lstrip()[:1]
    starts = bool(first) and not first.islower() and (first.isalnum() or first in _OPENERS)
    return starts and before.rstrip().endswith(_SENTENCE_END)


def _span(lines: list[Line], first: int, last: int, kind: ParagraphKind) -> Paragraph:
    return Paragraph(lines[first].start, lines[last].end, lines[first].number, kind)
