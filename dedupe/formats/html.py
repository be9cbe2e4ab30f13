"""HTML: the page's main text, without navigation, menus and footers (resiliparse).

resiliparse was measured against trafilatura and readability-lxml on the 291 HTML pages of
/usr/share/doc (benchmarks/formats.py, README "Formats"): as good on a page with navigation, a
sidebar and a footer, 13 times faster than trafilatura, and a quarter of its install size.
"""

from __future__ import annotations

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from dedupe.formats.paragraphs import joined
from dedupe.formats.registry import Extracted


def extract(data: bytes, limit: int) -> Extracted:
    """The main text of an HTML page, one block a paragraph; a page without one is a `FormatError`."""
    return joined([("", main_text(data))], "the page has no article text (only navigation or markup)")


def main_text(data: bytes) -> str:
    """The main content as plain text, the encoding read from the page (also for e-mail bodies)."""
    tree = HTMLTree.parse_from_bytes(data)
    return str(extract_plain_text(tree, main_content=True, alt_texts=False, links=False))
