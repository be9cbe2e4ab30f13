"""Fixing files in place: repeated paragraphs cut from the files themselves, duplicates deleted
only when asked, and never the kept copy nor the last real copy of anything.

Every file is replaced atomically (temporary file in its folder, fsync, rename) with its mode,
owner and group kept, so a file is always either its original or its fully cleaned version, even
under SIGKILL. Files are reached through their folders' descriptors (`anchored`): a folder
swapped for a symlink after the scan, or a file edited meanwhile, is reported and left alone.
A file with other hard links is not fixed (a rename would part it from them). A backup is never
written over an existing file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from dedupe.errors import InputError
from dedupe.formats.registry import container_of, format_for
from dedupe.model import Report, ScannedFile, Skipped, Span
from dedupe.settings import Settings
from dedupe.sinks.anchored import NotActed, anchored
from dedupe.sinks.outputs import Cleaned, cleaned_data, cleaned_file
from dedupe.sources import content_digest


@dataclass
class InPlaceResult:
    fixed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class Deletion:
    """The copies of one group to delete, and the copy kept: the report's, or, when that is a
    symlink, the group's first real file in its place (deleting it would leave only a link)."""

    keep: str
    paths: tuple[str, ...]


def check_backup_suffix(suffix: str | None) -> None:
    """A backup suffix is a plain ending for a file name: no folder, nothing empty."""
    if suffix is not None and (not suffix or "/" in suffix or os.sep in suffix or "\0" in suffix):
        raise InputError(f"--backup takes a suffix for file names such as .orig, not {suffix!r}")


def planned_fixes(report: Report, settings: Settings, deleting: bool = False) -> Iterator[Cleaned | Skipped]:
    """The files whose repeated paragraphs would be cut, with their cleaned bytes (not the copies
    about to be deleted, when `deleting`), read one at a time."""
    by_path = {f.path: f for f in report.files}
    for path, spans in _fixes(report, deleting):
        yield cleaned_file(by_path[path], spans, settings)


def planned_deletions(report: Report) -> list[Deletion]:
    deletions = []
    for group in report.duplicate_groups:
        keep, paths = group.keep, [path for path in group.removable if container_of(path) is None]
        if not paths:
            continue  # records of a shard: `clean --out` drops them, a file cannot lose them in place
        if os.path.islink(keep):
            keep = next((path for path in paths if not os.path.islink(path)), keep)
            paths = [path for path in paths if path != keep]
        deletions.append(Deletion(keep, tuple(paths)))
    return deletions


def fix_in_place(report: Report, settings: Settings, backup: str | None, delete_duplicates: bool) -> InPlaceResult:
    """Fix every file it can; a file that cannot be written is reported and the others go on."""
    check_backup_suffix(backup)
    result = InPlaceResult()
    by_path = {f.path: f for f in report.files}
    for path, spans in _fixes(report, delete_duplicates):
        failed = _fix(by_path[path], spans, settings, backup)
        if failed is None:
            result.fixed.append(path)
        else:
            result.failed.append(failed)
    if delete_duplicates:
        _delete_duplicates(report, result, settings, backup)
    return result


def _fixes(report: Report, deleting: bool) -> list[tuple[str, list[Span]]]:
    """The text files to cut, with their cuts. A format file's repeats (HTML, DOCX, a JSONL
    record) are reported, not cut: its spans are in its extracted text, not in its bytes."""
    gone = report.removed_files() if deleting else frozenset()
    cuts = sorted(report.cuts_by_path().items())
    return [(path, spans) for path, spans in cuts if path not in gone and format_for(path) is None]


def _fix(scanned: ScannedFile, spans: list[Span], settings: Settings, backup: str | None) -> Skipped | None:
    try:
        with anchored(scanned.path, scanned.relative, settings.follow_symlinks) as place:
            read = place.read(settings.max_file_bytes)
            fix = cleaned_data(scanned, read.data, spans)
            if isinstance(fix, Skipped):
                return fix
            place.replace(fix.cleaned, read, backup)
    except NotActed as why:
        return Skipped(scanned.path, f"{why}; not fixed", error=True)
    except OSError as error:
        return Skipped(scanned.path, f"cannot write: {error.strerror or error}", error=True)
    return None


def _delete_duplicates(report: Report, result: InPlaceResult, settings: Settings, backup: str | None) -> None:
    """Delete removable copies, each only while its group's kept file is still there unchanged;
    with a backup suffix, a copy is renamed to it instead, so its bytes stay."""
    by_path = {f.path: f for f in report.files}
    for deletion in planned_deletions(report):
        keeper = by_path[deletion.keep]
        if not _still_there(keeper, settings, fixed=keeper.path in result.fixed):
            result.failed.extend(
                Skipped(p, f"not deleted: the kept copy {keeper.path} changed or moved", True) for p in deletion.paths
            )
            continue
        for path in deletion.paths:
            failed = _delete(by_path[path], settings, backup)
            if failed is None:
                result.deleted.append(path)
            else:
                result.failed.append(failed)


def _delete(scanned: ScannedFile, settings: Settings, backup: str | None) -> Skipped | None:
    try:
        with anchored(scanned.path, scanned.relative, settings.follow_symlinks) as place:
            read = place.read(settings.max_file_bytes)
            if content_digest(read.data) != scanned.digest:
                return Skipped(scanned.path, "not deleted: it changed after the scan", error=True)
            place.delete(read, backup)
    except NotActed as why:
        return Skipped(scanned.path, f"not deleted: {why}", error=True)
    except OSError as error:
        return Skipped(scanned.path, f"cannot delete: {error.strerror or error}", error=True)
    return None


def _still_there(scanned: ScannedFile, settings: Settings, fixed: bool) -> bool:
    """The file is where it was scanned with the bytes that were scanned (or, when this run fixed
    it, is there as a regular file)."""
    try:
        with anchored(scanned.path, scanned.relative, settings.follow_symlinks) as place:
            if fixed:
                return place.is_file()
            return content_digest(place.read(settings.max_file_bytes).data) == scanned.digest
    except (NotActed, OSError):
        return False
