"""The baseline: adopting dedupe in a repository that already has duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ARTICLE, FRESH, OTHER, PARAPHRASE, RETOLD, check, git_repo, run, stage, write_tree

BASELINE = ".dedupe-baseline.json"


@pytest.fixture
def adopted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a duplicate pair and a repeated paragraph, and their baseline written."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = git_repo(
        tmp_path / "repo",
        {
            "a/bridge.txt": ARTICLE,
            "b/bridge-copy.txt": ARTICLE,
            "budget.txt": OTHER,
            "drivers.txt": RETOLD,
        },
    )
    monkeypatch.chdir(root)
    assert check().exit_code == 1
    written = check("--write-baseline")
    assert (written.exit_code, written.stdout) == (0, "")
    assert written.stderr == f"dedupe: recorded 2 problems in {BASELINE}\n"
    return root


def test_the_baseline_is_sorted_content_keyed_json(adopted: Path) -> None:
    data = json.loads((adopted / BASELINE).read_text())
    assert data["version"] == 1
    assert [(p["rule"], p["path"], p["copy_of"]) for p in data["problems"]] == [
        ("duplicate-article", "b/bridge-copy.txt", "a/bridge.txt"),
        ("repeated-paragraph", "drivers.txt", "drivers.txt"),
    ]
    assert all("line" not in p for p in data["problems"])
    before = (adopted / BASELINE).read_bytes()
    assert check("--write-baseline").exit_code == 0
    assert (adopted / BASELINE).read_bytes() == before  # the same problems give the same bytes


def test_accepted_problems_pass_and_survive_edits_elsewhere(adopted: Path) -> None:
    assert check().exit_code == 0
    (adopted / "drivers.txt").write_text("Updated on Friday: the closure starts a week later.\n\n" + RETOLD)
    assert check().exit_code == 0  # the repeat moved two lines down; it is still the accepted one
    assert check("drivers.txt").exit_code == 0
    assert check("a/bridge.txt").exit_code == 0  # reported from the other side, still the accepted pair


def test_new_problems_fail_and_only_they_are_reported(adopted: Path) -> None:
    extra = PARAPHRASE.split("\n\n")[3]
    (adopted / "drivers.txt").write_text(RETOLD + "\n\n" + extra)
    stage(adopted, {"c/third-copy.txt": ARTICLE, "fresh.txt": FRESH})
    result = check("--format", "github")
    assert result.exit_code == 1
    places = [line.split("::")[1] for line in result.stdout.splitlines()]
    assert places == [
        "error file=c/third-copy.txt,line=1,title=dedupe duplicate-article",
        "error file=drivers.txt,line=15,title=dedupe repeated-paragraph",
    ]


def test_a_broken_baseline_is_an_error_not_an_empty_one(adopted: Path) -> None:
    write_tree(adopted, {BASELINE: '{"version": 1, "problems": [{"rule": "typo"}]}'})
    result = check()
    assert result.exit_code == 2
    assert result.stderr.startswith(f"dedupe: error: {BASELINE} is not a dedupe baseline: entry ")
    write_tree(adopted, {BASELINE: "not json"})
    assert check().stderr.startswith(f"dedupe: error: {BASELINE} is not a dedupe baseline (Expecting value")


def test_write_baseline_records_the_whole_corpus_only(adopted: Path) -> None:
    before = (adopted / BASELINE).read_bytes()
    result = check("--write-baseline", "drivers.txt")
    assert result.exit_code == 2
    assert "give no file names" in result.stderr
    assert (adopted / BASELINE).read_bytes() == before


def test_a_named_baseline_that_is_missing_is_an_error_and_fix_changes_nothing(adopted: Path) -> None:
    """`--baseline typo.json` used to be read as no baseline: check failed on every accepted
    problem, and fix cut the repeats the real baseline accepts."""
    for command in (["check"], ["fix", "drivers.txt"]):
        result = run(*command, "--baseline", "dedupe-baseline.json")
        assert result.exit_code == 2, (command, result.stdout)
        assert result.stderr == (
            "dedupe: error: no baseline at dedupe-baseline.json; "
            "record one with dedupe check --write-baseline --baseline dedupe-baseline.json\n"
        )
    assert (adopted / "drivers.txt").read_text() == RETOLD
    assert run("check", "--baseline", BASELINE).exit_code == 0
