"""Cleaned copies of format files: only where no byte is lost.

A JSONL shard is written record by record: a duplicate record's line is dropped, a record with
repeated paragraphs gets them cut from its text field, spliced into the line in place, so every
other byte of the line (other fields, their order and spelling) stays; every other line is kept
as it is. A gzip shard is compressed again. Every other format (HTML, PDF, DOCX, e-mail, mbox)
is copied byte for byte: its repeats are reported, not cut.
"""

from __future__ import annotations

import gzip
import json
import os

from dedupe.decode import Decoded
from dedupe.formats.documents import EXTRACTED_CODEC, article_digest, items
from dedupe.formats.jsonl import unpacked
from dedupe.formats.registry import FormatError, container_of, format_of
from dedupe.model import Report, ScannedFile, Skipped, Span
from dedupe.settings import Settings
from dedupe.sinks.outputs import CHANGED, Cleaned, reread
from dedupe.sources import SourceFile, read_bytes

_WHITESPACE = " \t\r\n"


def planned(files: tuple[ScannedFile, ...]) -> list[ScannedFile]:
    """`files` with the articles of each container folded into one entry for the container."""
    out: list[ScannedFile] = []
    seen: set[str] = set()
    for scanned in files:
        container = container_of(scanned.path)
        if container is None:
            out.append(scanned)
        elif container not in seen:
            seen.add(container)
            info = os.stat(container)
            out.append(ScannedFile(container, scanned.relative.rpartition("/")[0], info.st_size, "", info.st_mtime))
    return out


def cleaned_copy(report: Report, scanned: ScannedFile, settings: Settings) -> Cleaned | Skipped | None:
    """The cleaned copy of a format file; None for a text file, which `dedupe.sinks.outputs` cleans."""
    known = format_of(scanned.path)
    if known is None:
        return None
    if known.cut:
        return _cleaned_shard(report, scanned, settings)
    if known.container:
        data = read_bytes(SourceFile(scanned.path, scanned.relative, 0, scanned.mtime), settings)
        return data if isinstance(data, Skipped) else _as_is(scanned, data)
    document = reread(scanned, settings)
    return document if isinstance(document, Skipped) else _as_is(scanned, document.data)


def _as_is(scanned: ScannedFile, data: bytes) -> Cleaned:
    return Cleaned(scanned, data, data, Decoded("", EXTRACTED_CODEC, b""))


def _cleaned_shard(report: Report, scanned: ScannedFile, settings: Settings) -> Cleaned | Skipped:
    data = read_bytes(SourceFile(scanned.path, scanned.relative, 0, scanned.mtime), settings)
    found = items(scanned.path, settings)
    if isinstance(data, Skipped) or isinstance(found, Skipped):
        return Skipped(scanned.path, CHANGED, error=True)
    digests = {f.path: f.digest for f in report.files}
    removed, cuts = report.removed_files(), report.cuts_by_path()
    lines = unpacked(data, settings.max_file_bytes).splitlines(keepends=True)
    records = iter(found)
    out: list[bytes] = []
    for line in lines:
        if not line.strip():
            out.append(line)
            continue
        item = next(records)
        path = f"{scanned.path}/{item.name}"
        if (path in removed or path in cuts) and digests.get(path) != article_digest(item.raw, settings):
            return Skipped(scanned.path, CHANGED, error=True)
        if path in removed:
            continue
        if path in cuts and not isinstance(item.text, FormatError):
            line = _with_text(line, settings.jsonl_text, _cut(item.text.text, cuts[path]))
        out.append(line)
    cleaned = b"".join(out)
    if data.startswith(b"\x1f\x8b"):
        cleaned = gzip.compress(cleaned, mtime=0) if cleaned != b"".join(lines) else data
    return Cleaned(scanned, data, cleaned, Decoded("", EXTRACTED_CODEC, b""))


def _cut(text: str, spans: list[Span]) -> str:
    pieces, position = [], 0
    for span in spans:
        pieces.append(text[position : span.start])
        position = span.end
    return "".join(pieces) + text[position:]


def _with_text(line: bytes, field: str, text: str) -> bytes:
    """`line` with the value of its top-level `field` replaced by `text`, every other byte kept."""
    source = line.decode("utf-8")
    start, end = _value_span(source, field)
    value = json.dumps(text, ensure_ascii=source[start:end].isascii())
    return (source[:start] + value + source[end:]).encode("utf-8")


def _value_span(line: str, field: str) -> tuple[int, int]:
    """Where the value of a top-level key lies in a JSON object's text (the last one, as
    `json.loads` keeps the last of repeated keys)."""
    decoder, found = json.JSONDecoder(), (0, 0)
    position = _skip(line, 0) + 1  # past "{"
    while True:
        position = _skip(line, position)
        if line[position] == "}":
            return found
        key, position = decoder.raw_decode(line, position)
        position = _skip(line, _skip(line, position) + 1)  # past ":"
        _, end = decoder.raw_decode(line, position)
        if key == field:
            found = (position, end)
        position = _skip(line, end)
        if line[position] == ",":
            position += 1


def _skip(line: str, position: int) -> int:
    while position < len(line) and line[position] in _WHITESPACE:
        position += 1
    return position
