"""`dedupe explain A B` through the real CLI on real files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import DEDUPE, SAMPLES, run, write_tree
from dedupe.explain import explain
from dedupe_cli.render import explanation

WIRE = SAMPLES / "wire"


def test_explain_shows_scores_verdict_and_word_differences() -> None:
    result = run("explain", WIRE / "harbour-bridge-newsletter.txt", WIRE / "harbour-bridge-republished.txt")
    assert result.exit_code == 1, result.stderr  # grouped: a duplicate, as check would say
    out = result.stdout
    assert "Grouped, similar enough: of these two, dedupe keeps A (policy complete; " in out
    assert "✓ similarity 0.79 ≥ 0.50" in out
    assert "[-twenty-]" in out and "{+20+}" in out  # the word the copy changed, on both sides
    assert "{+PORT CITY, Feb. 12 (Wire) -+}" in " ".join(out.split())  # the added dateline


def test_explain_says_why_not_and_collapses_identical_paragraphs(tmp_path: Path) -> None:
    article = (WIRE / "harbour-bridge.txt").read_text(encoding="utf-8")
    quote = "As the wire reported:\n\n" + article.split("\n\n")[2] + "\n\n" + article.split("\n\n")[3]
    write_tree(tmp_path, {"article.txt": article, "quote.txt": quote})
    result = run("explain", tmp_path / "article.txt", tmp_path / "quote.txt", "--changes-only")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Not grouped: only a borrowed passage" in out
    assert "✗ the smaller file is 0.35 of the larger's size (< 0.40)" in out
    assert "2 identical paragraphs" in out
    assert "= The city council" not in out  # collapsed, not shown


def test_explain_escapes_terminal_control_sequences(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": "Red \x1b[31malert[/] text here and more words", "b.txt": "Red text"})
    result = run("explain", tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "\\x1b[31malert[/]" in result.stdout


def test_explain_of_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("explain", WIRE / "harbour-bridge.txt", tmp_path / "gone.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"dedupe: error: cannot read {tmp_path / 'gone.txt'}: No such file or directory"


def test_in_colour_differences_are_styled_not_marked() -> None:
    result = explain(str(WIRE / "harbour-bridge-newsletter.txt"), str(WIRE / "harbour-bridge-republished.txt"))
    out = explanation.render(result, color=True, width=100)
    assert "\x1b[1;31mtwenty\x1b[0m" in out and "\x1b[1;32m20\x1b[0m" in out
    assert "[-" not in out and "{+" not in out


@pytest.mark.parametrize("tagged", [False, True])
def test_explain_agrees_with_a_scan_about_an_original_that_would_lose_a_line(tmp_path: Path, tagged: bool) -> None:
    """The newsletter copy holds the article and a copyright line: kept in its place, the article
    goes. Tag the article as an original and it must stay, and the copy's line would be lost:
    a scan lists the pair as similar but kept, and explain must say the same (exit 0)."""
    files = {
        "orig/a.txt": (WIRE / "harbour-bridge.txt").read_text(),
        "new/b.txt": (WIRE / "harbour-bridge-newsletter.txt").read_text(),
    }
    if tagged:
        files["pyproject.toml"] = '[tool.dedupe]\noriginals = ["orig"]\n'
    write_tree(tmp_path, files)
    done = subprocess.run([*DEDUPE, "explain", "new/b.txt", "orig/a.txt"], cwd=tmp_path, capture_output=True, text=True)
    scan = subprocess.run(
        [*DEDUPE, "scan", ".", "-f", "json", "-q", "--no-cache"], cwd=tmp_path, capture_output=True, text=True
    )
    report = json.loads(scan.stdout)
    out = " ".join(done.stdout.split())
    if tagged:
        assert done.returncode == 0, done.stderr
        assert "Not grouped: similar, but the copy says something the file kept does not" in out
        assert "✗ removing new/b.txt would lose what it says: names 2024" in out
        assert report["duplicate_groups"] == [] and len(report["similar_but_kept"]["files"]) == 1
    else:
        assert done.returncode == 1, done.stderr
        assert "Grouped, similar enough: of these two, dedupe keeps A" in out
        assert [g["keep"] for g in report["duplicate_groups"]] == ["./new/b.txt"]


def test_explain_of_one_file_under_two_names_is_a_one_line_error(tmp_path: Path) -> None:
    """A scan reads a file reached twice (the same path, a symlink, a hard link) once: it is
    never its own duplicate, so explain does not call it "an exact copy" of itself."""
    write_tree(tmp_path, {"a.txt": (WIRE / "harbour-bridge.txt").read_text(encoding="utf-8")})
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "hard.txt").hardlink_to(tmp_path / "a.txt")
    for other in ("a.txt", "link.txt", "hard.txt"):
        result = run("explain", tmp_path / "a.txt", tmp_path / other)
        assert result.exit_code == 2, result.stdout
        assert result.stderr.strip() == (
            f"dedupe: error: {tmp_path / 'a.txt'} and {tmp_path / other} are the same file; explain compares two files"
        )


def test_a_file_without_words_gets_no_scores_and_no_empty_table(tmp_path: Path) -> None:
    """An empty file is never compared, so explain shows no score for it (its containment in any
    file was 1.00, beside "Not grouped"), and two empty files no empty side-by-side table."""
    write_tree(tmp_path, {"empty.txt": "", "blank.txt": "\n\n", "a.txt": (WIRE / "harbour-bridge.txt").read_text()})
    one = run("explain", tmp_path / "empty.txt", tmp_path / "a.txt")
    assert one.exit_code == 0
    scores = [
        line.split()[:-3] for line in one.stdout.splitlines() if line.startswith(("  similarity ", "  con", "  size"))
    ]
    assert scores == [["similarity", "–"], ["containment", "–"], ["size", "ratio", "–"]]
    assert "Not grouped: a file without words is never compared" in one.stdout
    both = run("explain", tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert both.exit_code == 0 and "Differences" not in both.stdout and "┃" not in both.stdout
