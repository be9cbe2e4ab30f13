"""Paragraph splitting with exact spans, so that cleaning can cut whole paragraphs and keep the rest.

Layouts handled: blank-line separated paragraphs (hard-wrapped or not), one paragraph per line,
CRLF/CR line endings, Markdown (headings, list items, tables, rules and fenced code are
paragraphs of their own; a code fence is never split or merged), and blocks of `Key: value`
fields with indented continuation lines (e-mail headers, Debian copyright stanzas), which are one
paragraph each whatever their continuation lines look like.

The cost is per line, and files of thousands of one-line paragraphs pay it for every one: so
each line is classified once, by one expression (`_LINE_KIND`), and a block of plain lines (most
text) goes to the prose vote without being walked line by line.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, compress
from typing import Literal

ParagraphKind = Literal["prose", "list", "heading", "code", "table", "rule", "fields"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
# What a line is, asked once per line; None (the usual answer) for a plain line of text. After up
# to three spaces: a fence, a heading, a rule or a list item, asked in that order (`~~~` is a
# fence, `- - -` a rule). After any whitespace: a blank line, a table row or a prompt; no line is
# one of these and one of those, whose first characters differ. None starts with a space, so the
# spaces are taken once and never given back (`*+`): a line of a million is read once.
# A shell or Python prompt starts a line of a session (`$ git log`, `>>> uri.contains(x)`,
# Windows' `C:\> py -m pip install bar`, `PS C:\> `): the block is code, whose copies differ in a
# symbol (`(HEAD, master)`, `(HEAD -> master)`) or a package name that is the whole point.
_LINE_KIND = re.compile(
    r" {0,3}+(?:(?P<fence>(?P<marker>`{3,}|~{3,}))|(?P<heading>#{1,6}(?:\s|$))|(?P<rule>(?:[-=*_#~^\"'+:]\s*){3,}$)"
    r"|(?P<list>(?:(?P<bullet>[-*+•])|\d{1,9}[.)])\s+(?P<first>\S)))"
    r"|\s*+(?:(?P<blank>$)|(?P<table>\|)|(?P<prompt>(?:\$|>>>|(?:PS )?[A-Za-z]:\\[^>\n]*>)(?:\s|$)))"
)
_STANDALONE: dict[str | None, ParagraphKind] = {"heading": "heading", "rule": "rule", "table": "table"}
_ALONE: dict[str | None, ParagraphKind] = {**_STANDALONE, "list": "list", "prompt": "code"}  # a line between blank ones
# `---|:---:`, pipes optional; matched against the stripped line, as `^\s*…\s*$` backtracks
# quadratically on a long line of spaces (its two leading `\s*` split the run every way)
_TABLE_DELIMITER = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?")
_FIELD = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:(?:\s|$)")
_SENTENCE_END = tuple(".!?:;\"”’'»)…。！？」』")
_WRAP_COLUMNS = (56, 100)
_OPENERS = "\"“‘'«(¿¡[「『"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: [start, end) in characters, excluding its last line ending."""

    start: int
    end: int
    line: int
    kind: ParagraphKind


@dataclass(frozen=True)
class _Lines:
    """A text's lines as the splitter reads them: each one's content and where it starts, and
    what `_LINE_KIND` makes of it (None for plain text). Line `k` is line number `k + 1`."""

    texts: list[str]
    starts: list[int]
    kinds: list[re.Match[str] | None]

    @classmethod
    def of(cls, text: str) -> _Lines:
        texts, starts = _line_texts(text)
        return cls(texts, starts, list(map(_LINE_KIND.match, texts)))

    def kind(self, k: int) -> str | None:
        match = self.kinds[k]
        return match.lastgroup if match else None

    def end(self, k: int) -> int:
        return self.starts[k] + len(self.texts[k])

    def span(self, first: int, last: int, kind: ParagraphKind) -> Paragraph:
        return Paragraph(self.starts[first], self.end(last), first + 1, kind)


def _line_texts(text: str) -> tuple[list[str], list[int]]:
    """The content of each line of `text` and where it starts."""
    return _any_ending_lines(text) if "\r" in text else _newline_lines(text)


def _newline_lines(text: str) -> tuple[list[str], list[int]]:
    """Lines ended by `\\n` alone (nearly every file): `str.split` is several times faster than
    the regular expression; a final line ending starts no line."""
    texts = text.split("\n")
    if not texts[-1]:
        texts.pop()
    # line k starts after the k lines before it and their k line endings
    starts = list(map(operator.add, accumulate(map(len, texts), initial=0), range(len(texts))))
    return texts, starts


def _any_ending_lines(text: str) -> tuple[list[str], list[int]]:
    texts, starts = [], []
    for match in _LINE.finditer(text):
        start, stop = match.span()
        if start == stop:
            break
        texts.append(match.group().rstrip("\r\n"))
        starts.append(start)
    return texts, starts


def split_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of `text` in order; blank lines between them belong to no paragraph."""
    return list(_paragraphs(text, _Lines.of(text)))


def _paragraphs(text: str, lines: _Lines) -> Iterator[Paragraph]:
    count = len(lines.texts)
    classified = list(compress(range(count), lines.kinds))  # the lines that are not plain text
    bounds = [k for k in classified if lines.kind(k) in ("blank", "fence")]  # they end a block
    i = 0
    while i < count:
        kind = lines.kind(i)
        if kind == "blank":
            i += 1
            continue
        if kind == "fence":
            j = _fence_end(lines, i)
            yield lines.span(i, j, "code")
            i = j + 1
            continue
        after = bisect.bisect_right(bounds, i)
        j = bounds[after] - 1 if after < len(bounds) else count - 1
        if i == j:  # a line between blank lines, the usual paragraph: nothing to split
            yield lines.span(i, i, _ALONE.get(kind, "prose"))
        else:
            inside = classified[bisect.bisect_left(classified, i) : bisect.bisect_right(classified, j)]
            yield from _block(text, lines, i, j, inside)
        i = j + 1


def _block(text: str, lines: _Lines, first: int, last: int, classified: list[int]) -> Iterator[Paragraph]:
    """Several lines without a blank one: a shell session, a block of fields, or Markdown units and
    prose. `classified`: those of its lines that are not plain text."""
    if any(lines.kind(k) == "prompt" for k in classified):
        yield lines.span(first, last, "code")
    elif _is_fields(lines.texts[first : last + 1]):
        yield lines.span(first, last, "fields")
    elif not classified and text.find("|", lines.starts[first], lines.end(last)) < 0:
        yield from _prose(lines, first, last)  # lines of text alone, no table among them: the usual block
    else:
        yield from _units(lines, first, last)


def _is_fields(block: list[str]) -> bool:
    """`Key: value` lines, each maybe followed by indented continuation lines (RFC 822 folding).
    Only blocks of several lines are asked: one line reading `Note: …` is prose."""
    return bool(_FIELD.match(block[0])) and all(_FIELD.match(line) or line[:1].isspace() for line in block)


def _fence_end(lines: _Lines, i: int) -> int:
    fence = lines.kinds[i]
    marker = fence.group("marker") if fence else ""
    for j in range(i + 1, len(lines.texts)):
        if lines.texts[j].strip().startswith(marker):
            return j
    return len(lines.texts) - 1


def _units(lines: _Lines, first: int, last: int) -> Iterator[Paragraph]:
    """Split a run of non-blank lines into Markdown units, then prose runs into paragraphs."""
    prose: list[int] = []
    item: list[int] = []

    def flush() -> Iterator[Paragraph]:
        if item:
            yield lines.span(item[0], item[-1], "list")
            item.clear()
        if prose:
            yield from _prose(lines, prose[0], prose[-1])
            prose.clear()

    tables = {first + row for row in _table_rows(lines.texts[first : last + 1])}
    for k in range(first, last + 1):
        match = lines.kinds[k]
        standalone = "table" if k in tables else _STANDALONE.get(lines.kind(k))
        line_text = lines.texts[k]
        if standalone:
            yield from flush()
            yield lines.span(k, k, standalone)
        elif match and match.lastgroup == "list" and not (prose and _dash_goes_on(lines.texts[prose[-1]], match)):
            yield from flush()
            item.append(k)
        elif item and (line_text[:1].isspace() or not _looks_like_break(lines.texts[item[-1]], line_text)):
            item.append(k)
        else:
            if item:
                yield from flush()
            prose.append(k)
    yield from flush()


def _dash_goes_on(before: str, item_start: re.Match[str]) -> bool:
    """A hard-wrapped sentence that goes on after a dash at the start of a line ("… do not
    hesitate\n- find out …"): the line before ends mid-sentence and the words after the dash
    start in lower case. A list after a line of prose follows a colon or a sentence's end."""
    bullet, first = item_start.group("bullet", "first")
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


def _prose(lines: _Lines, first: int, last: int) -> Iterator[Paragraph]:
    """One paragraph per line when most line breaks (more than half) fall between sentences, else
    one paragraph.

    In hard-wrapped text a break after a sentence is still a wrap when the next word would not
    have fit on the line, so only breaks made on purpose count. The width is the widest line's,
    so after that line no word fits, wrapped or not: its break casts no vote (else cutting one
    line of a one-per-line text could tip the vote and merge the rest).
    """
    run = lines.texts[first : last + 1]
    lengths = list(map(len, run))
    width = _wrap_width(lengths[:-1])
    if width is not None and lengths[-1] > width:
        width = None  # a wrapped paragraph's last line is never longer than the others
    breaks = [
        _looks_like_break(before, after, width)
        for before, after, length in zip(run, run[1:], lengths, strict=False)
        if length != width
    ]
    if breaks and sum(breaks) * 2 > len(breaks):
        for k in range(first, last + 1):
            yield lines.span(k, k, "prose")
    else:
        yield lines.span(first, last, "prose")


def _wrap_width(lengths: list[int]) -> int | None:
    """The column a run of lines looks hard-wrapped at, or None: wraps fall at 56 to 100 columns."""
    widest = max(lengths, default=0)
    return widest if _WRAP_COLUMNS[0] <= widest <= _WRAP_COLUMNS[1] else None


def _looks_like_break(before: str, after: str, width: int | None = None) -> bool:
    """A sentence ends the line and a new sentence starts the next (and, in hard-wrapped text,
    the next word would have fit on the line): a paragraph boundary."""
    ended = before.rstrip()
    if not ended.endswith(_SENTENCE_END):
        return False
    if width is not None and (words := after.split(maxsplit=1)) and len(ended) + 1 + len(words[0]) > width:
        return False
    first = after.lstrip()[:1]
    return bool(first) and not first.islower() and (first.isalnum() or first in _OPENERS)
