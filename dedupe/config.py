"""Configuration read from the current folder: `[tool.dedupe]` in pyproject.toml, or the top level
of `.dedupe.toml` for repositories without a pyproject.toml.

Keys are the `Settings` fields plus `roots` (the corpus `check` compares against) and `level`
(`error` fails a check, `warning` only reports); dashes and underscores are both accepted. Every
key is checked: an unknown key or a bad value is a `SettingsError` naming the file and the key,
never a silently ignored line. Command-line options override the file.
"""

from __future__ import annotations

import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dedupe.errors import SettingsError
from dedupe.problems import LEVELS, Level
from dedupe.settings import Settings

PYPROJECT, DOTFILE = "pyproject.toml", ".dedupe.toml"
_EXTRA_KEYS = ("roots", "level")


@dataclass(frozen=True)
class Config:
    """What a configuration file says; `settings` holds keyword arguments for `Settings`."""

    settings: dict[str, object] = field(default_factory=dict)
    roots: tuple[str, ...] = ()
    level: Level = "error"

    def make_settings(self, overrides: Mapping[str, object] | None = None) -> Settings:
        """The file's settings, with `overrides` (options given on the command line) on top."""
        return Settings(**{**self.settings, **(overrides or {})})  # type: ignore[arg-type]


def load_config(path: str | os.PathLike[str] | None = None, folder: str = ".") -> Config:
    """The configuration in `path`, or else the one found in `folder` (none: the defaults)."""
    if path is not None:
        if not os.path.isfile(path):
            raise SettingsError(f"no such configuration file: {os.fspath(path)}")
        return _from_file(os.fspath(path))
    pyproject, dotfile = (os.path.normpath(os.path.join(folder, name)) for name in (PYPROJECT, DOTFILE))
    table = _pyproject_table(pyproject) if os.path.isfile(pyproject) else None
    if table is not None:
        if os.path.isfile(dotfile):
            raise SettingsError(f"dedupe is configured in both {pyproject} and {dotfile}; keep one of them")
        return parse(table, f"{pyproject} [tool.dedupe]")
    return _from_file(dotfile) if os.path.isfile(dotfile) else Config()


def _from_file(path: str) -> Config:
    if os.path.basename(path) == PYPROJECT:
        return parse(_pyproject_table(path) or {}, f"{path} [tool.dedupe]")
    return parse(_read(path), path)


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


def parse(table: object, where: str) -> Config:
    """A validated `Config` from a TOML table; `where` names it in error messages."""
    if not isinstance(table, dict):
        raise SettingsError(f"{where} must be a table of settings")
    hints = typing.get_type_hints(Settings)
    settings: dict[str, object] = {}
    roots: tuple[str, ...] = ()
    level: Level = "error"
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key == "roots":
            roots = _strings(value, where, raw_key)
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
    return Config(settings, roots, level)


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
    wanted = {float: "a number", int: "a whole number", bool: "true or false"}.get(hint, "a string")  # type: ignore[call-overload]
    raise SettingsError(f"{where}: {key} must be {wanted}, not {value!r}")


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{where}: {key} must be a list of strings, not {value!r}")
    return tuple(value)
