"""Finding the files to compare: walk the PATH arguments, filter, read, and record what was skipped.

Folders are walked in sorted order; hidden files and folders (names starting with `.`) are left
out, and so is what `.gitignore` and `.dedupeignore` files ignore (see `dedupe.ignore`);
symlinked folders are followed only with `follow_symlinks` (and never twice, so a link loop
ends); a file reached twice (hard link, symlink) is read once. A file named explicitly is always
compared, whatever its extension. Only regular files are ever opened: a FIFO would block forever.
A PATH with a scheme (`s3://bucket/articles/`) is an fsspec URL: `dedupe.urls` lists and reads it.

Globs are gitignore patterns (pathspec): `*` stays within one folder, `**` crosses folders.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import xxhash

from dedupe.decode import Decoded, decode
from dedupe.errors import InputError
from dedupe.ignore import IgnoreRules
from dedupe.model import Skipped
from dedupe.settings import Settings
from dedupe.urls import discover_url, is_url, read_url

if TYPE_CHECKING:
    import pathspec


@dataclass(frozen=True)
class SourceFile:
    """A file to compare. `path` is as the user would write it: the argument joined with the rest."""

    path: str
    relative: str
    size: int
    mtime: float
    # (device, inode, size, mtime_ns, ctime_ns) when found: lets the cache skip reading a file
    # whose stamp is unchanged, as git's index does
    stamp: tuple[int, ...] = ()


@dataclass(frozen=True)
class Document:
    source: SourceFile
    digest: str
    data: bytes
    decoded: Decoded


class FileChanged(Exception):
    """The file's bytes are not those that were scanned."""


@dataclass(frozen=True)
class Selection:
    """Which files a walk picks beyond `Settings`' globs. Kept out of `Settings`, whose fields
    the JSON report lists, because they choose files and never change how files compare."""

    respect_ignore_files: bool = True  # .gitignore, .git/info/exclude and .dedupeignore
    min_size: int = 0  # smaller files are not compared (bytes)


def discover(
    paths: Sequence[str], settings: Settings, selection: Selection | None = None
) -> tuple[list[SourceFile], list[Skipped]]:
    """The files under `paths`, sorted by path, and the skipped ones with their reasons."""
    selection = selection or Selection()
    roots = {root: _stat(root) for root in paths if not is_url(root)}  # a file named is stat-ed once
    for root, info in roots.items():
        if isinstance(info, OSError) and not os.path.lexists(root):
            raise InputError(f"no such file or folder: {root}")
    found: dict[str, SourceFile] = {}
    skipped: list[Skipped] = []
    urls = [path for path in paths if is_url(path)]
    for url in urls:
        listed, left = discover_url(url, settings, selection)
        found.update((source.path, source) for source in listed)
        skipped += left
    seen: dict[tuple[int, int], str] = {}
    folders = [root for root, info in roots.items() if isinstance(info, os.stat_result) and stat.S_ISDIR(info.st_mode)]
    walked = set(folders)
    candidates = [(root, os.path.basename(root), True) for root in roots if root not in walked]
    for folder in folders:
        candidates += _walk(folder, settings, selection.respect_ignore_files, skipped)
    candidates.sort()
    for path, relative, explicit in candidates:
        try:
            info = roots[path] if explicit else os.stat(path)
            if isinstance(info, OSError):
                raise info
        except OSError as error:
            broken = os.path.islink(path)
            reason = f"cannot stat: {error.strerror}"
            if broken:
                reason = "symlink loop" if error.errno == errno.ELOOP else "broken symlink"
            skipped.append(Skipped(path, reason, error=not broken))
            continue
        if not stat.S_ISREG(info.st_mode):
            if explicit or _wanted(relative, settings):
                skipped.append(Skipped(path, "not a regular file (FIFO, socket or device)"))
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in seen:
            if seen[identity] != path:
                skipped.append(Skipped(path, f"same file as {seen[identity]}"))
            continue
        seen[identity] = path
        if info.st_size < selection.min_size:
            if explicit:
                skipped.append(Skipped(path, f"smaller than the minimum size ({selection.min_size:,} bytes)"))
            continue
        stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        found[path] = SourceFile(path, relative, info.st_size, info.st_mtime, stamp)
    # a shard's records are articles; `found` is in path order unless URLs came first
    files, unreadable = documents.expand([found[p] for p in sorted(found)] if urls else list(found.values()), settings)
    return files, sorted({*skipped, *unreadable}, key=lambda s: s.path)


def _walk(
    root: str, settings: Settings, respect_ignore_files: bool, unreadable: list[Skipped]
) -> Iterator[tuple[str, str, bool]]:
    """The files below the folder `root`; a folder that cannot be listed (no permission, a path
    beyond PATH_MAX) goes to `unreadable` as an error: its files were not compared."""
    ignored = IgnoreRules(root).ignored if respect_ignore_files else _nothing
    visited: set[tuple[int, int]] = set()

    def report(error: OSError) -> None:
        reason = f"unreadable folder: {error.strerror or error}"
        unreadable.append(Skipped(str(error.filename or root), reason, error=True))

    for folder, dirs, files in os.walk(root, followlinks=settings.follow_symlinks, onerror=report):
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in visited:
            dirs.clear()
            continue
        visited.add((info.st_dev, info.st_ino))
        relative_folder = os.path.relpath(folder, root)
        prefix = "" if relative_folder == "." else relative_folder.replace(os.sep, "/") + "/"
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not _excluded(prefix + d, settings) and not ignored(prefix + d, True)
        )
        for name in sorted(files):
            relative = prefix + name
            if not name.startswith(".") and _wanted(relative, settings) and not ignored(relative, False):
                yield os.path.join(folder, name), relative, False


def _stat(path: str) -> os.stat_result | OSError:
    try:
        return os.stat(path)
    except OSError as error:
        return error


def _nothing(relative: str, is_dir: bool) -> bool:
    return False


def left_out(paths: Sequence[str], settings: Settings, selection: Selection | None = None) -> dict[str, int]:
    """Files the extension filter leaves out of the folders in `paths`, counted by extension
    (`""` for none): what to tell a user whose scan found nothing."""
    counts: dict[str, int] = {}
    relaxed = replace(settings, include=("*",))
    respect = (selection or Selection()).respect_ignore_files
    for root in paths:
        if os.path.isdir(root):
            for _, relative, _ in _walk(root, relaxed, respect, []):
                if not _wanted(relative, settings):
                    extension = os.path.splitext(relative)[1].lower()
                    extension = extension if any(c.isalpha() for c in extension) else ""  # `Apache-2.0`
                    counts[extension] = counts.get(extension, 0) + 1
    return counts


def selected(relative: str, settings: Settings, ignore: IgnoreRules | None = None) -> bool:
    """Whether the walk of a folder would compare the file at `relative` (a `/`-separated path
    below it): no hidden part, no excluded or ignored folder, and wanted. For lists of files such
    as `git ls-files`, which are not walked."""
    return PathFilter(settings, ignore)(relative)


class PathFilter:
    """`selected` for the many paths of a listing: what a path's folder decides (a hidden part,
    an excluded or ignored folder) is worked out once per folder, not once per file (20,000
    tracked files in a commit hook lie in a few hundred folders)."""

    _LEFT_OUT, _CHOSEN, _ASK_RULES = 0, 1, 2  # a folder's verdict on the files directly in it

    def __init__(self, settings: Settings, ignore: IgnoreRules | None = None) -> None:
        self._settings = settings
        self._ignore = ignore
        self._folders: dict[str, int] = {}

    def __call__(self, relative: str) -> bool:
        if relative.startswith((".", "/")) or relative.endswith("/") or "/." in relative or "//" in relative:
            relative = "/".join(part for part in relative.split("/") if part not in ("", ".", ".."))
        folder, _, name = relative.rpartition("/")
        verdict = self._folders.get(folder)
        if verdict is None:
            verdict = self._folders[folder] = self._verdict(folder)
        if verdict == self._LEFT_OUT or name.startswith("."):
            return False
        if not _wanted(relative, self._settings):
            return False
        return verdict == self._CHOSEN or not self._ignore or not self._ignore.ignored(relative, False)

    def _verdict(self, folder: str) -> int:
        parts = folder.split("/") if folder else []
        hidden = any(part.startswith(".") for part in parts)
        excluded = bool(self._settings.exclude) and any(
            _excluded("/".join(parts[:i]), self._settings) for i in range(1, len(parts) + 1)
        )
        ignore = self._ignore
        if hidden or excluded or (folder and ignore is not None and ignore.folder_ignored(folder)):
            return self._LEFT_OUT
        return self._ASK_RULES if ignore is not None and ignore.rules_in(folder) else self._CHOSEN


def _wanted(relative: str, settings: Settings) -> bool:
    if not settings.include and not settings.exclude:  # the usual case, asked of every listed file
        return relative.lower().endswith(settings.extensions)
    if _excluded(relative, settings):
        return False
    if settings.include:
        return any(_matches(relative, pattern) for pattern in settings.include)
    return relative.lower().endswith(settings.extensions)  # `.jsonl.gz` too


def _excluded(relative: str, settings: Settings) -> bool:
    return bool(settings.exclude) and any(_matches(relative, pattern) for pattern in settings.exclude)


def _matches(relative: str, pattern: str) -> bool:
    """A pattern with a `/` matches the path below the argument; one without, a name at any depth
    (and what lies below a folder it names)."""
    return _spec(pattern).match_file(relative)


@lru_cache(maxsize=256)
def _spec(pattern: str) -> pathspec.GitIgnoreSpec:
    import pathspec  # imported for the first glob: most runs have none

    return pathspec.GitIgnoreSpec.from_lines([pattern])


def read_regular(path: str, limit: int) -> bytes:
    """At most `limit + 1` bytes of a regular file, opened without blocking.

    A file swapped for a FIFO after discovery would block a plain `open`; O_NONBLOCK plus a
    check of the opened descriptor make sure only a regular file is read. The read asks for the
    size the descriptor reports (plus one byte, to see a file that grew): asking for `limit + 1`
    made Python allocate that much, 64 MB, for every file.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(0, "not a regular file any more")
        data = handle.read(min(info.st_size, limit) + 1)
        if len(data) > info.st_size:  # it grew since: the rest, up to the limit
            data += handle.read(limit + 1 - len(data))
        return data


def read_document(source: SourceFile, settings: Settings, expect_digest: str | None = None) -> Document | Skipped:
    """Read and decode a file, or say why it cannot be compared.

    With `expect_digest`, a file whose bytes differ from those scanned raises `FileChanged`.
    """
    if documents.reads(source.path):  # HTML, PDF, DOCX, e-mail, JSONL: dedupe.formats
        return documents.read_format_document(source, settings, expect_digest)
    data = read_bytes(source, settings)
    if isinstance(data, Skipped):
        return data
    digest = content_digest(data)
    if expect_digest is not None and digest != expect_digest:
        raise FileChanged(source.path)
    decoded = decode(data)
    if decoded is None:
        return Skipped(source.path, "binary (not text)")
    return Document(source, digest, data, decoded)


def content_digest(data: bytes) -> str:
    """A file's identity: equal bytes, equal digest (xxh3, 128 bits)."""
    return xxhash.xxh3_128_hexdigest(data)


def read_bytes(source: SourceFile, settings: Settings) -> bytes | Skipped:
    """A file's bytes, or why they cannot be read (unreadable, vanished, over `max_file_bytes`)."""
    too_large = Skipped(source.path, f"larger than max_file_bytes ({settings.max_file_bytes:,} bytes)")
    if source.size > settings.max_file_bytes:
        return too_large
    try:
        if is_url(source.path):
            data = read_url(source.path, settings.max_file_bytes)
        else:
            data = read_regular(source.path, settings.max_file_bytes)
    except FileNotFoundError:
        return Skipped(source.path, "vanished before it could be read", error=True)
    except OSError as error:
        return Skipped(source.path, f"unreadable: {error.strerror or error}", error=True)
    if len(data) > settings.max_file_bytes:
        return too_large
    return data


# Readers of other formats build on this module's `Document` and `read_bytes`: imported last, as
# a module (its names are looked up when called), so either module may be imported first.
from dedupe.formats import documents  # noqa: E402
