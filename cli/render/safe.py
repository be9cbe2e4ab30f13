"""Making file names and file text safe to show: no control sequences, no markup, no bad UTF-8."""

from __future__ import annotations

import re

from rich.markup import escape

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def encodable(text: str) -> str:
    """Undecodable bytes of file names (lone surrogates) as `\\udcXX`, so the text is valid UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def visible(text: str) -> str:
    """Control characters as escapes (`\\n`, `\\x1b`); undecodable bytes as `\\udcXX`."""
    text = encodable(text)
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def markup_safe(text: str) -> str:
    """`visible`, and escaped for rich markup."""
    return escape(visible(text))
