"""Writing cleaned copies: atomically, all or nothing, and never outside the chosen folder.

Each file goes to a temporary file in its folder, is fsynced and renamed into place, so a reader,
a crash or Ctrl-C sees either no file or the complete one. A new output folder is built under a
temporary name beside it and renamed at the end: an interrupted run leaves no half corpus.
An output URL on an object store (`s3://…`) gets each file in one put (`dedupe.urls`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator

from dedupe.errors import InputError, OutputError
from dedupe.formats.writing import cleaned_copy
from dedupe.model import Report, Skipped
from dedupe.settings import Settings
from dedupe.sinks.leftovers import registered, sweep
from dedupe.sinks.outputs import Cleaned, cleaned_file, output_plan, refuse_output_inside_inputs, within
from dedupe.urls import check_output_url, is_url, plain_path, write_url


def atomic_write(target: str, data: bytes, mode_from: str | None = None) -> None:
    folder = os.path.dirname(target) or "."
    os.makedirs(folder, exist_ok=True)
    sweep(folder)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".dedupe-", suffix=".tmp")
    try:
        with registered(temporary), os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            if mode_from is not None:
                shutil.copymode(mode_from, temporary)
            else:  # mkstemp creates 0600; a new file gets the permissions the user's umask gives
                os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_report(path: str, data: bytes) -> None:
    """Write a report file: atomically for a regular file (through a symlink to its target), and
    directly to a device or FIFO such as /dev/null or /dev/stdout, which a rename would replace."""
    target = os.path.realpath(path)
    if os.path.exists(target) and not stat.S_ISREG(os.stat(target).st_mode):
        with open(target, "wb") as stream:
            stream.write(data)
        return
    atomic_write(target, data)


def refuse_report_over_input(target: str, report: Report) -> None:
    """A report written over a file it reports on would replace an article: refused, as an
    output folder inside an input is."""
    try:
        info = os.stat(target)
    except OSError:
        return
    for path in (*(f.path for f in report.files), *(s.path for s in report.skipped)):
        with contextlib.suppress(OSError):
            if os.path.samestat(info, os.stat(path)):
                raise InputError(f"the report {target} would replace the input {path}; choose another --output")


def check_output_folder(roots: list[str], out: str, overwrite: bool) -> None:
    """Refuse a bad output folder before any work is done (`file://` URLs as the paths they name)."""
    roots, out = [plain_path(root) for root in roots], plain_path(out)
    if is_url(out):
        check_output_url(roots, out, overwrite)
        return
    refuse_output_inside_inputs([root for root in roots if not is_url(root)], out)
    if os.path.exists(out) and not os.path.isdir(out):
        raise InputError(f"the output {out} exists and is not a folder")
    if os.path.isdir(out) and os.listdir(out) and not overwrite:
        raise InputError(f"the output folder {out} is not empty; choose a new folder or pass --overwrite")


def cleaned_files(report: Report, settings: Settings) -> Iterator[tuple[Cleaned | Skipped, str]]:
    """Each file of the cleaned corpus (or why it cannot be cleaned) with its relative target,
    read one at a time: the corpus is never held in memory."""
    cuts = report.cuts_by_path()
    for scanned, target in output_plan(report):
        special = cleaned_copy(report, scanned, settings)  # PDF, DOCX, ...: as they are; JSONL: by record
        yield special or cleaned_file(scanned, cuts.get(scanned.path, []), settings), target


def write_cleaned(report: Report, out: str, settings: Settings) -> tuple[int, list[Skipped]]:
    """Write the cleaned corpus under `out` (checked with `check_output_folder`).

    Returns the number of files written and the files that could not be (changed since the scan).
    A `file://` URL is written as its plain path; another URL object by object (`_write_to_url`).
    """
    out = plain_path(out)
    if is_url(out):
        return _write_to_url(report, out, settings)
    fresh = not os.path.exists(out)
    parent = os.path.dirname(os.path.abspath(out))
    if fresh:
        os.makedirs(parent, exist_ok=True)
        sweep(parent)
    root = tempfile.mkdtemp(dir=parent, prefix=".dedupe-out-") if fresh else out
    failed: list[Skipped] = []
    written = 0
    try:
        with registered(root) if fresh else contextlib.nullcontext():
            for result, target in cleaned_files(report, settings):
                if isinstance(result, Skipped):
                    failed.append(result)
                    continue
                path = os.path.join(root, target)
                _refuse_escape(path, root)
                mode_from = None if is_url(result.scanned.path) else result.scanned.path
                atomic_write(path, result.cleaned, mode_from=mode_from)
                written += 1
            if fresh:
                os.chmod(root, 0o777 & ~_umask())
                os.rename(root, out)
    except OSError as error:
        where = str(error.filename or out).replace(root, out, 1)
        outcome = "no output folder was created" if fresh else "the files already written are complete"
        raise OutputError(f"cannot write {where}: {error.strerror or error} ({outcome})") from None
    finally:
        if fresh and os.path.isdir(root):
            shutil.rmtree(root, ignore_errors=True)
    return written, failed


def _write_to_url(report: Report, out: str, settings: Settings) -> tuple[int, list[Skipped]]:
    """Each cleaned file in one put below the URL `out`: an object store has no rename, so an
    interrupted run leaves the objects written so far, each of them whole."""
    failed: list[Skipped] = []
    written = 0
    for result, target in cleaned_files(report, settings):
        if isinstance(result, Skipped):
            failed.append(result)
            continue
        relative = target.replace(os.sep, "/")
        try:
            write_url(out, relative, result.cleaned)
        except OSError as error:
            where = out.rstrip("/") + "/" + relative
            raise OutputError(f"cannot write {where}: {error} (the files already written are complete)") from None
        written += 1
    return written, failed


def _refuse_escape(path: str, root: str) -> None:
    """A symlinked folder inside the output must not carry a write elsewhere."""
    if not within(os.path.realpath(os.path.dirname(path)), os.path.realpath(root)):
        raise OutputError(f"{path} would be written outside {root} through a symlink; remove the link")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
