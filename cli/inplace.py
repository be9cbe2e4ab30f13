"""Fixing files in place: repeated paragraphs cut from the files themselves, duplicates deleted
only when asked, and never the kept copy nor the last copy of anything.

Every file is replaced atomically (temporary file in its folder, fsync, rename) with its mode
kept, so a file is always either its original or its fully cleaned version, even under SIGKILL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from dedupe.model import Report, ScannedFile, Skipped
from dedupe.outputs import Cleaned, cleaned_file
from dedupe.settings import Settings
from dedupe.sources import content_digest, read_regular

from .write import atomic_write


@dataclass
class InPlaceResult:
    fixed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)


def planned_fixes(report: Report, settings: Settings, deleting: bool = False) -> Iterator[Cleaned | Skipped]:
    """The files whose repeated paragraphs would be cut, with their cleaned bytes (not the copies
    about to be deleted, when `deleting`), read one at a time."""
    by_path = {f.path: f for f in report.files}
    gone = report.removed_files() if deleting else frozenset()
    for path, spans in sorted(report.cuts_by_path().items()):
        if path not in gone:
            yield cleaned_file(by_path[path], spans, settings)


def fix_in_place(report: Report, settings: Settings, backup: str | None, delete_duplicates: bool) -> InPlaceResult:
    """Fix every file it can; a file that cannot be written is reported and the others go on."""
    result = InPlaceResult()
    for fix in planned_fixes(report, settings, delete_duplicates):
        path = fix.path if isinstance(fix, Skipped) else fix.scanned.path
        if isinstance(fix, Skipped):
            result.failed.append(fix)
        elif os.path.islink(path):
            result.failed.append(Skipped(path, "is a symlink; fix the file it points to", error=True))
        else:
            try:
                if backup:
                    atomic_write(path + backup, fix.original, mode_from=path)
                atomic_write(path, fix.cleaned, mode_from=path)
            except OSError as error:
                result.failed.append(Skipped(path, f"cannot write: {error.strerror or error}", error=True))
                continue
            result.fixed.append(path)
    if delete_duplicates:
        _delete_duplicates(report, result, backup)
    return result


def _delete_duplicates(report: Report, result: InPlaceResult, backup: str | None) -> None:
    """Delete removable copies, each only while its group's kept file is still there unchanged;
    with a backup suffix, a copy is renamed to it instead, so its bytes stay."""
    by_path = {f.path: f for f in report.files}
    for group in report.duplicate_groups:
        keeper = by_path[group.keep]
        if not _unchanged(keeper, allow_fixed=group.keep in result.fixed):
            result.failed.extend(
                Skipped(p, f"not deleted: the kept copy {group.keep} changed", True) for p in group.removable
            )
            continue
        for path in group.removable:
            if not _unchanged(by_path[path], allow_fixed=False):
                result.failed.append(Skipped(path, "not deleted: it changed after the scan", error=True))
                continue
            try:
                if backup:
                    os.replace(path, path + backup)
                else:
                    os.unlink(path)
            except OSError as error:
                result.failed.append(Skipped(path, f"cannot delete: {error.strerror or error}", error=True))
                continue
            result.deleted.append(path)


def _unchanged(scanned: ScannedFile, allow_fixed: bool) -> bool:
    """The file is there with the bytes that were scanned (or was just fixed by this run)."""
    if allow_fixed:
        return os.path.isfile(scanned.path)
    try:
        data = read_regular(scanned.path, scanned.size)
    except OSError:
        return False
    return content_digest(data) == scanned.digest
