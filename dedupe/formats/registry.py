"""Which reader reads which file, by name, and what it gives back.

Kept free of imports of the readers' libraries: the walk asks it about every file, and the
libraries are loaded only when a file of their format is read.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass


class FormatError(Exception):
    """Why a file of a known format cannot be compared, in one line (encrypted, corrupt, empty)."""


@dataclass(frozen=True)
class Extracted:
    """An article's text, paragraphs separated by blank lines, and where its pages or paragraphs
    start: `places` holds (first line, label such as "page 3"), sorted by line."""

    text: str
    places: tuple[tuple[int, str], ...] = ()

    def place_of(self, line: int) -> str:
        """The label of the page or paragraph that holds `line` ("" when the format has none)."""
        found = ""
        for first, label in self.places:
            if first > line:
                break
            found = label
        return found


@dataclass(frozen=True)
class Format:
    """A format: its name, the file names it reads, whether a cleaned copy can cut repeats in its
    bytes, and the module whose `extract(data, limit)` (or, for containers, `items`) reads it."""

    name: str
    suffixes: tuple[str, ...]
    module: str
    container: bool = False
    cut: bool = False  # a cleaned copy cuts repeats (JSONL: record by record); else copied as it is
    extra: str = ""  # the package the reader needs beyond the standard library

    def reader(self, function: str) -> Callable[..., object]:
        """The module's reader, or a `FormatError` that names the extra to install."""
        try:
            module = importlib.import_module(f"dedupe.formats.{self.module}")
        except ImportError as error:
            raise FormatError(
                f"{self.name} needs {self.extra or error.name}: pip install 'dedupe-articles[formats]'"
            ) from None
        reader: Callable[..., object] = getattr(module, function)
        return reader


FORMATS = (
    Format("HTML", (".html", ".htm", ".xhtml"), "html", extra="resiliparse"),
    Format("PDF", (".pdf",), "pdf", extra="pypdfium2"),
    Format("DOCX", (".docx",), "docx", extra="python-docx"),
    Format("e-mail", (".eml",), "mail"),
    Format("mbox", (".mbox", ".mbx"), "mail", container=True),
    Format("JSONL", (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"), "jsonl", container=True, cut=True),
)


_SUFFIXES = tuple(suffix for known in FORMATS for suffix in known.suffixes)


def named(name: str) -> Format:
    return next(known for known in FORMATS if known.name == name)


def container_of(path: str) -> str | None:
    """The container file an article path such as `shard.jsonl/17` names, if it is one."""
    parent, slash, name = path.rpartition("/")
    found = format_of(parent) if slash and name else None
    return parent if found is not None and found.container and os.path.isfile(parent) else None


def format_for(path: str) -> Format | None:
    """The format of a file, or of the container an article path names."""
    container = container_of(path)
    return format_of(path if container is None else container)


def format_of(path: str) -> Format | None:
    """The format a file's name says it is in; None for text, which is read as it always was."""
    name = path.lower()
    if not name.endswith(_SUFFIXES):  # text, most files: one test instead of one per format
        return None
    for known in FORMATS:
        if name.endswith(known.suffixes):
            return known
    return None
