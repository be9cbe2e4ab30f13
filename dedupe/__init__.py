"""dedupe: find duplicate articles and repeated paragraphs in folders of text.

`scan(paths, settings)` returns a `Report`; `clean`, `fix` and `check` act on one; `explain`
says why two files would be grouped. Nothing here prints, exits or looks at a terminal:
presentation lives in the `dedupe_cli` package. docs/library.md has an example.
"""

from dedupe.errors import DedupeError, InputError, SettingsError
from dedupe.explain import explain
from dedupe.library import Cleaning, check, clean, fix
from dedupe.model import DuplicateGroup, Member, RepeatGroup, Report, Skipped
from dedupe.pipeline import scan
from dedupe.settings import Settings

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
