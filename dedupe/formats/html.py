"""HTML: the page's main text, without navigation, menus and footers (resiliparse).

resiliparse was measured against trafilatura and readability-lxml on the 291 HTML pages of
/usr/share/doc (benchmarks/formats.py, README "Formats"): as good on a page with navigation, a
sidebar and a footer, 13 times faster than trafilatura, and a quarter of its install size.
"""

from __future__ import annotations

import re

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from dedupe.formats.paragraphs import joined
from dedupe.formats.registry import Extracted


def extract(data: bytes, limit: int) -> Extracted:
    """The main text of an HTML page, one block a paragraph; a page without one is a `FormatError`."""
    return joined([("", main_text(data))], "the page has no article text (only navigation or markup)")


# a list's tags: resiliparse's main content leaves out every list, navigation or not
_LIST_TAG = re.compile(rb"<(/?)(ul|ol|li)\b", re.IGNORECASE)


def main_text(data: bytes) -> str:
    """The main content as plain text, the encoding read from the page (also for e-mail bodies).

    resiliparse's main-content heuristics drop every `<ul>` and `<ol>`: GCC's NEWS page compared as
    its 948 characters of headings (of 30,600), and two pages that differ only in their lists were
    taken for copies. Their items are read as paragraphs instead, which the heuristics keep in the
    article and still drop in a `<nav>`."""
    tree = HTMLTree.parse_from_bytes(_LIST_TAG.sub(_as_paragraphs, data))
    return str(extract_plain_text(tree, main_content=True, alt_texts=False, links=False))


def _as_paragraphs(tag: re.Match[bytes]) -> bytes:
    """`<li>` as `<p>`, `<ul>` and `<ol>` as `<div>` (closing tags alike)."""
    return b"<" + tag.group(1) + (b"p" if tag.group(2).lower() == b"li" else b"div")
