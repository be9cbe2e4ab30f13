"""A file's structure, as far as it decides whether a repeat is pasting or structure.

The same bullet under two releases of a changelog, the same parameter sentence in the entries of
two functions, a licence notice under each holder, a heading per section: these repeat because
the document is built that way, and removing one breaks the part it belongs to. So a repeat is
removed only inside one section: no heading, header line or label between the kept paragraph and
its copy.

Sections start at headings and rules; header lines (a line the text after it is indented under:
a changelog release, a function's signature, a `Files:` stanza); labels (a short line that is not
a sentence: `ListFonts`, a table's caption) the first time they are written; copyright holders'
lines, changelog sign-offs and MIME part boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dedupe.text import Paragraph

_SIGN_OFF = re.compile(r"^ -- .+<[^>]+>\s+\S")  # a Debian changelog entry's last line
_MIME_BOUNDARY = re.compile(r"^--[-=_.:\w]{6,}$")
# a holder's line (`Copyright (c) 1988 …`, `© 2002 …`): the holder's notice follows it
_HOLDER = re.compile(r"^\s*(?:copyright:?\s*(?:\(c\)|©|\d)|\(c\)\s*\d|©\s*\d)", re.IGNORECASE)
_HEADER_MAX = 100
_LABEL_MAX = 60
_ENDS_SENTENCE = tuple('.!?,;"”’)。！？」』')  # a line that ends so is a sentence, or inside one


@dataclass(frozen=True)
class Layout:
    section: list[int]  # per paragraph: how many section starts come at or before it
    starts: list[bool]  # per paragraph: it starts a section
    one_line: list[bool]  # per paragraph: a single line

    @classmethod
    def of(cls, text: str, paragraphs: list[Paragraph], raw: list[str]) -> Layout:
        """Sections of a file. A label (a short line naming what follows: `ListFonts`, a table's
        caption) starts one the first time it is written; written again, it is part of a paste."""
        labels: set[str] = set()
        starts = []
        for k, (paragraph, written) in enumerate(zip(paragraphs, raw, strict=True)):
            label = paragraph.kind == "prose" and is_label(written)
            starts.append(_starts_section(text, paragraphs, k) or (label and written.strip() not in labels))
            if label:
                labels.add(written.strip())
        section, count = [], 0
        for start in starts:
            count += start
            section.append(count)
        return cls(section, starts, ["\n" not in written.strip() for written in raw])

    def header_line(self, index: int) -> bool:
        """A line on its own that starts a section (a heading, a changelog's release line): it
        repeats by design, and is never removed nor worth a review."""
        return self.starts[index] and self.one_line[index]

    def structure(self, kept: int, copy: int) -> str | None:
        """Why the repeat of paragraph `kept` at `copy` is the document's structure, or None."""
        if self.starts[copy]:
            return "a heading or header line"
        if self.section[kept] != self.section[copy]:
            return "in another section"
        return None


def _starts_section(text: str, paragraphs: list[Paragraph], k: int) -> bool:
    paragraph = paragraphs[k]
    if paragraph.kind in ("heading", "rule"):
        return True
    first_end = text.find("\n", paragraph.start, paragraph.end)
    first = text[paragraph.start : first_end if first_end >= 0 else paragraph.end].rstrip("\r")
    if _SIGN_OFF.match(first) or _MIME_BOUNDARY.match(first) or _HOLDER.match(first):
        return True
    if len(first.strip()) > _HEADER_MAX or first.rstrip().endswith((".", "!", "?", ",", ";", "。")):
        return False  # a sentence is not a header, even if the text after it is indented
    limit = paragraphs[k + 1].start if k + 1 < len(paragraphs) else len(text)
    # a list item heads the items indented under it, not its own wrapped lines
    after = paragraph.end if paragraph.kind == "list" else paragraph.start + len(first)
    following = _next_line(text, after, limit)
    return following is not None and _indent(following) > _indent(first)


def _next_line(text: str, after: int, limit: int) -> str | None:
    """The first non-blank line after position `after` (a line ending), up to `limit` and one past it."""
    for line in text[after : limit + 200].splitlines()[1:]:
        if line.strip():
            return line
    return None


def _indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def is_label(written: str, longest: int = _LABEL_MAX) -> bool:
    """A line that names what follows, or what the text is (a title), rather than saying
    something: one line of words, not ending as a sentence does. An HTML comment names nothing a
    reader sees (`<!-- dedupe: ignore -->` above a paragraph must not cut its file in two)."""
    line = written.strip()
    return (
        "\n" not in line
        and not (line.startswith("<!--") and line.endswith("-->"))
        and len(line) <= longest
        and any(c.isalpha() for c in line)
        and not line.endswith(_ENDS_SENTENCE)
    )
