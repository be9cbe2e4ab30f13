"""Folder walks honour `.gitignore` and `.dedupeignore` (pathspec's git rules), with a way out;
globs keep `*` inside one folder; a folder that scans to nothing says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ARTICLE, RETOLD, check, git_repo, run, run_json, stage, write_tree
from dedupe.ignore import IgnoreRules
from dedupe.settings import Settings
from dedupe.sources import Selection, discover


def walked(root: Path, settings: Settings | None = None, selection: Selection | None = None) -> list[str]:
    return [f.relative for f in discover([str(root)], settings or Settings(), selection)[0]]


def test_a_build_copy_is_not_taken_for_the_original_of_a_note(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo", {".gitignore": "build/\n", "notes/x.txt": ARTICLE})
    write_tree(repo, {"build/x.txt": ARTICLE})
    report = run_json(repo)
    assert report["files_scanned"] == 1 and report["duplicate_groups"] == []
    everything = run_json(repo, "--no-respect-gitignore")
    [group] = everything["duplicate_groups"]  # the real note goes, as before: both are compared again
    assert sorted(m["path"] for m in group["members"]) == [str(repo / "build" / "x.txt"), str(repo / "notes" / "x.txt")]


ALL = ["a.txt", "keep.log.txt", "sub/c.md", "sub/deep/b.txt", "x.log.txt"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({".gitignore": "*.log.txt\n!keep.log.txt\n"}, ["a.txt", "keep.log.txt", "sub/c.md", "sub/deep/b.txt"]),
        ({"sub/.gitignore": "deep/\n"}, ["a.txt", "keep.log.txt", "sub/c.md", "x.log.txt"]),
        ({".gitignore": "/a.txt\n*.md\n", "sub/.gitignore": "!c.md\n"}, ALL[1:]),
        ({"sub/deep/.gitignore": "/a.txt\n"}, ALL),  # anchored to its own folder
        ({".dedupeignore": "*.md\n"}, ["a.txt", "keep.log.txt", "sub/deep/b.txt", "x.log.txt"]),
        ({".git/info/exclude": "sub\n"}, ["a.txt", "keep.log.txt", "x.log.txt"]),
    ],
)
def test_ignore_files_follow_git(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    root = write_tree(
        tmp_path / "t",
        {"a.txt": "a", "x.log.txt": "x", "keep.log.txt": "k", "sub/c.md": "c", "sub/deep/b.txt": "b", **files},
    )
    assert walked(root) == expected
    assert walked(root, selection=Selection(respect_ignore_files=False)) == ALL


def test_ignore_files_above_the_walked_folder_count_up_to_the_repository(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo", {".gitignore": "drafts/\n", "articles/a.txt": "a", "articles/drafts/d.txt": "d"})
    assert walked(repo / "articles") == ["a.txt"]
    write_tree(tmp_path, {".gitignore": "*.txt\n"})  # outside the repository: not read
    assert walked(repo / "articles") == ["a.txt"]
    assert IgnoreRules(str(repo)).ignored_path("articles/drafts/d.txt")


def test_dedupeignore_narrows_the_corpus_of_check(repo: Path) -> None:
    stage(repo, {"vendor/bridge.txt": ARTICLE, ".dedupeignore": "vendor/\n"})
    assert check("--format", "github").stdout == ""
    assert check("--format", "github", "--no-respect-gitignore").exit_code == 1


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("a/*.txt", ["a/x.txt"]),
        ("a/**/*.txt", ["a/b/c/x.txt", "a/x.txt"]),
        ("*.txt", ["a/b/c/x.txt", "a/x.txt", "top.txt"]),
    ],
)
def test_a_star_in_a_glob_stays_in_one_folder(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    root = write_tree(tmp_path / "t", {"a/x.txt": "x", "a/b/c/x.txt": "y", "top.txt": "t"})
    assert walked(root, Settings(include=(pattern,))) == expected


def test_a_folder_whose_files_have_no_extension_says_why_it_scans_to_nothing(tmp_path: Path) -> None:
    """`Apache-2.0` has no extension: `.0` is part of its version, not a kind of file."""
    root = write_tree(tmp_path / "licenses", {"GPL-3": ARTICLE, "MIT": RETOLD, "Apache-2.0": "a"})
    result = run("scan", root, "--quiet")
    assert result.exit_code == 0
    assert result.stderr == (
        "dedupe: warning: no file to compare: the filter (.txt .md .markdown .text .rst) leaves out "
        "3 without extension; compare them with --include '*' (or --ext EXT)\n"
    )
    assert run_json(root, "--include", "*")["files_scanned"] == 3
