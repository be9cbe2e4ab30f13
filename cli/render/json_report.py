"""The JSON report: a contract used by other tools (docs/json-report.md).

Keys may be added in later versions; existing keys keep their meaning.
"""

from __future__ import annotations

import json

from dedupe.formats.places import limit_of, where
from dedupe.model import Report

_PLAIN_ENCODINGS = ("utf-8",)  # most files: not listed


def _score(value: float) -> float:
    return round(value, 4)


def as_data(report: Report) -> dict[str, object]:
    tagged = "originals" in report.settings  # each group lists its originals when some were given
    return {
        "version": report.version,
        "settings": report.settings,
        "files_scanned": report.files_scanned,
        "files_skipped": len(report.skipped),
        "files_removable": report.files_removable,
        "paragraphs_removable": report.paragraphs_removable,
        "bytes_saved": report.bytes_saved,
        "skipped": [{"path": s.path, "reason": s.reason, "error": s.error} for s in report.skipped],
        "duplicate_groups": [
            {
                "keep": group.keep,
                "policy": group.policy,
                "members": [
                    {"path": m.path, "similarity": _score(m.similarity), "containment": _score(m.containment)}
                    for m in group.members
                ],
                **({"originals": list(group.originals)} if tagged else {}),
            }
            for group in report.duplicate_groups
        ],
        "repeated_paragraphs": [
            {
                "path": group.path,
                "kind": group.kind,
                "kept_line": group.kept_line,
                "removed_lines": list(group.removed_lines),
                "similarity": _score(group.similarity),
                **where(group, limit_of(report)),  # in a PDF or DOCX: pages or paragraphs, not cut
            }
            for group in report.repeated_paragraphs
        ],
        "pairs": [
            {"a": p.a, "b": p.b, "similarity": _score(p.similarity), "containment": _score(p.containment)}
            for p in report.scored_pairs
            if p.duplicate
        ],
        "encodings": [
            {"path": f.path, "encoding": f.encoding} for f in report.files if f.encoding not in _PLAIN_ENCODINGS
        ],
        "similar_but_kept": {
            "files": [
                {
                    "path": h.path,
                    "keep": h.keep,
                    "similarity": _score(h.similarity),
                    "containment": _score(h.containment),
                    "reason": h.reason,
                }
                for h in report.held_pairs
            ],
            "paragraphs": [
                {
                    "path": h.path,
                    "line": h.line,
                    "kept_line": h.kept_line,
                    "kind": h.kind,
                    "similarity": _score(h.similarity),
                    "reason": h.reason,
                }
                for h in report.held_repeats
            ],
        },
    }


def render(report: Report) -> str:
    return json.dumps(as_data(report), indent=2) + "\n"
