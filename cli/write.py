"""Writing files atomically: a temporary file in the target's folder, fsync, then rename.

A reader, a crash or Ctrl-C sees either the old file or the complete new one, never a part.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

from dedupe.errors import InputError, OutputError
from dedupe.model import Report
from dedupe.outputs import cleaned_file, output_plan, refuse_output_inside_inputs
from dedupe.settings import Settings


def atomic_write(target: str, data: bytes, mode_from: str | None = None) -> None:
    folder = os.path.dirname(target) or "."
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".dedupe-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode_from is not None:
            shutil.copymode(mode_from, temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def check_output_folder(roots: list[str], out: str, overwrite: bool) -> None:
    """Refuse a bad output folder before any work is done."""
    refuse_output_inside_inputs(roots, out)
    if os.path.exists(out) and not os.path.isdir(out):
        raise InputError(f"the output {out} exists and is not a folder")
    if os.path.isdir(out) and os.listdir(out) and not overwrite:
        raise InputError(f"the output folder {out} is not empty; choose a new folder or pass --overwrite")


def write_cleaned(report: Report, out: str, settings: Settings) -> int:
    """Write the cleaned corpus under `out` (checked with `check_output_folder`); files written."""
    plan = output_plan(report, out)
    cuts = report.cuts_by_path()
    for scanned, target in plan:
        data = cleaned_file(scanned, cuts.get(scanned.path, []), settings)
        try:
            atomic_write(target, data, mode_from=scanned.path)
        except OSError as error:
            raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    return len(plan)


def fix_in_place(report: Report, settings: Settings) -> list[tuple[str, int]]:
    """Cut the repeated paragraphs out of the scanned files themselves (atomically; a file changed
    since the scan is refused); (path, paragraphs removed) for each file changed. A symlink is
    left as it is: replacing it would turn it into a file."""
    fixed = []
    cuts = report.cuts_by_path()
    for scanned in report.files:
        if scanned.path in cuts and not os.path.islink(scanned.path):
            data = cleaned_file(scanned, cuts[scanned.path], settings)
            try:
                atomic_write(scanned.path, data, mode_from=scanned.path)
            except OSError as error:
                raise OutputError(f"cannot write {scanned.path}: {error.strerror or error}") from None
            fixed.append((scanned.path, len(cuts[scanned.path])))
    return fixed
