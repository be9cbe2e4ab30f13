"""How the harness counts: planted paragraph units against a cleaned file."""

from __future__ import annotations

import pytest

from benchmarks.metrics import ParagraphScores
from benchmarks.plant import PlantedFile, Unit

A, B, C, A_NEAR = "Paragraph A.", "Paragraph B.", "Paragraph C.", "Paragraph A, reworded."
PLANTED = PlantedFile(
    "f.txt",
    "blank",
    (Unit("base", 0, A), Unit("base", 1, B), Unit("exact", 0, A), Unit("near", 0, A_NEAR), Unit("base", 2, C)),
)


@pytest.mark.parametrize(
    ("case", "cleaned", "expected"),
    [
        ("perfect", [A, B, C], (1, 1, 0, True, [])),
        ("exact repeat kept", [A, B, A, C], (0, 1, 0, False, ["1 exact repeats kept"])),
        ("near repeat kept", [A, B, A_NEAR, C], (1, 0, 0, False, ["near repeats removed 0/1 < 98%"])),
        ("paragraph lost", [A, C], (1, 1, 1, False, ["1 paragraphs lost"])),
    ],
)
def test_paragraph_scores(case: str, cleaned: list[str], expected: tuple[int, int, int, bool, list[str]]) -> None:
    scores = ParagraphScores()
    scores.add(PLANTED, cleaned)
    assert (
        scores.exact_removed,
        scores.near_removed,
        scores.lost,
        scores.files_exact == 1,
        scores.failures(),
    ) == expected
