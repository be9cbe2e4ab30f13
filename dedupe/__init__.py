"""dedupe: find duplicate articles and repeated paragraphs in folders of text.

`scan(paths, settings)` returns a `Report`; `clean`, `fix` and `check` act on one; `explain`
says why two files would be grouped. Nothing here prints, exits or looks at a terminal:
presentation lives in the `dedupe_cli` package. docs/library.md has an example.

The names below are imported on first use (PEP 562): `import dedupe.model` or `dedupe.settings`
then costs those modules alone, not numpy and the whole pipeline (a quarter of a second).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dedupe.errors import DedupeError, InputError, SettingsError
    from dedupe.explain import explain
    from dedupe.library import Cleaning, check, clean, fix
    from dedupe.model import DuplicateGroup, Member, RepeatGroup, Report, Skipped
    from dedupe.pipeline import scan
    from dedupe.settings import Settings

_HOMES = {
    "Cleaning": "dedupe.library",
    "DedupeError": "dedupe.errors",
    "DuplicateGroup": "dedupe.model",
    "InputError": "dedupe.errors",
    "Member": "dedupe.model",
    "RepeatGroup": "dedupe.model",
    "Report": "dedupe.model",
    "Settings": "dedupe.settings",
    "SettingsError": "dedupe.errors",
    "Skipped": "dedupe.model",
    "check": "dedupe.library",
    "clean": "dedupe.library",
    "explain": "dedupe.explain",
    "fix": "dedupe.library",
    "scan": "dedupe.pipeline",
}
__all__ = [
    "Cleaning",
    "DedupeError",
    "DuplicateGroup",
    "InputError",
    "Member",
    "RepeatGroup",
    "Report",
    "Settings",
    "SettingsError",
    "Skipped",
    "check",
    "clean",
    "explain",
    "fix",
    "scan",
]
__version__ = "0.3.0"


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'dedupe' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


class _Package(types.ModuleType):
    """The package, whose `explain` is the function even after `dedupe.explain`, the module of the
    same name, is imported (the import system then sets the package's attribute to the module)."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
