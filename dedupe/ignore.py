"""Ignore files, read as git reads them: `.gitignore`, `.git/info/exclude` and `.dedupeignore`.

A folder walk leaves out what they ignore, so a build output or a vendored copy is not taken for
the original of a real note. Each file's patterns apply to the paths below its folder; a deeper
file overrides a shallower one and a later line an earlier one (`!pattern` takes a path back).
The files of the folders above a walked folder count too, up to the top of its git repository.
Matching is pathspec's `GitIgnoreSpec` (git's own wildmatch rules), not a home-made glob.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

GIT_IGNORE_FILES = (".gitignore", ".dedupeignore")
DEDUPE_IGNORE_FILES = (".dedupeignore",)  # for tracked files: git already applied .gitignore


def repository_top(folder: str) -> str | None:
    """The nearest folder at or above `folder` that holds `.git` (a folder, or a worktree's file)."""
    current = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


class IgnoreRules:
    """The ignore files that apply below `root`, read once per folder."""

    def __init__(self, root: str, names: Sequence[str] = GIT_IGNORE_FILES) -> None:
        root = os.path.abspath(root)
        self._top = repository_top(root) or root
        below = os.path.relpath(root, self._top).replace(os.sep, "/")
        self._below = "" if below == "." else below + "/"
        self._names = tuple(names)
        self._folders: dict[str, bool] = {}
        self._chains: dict[str, tuple[tuple[str, pathspec.GitIgnoreSpec], ...]] = {}

    def ignored(self, relative: str, is_dir: bool) -> bool:
        """Whether `relative` (a `/`-separated path below the root) is ignored by the rules of
        the folders that hold it. Its parent folders are not looked at: a walk has already."""
        path = self._below + relative
        verdict = False
        for folder, spec in self._specs_above(path.rpartition("/")[0]):
            inside = path[len(folder) + 1 :] if folder else path
            result = spec.check_file(inside + "/" if is_dir else inside)
            if result.include is not None:
                verdict = result.include
        return verdict

    def _specs_above(self, folder: str) -> tuple[tuple[str, pathspec.GitIgnoreSpec], ...]:
        """The (folder, patterns) of `folder` and the folders above it that have ignore files, the
        top first: worked out once per folder, so a path under folders with none costs nothing."""
        missing = []  # this folder and those above it not worked out yet, deepest first
        while folder not in self._chains:
            missing.append(folder)
            if not folder:
                break
            folder = folder.rpartition("/")[0]
        chain = self._chains.get(folder, ())
        for below in reversed(missing):
            spec = self._folder_spec(below)
            chain = chain if spec is None else (*chain, (below, spec))
            self._chains[below] = chain
        return chain

    def rules_in(self, folder: str) -> bool:
        """Whether any ignore file's patterns apply to the files directly in `folder` (below the root)."""
        return bool(self._specs_above(self._below + folder if folder else self._below.rstrip("/")))

    def ignored_path(self, relative: str) -> bool:
        """`ignored` for a path not reached by a walk: each folder on the way is checked too."""
        folder, _, _ = relative.rpartition("/")
        return (bool(folder) and self.folder_ignored(folder)) or self.ignored(relative, False)

    def folder_ignored(self, folder: str) -> bool:
        """Whether `folder` or one above it is ignored, worked out once per folder (a list of
        20,000 tracked files has a few hundred)."""
        if folder not in self._folders:
            parent, _, _ = folder.rpartition("/")
            self._folders[folder] = (bool(parent) and self.folder_ignored(parent)) or self.ignored(folder, True)
        return self._folders[folder]

    def _folder_spec(self, folder: str) -> pathspec.GitIgnoreSpec | None:
        """The patterns of `folder`'s ignore files (and, at the top, `.git/info/exclude`)."""
        where = os.path.join(self._top, *folder.split("/")) if folder else self._top
        files = [os.path.join(where, name) for name in self._names]
        if not folder and ".gitignore" in self._names:
            files.insert(0, os.path.join(where, ".git", "info", "exclude"))
        lines = [line for file in files for line in _lines(file)]
        if not lines:
            return None
        import pathspec  # imported once a folder has rules: a hook's run mostly meets none

        return pathspec.GitIgnoreSpec.from_lines(lines)


def _lines(path: str) -> list[str]:
    """The lines of an ignore file; none when it is missing or unreadable (as git does)."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            return handle.read().splitlines()
    except OSError:
        return []
