"""What `clean --dry-run` prints: a unified diff per changed file, then the files left out.

The diff is made of the files' own bytes, line endings (CR LF) and encoding included, with git's
"\\ No newline at end of file" marker, so `git apply` and `patch -p1` take it as it is. Control
characters other than tab and line endings (an escape sequence in a file) are always shown
escaped, so none reaches a terminal; a patch of a file holding one does not apply (the CLI warns).
On a terminal a CR is escaped too.
"""

from __future__ import annotations

import difflib
import os
import re

from dedupe.sinks.outputs import Cleaned

from .safe import visible

_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TERMINAL_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
NO_NEWLINE = b"\\ No newline at end of file\n"


def has_controls(data: bytes) -> bool:
    """Whether the bytes hold control characters a patch of them would show escaped."""
    return _CONTROL.search(data) is not None


def _shown(line: bytes, terminal: bool) -> bytes:
    """A diff line with control characters escaped (a CR too, on a terminal); its LF kept."""
    body, ending = (line[:-1], b"\n") if line.endswith(b"\n") else (line, b"")
    pattern = _TERMINAL_CONTROL if terminal else _CONTROL
    return pattern.sub(lambda m: f"\\x{m.group()[0]:02x}".encode("ascii"), body) + ending


def _lines(data: bytes) -> list[bytes]:
    """Lines as git counts them: ended by LF only (a CR stays part of its line)."""
    parts = data.split(b"\n")
    return [part + b"\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def render_file(fix: Cleaned, terminal: bool = False) -> bytes:
    """The unified diff (a/PATH → b/PATH) of one file; nothing when it does not change."""
    if not fix.changed:
        return b""
    path = visible(os.path.normpath(fix.scanned.path)).encode("utf-8")  # git refuses `./x`
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        _lines(fix.original),
        _lines(fix.cleaned),
        b"a/" + path,
        b"b/" + path,
        n=1,
        lineterm=b"\n",
    )
    out = []
    for line in lines:
        if not line.endswith(b"\n"):  # the last line of a file without a final newline
            line += b"\n" + NO_NEWLINE
        out.append(_shown(line, terminal))
    return b"".join(out)


def render_removed(removed: list[str], verb: str) -> str:
    """One line per file that would be removed."""
    return "".join(f"{verb} {visible(path)}\n" for path in removed)
