"""dedupe's own temporary files and folders: removed on SIGINT/SIGTERM, and swept when stale.

Every temporary file (`.dedupe-XXXXXXXX.tmp`) and staging folder (`.dedupe-out-XXXXXXXX`) is
registered while it exists, so a signal handler can remove them before the process exits. SIGKILL
cannot be caught: what it leaves is removed by a later run that writes into the same folder, but
only entries with exactly these names, owned by this user, not symlinks, and untouched for
`STALE_SECONDS` (a live run's temporary files are seconds old).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator

STALE_SECONDS = 3600
_NAME = re.compile(r"\.dedupe-[a-z0-9_]{8}\.tmp|\.dedupe-out-[a-z0-9_]{8}")
_registered: dict[int, tuple[int | None, str]] = {}  # token: (folder descriptor or None, name or path)
_tokens = itertools.count()
_swept: set[tuple[int, int]] = set()


@contextlib.contextmanager
def registered(name: str, folder: int | None = None) -> Iterator[None]:
    """While inside, `name` (relative to the open `folder`, or a path) is removed on a signal."""
    token = next(_tokens)
    _registered[token] = (folder, name)
    try:
        yield
    finally:
        _registered.pop(token, None)


def remove_registered() -> None:
    """Remove every registered temporary file and folder (from a signal handler: never raises)."""
    for folder, name in list(_registered.values()):
        _remove(name, folder)
    _registered.clear()


def sweep(folder: str | int) -> None:
    """Remove stale leftovers of killed runs from `folder` (a path or an open descriptor), once per
    folder and process; a folder that cannot be listed is left as it is."""
    with contextlib.suppress(OSError):
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in _swept:
            return
        _swept.add((info.st_dev, info.st_ino))
        descriptor = folder if isinstance(folder, int) else os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for name in os.listdir(descriptor):
                if _NAME.fullmatch(name) and _stale(name, descriptor):
                    _remove(name, descriptor)
        finally:
            if descriptor is not folder:
                os.close(descriptor)


def _stale(name: str, folder: int) -> bool:
    info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    ours = info.st_uid == os.geteuid() and (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode))
    return ours and time.time() - info.st_mtime > STALE_SECONDS


def _remove(name: str, folder: int | None) -> None:
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
            shutil.rmtree(name, dir_fd=folder)
        else:
            os.unlink(name, dir_fd=folder)
