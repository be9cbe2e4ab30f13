"""The library's workflows on real folders: clean, fix and check as calls, no CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

import dedupe
from conftest import ARTICLE, CLEANED, OTHER, REPEATED, write_tree


def test_clean_writes_one_file_per_group(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": ARTICLE, "c.txt": OTHER})
    done = dedupe.clean([str(root)], str(tmp_path / "out"))
    assert (done.written, done.failed) == (2, [])
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.txt")) == ["a.txt", "c.txt"]


def test_clean_refuses_an_output_inside_the_input_in_its_own_words(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    with pytest.raises(dedupe.InputError, match="must not be inside the input"):
        dedupe.clean([str(root)], str(root / "out"))


def test_fix_cuts_repeats_and_check_finds_the_copy(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "in", {"r.txt": REPEATED, "a.txt": ARTICLE, "b.txt": ARTICLE})
    assert dedupe.fix([str(root / "r.txt")]).fixed == [str(root / "r.txt")]
    assert (root / "r.txt").read_text() == CLEANED  # the repeat is gone, every other byte kept
    assert [p.rule for p in dedupe.check([str(root / "b.txt")], [str(root)])] == ["duplicate-article"]


@pytest.mark.parametrize("corpus", [".", "./", "a"])
def test_check_finds_the_copy_of_a_file_given_inside_the_corpus_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: str
) -> None:
    """The folder walk names the file otherwise (`./a/two.txt`); a scan keeps one name of a file
    and skipped the given one, so no problem involved it and the copy passed."""
    write_tree(tmp_path, {"a/one.txt": ARTICLE, "a/two.txt": ARTICLE})
    monkeypatch.chdir(tmp_path)
    found = dedupe.check(["a/two.txt"], [corpus])
    assert [(p.rule, p.path.endswith("two.txt")) for p in found] == [("duplicate-article", True)]


def test_check_of_a_url_or_a_link_given_beside_a_corpus_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A URL is not a path to rename (it was joined to the folder and refused as missing); a link
    to a corpus file is checked under the name the walk keeps for its target."""
    write_tree(tmp_path, {"c/a.txt": ARTICLE, "d/orig.txt": ARTICLE, "b.txt": ARTICLE})
    (tmp_path / "link.txt").symlink_to(tmp_path / "c" / "a.txt")
    monkeypatch.chdir(tmp_path)
    for given in (f"file://{tmp_path / 'b.txt'}", "link.txt"):
        assert [p.rule for p in dedupe.check([given], ["."])] == ["duplicate-article"], given
