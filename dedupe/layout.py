"""A file's structure, as far as it decides whether a repeat is pasting or structure.

The same bullet under two releases of a changelog, the same parameter sentence in the entries of
two functions, a licence notice under each holder, a heading per section: these repeat because
the document is built that way, and removing one breaks the part it belongs to. So a repeat is
removed only inside one section: no heading, header line or label between the kept paragraph and
its copy.

Sections start at headings and rules; header lines (a line the text after it is indented under:
a changelog release, a function's signature, a `Files:` stanza); C declarations (`int f(a, b);`,
each function's entry in a protocol's library chapter); reStructuredText markup (`.. rubric:: X`);
numbered headings (`1. Release notes:` alone between blank lines); labels (a short line that is
not a sentence: `ListFonts`, a table's caption), unless written again with what followed it the
first time or with nothing after it (a paste); copyright holders' lines, changelog sign-offs and MIME part boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from dedupe.text import Paragraph

# A first line that starts a section by itself: a Debian changelog entry's last line (its
# sign-off), a MIME part boundary, a holder's line (`Copyright (c) 1988 …`, `© 2002 …`: the
# holder's notice follows it), an info manual's node (`^_`, `File: diffutils.info,  Node: …`), a
# Texinfo definition (` -- Action: -prune`). Or one that may: reStructuredText markup, a number.
# One expression, asked once per paragraph.
_FIRST_LINE = re.compile(
    r"(?P<starts> -- .+<[^>]+>\s+\S|--[-=_.:\w]{6,}$|\x1f|File: [^,\n]+,\s+Node: | -- [A-Z][A-Za-z ]*: \S"
    r"|(?i:\s*(?:copyright:?\s*(?:\(c\)|©|\d)|\(c\)\s*\d|©\s*\d)))"
    r"|(?P<may>\s*(?:\.\. |\d))"
)
_HEADER_MAX = 100
_LABEL_MAX = 60
_ENDS_SENTENCE = tuple('.!?,;"”’)。！？」』')  # a line that ends so is a sentence, or inside one
# `type name(arguments);`, maybe bulleted, maybe a macro's name (`TRANS(OpenCOTSServer)`)
_DECLARATION = re.compile(r"(?:[•*-]\s+)?(?P<head>[A-Za-z_][\w\s*]*(?:\(\w+\))?)\s*\([^()]*\)\s*;")
_DECLARATION_MAX = 400
_RST_MARKUP = re.compile(r"\s*\.\. (?:_[^:\n]+:|[\w-]+::)")
_NUMBERED = re.compile(r"\s*\d{1,3}[.)]\s+\S")


@dataclass(frozen=True)
class Layout:
    section: list[int]  # per paragraph: how many section starts come at or before it
    starts: list[bool]  # per paragraph: it starts a section
    one_line: list[bool]  # per paragraph: a single line

    @classmethod
    def of(cls, text: str, paragraphs: list[Paragraph], raw: list[str]) -> Layout:
        """Sections of a file. A label (a short line naming what follows: `ListFonts`, a table's
        caption) starts one; written again, it starts one too (a request's name over its errors
        after a list of requests), unless the paragraph after it is the one after its first
        writing: then label and text were pasted together. So does a list's lead-in (a sentence
        ending in `:` over a list): the same items under two lead-ins are two lists (python-dotenv's
        precedence with and without `override`, the same steps in another order)."""
        first_at: dict[str, int] = {}
        starts = []
        for k, (paragraph, written) in enumerate(zip(paragraphs, raw, strict=True)):
            start = _starts_section(text, paragraphs, k, written)
            if paragraph.kind == "prose" and (is_label(written) or _leads_in(paragraphs, k, written)):
                first = first_at.setdefault(written.strip(), k)
                start = start or first == k or not _pasted_with(raw, first, k)
            starts.append(start)
        one_line = ["\n" not in written or "\n" not in written.strip() for written in raw]
        return cls(list(accumulate(map(int, starts))), starts, one_line)

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


def _leads_in(paragraphs: list[Paragraph], k: int, written: str) -> bool:
    """Whether paragraph `k` introduces the list right after it (`... the following list:`)."""
    return written.rstrip().endswith(":") and k + 1 < len(paragraphs) and paragraphs[k + 1].kind == "list"


def _pasted_with(raw: list[str], first: int, again: int) -> bool:
    """Whether the label at `again` came with a paste of its first writing at `first`: the
    paragraph after it is the one after the first, word for word, or there is none (a label
    that heads nothing is a stray copy, a headline pasted again at the end)."""
    if again + 1 >= len(raw):
        return True
    return _spaced(raw[first + 1]) == _spaced(raw[again + 1])


def _spaced(written: str) -> str:
    return " ".join(written.split()).casefold()


def _starts_section(text: str, paragraphs: list[Paragraph], k: int, written: str) -> bool:
    """Whether paragraph `k` (`written`: its text) starts a section."""
    paragraph = paragraphs[k]
    if paragraph.kind in ("heading", "rule"):
        return True
    first_end = written.find("\n")
    first = (written if first_end < 0 else written[:first_end]).rstrip("\r")
    first_line = _FIRST_LINE.match(first)
    if first_line and first_line.lastgroup == "starts":
        return True
    # asked only of the paragraphs that could be one: most end otherwise and start with a letter
    if (written.endswith(");") or written[-1].isspace()) and _is_declaration(written):
        return True
    if (
        first_line
        and first_line.lastgroup == "may"
        and (_is_markup(written, first) or (first_end < 0 and _is_numbered_heading(text, paragraphs, k, first)))
    ):
        return True
    if first.rstrip().endswith((".", "!", "?", ",", ";", "。")) or len(first.strip()) > _HEADER_MAX:
        return False  # a sentence is not a header, even if the text after it is indented
    if first_end < 0 and _in_capitals(first):
        return True  # `TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION`
    limit = paragraphs[k + 1].start if k + 1 < len(paragraphs) else len(text)
    # a list item heads the items indented under it, not its own wrapped lines
    after = paragraph.end if paragraph.kind == "list" else paragraph.start + len(first)
    following = _next_line(text, after, limit)
    return following is not None and _indent(following) > _indent(first)


def _in_capitals(line: str) -> bool:
    """A line of two words or more in capitals, no small letter: a heading."""
    return len(line.split()) > 1 and line.upper() == line and any(c.isalpha() for c in line)


def _is_declaration(written: str) -> bool:
    """A C declaration (`Bool XeviQueryVersion(Display *display, …);`, `• T TRANS(Open)(char *a);`):
    it heads a function's entry, whose parameter lines repeat from one function to the next."""
    if len(written) > _DECLARATION_MAX or not written[-8:].rstrip().endswith(");"):
        return False  # most paragraphs: not stripped to be asked
    match = _DECLARATION.fullmatch(written.strip())
    return match is not None and any(c.isspace() or c == "*" for c in match.group("head").strip())


def _is_markup(written: str, first: str) -> bool:
    """A paragraph of reStructuredText markup only (`.. _target:`, `.. rubric:: Caching`): an
    anchor or a heading a reader sees as one, over the text of its section."""
    if not _RST_MARKUP.match(first):
        return False
    lines = written.splitlines()
    return all(_RST_MARKUP.match(line) for line in lines if line.strip())


def _is_numbered_heading(text: str, paragraphs: list[Paragraph], k: int, line: str) -> bool:
    """A numbered line alone between blank lines, not ending as a sentence does (`1. Release
    notes for the Debian packages:`): the heading of a numbered section, whose title the table of
    contents above lists word for word."""
    if not _NUMBERED.match(line) or line.rstrip().endswith(_ENDS_SENTENCE):
        return False
    start, end = paragraphs[k].start, paragraphs[k].end
    blank_before = k == 0 or text.count("\n", paragraphs[k - 1].end, start) >= 2
    return blank_before and (k + 1 == len(paragraphs) or text.count("\n", end, paragraphs[k + 1].start) >= 2)


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
    something: one line of words, not ending as a sentence does (a function's name over its entry,
    `xsltRegisterExtModule ()`, ends in a bracket that closes nothing said). An HTML comment names
    nothing a reader sees (`<!-- dedupe: ignore -->` above a paragraph must not cut its file in two)."""
    line = written.strip()
    return (
        len(line) <= longest
        and (not line.endswith(_ENDS_SENTENCE) or line.endswith("()"))
        and "\n" not in line
        and not (line.startswith("<!--") and line.endswith("-->"))
        and any(map(str.isalpha, line))
    )
