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
from typing import Literal

from dedupe.sinks.outputs import Cleaned

from .safe import visible

_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TERMINAL_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
NO_NEWLINE = b"\\ No newline at end of file\n"
_Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]
_REPLACE: Literal["replace"] = "replace"


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


class _Matcher(difflib.SequenceMatcher):  # type: ignore[type-arg]
    """difflib's matcher of two files' lines, with a missing final newline not counted as a
    difference when lines are matched. A file cut to its first copy of a block it repeated to the
    end, with no final newline, ends as its last copy did: matched as written, the diff kept that
    copy and deleted the first, against the report. Of two equally long matches difflib takes the
    first, so the diff now removes what the report says; the last line is then set apart where
    only its newline differs (it is changed, not context)."""

    def __init__(self, a: list[bytes], b: list[bytes]) -> None:
        self.written = a, b
        super().__init__(None, _ended(a), _ended(b))

    def get_opcodes(self) -> list[_Opcode]:
        a, b = self.written
        codes: list[_Opcode] = []
        for tag, i1, i2, j1, j2 in super().get_opcodes():
            if tag == "equal" and a[i2 - 1] != b[j2 - 1]:  # the last lines, one without a newline
                if i2 - 1 > i1:
                    codes.append(("equal", i1, i2 - 1, j1, j2 - 1))
                i1, j1, tag = i2 - 1, j2 - 1, _REPLACE
            if tag != "equal" and codes and codes[-1][0] != "equal":  # one change, its lines together
                _, i1, _, j1, _ = codes.pop()
                tag = _REPLACE
            codes.append((tag, i1, i2, j1, j2))
        return codes


def _ended(lines: list[bytes]) -> list[bytes]:
    """The lines with the last one ended by a newline, as they are matched."""
    return [*lines[:-1], lines[-1] if lines[-1].endswith(b"\n") else lines[-1] + b"\n"] if lines else lines


def render_file(fix: Cleaned, terminal: bool = False) -> bytes:
    """The unified diff (a/PATH → b/PATH) of one file; nothing when it does not change."""
    if not fix.changed:
        return b""
    path = visible(os.path.normpath(fix.scanned.path)).encode("utf-8")  # git refuses `./x`
    a, b = _lines(fix.original), _lines(fix.cleaned)
    out = [b"--- a/" + path + b"\n", b"+++ b/" + path + b"\n"]
    for group in _Matcher(a, b).get_grouped_opcodes(1):
        first, last = group[0], group[-1]
        out.append(b"@@ -%s +%s @@\n" % (_range(first[1], last[2]), _range(first[3], last[4])))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += (b" " + line for line in a[i1:i2])
                continue
            out += (b"-" + line for line in a[i1:i2])
            out += (b"+" + line for line in b[j1:j2])
    return b"".join(_shown(line if line.endswith(b"\n") else line + b"\n" + NO_NEWLINE, terminal) for line in out)


def _range(start: int, stop: int) -> bytes:
    """A hunk's line range as unified diffs write it: `start,count`, `start` for one line, the
    line before for none."""
    count = stop - start
    if count == 1:
        return b"%d" % (start + 1)
    return b"%d,%d" % (start + 1 if count else start, count)


def render_removed(removed: list[str], verb: str) -> str:
    """One line per file that would be removed."""
    return "".join(f"{verb} {visible(path)}\n" for path in removed)
