from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import write_tree
from dedupe.errors import InputError
from dedupe.settings import Settings
from dedupe.sources import discover, read_regular


def names(root: Path, settings: Settings | None = None, *extra: str) -> list[str]:
    found, _ = discover([str(root), *extra], settings or Settings())
    return [os.path.relpath(f.path, root) for f in found]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "t",
        {
            "a.txt": "a",
            "b.md": "b",
            "c.py": "c",
            "sub/d.rst": "d",
            "sub/e.TXT": "e",
            ".hidden/f.txt": "f",
            ".g.txt": "g",
            "drafts/h.txt": "h",
        },
    )


def test_default_extensions_recursive_sorted_no_hidden(tree: Path) -> None:
    assert names(tree) == ["a.txt", "b.md", "drafts/h.txt", "sub/d.rst", "sub/e.TXT"]


def test_include_replaces_extensions_and_exclude_prunes(tree: Path) -> None:
    assert names(tree, Settings(include=("*.py", "*.md"))) == ["b.md", "c.py"]
    assert names(tree, Settings(exclude=("drafts", "*.md"))) == ["a.txt", "sub/d.rst", "sub/e.TXT"]
    assert names(tree, Settings(exclude=("sub/*.rst",))) == ["a.txt", "b.md", "drafts/h.txt", "sub/e.TXT"]


def test_paths_keep_the_argument_as_written(tree: Path) -> None:
    found, _ = discover([str(tree) + "/"], Settings())
    assert found[0].path == str(tree) + "/a.txt"
    assert found[0].relative == "a.txt"
    assert found[2].relative == "drafts/h.txt"


def test_explicit_file_is_scanned_whatever_its_extension(tree: Path) -> None:
    found, _ = discover([str(tree / "c.py")], Settings())
    assert [(f.path, f.relative) for f in found] == [(str(tree / "c.py"), "c.py")]


def test_file_reached_twice_is_read_once(tree: Path) -> None:
    os.link(tree / "a.txt", tree / "sub" / "z.txt")
    found, skipped = discover([str(tree)], Settings())
    assert [f.relative for f in found].count("a.txt") == 1
    assert "sub/z.txt" not in [f.relative for f in found]
    assert [s.reason for s in skipped] == [f"same file as {tree / 'a.txt'}"]


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        discover([str(tmp_path / "nope")], Settings())


def test_fifo_is_skipped_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    found, skipped = discover([str(tmp_path)], Settings())
    assert found == []
    assert [s.reason for s in skipped] == ["not a regular file (FIFO, socket or device)"]


@pytest.mark.parametrize(("size", "limit", "expected"), [(0, 10, 0), (10, 10, 10), (11, 10, 11), (50, 10, 11)])
def test_read_regular_reads_at_most_one_byte_past_the_limit(
    tmp_path: Path, size: int, limit: int, expected: int
) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * size)
    assert read_regular(str(path), limit) == b"x" * expected


def test_read_regular_reads_what_a_file_grew_by_after_its_size_was_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"y" * 100)
    real = os.fstat

    def stale(descriptor: int) -> os.stat_result:  # the size before the file grew to 100 bytes
        values = list(real(descriptor))
        values[stat.ST_SIZE] = 5
        return os.stat_result(values)

    monkeypatch.setattr(os, "fstat", stale)
    assert read_regular(str(path), 1000) == b"y" * 100
    assert read_regular(str(path), 50) == b"y" * 51
