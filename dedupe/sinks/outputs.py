"""What a cleaned corpus holds and where each file goes; the bytes each cleaned file gets.

Writing is the caller's job (the CLI writes atomically); this module decides and refuses.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from dedupe.decode import Decoded, decode
from dedupe.errors import InputError
from dedupe.model import Report, ScannedFile, Skipped, Span
from dedupe.settings import Settings
from dedupe.sources import Document, FileChanged, SourceFile, content_digest, read_document
from dedupe.stages.clean import cleaned_bytes

CHANGED = "changed after it was scanned; run dedupe again"


def refuse_output_inside_inputs(roots: list[str], out: str) -> None:
    """An output folder that is or lies inside an input folder, or holds an input, is refused."""
    out_real = os.path.realpath(out)
    for root in roots:
        root_real = os.path.realpath(root)
        if within(out_real, root_real) if os.path.isdir(root_real) else within(root_real, out_real):
            raise InputError(f"the output folder {out} must not be inside the input {root}; choose another --out")


def output_plan(report: Report) -> list[tuple[ScannedFile, str]]:
    """(file, relative target) for every file a cleaned corpus holds: all but the removable copies.

    Two files that would land on the same target are refused before anything is written.
    """
    removed = report.removed_files()
    plan: list[tuple[ScannedFile, str]] = []
    claimed: dict[str, str] = {}
    for scanned in writing.planned(report.files):  # a JSONL shard's records: one entry, the shard
        if scanned.path in removed:
            continue
        target = os.path.join(*scanned.relative.split("/"))
        if target in claimed:
            raise InputError(f"{scanned.path} and {claimed[target]} would both be written to {target}")
        claimed[target] = scanned.path
        plan.append((scanned, target))
    return plan


def within(path: str, folder: str) -> bool:
    """`path` is `folder` or lies below it (both already resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@dataclass(frozen=True)
class Cleaned:
    """A file's original and cleaned bytes, and how they decode (for diffs)."""

    scanned: ScannedFile
    original: bytes
    cleaned: bytes
    decoded: Decoded

    @property
    def changed(self) -> bool:
        return self.cleaned != self.original

    def cleaned_text(self) -> str:
        return self.cleaned[len(self.decoded.bom) :].decode(self.decoded.codec)


def cleaned_file(scanned: ScannedFile, cuts: list[Span], settings: Settings) -> Cleaned | Skipped:
    """The cleaned bytes of a scanned file, re-read and checked against the scanned digest."""
    document = reread(scanned, settings)
    if isinstance(document, Skipped):
        return document
    return Cleaned(scanned, document.data, cleaned_bytes(document.data, document.decoded, cuts), document.decoded)


def cleaned_data(scanned: ScannedFile, data: bytes, cuts: list[Span]) -> Cleaned | Skipped:
    """The cleaned bytes of a scanned file from bytes the caller read (as `fix` reads them,
    through the file's folder), checked against the scanned digest."""
    decoded = decode(data) if content_digest(data) == scanned.digest else None
    if decoded is None:
        return Skipped(scanned.path, CHANGED, error=True)
    return Cleaned(scanned, data, cleaned_bytes(data, decoded, cuts), decoded)


def text_loader(report: Report, settings: Settings) -> Callable[[str], str | None]:
    """Texts of a report's files, each read again at most once (for suppression comments, the
    HTML report, `check`'s excerpts); None for a file that changed or went away."""
    scanned = {f.path: f for f in report.files}
    texts: dict[str, str | None] = {}

    def load(path: str) -> str | None:
        if path not in texts:
            document = reread(scanned[path], settings) if path in scanned else None
            texts[path] = None if document is None or isinstance(document, Skipped) else document.decoded.text
        return texts[path]

    return load


def reread(scanned: ScannedFile, settings: Settings) -> Document | Skipped:
    """A scanned file read again (to clean or to show it), or why not: changed or unreadable."""
    source = SourceFile(scanned.path, scanned.relative, scanned.size, scanned.mtime)
    try:
        document = read_document(source, settings, expect_digest=scanned.digest)
    except FileChanged:
        return Skipped(scanned.path, CHANGED, error=True)
    if isinstance(document, Skipped):
        return Skipped(scanned.path, f"can no longer be read: {document.reason}", error=True)
    return document


# it builds on `Cleaned` and `reread`: imported last, as a module, so either may be imported first
from dedupe.formats import writing  # noqa: E402
