"""dedupe: find duplicate articles and repeated paragraphs in folders of text.

The library is pure detection: `scan(paths, settings)` returns a `Report`; nothing here prints,
exits or looks at a terminal. Presentation lives in the `dedupe_cli` package.
"""

from dedupe.errors import DedupeError, InputError, SettingsError
from dedupe.model import DuplicateGroup, Member, RepeatGroup, Report, Skipped
from dedupe.scan import scan
from dedupe.settings import Settings

__all__ = [
    "DedupeError",
    "DuplicateGroup",
    "InputError",
    "Member",
    "RepeatGroup",
    "Report",
    "Settings",
    "SettingsError",
    "Skipped",
    "scan",
]
__version__ = "0.3.0"
