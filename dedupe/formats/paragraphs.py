"""Extracted units (pages, paragraphs) joined into one text that the paragraph splitter reads,
with the line where each unit starts, so a repeat's line gives back its page or paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dedupe.formats.registry import Extracted, FormatError

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*(?:\n[ \t\f\v]*)+")
_LINE_ENDS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def joined(units: Iterable[tuple[str, str]], what: str) -> Extracted:
    """`units` as (label, text): each unit's text, cleaned of stray line ends and runs of blank
    lines, separated from the next by one blank line. No text at all is a `FormatError`."""
    pieces: list[str] = []
    places: list[tuple[int, str]] = []
    line = 1
    for label, text in units:
        body = _BLANK_LINES.sub("\n\n", _LINE_ENDS.sub("\n", text)).strip()
        if not body:
            continue
        places.append((line, label))
        pieces.append(body)
        line += body.count("\n") + 2
    if not pieces:
        raise FormatError(f"no text: {what}")
    return Extracted("\n\n".join(pieces) + "\n", tuple(places))
