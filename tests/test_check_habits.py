"""`check` and `fix` as a hook user meets them: the text report names the file that has the
problem, and a run from a subfolder finds the same files, settings, baseline and cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ARTICLE, COPY, PARAPHRASE, RETOLD, check, git, git_repo, run, stage, write_tree


def test_the_text_report_is_one_line_per_problem_at_the_new_copy(repo: Path) -> None:
    """The committed original is never the file to fix: the line names the staged copy."""
    stage(repo, {"articles/bridge-copy.txt": ARTICLE, "new/repeat.txt": RETOLD})
    result = check("articles/bridge-copy.txt", "new/repeat.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "articles/bridge-copy.txt:1: duplicate-article duplicate of articles/bridge.txt "
        '(similarity 1.00, containment 1.00) "Harbour bridge to close for six weeks of repairs"',
        "new/repeat.txt:13: repeated-paragraph exact repeat of the paragraph at line 5 (similarity 1.00) "
        '"Inspectors raised the alarm in January, when they…"',
    ]
    assert "remove" not in result.stdout and "keep" not in result.stdout


def test_check_of_a_file_given_from_a_subfolder_finds_its_copy(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stage(repo, {"articles/notes.txt": COPY})
    monkeypatch.chdir(repo / "articles")
    result = check("notes.txt")
    assert result.exit_code == 1, result.stdout + result.stderr
    assert result.stdout.startswith("notes.txt:1: duplicate-article duplicate of bridge.txt ")
    assert "same file as" not in result.stderr
    for spelling in ("./notes.txt", str(repo / "articles" / "notes.txt"), "../articles/notes.txt"):
        assert check(spelling).exit_code == 1, spelling


@pytest.mark.parametrize("committed", ["link", "file", "file --assume-unchanged", "file --skip-worktree"])
def test_a_tracked_symlink_to_the_given_file_is_not_a_second_copy_of_it(repo: Path, committed: str) -> None:
    """`a-latest.txt` links to the staged file and sorts before it: kept as a second name, it
    would have the given file skipped as `same file as` it, and its repeat never reported. Git
    tells a committed link from a file; an uncommitted one (a tracked file replaced by a link)
    shows as changed in the work tree, and is resolved too, unless git is told not to look at it
    (assume-unchanged, skip-worktree): then it is resolved because of that flag."""
    link = repo / "a-latest.txt"
    if committed == "link":
        link.symlink_to("articles/notes.txt")
    else:
        write_tree(repo, {"a-latest.txt": "a placeholder, tracked as a file\n"})
    git(repo, "add", "a-latest.txt")
    git(repo, "commit", "-q", "-m", "latest")
    if committed != "link":
        if " " in committed:
            git(repo, "update-index", committed.split()[1], "a-latest.txt")
        link.unlink()
        link.symlink_to("articles/notes.txt")
    stage(repo, {"articles/notes.txt": RETOLD})
    result = check("articles/notes.txt")
    assert result.exit_code == 1, result.stdout + result.stderr
    assert result.stdout.startswith("articles/notes.txt:13: repeated-paragraph exact repeat ")
    assert "same file as" not in result.stderr


def test_settings_baseline_and_cache_are_found_above_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = git_repo(
        tmp_path / "repo",
        {"a/bridge.txt": ARTICLE, "b/bridge-copy.txt": ARTICLE, "a/drivers.txt": RETOLD, "b/sub/keep.txt": "x\n"},
    )
    monkeypatch.chdir(root)
    assert check("--write-baseline").exit_code == 0
    monkeypatch.chdir(root / "b" / "sub")
    accepted = check()
    assert (accepted.exit_code, accepted.stdout) == (0, "")  # the baseline at the root is found
    assert not (root / "b" / "sub" / ".dedupe-cache").exists() and (root / ".dedupe-cache").is_dir()
    write_tree(root, {".dedupe.toml": "similarty = 0.6\n"})
    bad = check()
    assert bad.exit_code == 2
    assert bad.stderr.startswith("dedupe: error: ../../.dedupe.toml: unknown key 'similarty' (known keys: ")
    write_tree(root, {".dedupe.toml": "exclude = ['a']\n", ".dedupe-baseline.json": ""})
    os.remove(root / ".dedupe-baseline.json")
    assert check().exit_code == 0  # `exclude` read from the root: a/ is left out, so no pair is left
    write_tree(root, {".dedupe.toml": "roots = ['a']\n"})
    stage(root, {"b/sub/copy.txt": ARTICLE})
    assert check("copy.txt").stdout.startswith("copy.txt:1: duplicate-article duplicate of ../../a/bridge.txt")


def test_fix_leaves_the_repeats_the_baseline_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = git_repo(tmp_path / "repo", {"notes/drivers.txt": RETOLD, "notes/other.txt": RETOLD.replace("bus", "tram")})
    monkeypatch.chdir(root)
    assert check("--write-baseline").exit_code == 0
    monkeypatch.chdir(root / "notes")
    result = run("fix", "drivers.txt")
    assert (result.exit_code, result.stdout) == (0, "")
    assert (root / "notes" / "drivers.txt").read_text() == RETOLD
    (root / "notes" / "new.txt").write_text(RETOLD.replace("bus", "train"))
    fixed = run("fix", "new.txt")
    assert fixed.exit_code == 1 and (root / "notes" / "new.txt").read_text() == PARAPHRASE.rstrip("\n").replace(
        "bus", "train"
    )


def test_files_from_stdin_and_a_nul_separated_list(repo: Path) -> None:
    stage(repo, {"new/copy.txt": COPY, "new/repeat.txt": RETOLD})
    from typer.testing import CliRunner

    from dedupe_cli.app import app

    runner = CliRunner()
    piped = runner.invoke(app, ["check", "-q", "-"], input="new/copy.txt\nnew/repeat.txt\n")
    assert piped.exit_code == 1
    assert [line.split(":")[0] for line in piped.stdout.splitlines()] == ["new/copy.txt", "new/repeat.txt"]
    (repo / "list").write_bytes(b"new/copy.txt\0")
    listed = runner.invoke(app, ["check", "-q", "--files-from", "list"])
    assert [line.split(":")[0] for line in listed.stdout.splitlines()] == ["new/copy.txt"]
    git(repo, "rm", "-q", "--cached", "new/copy.txt", "new/repeat.txt")
