"""`clean --in-place --dry-run` prints a patch that git and patch(1) apply as it is: CR LF
endings, a missing final newline and a legacy encoding survive the trip."""

from __future__ import annotations

import difflib
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PARAPHRASE, RETOLD, git, run, write_tree
from dedupe.decode import Decoded
from dedupe.model import ScannedFile
from dedupe.sinks.outputs import Cleaned
from dedupe_cli.render import diff

FILES: dict[str, str | bytes] = {
    "crlf.txt": RETOLD.replace("\n", "\r\n").encode("utf-8"),
    "no-final-newline.txt": RETOLD.rstrip("\n"),
    "cp1252.txt": RETOLD.replace("council", "councîl").encode("cp1252"),
}


@pytest.mark.parametrize("tool", ["git", "patch"])
def test_the_dry_run_is_a_patch_that_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str) -> None:
    folder = write_tree(tmp_path / "notes", FILES)
    monkeypatch.chdir(folder)
    result = run("clean", ".", "--in-place", "--dry-run", "-q")
    assert result.exit_code == 0
    patch = result.stdout_bytes
    assert b"\r\n" in patch and b"\n\\ No newline at end of file\n" in patch
    (tmp_path / "cuts.patch").write_bytes(patch)
    if tool == "git":
        git(folder, "init", "-q")
        applied = subprocess.run(["git", "apply", "--check", str(tmp_path / "cuts.patch")], cwd=folder)
        assert applied.returncode == 0
        subprocess.run(["git", "apply", str(tmp_path / "cuts.patch")], cwd=folder, check=True)
    else:
        subprocess.run(["patch", "-s", "-p1", "-i", str(tmp_path / "cuts.patch")], cwd=folder, check=True)
    cleaned = PARAPHRASE.rstrip("\n")
    assert (folder / "crlf.txt").read_bytes() == cleaned.replace("\n", "\r\n").encode("utf-8")
    assert (folder / "no-final-newline.txt").read_text() == cleaned
    assert (folder / "cp1252.txt").read_bytes() == cleaned.replace("council", "councîl").encode("cp1252")
    assert run("clean", ".", "--in-place", "--dry-run", "-q").stdout == ""  # nothing left to cut


def test_on_a_terminal_control_characters_and_cr_are_escaped() -> None:
    assert diff._shown(b"-a \x1b[2Jline\r\n", terminal=True) == b"-a \\x1b[2Jline\\x0d\n"
    assert diff._shown(b"-a \x1b[2Jline\r\n", terminal=False) == b"-a \\x1b[2Jline\r\n"


def test_a_block_repeated_to_the_end_of_a_file_without_a_final_newline_is_cut_where_the_report_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004 (15 lines pasted 8 times, no final newline) is cleaned to lines 1-15 (the report:
    'lines 1–15 kept'). Cut so, it ends as its last copy did, and a diff of it as written kept
    that copy and deleted lines 1-105; the patch now keeps lines 1-14 as they are, removes the
    copies, and writes line 15 without its newline."""
    seed = Path(__file__).parents[1] / "samples" / "004_93517e45620c80a7.txt"
    folder = write_tree(tmp_path / "seed", {"004.txt": seed.read_bytes()})
    monkeypatch.chdir(folder)
    patch = run("clean", ".", "--in-place", "--dry-run", "-q").stdout_bytes
    hunks = [line for line in patch.splitlines() if line.startswith(b"@@")]
    assert hunks == [b"@@ -14,107 +14,2 @@"]
    (tmp_path / "cut.patch").write_bytes(patch)
    git(folder, "init", "-q")
    subprocess.run(["git", "apply", str(tmp_path / "cut.patch")], cwd=folder, check=True)
    lines = seed.read_bytes().split(b"\n")
    assert (folder / "004.txt").read_bytes() == b"\n".join(lines[:15])


_LINES = st.lists(st.sampled_from([b"a\n", b"b\n", b"c\n", b"\n"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_LINES, _LINES, st.sampled_from([b"", b"z", b"a"]), st.sampled_from([b"", b"z", b"a"]))
def test_the_patch_is_difflibs_unless_a_last_line_lacks_its_newline(
    original: list[bytes], cleaned: list[bytes], original_end: bytes, cleaned_end: bytes
) -> None:
    """Files that end with a newline get difflib's own unified diff; one whose last line has no
    newline gets a patch that still turns the original into the cleaned bytes."""
    old, new = b"".join(original) + original_end, b"".join(cleaned) + cleaned_end
    scanned = ScannedFile("f.txt", "f.txt", len(old), "0" * 32, 0.0)
    patch = diff.render_file(Cleaned(scanned, old, new, Decoded(old.decode(), "utf-8", b"")))
    if old == new:
        assert patch == b""
        return
    if not original_end and not cleaned_end:
        lines = difflib.diff_bytes(
            difflib.unified_diff, diff._lines(old), diff._lines(new), b"a/f.txt", b"b/f.txt", n=1
        )
        assert patch == b"".join(lines)
    assert _applied(old, patch) == new


def _applied(old: bytes, patch: bytes) -> bytes:
    """`old` after patch(1) applied `patch` to it."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "f.txt").write_bytes(old)
        subprocess.run(["patch", "-s", "-p1"], input=patch, cwd=folder, check=True, capture_output=True)
        return Path(folder, "f.txt").read_bytes()
