"""`dedupe fix`: repeated paragraphs cut out of the given files in place; files never deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ARTICLE, PARAPHRASE, RETOLD, git_repo, run, write_tree


def test_fix_cuts_repeats_in_place_and_exits_1_when_it_changed_a_file(tmp_path: Path) -> None:
    crlf = RETOLD.replace("\n", "\r\n").encode("cp1252")
    folder = write_tree(tmp_path, {"drivers.txt": RETOLD, "windows.txt": crlf, "clean.txt": PARAPHRASE})
    (folder / "drivers.txt").chmod(0o640)
    result = run("fix", folder / "drivers.txt", folder / "windows.txt", folder / "clean.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"Fixing {folder / 'drivers.txt'}: removed 1 repeated paragraph",
        f"Fixing {folder / 'windows.txt'}: removed 1 repeated paragraph",
    ]
    assert result.stderr == "dedupe: removed repeated paragraphs from 2 files\n"
    assert (folder / "drivers.txt").read_text() == PARAPHRASE.rstrip("\n")
    assert (folder / "windows.txt").read_bytes() == PARAPHRASE.rstrip("\n").replace("\n", "\r\n").encode("cp1252")
    assert (folder / "clean.txt").read_text() == PARAPHRASE
    assert (folder / "drivers.txt").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in folder.iterdir()) == ["clean.txt", "drivers.txt", "windows.txt"]  # no temp files
    again = run("fix", folder / "drivers.txt", folder / "windows.txt")
    assert (again.exit_code, again.stdout) == (0, "")


def test_fix_never_deletes_a_duplicate_file(tmp_path: Path) -> None:
    folder = write_tree(tmp_path, {"a.txt": ARTICLE, "b.txt": ARTICLE})
    result = run("fix", folder / "a.txt", folder / "b.txt")
    assert result.exit_code == 0
    assert (folder / "a.txt").read_text() == (folder / "b.txt").read_text() == ARTICLE


def test_fix_leaves_files_that_are_not_articles_and_says_so_when_none_is(tmp_path: Path) -> None:
    folder = write_tree(tmp_path, {"tool.py": RETOLD, "notes.txt": PARAPHRASE})
    alone = run("fix", folder / "tool.py")
    assert (alone.exit_code, alone.stderr) == (
        0,
        "dedupe: none of the given files is an article by the configured rules (.txt, .md, .markdown, .text, .rst)\n",
    )
    among = run("fix", folder / "tool.py", folder / "notes.txt")
    assert (among.exit_code, among.stderr) == (0, "")
    assert (folder / "tool.py").read_text() == RETOLD


def test_fix_walks_named_folders_and_without_files_fixes_the_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo(tmp_path / "repo", {"notes/sub/a.txt": RETOLD, "b.txt": RETOLD, "c.py": RETOLD})
    monkeypatch.chdir(repo)
    folder = run("fix", "notes")
    assert folder.exit_code == 1
    assert (repo / "notes" / "sub" / "a.txt").read_text() == PARAPHRASE.rstrip("\n")
    assert (repo / "b.txt").read_text() == RETOLD
    corpus = run("fix")
    assert (corpus.exit_code, corpus.stdout) == (1, "Fixing b.txt: removed 1 repeated paragraph\n")
    assert (repo / "b.txt").read_text() == PARAPHRASE.rstrip("\n")
    assert (repo / "c.py").read_text() == RETOLD


def test_fix_names_a_missing_path_and_takes_a_corpus(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "notes", {"a.txt": RETOLD})
    missing = run("fix", tmp_path / "notse")
    assert (missing.exit_code, missing.stderr) == (2, f"dedupe: error: no such file or folder: {tmp_path / 'notse'}\n")
    named = run("fix", "--corpus", folder)
    assert named.exit_code == 1 and (folder / "a.txt").read_text() == PARAPHRASE.rstrip("\n")
