"""The corpus `check` compares files against: what the user named, the configured roots, or else
every tracked text file of the git repository of the current folder.

Tracked files are filtered as a folder walk would filter them (extensions, include and exclude
globs, hidden files), matching on their path in the repository.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence

from dedupe.errors import InputError
from dedupe.settings import Settings
from dedupe.sources import selected


def corpus_paths(named: Sequence[str], roots: Sequence[str], settings: Settings) -> list[str]:
    """`named` (--corpus), else the configured `roots`, else the tracked files of the repository."""
    if named or roots:
        return [os.path.normpath(path) for path in named or roots]
    return tracked_files(settings)


def tracked_files(settings: Settings, folder: str = ".") -> list[str]:
    """The repository's tracked text files (less those deleted from the work tree), as paths from
    `folder`, sorted."""
    top = _git(folder, "rev-parse", "--show-toplevel").rstrip("\n")
    tracked = set(_git(top, "ls-files", "-z", "--cached").split("\0"))
    deleted = set(_git(top, "ls-files", "-z", "--deleted").split("\0"))
    prefix = os.path.relpath(top, folder)
    return [
        relative if prefix == "." else os.path.join(prefix, relative)
        for relative in sorted(tracked - deleted - {""})
        if selected(relative, settings)
    ]


def _git(folder: str, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", folder, *args], capture_output=True, check=True)
    except FileNotFoundError:
        raise InputError(
            "git is not installed: name the corpus with --corpus or set roots in the configuration"
        ) from None
    except subprocess.CalledProcessError:
        raise InputError(
            f"{os.path.abspath(folder)} is not in a git repository: name the corpus with --corpus "
            "or set roots in the configuration"
        ) from None
    return os.fsdecode(done.stdout)
