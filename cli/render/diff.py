"""What `clean --dry-run` prints: a unified diff per changed file, then the files left out."""

from __future__ import annotations

import difflib
import re

from dedupe.outputs import Cleaned

from .safe import visible

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _lines(text: str) -> list[str]:
    """Lines without their endings, control characters escaped so none reaches the terminal."""
    return [
        _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), line) for line in text.splitlines()
    ]


def render_file(fix: Cleaned) -> str:
    """The unified diff (a/PATH → b/PATH) of one file; nothing when it does not change."""
    if not fix.changed:
        return ""
    path = visible(fix.scanned.path)
    lines = difflib.unified_diff(
        _lines(fix.decoded.text), _lines(fix.cleaned_text()), f"a/{path}", f"b/{path}", n=1, lineterm=""
    )
    return "".join(line + "\n" for line in lines)


def render_removed(removed: list[str], verb: str) -> str:
    """One line per file that would be removed."""
    return "".join(f"{verb} {visible(path)}\n" for path in removed)
