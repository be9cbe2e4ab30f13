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
