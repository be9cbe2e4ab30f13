"""A PDF's paragraphs rebuilt from where its lines lie on the page.

A PDF's text has line breaks but no paragraph breaks, so a page read as text is one long block
and a paragraph pasted twice is never seen as a paragraph. Typesetters mark a paragraph by
space or by an indent, so a line starts a paragraph when the space above it is clearly more
than the document's line pitch, when it goes up the page (a new column), or when it starts
further right than the lines around it (an indented first line). A page break ends a paragraph
unless its last line ends mid-sentence. Page numbers, and running headers and footers (the same
text at the top or foot of three pages or more), are left out: they are not the article's, and
would join a paragraph to the next page's.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

_GAP = 1.15  # a space above a line of more than this many line pitches starts a paragraph
_RISE = 0.5  # a line higher than the one before by more than this many pitches starts one (a new
# column); by less, it is a superscript's or a formula's piece of the same printed line
_INDENT = 0.6  # a first line indented by more than this many line heights starts one
_RUNNING = 3  # pages that share a top or bottom line make it a running header or footer,
_SHORT_RUNNING = (2, 8)  # or two pages, when it has at most 8 words (a paragraph's first line has more)
_ROMAN = r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(rf"(?i)(page\s*)?[-–—(\s]*(\d+|{_ROMAN})[-–—)\s]*(of\s+\d+)?")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_DIGITS = re.compile(r"\d+")
_HYPHENS = ("\ufffe", "\u00ad")  # PDFium's mark of a word hyphenated at the end of a line


@dataclass(frozen=True)
class Line:
    """A line of a page: its text, the font box of its first character, and the bottom and right
    of its last (PDF points, y up; PDFium's line may hold two printed lines joined at a hyphen)."""

    text: str
    left: float
    bottom: float
    height: float
    last_bottom: float
    right: float

    @property
    def baseline(self) -> float:
        """The lower of its ends: a superscript at either end does not raise it."""
        return min(self.bottom, self.last_bottom)


def paragraphs(pages: list[list[Line]]) -> list[list[str]]:
    """Each page's paragraphs, in order; one that runs on from the previous page belongs to it."""
    bodies = _without_furniture(pages)
    pitch = _pitch(bodies)
    out: list[list[list[Line]]] = []
    for lines in bodies:
        blocks = _blocks(lines, pitch, max((line.right for line in lines), default=0.0))
        if blocks and out and out[-1] and _runs_on(out[-1][-1], blocks[0]):
            out[-1][-1] = out[-1][-1] + blocks.pop(0)
        out.append(blocks)
    return [[_text(block) for block in blocks] for blocks in out]


def _blocks(lines: list[Line], pitch: float, margin: float) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    for i, line in enumerate(lines):
        if not blocks or _starts_paragraph(lines, i, pitch, margin):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _starts_paragraph(lines: list[Line], i: int, pitch: float, margin: float) -> bool:
    """Line `i` (not a page's first) after more space than a line's, or above the line before
    it, or indented against the lines before and after it, which are aligned, after a line that
    ends short of the right `margin` (a list item's wrapped lines hang right of it after a full one)."""
    line, before = lines[i], lines[i - 1]
    gap = before.baseline - line.bottom
    if gap < -_RISE * pitch or gap > _GAP * pitch:
        return True
    short = before.right < margin - line.height
    return short and _indented(line, before, lines[i + 1] if i + 1 < len(lines) else None)


def _indented(line: Line, before: Line | None, after: Line | None) -> bool:
    """`line` starts right of the body of its paragraph (`after`), which is aligned with `before`."""
    if after is None:
        return False
    tolerance = _INDENT * line.height
    aligned = before is None or abs(before.left - after.left) <= tolerance
    return aligned and line.left - after.left > tolerance


def _runs_on(last: list[Line], first: list[Line]) -> bool:
    """Whether a page's first paragraph goes on with the previous page's last one: that one ends
    mid-sentence, and this one's first line is not indented."""
    if _SENTENCE_END.search(last[-1].text):
        return False
    return not _indented(first[0], None, first[1] if len(first) > 1 else None)


def _pitch(pages: list[list[Line]]) -> float:
    """The usual distance from one line to the next (the median over the document)."""
    gaps = [a.baseline - b.bottom for lines in pages for a, b in itertools.pairwise(lines)]
    positive = [gap for gap in gaps if gap > 0]
    return statistics.median_low(positive) if positive else 0.0


def _without_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without their page numbers and running headers and footers."""
    edges = Counter(_edge(line) for lines in pages for line in lines[:1] + lines[1:][-1:])  # top and bottom
    out = []
    for lines in pages:
        body = list(lines)
        for end in (0, -1):
            while body and (_PAGE_NUMBER.fullmatch(body[end].text) or _running(body[end], edges[_edge(body[end])])):
                body.pop(end)
        out.append(body)
    return out


def _running(line: Line, pages: int) -> bool:
    pages_needed, words = _SHORT_RUNNING
    return pages >= _RUNNING or (pages >= pages_needed and len(line.text.split()) <= words)


def _edge(line: Line) -> tuple[int, str]:
    """A top or bottom line as a running header or footer repeats it: at the same height, its
    page number aside."""
    return round(line.bottom), _DIGITS.sub("#", " ".join(line.text.split()))


def _text(block: list[Line]) -> str:
    """A paragraph's lines, one a line, a word hyphenated across two of them made whole."""
    out = "\n".join(line.text for line in block)
    for hyphen in _HYPHENS:
        out = out.replace(hyphen + "\n", "").replace(hyphen, "")
    return out
