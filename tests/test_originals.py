"""Originals (rmlint's `//` tagging): `dedupe scan|clean|check NEW... // ORIGINALS...`, the
`--original PATH` option and the `originals` key. A tagged file is never removed: a group that
holds one keeps one (chosen among them by --keep), and a group of originals only removes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ARTICLE, COPY, OTHER, check, git_repo, run, write_tree


def corpus(tmp_path: Path) -> Path:
    """`new/` holds a copy that the keep policies prefer: first by path, and the more complete
    one (it wraps the article in a reprint line); `orig/` holds the article and an unrelated one."""
    return write_tree(
        tmp_path / "c",
        {"a-new/bridge-reprint.txt": COPY, "orig/bridge.txt": ARTICLE, "orig/budget.txt": OTHER},
    )


def report(*args: str | Path) -> dict:  # type: ignore[type-arg]
    result = run("scan", *args, "--format", "json", "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def removed(data: dict) -> list[str]:  # type: ignore[type-arg]
    return sorted(
        m["path"]
        for g in data["duplicate_groups"]
        for m in g["members"]
        if m["path"] not in (g["keep"], *g.get("originals", []))
    )


@pytest.mark.parametrize("keep", ["complete", "first"])
def test_a_copy_before_the_marker_goes_and_the_original_after_it_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: str
) -> None:
    monkeypatch.chdir(corpus(tmp_path))
    untagged = report("a-new", "orig", "--keep", keep)
    assert untagged["duplicate_groups"][0]["keep"] == "a-new/bridge-reprint.txt"  # what the policy picks
    assert "originals" not in untagged["duplicate_groups"][0] and "originals" not in untagged["settings"]
    tagged = report("a-new", "//", "orig", "--keep", keep)
    (group,) = tagged["duplicate_groups"]
    assert group["keep"] == "orig/bridge.txt" and group["originals"] == ["orig/bridge.txt"]
    assert removed(tagged) == ["a-new/bridge-reprint.txt"] and tagged["files_removable"] == 1
    assert tagged["settings"]["originals"] == ["orig"]
    assert report("a-new", "orig", "--original", "orig", "--keep", keep) == tagged  # the option only tags
    text = run("scan", "a-new", "//", "orig", "--keep", keep, "--quiet", "--jobs", "1").stdout
    assert f"keep orig/bridge.txt ({keep}, an original)" in text
    assert any(
        line.startswith("  remove ") and line.endswith(" a-new/bridge-reprint.txt") for line in text.splitlines()
    )


def test_the_originals_are_chosen_by_the_policy_and_never_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two tagged copies and an untagged one: the keeper is the tagged one the policy prefers
    (first: `orig/a.txt`), the other tagged copy is listed as an original, only the untagged goes."""
    folder = write_tree(tmp_path / "c", {"a-new.txt": ARTICLE, "orig/b.txt": ARTICLE, "orig/a.txt": ARTICLE})
    monkeypatch.chdir(folder)
    for order in (["a-new.txt", "//", "orig"], ["a-new.txt", "//", "orig/b.txt", "orig/a.txt"]):
        data = report(*order, "--keep", "first")
        (group,) = data["duplicate_groups"]
        assert group["keep"] == "orig/a.txt" and group["originals"] == ["orig/a.txt", "orig/b.txt"]
        assert removed(data) == ["a-new.txt"]
    text = run("scan", "a-new.txt", "//", "orig", "--keep", "first", "-q", "-j", "1").stdout
    assert "  original      1.00         1.00  orig/b.txt" in text


def test_clean_never_removes_an_original(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    (folder / "orig" / "bridge-again.txt").write_text(ARTICLE, encoding="utf-8")  # a second original copy
    out = tmp_path / "out"
    done = run("clean", folder / "a-new", "//", folder / "orig", "--out", out, "-q", "-j", "1")
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["bridge-again.txt", "bridge.txt", "budget.txt"]
    done = run("clean", folder / "a-new", "//", folder / "orig", "--in-place", "--delete-duplicates", "-q", "-j", "1")
    assert done.exit_code == 0, done.stderr
    assert not (folder / "a-new" / "bridge-reprint.txt").exists()
    assert (folder / "orig" / "bridge.txt").read_text(encoding="utf-8") == ARTICLE
    assert (folder / "orig" / "bridge-again.txt").read_text(encoding="utf-8") == ARTICLE
    script = tmp_path / "rm.sh"
    assert run("clean", folder, "//", folder / "orig", "--script", script, "-q", "-j", "1").exit_code == 0
    assert "\nremove " not in script.read_text(encoding="utf-8")  # nothing left to remove but originals


def test_a_group_of_originals_only_is_reported_and_nothing_in_it_is_removed(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "c", {"orig/a.txt": ARTICLE, "orig/b.txt": ARTICLE, "orig/c.txt": OTHER})
    data = report("//", folder / "orig")
    (group,) = data["duplicate_groups"]
    assert len(group["members"]) == 2 and sorted(group["originals"]) == sorted(m["path"] for m in group["members"])
    assert data["files_removable"] == 0 and removed(data) == []
    done = run("clean", "//", folder / "orig", "--in-place", "--delete-duplicates", "-j", "1")
    assert done.exit_code == 0, done.stderr
    assert "deleted 0 duplicates" in done.stderr
    assert sorted(p.name for p in (folder / "orig").iterdir()) == ["a.txt", "b.txt", "c.txt"]
    out = tmp_path / "out"
    assert run("clean", "//", folder / "orig", "--out", out, "-q", "-j", "1").exit_code == 0
    assert sorted(p.name for p in out.rglob("*.txt")) == ["a.txt", "b.txt", "c.txt"]


def test_check_reports_the_untagged_copy_never_an_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus holds `aaa/bridge.txt` and `articles/bridge.txt`; --keep first would keep aaa's
    and flag the article. Tagged (`//`, or `originals` in pyproject.toml), the article stays."""
    root = git_repo(tmp_path / "repo", {"aaa/bridge.txt": ARTICLE, "articles/bridge.txt": ARTICLE})
    monkeypatch.chdir(root)
    assert check("--keep", "first").stdout.startswith("articles/bridge.txt:1: duplicate-article")
    tagged = check("--keep", "first", "//", "articles")
    assert tagged.exit_code == 1 and tagged.stdout.startswith("aaa/bridge.txt:1: duplicate-article")
    assert "articles/bridge.txt:" not in tagged.stdout
    (root / "pyproject.toml").write_text('[tool.dedupe]\noriginals = ["articles", "aaa"]\n', encoding="utf-8")
    both = check("--keep", "first")
    assert both.exit_code == 0, both.stdout  # a group of originals only: nothing to remove


def test_a_marker_without_originals_is_a_usage_error(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    for args in ([folder, "//"], [folder, "//", folder / "orig", "//", folder]):
        done = run("scan", *args, "-q")
        assert done.exit_code == 2 and done.stderr.startswith("dedupe: error: give the originals once")
