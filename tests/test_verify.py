from __future__ import annotations

import pytest

from dedupe.settings import Settings
from dedupe.stages.verify import PairScore, estimate_floor, is_duplicate


@pytest.mark.parametrize(
    ("case", "pair", "duplicate"),
    [
        ("near copy", PairScore(shared=80, size_a=100, size_b=100), True),
        ("unrelated", PairScore(shared=2, size_a=100, size_b=100), False),
        ("truncated to half", PairScore(shared=50, size_a=100, size_b=50), True),
        ("wrapped in boilerplate", PairScore(shared=100, size_a=100, size_b=130), True),
        ("quotes one paragraph", PairScore(shared=15, size_a=100, size_b=90), False),
        ("short excerpt", PairScore(shared=20, size_a=100, size_b=20), False),
    ],
)
def test_duplicate_rule(case: str, pair: PairScore, duplicate: bool) -> None:
    assert is_duplicate(pair, Settings()) is duplicate, case


def test_scores() -> None:
    pair = PairScore(shared=50, size_a=100, size_b=50)
    assert (pair.jaccard, pair.containment, pair.length_ratio, pair.contained_b) == (0.5, 1.0, 0.5, 1.0)


def test_estimate_floor_is_half_the_lowest_similarity_the_rule_accepts() -> None:
    settings = Settings()
    lowest = PairScore(shared=32, size_a=100, size_b=40)  # 40% the size, 80% contained
    assert is_duplicate(lowest, settings)
    assert estimate_floor(settings) == pytest.approx(lowest.jaccard / 2)
    assert estimate_floor(Settings(similarity=0.2)) == pytest.approx(0.1)
