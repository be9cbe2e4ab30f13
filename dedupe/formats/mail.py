"""E-mail: the body of a message (`.eml`) or of each message of an mbox, decoded, headers aside.

The standard library's parser decodes transfer encodings and charsets; an HTML-only body goes
through the HTML reader (and so needs the extra). An mbox is split on its `From ` lines.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

from dedupe.formats.containers import Item
from dedupe.formats.paragraphs import joined
from dedupe.formats.registry import Extracted, FormatError, named

_FROM_LINE = re.compile(rb"^From [^\n]*\n", re.MULTILINE)
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def extract(data: bytes, limit: int) -> Extracted:
    """The body of one message."""
    return joined([("", body(data))], "the message has no text body")


def items(data: bytes, limit: int, text_field: str, id_field: str) -> list[Item]:
    """Each message of an mbox, named `message-N` (from 1)."""
    starts = [m for m in _FROM_LINE.finditer(data) if m.start() == 0 or data.endswith(b"\n\n", 0, m.start())]
    if not starts:
        raise FormatError("not an mbox (no line starts with 'From ')")
    found = []
    for number, match in enumerate(starts, start=1):
        end = starts[number].start() if number < len(starts) else len(data)
        raw = _QUOTED_FROM.sub(rb"\1", data[match.end() : end])
        try:
            text: Extracted | FormatError = extract(raw, limit)
        except FormatError as error:
            text = error
        found.append(Item(f"message-{number}", raw, text))
    return found


def body(data: bytes) -> str:
    """The plain-text body of a message, else its HTML body as text; the headers are left out."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):
        raise FormatError("not an e-mail message")
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise FormatError("the message has no text body")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset: the bytes as UTF-8
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        raise FormatError("the message body is not text")
    if part.get_content_subtype() == "html":
        main_text = named("HTML").reader("main_text")
        return str(main_text(content.encode("utf-8")))
    return content
