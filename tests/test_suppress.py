"""Inline suppression: `dedupe: ignore` for a paragraph, `dedupe: ignore-file` for a file."""

from __future__ import annotations

from pathlib import Path

from conftest import ARTICLE, LEDE, SECOND, check, run, run_json, stage, write_tree

MARKED_COPY = f"{LEDE}\n\n{SECOND}\n\n<!-- dedupe: ignore -->\n\n{LEDE}\n"  # the comment above the copy
MARKED_INSIDE = f"{LEDE}\n\n{SECOND}\n\n{LEDE} (dedupe: ignore)\n"
MARKED_KEPT = f"dedupe: ignore\n{LEDE}\n\n{SECOND}\n\n{LEDE}\n"  # at the kept paragraph: every copy
REPEATED = f"{LEDE}\n\n{SECOND}\n\n{LEDE}\n"


UNMARKED_COPY = MARKED_COPY.replace("dedupe: ignore", "a note")  # the same layout, another comment


def test_a_marked_paragraph_is_neither_reported_nor_cut(tmp_path: Path) -> None:
    files = {"above.md": MARKED_COPY, "inside.txt": MARKED_INSIDE, "kept.txt": MARKED_KEPT, "plain.txt": REPEATED}
    folder = write_tree(tmp_path / "n", {**files, "control.md": UNMARKED_COPY})
    report = run_json(folder)
    assert sorted(Path(r["path"]).name for r in report["repeated_paragraphs"]) == ["control.md", "plain.txt"]
    assert run("clean", folder, "--in-place", "-q").exit_code == 0
    for name in ("above.md", "inside.txt", "kept.txt"):
        assert (folder / name).read_text() == files[name], name
    assert (folder / "plain.txt").read_text() != REPEATED
    assert (folder / "control.md").read_text() != UNMARKED_COPY


def test_the_library_honours_the_comments_too(tmp_path: Path) -> None:
    """Suppression belongs to detection, not to the command line: `dedupe.fix` leaves a marked
    copy as `dedupe fix` does (it used to cut it)."""
    import dedupe

    folder = write_tree(tmp_path / "n", {"above.md": MARKED_COPY, "kept.txt": MARKED_KEPT, "plain.txt": REPEATED})
    result = dedupe.fix([str(folder)])
    assert [Path(p).name for p in result.fixed] == ["plain.txt"]
    assert (folder / "above.md").read_text() == MARKED_COPY and (folder / "kept.txt").read_text() == MARKED_KEPT


def test_a_marked_file_takes_part_in_no_finding(repo: Path) -> None:
    stage(repo, {"new/licence.txt": "<!-- dedupe: ignore-file -->\n" + ARTICLE + "\n" + LEDE + "\n"})
    result = check("new/licence.txt")
    assert (result.exit_code, result.stdout) == (0, "")
    stage(repo, {"new/licence.txt": ARTICLE + "\n" + LEDE + "\n"})
    assert check("new/licence.txt").exit_code == 1
