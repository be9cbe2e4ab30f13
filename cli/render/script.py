"""A shell script that deletes what `clean --in-place --delete-duplicates` would, to be read
first and run later (rmlint's `rmlint.sh`).

Each copy is deleted only if it still has the size it had when scanned and its kept file is still
there, so a script run after the files changed deletes nothing it should not. Every path goes
through `shlex.quote`, and `rm --`, so no file name can become a command or an option. A copy
at a URL (`s3://…`) is named in a comment: `rm` cannot delete it.
"""

from __future__ import annotations

import os
import shlex

from dedupe import __version__
from dedupe.model import Report
from dedupe.urls import is_url

from .terminal import plural, size

_HEADER = """#!/bin/sh
# Written by dedupe {version}: deletes {copies} of {groups} ({saved}).
# Review it, then run it with: sh {name}
# A copy is deleted only while its kept file exists and the copy still has its scanned size.
set -u
cd -- {folder} || exit 2

remove() {{  # remove COPY KEPT SIZE
    if [ ! -f "$2" ]; then echo "dedupe: kept $1: its kept copy $2 is gone" >&2; return; fi
    if [ ! -f "$1" ] || [ "$(wc -c < "$1" | tr -d ' ')" != "$3" ]; then
        echo "dedupe: kept $1: it changed since the scan" >&2; return
    fi
    rm -- "$1" && echo "removed $1"
}}
"""


def render(report: Report, name: str = "this-script.sh") -> str:
    sizes = {f.path: f.size for f in report.files}
    local = [p for g in report.duplicate_groups for p in g.removable if not is_url(p)]
    lines = [
        _HEADER.format(
            version=__version__,
            copies=plural(len(local), "duplicate file"),
            groups=plural(len(report.duplicate_groups), "group"),
            saved=f"{size(sum(sizes[p] for p in local))}",
            name=name,
            folder=shlex.quote(os.getcwd()),
        )
    ]
    for number, group in enumerate(report.duplicate_groups, start=1):
        lines.append(f"# group {number}: keep {shlex.quote(group.keep)} ({group.policy})")
        lines += [
            f"# at a URL, not deleted by a shell script: {shlex.quote(p)}"
            if is_url(p)
            else f"remove {shlex.quote(p)} {shlex.quote(group.keep)} {sizes[p]}"
            for p in group.removable
        ]
    return "\n".join(lines) + "\n"
