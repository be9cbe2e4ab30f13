"""Where a repeat lies in a PDF or DOCX (page, paragraph), for the reports, and that it is not cut.

The reports add these keys only for files of a format, so a plain-text report is as it was. The
file is extracted again (once per report) rather than carried through the scan: only the few
format files with repeats pay for it.
"""

from __future__ import annotations

import os
from functools import lru_cache

from dedupe.formats.registry import Extracted, FormatError, format_for
from dedupe.model import RepeatGroup, Report
from dedupe.settings import Settings

NOT_CUT = "reported, not cut: the kept file is copied byte for byte"


def limit_of(report: Report) -> int:
    """The scan's `max_file_bytes`, which bounds extracting a file again."""
    limit = report.settings.get("max_file_bytes")
    return limit if isinstance(limit, int) else Settings().max_file_bytes


def where(group: RepeatGroup, limit: int) -> dict[str, object]:
    """JSON keys for a repeat in a format file: its pages or paragraphs and whether it is cut."""
    known = format_for(group.path)
    if known is None:
        return {}
    extracted = None if known.container else _extracted(group.path, limit)
    keys: dict[str, object] = {"cut": known.cut}
    if extracted is not None and extracted.places:
        keys["kept_place"] = extracted.place_of(group.kept_line)
        keys["removed_places"] = [extracted.place_of(line) for line in group.removed_lines]
    return keys


def note(group: RepeatGroup, limit: int) -> str:
    """A line for the text report: where the copies are, and that they stay ("" for text)."""
    keys = where(group, limit)
    if not keys or keys["cut"]:
        return ""
    places = keys.get("removed_places")
    at = f"{keys['kept_place']} kept, copies at {', '.join(map(str, places))}; " if isinstance(places, list) else ""
    return f"    {at}{NOT_CUT}"


def _extracted(path: str, limit: int) -> Extracted | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _cached(path, info.st_size, info.st_mtime_ns, limit)


@lru_cache(maxsize=16)
def _cached(path: str, size: int, mtime_ns: int, limit: int) -> Extracted | None:
    from dedupe.formats.documents import extract
    from dedupe.sources import read_regular

    try:
        return extract(path, read_regular(path, limit), Settings(max_file_bytes=limit))
    except (FormatError, OSError):
        return None
