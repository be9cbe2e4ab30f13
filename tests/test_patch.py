"""`clean --in-place --dry-run` prints a patch that git and patch(1) apply as it is: CR LF
endings, a missing final newline and a legacy encoding survive the trip."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import PARAPHRASE, RETOLD, git, run, write_tree
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
