"""What `clean --dry-run` prints: a unified diff per changed file and the files left out."""

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


def render(fixes: list[Cleaned], removed: list[str], verb: str) -> str:
    """Unified diffs (a/PATH → b/PATH) of the files that change, then one line per removed file."""
    out: list[str] = []
    for fix in fixes:
        if not fix.changed:
            continue
        path = visible(fix.scanned.path)
        out.extend(
            difflib.unified_diff(
                _lines(fix.decoded.text), _lines(fix.cleaned_text()), f"a/{path}", f"b/{path}", n=1, lineterm=""
            )
        )
    out.extend(f"{verb} {visible(path)}" for path in removed)
    return "".join(line + "\n" for line in out)
