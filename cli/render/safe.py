"""Making file names and file text safe to show: no control sequences, no markup, no bad UTF-8.

Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are shown as
escapes too: they reorder what the terminal shows, so `evil\\u202etxt.exe` could pass as another
name ("Trojan Source"). The implicit marks (U+200E, U+200F) cannot reorder text and are kept.
"""

from __future__ import annotations

import re

from rich.markup import escape

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def encodable(text: str) -> str:
    """Undecodable bytes of file names (lone surrogates) as `\\udcXX`, so the text is valid UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def visible(text: str) -> str:
    """Control characters as escapes (`\\n`, `\\x1b`, `\\u202e`); undecodable bytes as `\\udcXX`."""
    text = encodable(text)
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def markup_safe(text: str) -> str:
    """`visible`, and escaped for rich markup."""
    return escape(visible(text))
