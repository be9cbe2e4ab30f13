"""Acting on a scanned file where it was scanned: through its folder's descriptor, never its path.

Between the scan and the action, a folder on a file's path may be swapped for a symlink to a
place that holds the same bytes. So the file's folder is opened once, one component at a time
from the PATH argument (which is opened as the user named it), each with O_NOFOLLOW: a symlinked
folder is followed only with --follow-symlinks, as the walk did. Every read, check, write, rename
and unlink is then made relative to that descriptor, so the checks and the actions see the same
folder, whatever is renamed meanwhile.

A file is replaced only if, immediately before the rename, it is still the file that was read
(device, inode, size, modification and change times): an edit by another program in the
meantime is kept and the file reported. The new file gets the old one's mode, owner and group.
A file with other hard links is not replaced: a rename would part it from them (they would keep
the old text), and writing through them could not be atomic.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from dedupe.sinks.leftovers import registered, sweep

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW


class NotActed(Exception):
    """Why a file was left as it is (the message is the reason shown)."""


@dataclass(frozen=True)
class Contents:
    """A file's bytes and its status when they were read."""

    data: bytes
    info: os.stat_result


def _stamp(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@contextlib.contextmanager
def anchored(path: str, relative: str, follow_symlinks: bool) -> Iterator[Place]:
    """The open folder of a scanned file (`path`, found as `relative` below its PATH argument)."""
    if relative and path.endswith(relative):
        root, parts = path[: len(path) - len(relative)], relative.split("/")
    else:
        root, parts = os.path.dirname(path), [os.path.basename(path)]
    folder = os.open(root or ".", _DIRECTORY)
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, _DIRECTORY | (0 if follow_symlinks else os.O_NOFOLLOW), dir_fd=folder)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise NotActed(f"the folder {part} on its path is now a symlink or not a folder") from None
                raise
            os.close(folder)
            folder = inner
        yield Place(folder, parts[-1])
    finally:
        os.close(folder)


class Place:
    """A file's name in its open folder, and what can be done to it there."""

    def __init__(self, folder: int, name: str) -> None:
        self.folder, self.name = folder, name

    def read(self, limit: int) -> Contents:
        """The file's bytes (a regular file, not through a symlink), unchanged while read."""
        try:
            descriptor = os.open(self.name, _READ, dir_fd=self.folder)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise NotActed("is a symlink") from None
            raise
        with os.fdopen(descriptor, "rb") as handle:
            before = os.fstat(descriptor)
            if not stat.S_ISREG(before.st_mode):
                raise NotActed("is not a regular file any more")
            data = handle.read(min(before.st_size, limit) + 1)
            after = os.fstat(descriptor)
        if len(data) > limit:
            raise NotActed("is larger than max_file_bytes")
        if _stamp(before) != _stamp(after):
            raise NotActed("changed while it was read")
        return Contents(data, after)

    def is_file(self) -> bool:
        with contextlib.suppress(OSError):
            return stat.S_ISREG(os.stat(self.name, dir_fd=self.folder, follow_symlinks=False).st_mode)
        return False

    def replace(self, data: bytes, read: Contents, backup: str | None) -> None:
        """Replace the file with `data`, atomically, keeping mode, owner and group; first, with a
        backup suffix, write the bytes read to FILE+SUFFIX (never over an existing file)."""
        if read.info.st_nlink > 1:
            raise NotActed(f"has {read.info.st_nlink} hard links (a new file would part them)")
        sweep(self.folder)
        saved = self.name + backup if backup else None
        if saved is not None:
            with registered(saved, self.folder):
                self._create(saved, read.data, read.info, f"its backup {saved} exists")
        temporary = f".dedupe-{secrets.token_hex(4)}.tmp"
        try:
            with registered(temporary, self.folder):
                self._create(temporary, data, read.info, "a temporary file of that name exists")
                try:
                    self._still(read)
                    os.rename(temporary, self.name, src_dir_fd=self.folder, dst_dir_fd=self.folder)
                except BaseException:
                    self._unlink(temporary)
                    raise
        except BaseException:
            if saved is not None:
                self._unlink(saved)  # the file stays as it was: its backup is not needed
            raise

    def delete(self, read: Contents, backup: str | None) -> None:
        """Delete the file if it is still the one read; with a backup suffix, rename it to
        FILE+SUFFIX instead (never over an existing file)."""
        self._still(read)
        if backup:
            try:
                os.link(self.name, self.name + backup, src_dir_fd=self.folder, dst_dir_fd=self.folder)
            except FileExistsError:
                raise NotActed(f"its backup {self.name + backup} exists") from None
        os.unlink(self.name, dir_fd=self.folder)

    def _still(self, read: Contents) -> None:
        """Raise unless the name still holds the file that was read, untouched since."""
        try:
            now = os.stat(self.name, dir_fd=self.folder, follow_symlinks=False)
        except FileNotFoundError:
            raise NotActed("vanished while dedupe worked on it") from None
        if _stamp(now) != _stamp(read.info):
            raise NotActed("changed while dedupe worked on it")

    def _create(self, name: str, data: bytes, like: os.stat_result, exists: str) -> None:
        """A new file `name` holding `data`, with the owner, group and mode of `like`, on disk."""
        try:
            descriptor = os.open(name, _CREATE, 0o600, dir_fd=self.folder)
        except FileExistsError:
            raise NotActed(exists) from None
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
                stream.flush()
                _own(descriptor, like)
                os.fsync(descriptor)
        except BaseException:
            self._unlink(name)
            raise

    def _unlink(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=self.folder)


def _own(descriptor: int, like: os.stat_result) -> None:
    """Give the new file the owner and group of the old, then its mode (a chown clears setgid)."""
    info = os.fstat(descriptor)
    if (info.st_uid, info.st_gid) != (like.st_uid, like.st_gid):
        try:
            os.fchown(descriptor, like.st_uid, like.st_gid)
        except PermissionError:
            raise NotActed(f"its owner and group ({like.st_uid}:{like.st_gid}) cannot be kept") from None
    os.fchmod(descriptor, stat.S_IMODE(like.st_mode))
