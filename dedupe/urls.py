"""fsspec URLs (`s3://bucket/prefix/`, `memory://`, `file://`, …) as inputs and as the output folder.

A PATH with a scheme is a URL, read and written through fsspec and the store's own package
(s3fs, gcsfs, …); a plain path never comes here and keeps today's code. A URL folder is listed
with `find` and filtered by the walk's rules (hidden names, --include/--exclude/--ext, the
minimum size); `.gitignore` and `.dedupeignore` files are not read there. Each file's path is the
URL as the user gave it joined with the file's path below it, so reports do not depend on the store.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dedupe.errors import DedupeError, InputError
from dedupe.model import Skipped
from dedupe.settings import Settings

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

    from dedupe.sources import Selection, SourceFile

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(path: str) -> bool:
    return "://" in path and _SCHEME.match(path) is not None


def filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """The fsspec filesystem of `url` and the path on it; a missing package is an input error."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise InputError(f"{url}: URLs need fsspec: pip install 'dedupe-articles[s3]'") from None
    try:
        fs, path = url_to_fs(url)
    except ImportError as error:  # fsspec knows the scheme, its package is not installed
        raise InputError(f"{url}: {error}") from None
    except ValueError as error:  # an unknown scheme
        raise InputError(f"{url}: {error}") from None
    return fs, str(path)


def plain_path(path: str) -> str:
    """The plain path a `file://` URL names; any other path or URL as it is."""
    if not is_url(path):
        return path
    from fsspec.implementations.local import LocalFileSystem

    fs, local = filesystem(path)
    return local if isinstance(fs, LocalFileSystem) else path


def discover_url(root: str, settings: Settings, selection: Selection) -> tuple[list[SourceFile], list[Skipped]]:
    """The files below the URL `root` that a walk would pick (the URL itself if it is a file,
    always compared), and those left out for their size when named explicitly."""
    from dedupe.sources import SourceFile, selected

    fs, base = filesystem(root)
    try:
        with _store():
            single: dict[str, Any] | None = fs.info(base) if fs.isfile(base) else None
            found: dict[str, dict[str, Any]] = {} if single else fs.find(base, detail=True)
            missing = single is None and not found and not fs.isdir(base)
    except OSError as error:
        raise InputError(f"cannot list {root}: {error}") from None
    if missing:
        raise InputError(f"no such file or folder: {root}")
    if single is not None:
        source = SourceFile(root, base.rstrip("/").rpartition("/")[2], int(single["size"]), _mtime(single))
        if source.size < selection.min_size:
            return [], [Skipped(root, f"smaller than the minimum size ({selection.min_size:,} bytes)")]
        return [source], []
    prefix, stem = base.rstrip("/") + "/", root.rstrip("/") + "/"
    files = []
    for name, info in sorted(found.items()):
        relative = name[len(prefix) :]
        size = int(info.get("size") or 0)
        if (
            name.startswith(prefix)
            and info.get("type", "file") == "file"
            and selected(relative, settings)
            and size >= selection.min_size
        ):
            files.append(SourceFile(stem + relative, relative, size, _mtime(info)))
    return files, []


def _mtime(info: dict[str, Any]) -> float:
    """The modification time a store reports (names and types differ), 0 when it has none:
    it only orders copies for `keep = newest | oldest`."""
    value = info.get("mtime") or info.get("LastModified") or info.get("last_modified") or info.get("created")
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return float(value) if isinstance(value, int | float) else 0.0


def read_url(url: str, limit: int) -> bytes:
    """At most `limit + 1` bytes of the file at `url` (one more than allowed shows it is too large)."""
    fs, path = filesystem(url)
    with _store(), fs.open(path, "rb") as stream:
        data: bytes = stream.read(limit + 1)
    return data


def refuse_in_place(paths: Sequence[str]) -> None:
    """Files at URLs are never changed where they are: a store has no atomic replace, and fixing
    in place rests on one."""
    for path in filter(is_url, paths):
        raise InputError(f"{path}: files at URLs cannot be fixed in place; write cleaned copies to an output folder")


def check_output_url(roots: list[str], out: str, overwrite: bool) -> None:
    """Refuse an output URL inside an input URL (or holding one), a file, or a non-empty folder
    without `overwrite`, before any work is done."""
    stem = out.rstrip("/") + "/"
    for root in filter(is_url, roots):
        other = root.rstrip("/") + "/"
        if stem.startswith(other) or other.startswith(stem):
            raise InputError(f"the output folder {out} must not be inside the input {root}; choose another --out")
    fs, base = filesystem(out)
    try:
        with _store():
            is_file = fs.isfile(base)
            filled = not is_file and fs.isdir(base) and bool(fs.ls(base, detail=False))
    except OSError as error:
        raise InputError(f"cannot use the output {out}: {error}") from None
    if is_file:
        raise InputError(f"the output {out} exists and is not a folder")
    if filled and not overwrite:
        raise InputError(f"the output folder {out} is not empty; choose a new folder or pass --overwrite")


def write_url(out: str, target: str, data: bytes) -> None:
    """Write `data` to `target` (a `/`-separated path) below the URL `out` in one put: on an
    object store a reader sees no object or the whole of it."""
    fs, base = filesystem(out)
    with _store():
        fs.pipe_file(base.rstrip("/") + "/" + target, data)


@contextmanager
def _store() -> Iterator[None]:
    """A store's own errors as OSError, which callers turn into one line: its libraries raise
    classes of their own (botocore's NoCredentialsError, EndpointConnectionError), not OSError."""
    try:
        yield
    except (OSError, DedupeError):
        raise
    except Exception as error:
        raise OSError(f"{type(error).__name__}: {error}") from error
