"""Fixing files in place: repeated paragraphs cut from the files themselves, duplicates deleted
only when asked, and never the kept copy nor the last copy of anything.

Every file is replaced atomically (temporary file in its folder, fsync, rename) with its mode
kept, so a file is always either its original or its fully cleaned version, even under SIGKILL.
"""

from __future__ import annotations

import os
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


def planned_fixes(report: Report, settings: Settings) -> list[Cleaned | Skipped]:
    """The files whose repeated paragraphs would be cut, with their cleaned bytes."""
    by_path = {f.path: f for f in report.files}
    return [cleaned_file(by_path[path], cuts, settings) for path, cuts in sorted(report.cuts_by_path().items())]


def fix_in_place(report: Report, settings: Settings, backup: str | None, delete_duplicates: bool) -> InPlaceResult:
    result = InPlaceResult()
    for fix in planned_fixes(report, settings):
        if isinstance(fix, Skipped):
            result.failed.append(fix)
        elif os.path.islink(fix.scanned.path):
            result.failed.append(Skipped(fix.scanned.path, "is a symlink; fix the file it points to", error=True))
        else:
            if backup:
                atomic_write(fix.scanned.path + backup, fix.original, mode_from=fix.scanned.path)
            atomic_write(fix.scanned.path, fix.cleaned, mode_from=fix.scanned.path)
            result.fixed.append(fix.scanned.path)
    if delete_duplicates:
        _delete_duplicates(report, result)
    return result


def _delete_duplicates(report: Report, result: InPlaceResult) -> None:
    """Delete removable copies, each only while its group's kept file is still there unchanged."""
    by_path = {f.path: f for f in report.files}
    for group in report.duplicate_groups:
        keeper = by_path[group.keep]
        if not _unchanged(keeper, allow_fixed=group.keep in result.fixed):
            result.failed.extend(
                Skipped(p, f"not deleted: the kept copy {group.keep} changed", True) for p in group.removable
            )
            continue
        for path in group.removable:
            if not _unchanged(by_path[path], allow_fixed=path in result.fixed):
                result.failed.append(Skipped(path, "not deleted: it changed after the scan", error=True))
                continue
            os.unlink(path)
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
