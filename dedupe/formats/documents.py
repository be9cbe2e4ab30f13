"""Reading files of a known format as `Document`s, and a container's articles as files of their own.

`expand` replaces each container found by the walk with its articles (`shard.jsonl/<name>`);
`read_format_document` reads one file or article. A container's articles are read from a small
per-process cache of its parsed items, so a shard is parsed once per batch of its records, not
once per record. A document's digest is that of its own bytes: the file's, or the record's line
(with the text field, when not the default, since it decides what is compared).
"""

from __future__ import annotations

import os
from functools import lru_cache

from dedupe.decode import Decoded
from dedupe.formats import isolated
from dedupe.formats.containers import Item
from dedupe.formats.limits import SECONDS_PER_FILE, bounded
from dedupe.formats.registry import Extracted, Format, FormatError, container_of, format_of
from dedupe.model import Skipped
from dedupe.settings import Settings
from dedupe.sources import Document, FileChanged, SourceFile, content_digest, read_bytes
from dedupe.urls import is_url

EXTRACTED_CODEC = "utf-8"  # extracted text has no bytes of its own: offsets into it are never cut


def reads(path: str) -> bool:
    """Whether `path` is a file of a known format or an article of a container."""
    return format_of(path) is not None or container_of(path) is not None


def read_format_document(source: SourceFile, settings: Settings, expect_digest: str | None) -> Document | Skipped:
    """The document of a format file or container article, or why it cannot be compared."""
    container = container_of(source.path)
    if container is not None:
        found = _article(container, source.path.rpartition("/")[2], settings)
        if isinstance(found, Skipped):
            return found
        data, extracted = found
        digest = article_digest(data, settings)
    else:
        known = format_of(source.path)
        data_or_skip = read_bytes(source, settings)
        if isinstance(data_or_skip, Skipped):
            return data_or_skip
        data, digest = data_or_skip, content_digest(data_or_skip)
        if known is None or known.container:
            return Skipped(source.path, f"a {known.name if known else ''} container: its articles are compared")
        try:
            extracted = extract(source.path, data, settings)
        except FormatError as error:
            return Skipped(source.path, str(error))
    if expect_digest is not None and digest != expect_digest:
        raise FileChanged(source.path)
    return Document(source, digest, data, Decoded(extracted.text, EXTRACTED_CODEC, b""))


def extract(path: str, data: bytes, settings: Settings) -> Extracted:
    """The text of a single-article format file, bounded in time and memory."""
    known = format_of(path)
    assert known is not None and not known.container
    result = _read(known, "extract", (data, settings.max_file_bytes), settings.max_extract_memory)
    assert isinstance(result, Extracted)
    return result


def _read(known: Format, function: str, args: tuple[object, ...], memory: int) -> object:
    """A reader's result: in a child capped at `memory` bytes, or (0) here, bounded in time only."""
    reader = known.reader(function)  # here too: a missing extra is said before a child starts
    if memory and isolated.AVAILABLE:
        return isolated.run(known.module, function, args, memory, SECONDS_PER_FILE)
    with bounded():
        return reader(*args)


def article_digest(raw: bytes, settings: Settings) -> str:
    if settings.jsonl_text == "text":
        return content_digest(raw)
    return content_digest(settings.jsonl_text.encode() + b"\0" + raw)


def expand(sources: list[SourceFile], settings: Settings) -> tuple[list[SourceFile], list[Skipped]]:
    """`sources` (sorted by path) with each container replaced by its articles, still sorted;
    containers and articles that cannot be read, with the reason."""
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    expanded = False
    for source in sources:
        known = format_of(source.path)
        if known is None or not known.container:
            files.append(source)
            continue
        expanded = True
        found = items(source.path, settings)
        if isinstance(found, Skipped):
            skipped.append(found)
            continue
        for item in found:
            path = f"{source.path}/{item.name}"
            if isinstance(item.text, FormatError):
                skipped.append(Skipped(path, str(item.text)))
            else:
                files.append(SourceFile(path, f"{source.relative}/{item.name}", len(item.raw), source.mtime))
    return (sorted(files, key=lambda s: s.path) if expanded else files), skipped


def items(container: str, settings: Settings) -> tuple[Item, ...] | Skipped:
    """A container's articles, read once per process while the file is unchanged."""
    found = _named_items(container, settings)
    return found if isinstance(found, Skipped) else tuple(found.values())


def _named_items(container: str, settings: Settings) -> dict[str, Item] | Skipped:
    """A container's articles by name (in file order): a shard of N records is looked up N
    times, and a scan through them each time made that N²."""
    if is_url(container):  # its articles' paths would need a store call for each read: not yet
        return Skipped(container, "a container at a URL is not read yet: compare it from a local folder", error=True)
    try:
        info = os.stat(container)
    except OSError as error:
        return Skipped(container, f"unreadable: {error.strerror or error}", error=True)
    stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    fields = (settings.jsonl_text, settings.jsonl_id)
    return _items(container, stamp, settings.max_file_bytes, settings.max_extract_memory, *fields)


@lru_cache(maxsize=2)
def _items(
    container: str, stamp: tuple[int, ...], limit: int, memory: int, text_field: str, id_field: str
) -> dict[str, Item] | Skipped:
    data = read_bytes(SourceFile(container, "", stamp[2], 0.0), _limit(limit))
    if isinstance(data, Skipped):
        return data
    known = format_of(container)
    assert known is not None
    try:
        found = _read(known, "items", (data, limit, text_field, id_field), memory)
    except FormatError as error:
        return Skipped(container, str(error))
    assert isinstance(found, list)
    if not found:
        return Skipped(container, f"no articles in this {known.name} file")
    return {item.name: item for item in found}


def _article(container: str, name: str, settings: Settings) -> tuple[bytes, Extracted] | Skipped:
    path = f"{container}/{name}"
    found = _named_items(container, settings)
    if isinstance(found, Skipped):
        return Skipped(path, f"can no longer be read: {found.reason}", error=True)
    item = found.get(name)
    if item is None:
        return Skipped(path, "vanished from its container before it could be read", error=True)
    if isinstance(item.text, FormatError):
        return Skipped(path, str(item.text))
    return item.raw, item.text


def _limit(limit: int) -> Settings:
    return Settings(max_file_bytes=limit)
