"""Configuration: `[tool.dedupe]` in pyproject.toml, or the top level of `.dedupe.toml` for
repositories without a pyproject.toml.

The file is looked for in the current folder and then upward, as ruff and yamllint do, up to the
top of the git repository: a hook run from a subfolder reads the same settings as one run from
the top. The folder where it is found is the project root, where the baseline and the cache live
and against which `roots` and `originals` are read; without a file, the root is the repository's top (or the
current folder outside a repository).

Keys are the `Settings` fields plus `roots` (the corpus `check` compares against), `level`
(`error` fails a check, `warning` only reports), `respect-gitignore` and `min-size` (which files a
folder walk picks); dashes and underscores are both accepted. Every key is checked: an unknown key
or a bad value is a `SettingsError` naming the file and the key, never a silently ignored line.
Command-line options override the file.
"""

from __future__ import annotations

import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dedupe.errors import SettingsError
from dedupe.ignore import repository_top
from dedupe.problems import LEVELS, Level
from dedupe.settings import Settings
from dedupe.sources import Selection

PYPROJECT, DOTFILE = "pyproject.toml", ".dedupe.toml"
_EXTRA_KEYS = ("roots", "level", "respect-gitignore", "min-size")


@dataclass(frozen=True)
class Config:
    """What a configuration file says; `settings` holds keyword arguments for `Settings`.

    `root` is the project root (as a path from the current folder); `roots` are already read
    against it."""

    settings: dict[str, object] = field(default_factory=dict)
    roots: tuple[str, ...] = ()
    level: Level = "error"
    selection: dict[str, object] = field(default_factory=dict)
    root: str = "."

    def make_settings(self, overrides: Mapping[str, object] | None = None) -> Settings:
        """The file's settings, with `overrides` (options given on the command line) on top."""
        return Settings(**{**self.settings, **(overrides or {})})  # type: ignore[arg-type]

    def make_selection(self, overrides: Mapping[str, object] | None = None) -> Selection:
        """The file's choice of files, with `overrides` on top."""
        return Selection(**{**self.selection, **(overrides or {})})  # type: ignore[arg-type]


def load_config(path: str | os.PathLike[str] | None = None, folder: str = ".") -> Config:
    """The configuration in `path`, or else the first found from `folder` upward (none: the
    defaults, rooted at the repository's top)."""
    if path is not None:
        if not os.path.isfile(path):
            raise SettingsError(f"no such configuration file: {os.fspath(path)}")
        return _from_file(os.fspath(path))
    for where in _upward(folder):
        pyproject, dotfile = (_shown(os.path.join(where, name)) for name in (PYPROJECT, DOTFILE))
        table = _pyproject_table(pyproject) if os.path.isfile(pyproject) else None
        if table is not None:
            if os.path.isfile(dotfile):
                raise SettingsError(f"dedupe is configured in both {pyproject} and {dotfile}; keep one of them")
            return parse(table, f"{pyproject} [tool.dedupe]", _shown(where))
        if os.path.isfile(dotfile):
            return _from_file(dotfile)
    return Config(root=_shown(repository_top(folder) or folder))


def _upward(folder: str) -> list[str]:
    """`folder` and the folders above it, up to the top of its git repository (or to `/`)."""
    top = repository_top(folder)
    current, found = os.path.abspath(folder), []
    while True:
        found.append(current)
        parent = os.path.dirname(current)
        if current == top or parent == current:
            return found
        current = parent


def _shown(path: str) -> str:
    """A path as the user would write it from the current folder."""
    return os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)


def _from_file(path: str) -> Config:
    root = os.path.dirname(path) or "."
    if os.path.basename(path) == PYPROJECT:
        return parse(_pyproject_table(path) or {}, f"{path} [tool.dedupe]", root)
    return parse(_read(path), path, root)


def _pyproject_table(path: str) -> object | None:
    tool = _read(path).get("tool")
    return tool.get("dedupe") if isinstance(tool, dict) else None


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path} is not valid TOML: {error}") from None
    except OSError as error:
        raise SettingsError(f"cannot read {path}: {error.strerror or error}") from None


def parse(table: object, where: str, root: str = ".") -> Config:
    """A validated `Config` from a TOML table; `where` names it in error messages, `root` is the
    folder that holds it (relative `roots` are read from there)."""
    if not isinstance(table, dict):
        raise SettingsError(f"{where} must be a table of settings")
    hints = typing.get_type_hints(Settings)
    settings: dict[str, object] = {}
    selection: dict[str, object] = {}
    roots: tuple[str, ...] = ()
    level: Level = "error"
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key == "roots":
            roots = _paths(value, where, raw_key, root)
        elif key == "originals":
            settings[key] = _paths(value, where, raw_key, root)
        elif key == "respect_gitignore":
            selection["respect_ignore_files"] = _typed(value, bool, where, raw_key)
        elif key == "min_size":
            selection["min_size"] = _size(value, where, raw_key)
        elif key == "level":
            if value not in LEVELS:
                raise SettingsError(f"{where}: {raw_key} must be one of {', '.join(LEVELS)}, not {value!r}")
            level = value
        elif key in hints:
            settings[key] = _typed(value, hints[key], where, raw_key)
        else:
            known = ", ".join(k.replace("_", "-") for k in (*_EXTRA_KEYS, *Settings.field_names()))
            raise SettingsError(f"{where}: unknown key {raw_key!r} (known keys: {known})")
    try:
        Settings(**settings)  # type: ignore[arg-type]
    except SettingsError as error:
        raise SettingsError(f"{where}: {error}") from None
    return Config(settings, roots, level, selection, root)


def _size(value: object, where: str, key: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise SettingsError(f"{where}: {key} must be a whole number of bytes, not {value!r}")


def _typed(value: object, hint: object, where: str, key: str) -> object:
    """`value` as the type of the Settings field, or an error naming the key and the type."""
    if typing.get_origin(hint) is tuple:
        return _strings(value, where, key)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if typing.get_origin(hint) is typing.Literal and isinstance(value, str):
        return value
    if hint is bool and isinstance(value, bool):
        return value
    if hint is str and isinstance(value, str):  # jsonl-text, jsonl-id
        return value
    wanted = {float: "a number", int: "a whole number", bool: "true or false"}.get(hint, "a string")  # type: ignore[call-overload]
    raise SettingsError(f"{where}: {key} must be {wanted}, not {value!r}")


def _paths(value: object, where: str, key: str, root: str) -> tuple[str, ...]:
    """A list of paths, each read against the folder that holds the configuration."""
    return tuple(os.path.normpath(os.path.join(root, path)) for path in _strings(value, where, key))


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{where}: {key} must be a list of strings, not {value!r}")
    return tuple(value)
