"""JSON Lines, plain or gzip-compressed: one article a line, its text in a configurable field.

A record is named by its id field when every record of the shard has a distinct, non-empty one
without `/`; otherwise by its line, `line-N`. A line that is not a JSON object with a string in
the text field is skipped with that reason. Decompression stops at `max_file_bytes`.
"""

from __future__ import annotations

import json
import zlib

from dedupe.formats.containers import Item
from dedupe.formats.limits import check_size
from dedupe.formats.registry import Extracted, FormatError

_GZIP = b"\x1f\x8b"


def items(data: bytes, limit: int, text_field: str, id_field: str) -> list[Item]:
    """Each non-blank line of the shard, with its text or why it has none."""
    lines = unpacked(data, limit).split(b"\n")
    records: list[tuple[int, bytes, object]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            records.append((number, line, _record(line, text_field)))
    ids = [_identity(r, id_field) for _, _, r in records]
    named = all(ids) and len(set(ids)) == len(ids)
    return [
        Item(ids[i] if named else f"line-{number}", line, _text(record, number, text_field))
        for i, (number, line, record) in enumerate(records)
    ]


def unpacked(data: bytes, limit: int) -> bytes:
    """The shard's bytes, decompressed if gzip (all members), never more than `limit`."""
    if not data.startswith(_GZIP):
        return data
    out, rest = bytearray(), data
    try:
        while rest.startswith(_GZIP):
            inflater = zlib.decompressobj(wbits=31)
            out += inflater.decompress(rest, limit + 1 - len(out))
            check_size(len(out), limit, "the gzip shard")
            if not inflater.eof:
                raise FormatError("truncated gzip shard")
            rest = inflater.unused_data
    except zlib.error as error:
        raise FormatError(f"corrupt gzip shard ({error})") from None
    return bytes(out)


def _record(line: bytes, text_field: str) -> object:
    try:
        return json.loads(line)
    except ValueError as error:
        return FormatError(f"not JSON ({error})")


def _identity(record: object, id_field: str) -> str:
    value = record.get(id_field) if isinstance(record, dict) else None
    name = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    return "" if "/" in name or name.strip() != name else name


def _text(record: object, number: int, text_field: str) -> Extracted | FormatError:
    if isinstance(record, FormatError):
        return FormatError(f"line {number} is {record}")
    text = record.get(text_field) if isinstance(record, dict) else None
    if not isinstance(text, str):
        return FormatError(f"line {number} has no string field {text_field!r}")
    if not text.strip():
        return FormatError(f"line {number} has an empty {text_field!r}")
    return Extracted(text)
