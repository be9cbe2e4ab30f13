"""Inline suppression: `dedupe: ignore` for a paragraph, `dedupe: ignore-file` for a file."""

from __future__ import annotations

from pathlib import Path

from conftest import ARTICLE, LEDE, SECOND, check, run, run_json, stage, write_tree

MARKED_COPY = f"{LEDE}\n\n{SECOND}\n\n<!-- dedupe: ignore -->\n\n{LEDE}\n"  # the comment above the copy
MARKED_INSIDE = f"{LEDE}\n\n{SECOND}\n\n{LEDE} (dedupe: ignore)\n"
MARKED_KEPT = f"dedupe: ignore\n{LEDE}\n\n{SECOND}\n\n{LEDE}\n"  # at the kept paragraph: every copy
REPEATED = f"{LEDE}\n\n{SECOND}\n\n{LEDE}\n"


def test_a_marked_paragraph_is_neither_reported_nor_cut(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path / "n",
        {"above.md": MARKED_COPY, "inside.txt": MARKED_INSIDE, "kept.txt": MARKED_KEPT, "plain.txt": REPEATED},
    )
    report = run_json(folder)
    assert [r["path"] for r in report["repeated_paragraphs"]] == [str(folder / "plain.txt")]
    assert run("clean", folder, "--in-place", "-q").exit_code == 0
    assert (folder / "above.md").read_text() == MARKED_COPY
    assert (folder / "plain.txt").read_text() != REPEATED


def test_a_marked_file_takes_part_in_no_finding(repo: Path) -> None:
    stage(repo, {"new/licence.txt": "<!-- dedupe: ignore-file -->\n" + ARTICLE + "\n" + LEDE + "\n"})
    result = check("new/licence.txt")
    assert (result.exit_code, result.stdout) == (0, "")
    stage(repo, {"new/licence.txt": ARTICLE + "\n" + LEDE + "\n"})
    assert check("new/licence.txt").exit_code == 1
