"""`explain` applies the scan's own rule to one pair and says which test decided."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from conftest import SAMPLES, write_tree
from dedupe import scan
from dedupe.errors import InputError
from dedupe.explain import explain
from dedupe.settings import Settings

WIRE = SAMPLES / "wire"
ARTICLE = (WIRE / "harbour-bridge.txt").read_text(encoding="utf-8")
FULL = (WIRE / "harbour-bridge-newsletter.txt").read_text(encoding="utf-8")
TRUNCATED = (WIRE / "harbour-bridge-truncated.txt").read_text(encoding="utf-8")
OTHER = (WIRE / "city-budget.txt").read_text(encoding="utf-8")
QUOTE = "As the wire reported:\n\n" + ARTICLE.split("\n\n")[2]


@pytest.mark.parametrize(
    ("case", "a", "b", "settings", "verdict", "failed"),
    [
        ("exact copy", ARTICLE, ARTICLE.upper(), Settings(), "an exact copy", []),
        ("similar", FULL, ARTICLE, Settings(), "similar enough", []),
        ("truncated", FULL, TRUNCATED, Settings(), "one is a truncated or wrapped copy of the other", ["similarity"]),
        (
            "one borrowed paragraph",
            ARTICLE,
            QUOTE,
            Settings(),
            "only a borrowed passage: the smaller file is too small a part of the larger",
            ["similarity", "length_ratio"],
        ),
        (
            "unrelated",
            ARTICLE,
            OTHER,
            Settings(),
            "below both the similarity and the containment threshold",
            ["similarity", "containment"],
        ),
        ("no words", ARTICLE, "  \n\n ... \n", Settings(), "a file without words is never compared", ["words"]),
        (
            "never a candidate",
            FULL,
            TRUNCATED,
            Settings(lsh_bands=1, lsh_rows=128),
            "the rule holds, but a scan never compares them (no shared LSH band)",
            ["similarity", "candidate"],
        ),
    ],
)
def test_verdict_and_failed_tests(
    tmp_path: Path, case: str, a: str, b: str, settings: Settings, verdict: str, failed: list[str]
) -> None:
    write_tree(tmp_path, {"a.txt": a, "b.txt": b})
    result = explain(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), settings)
    assert result.verdict == verdict, case
    assert [r.test for r in result.reasons if not r.passed] == failed, case
    assert result.grouped == (not failed or failed == ["similarity"]), case
    assert (result.keep is not None) == result.grouped


def test_the_complete_copy_is_kept_and_rows_cover_both_files(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": TRUNCATED, "b.txt": FULL})
    result = explain(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert result.keep == str(tmp_path / "b.txt")
    assert result.score.contained_b < 1.0 and result.score.containment == 1.0
    assert [r.kind for r in result.rows][-1] == "only_b"  # the tail the truncated copy lacks


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "cannot read"),
        ("folder", "", "is not a file; explain compares two files"),
        ("blob.txt", b"\x00\x01binary", "cannot compare"),
    ],
)
def test_unusable_files_are_input_errors(tmp_path: Path, name: str, content: str | bytes | None, message: str) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE})
    if content == "":
        (tmp_path / name).mkdir()
    elif content is not None:
        write_tree(tmp_path, {name: content})
    with pytest.raises(InputError, match=message):
        explain(str(tmp_path / "a.txt"), str(tmp_path / name))


def test_explain_agrees_with_a_scan_of_the_two_files(tmp_path: Path) -> None:
    """Regression: explain compared whole texts while scan compares texts without their repeats."""
    paragraph = (SAMPLES / "wire" / "harbour-bridge.txt").read_text(encoding="utf-8").split("\n\n")[1]
    words = paragraph.split()
    # near repeats, each with a few words replaced: close in characters, far apart in word 3-grams
    reworded = [" ".join(f"x{n}{i}" if i % 7 == n else w for i, w in enumerate(words)) for n in range(6)]
    files = {
        "a.txt": paragraph,
        "b.txt": "\n\n".join([paragraph, *reworded]),
        "c.txt": (SAMPLES / "wire" / "city-budget.txt").read_text(encoding="utf-8"),
        "d.txt": (SAMPLES / "wire" / "harbour-bridge-truncated.txt").read_text(encoding="utf-8"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for a, b in itertools.combinations(sorted(files), 2):
        pair = [str(tmp_path / a), str(tmp_path / b)]
        grouped = bool(scan(pair).duplicate_groups)
        assert explain(*pair).grouped == grouped, (a, b)
