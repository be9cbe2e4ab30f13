"""The corpus `check` compares files against: what the user named, the configured roots, or else
every tracked text file of the git repository of the current folder.

Tracked files are filtered as a folder walk would filter them (extensions, include and exclude
globs, hidden files, `.dedupeignore`; `.gitignore` has no say over tracked files), matching on
their path in the repository. They are named as paths from the current folder, so a file given
from a subfolder (`notes.txt`) and the same tracked file are one path, not two names of one file.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dedupe.errors import InputError
from dedupe.ignore import DEDUPE_IGNORE_FILES, IgnoreRules
from dedupe.settings import Settings
from dedupe.sources import PathFilter, Selection
from dedupe.urls import is_url

# an entry of `git ls-files -z --stage -v`: tag, mode, object, stage, a tab, the path; the mode is
# captured only for a cached (H) regular file
_STAGED = re.compile(r"(?:H (100644|100755) )?[^\t\0]*\t([^\0]*)\0")


@dataclass(frozen=True)
class Corpus:
    """The corpus's paths, and those of them known to be regular files in the work tree (git's
    index says so, and the file is unchanged there): naming a given file as the corpus does
    needs no `lstat` of those."""

    paths: list[str]
    regular: frozenset[str] = frozenset()


def corpus_paths(
    named: Sequence[str], roots: Sequence[str], settings: Settings, selection: Selection | None = None
) -> Corpus:
    """`named` (--corpus), else the configured `roots`, else the tracked files of the repository."""
    if named or roots:
        return Corpus([os.path.normpath(path) for path in named or roots])
    return tracked_files(settings, selection=selection)


def as_walked(given: list[str], folders: list[str]) -> list[str]:
    """Each given file under the name a scan keeps for it: a corpus folder that holds it walks to
    another name of it (`./new/copy.txt`, `../new/copy.txt` for `new/copy.txt`), and of two names
    of one file the scan keeps the first in sorted order and skips the other, which would leave
    the given file unchecked."""

    def kept(path: str) -> str:
        if is_url(path):
            return path
        folder, name = os.path.split(os.path.abspath(path))
        # the file under its own name, and what a link names: the walk finds either
        reals = {os.path.join(os.path.realpath(folder), name), os.path.realpath(path)}
        names = [path]
        for top, real in itertools.product(folders, sorted(reals)):
            inside = os.path.relpath(real, os.path.realpath(top))
            if inside != os.pardir and not inside.startswith(os.pardir + os.sep):
                names.append(os.path.join(top, inside))
        return min(names)

    return [kept(path) for path in given]


def tracked_files(settings: Settings, folder: str = ".", selection: Selection | None = None) -> Corpus:
    """The repository's tracked text files (less those deleted from the work tree), as paths from
    `folder`, sorted."""
    top = _git(folder, "rev-parse", "--show-toplevel").rstrip("\n")
    # git lists a file it is told not to look at (assume-unchanged, skip-worktree: tags other
    # than H) as unchanged, even when a link has taken its place: such a file is not known as
    # regular. An unmerged file is listed once per stage: its last entry counts.
    regular_mode = {path: bool(mode) for mode, path in _STAGED.findall(_git(top, "ls-files", "-z", "--stage", "-v"))}
    changes = [entry.split(" ", 1) for entry in _listed(top, "-t", "--deleted", "--modified")]
    deleted = {path for tag, path in changes if tag == "R"}  # a deleted file is listed as changed (C) too
    changed = {path for tag, path in changes if tag == "C"}
    ignore = IgnoreRules(top, DEDUPE_IGNORE_FILES) if (selection or Selection()).respect_ignore_files else None
    chosen = PathFilter(settings, ignore)
    named = _from_folder(top, folder)
    paths, regular = [], []
    for relative in sorted(regular_mode.keys() - deleted if deleted else regular_mode):
        if chosen(relative):
            paths.append(named(relative))
            if regular_mode[relative] and relative not in changed:
                regular.append(paths[-1])
    return Corpus(paths, frozenset(regular))


def _listed(top: str, *options: str) -> list[str]:
    return [entry for entry in _git(top, "ls-files", "-z", *options).split("\0") if entry]


def _from_folder(top: str, folder: str) -> Callable[[str], str]:
    """A function naming a path below `top` (as git lists it) as a path from `folder`, without
    `os.path.relpath`'s two `abspath`s per file (a third of a hook's time at 20,000 files)."""
    below = os.path.relpath(folder, top)
    if below == ".":
        return lambda relative: relative
    inside = "" if below.startswith("..") else below.replace(os.sep, "/") + "/"

    def named(relative: str) -> str:
        if inside and relative.startswith(inside):
            return relative[len(inside) :]
        return os.path.relpath(os.path.join(top, relative), folder)

    return named


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
