from __future__ import annotations

import numpy as np
import pytest

from dedupe.settings import Settings
from dedupe.stages.candidates import candidate_pairs, candidate_probability


def test_identical_signatures_are_candidates_and_different_ones_are_not() -> None:
    rng = np.random.default_rng(0)
    signatures = rng.integers(0, 2**32, size=(5, 12), dtype=np.uint32)
    signatures[3] = signatures[1]
    assert candidate_pairs(signatures, bands=4, rows=3) == [(1, 3)]


def test_one_shared_band_is_enough() -> None:
    rng = np.random.default_rng(1)
    signatures = rng.integers(0, 2**32, size=(3, 12), dtype=np.uint32)
    signatures[2, 6:9] = signatures[0, 6:9]
    assert candidate_pairs(signatures, bands=4, rows=3) == [(0, 2)]


def test_large_buckets_stay_connected() -> None:
    signatures = np.zeros((100, 4), dtype=np.uint32)
    pairs = candidate_pairs(signatures, bands=1, rows=4)
    touched = {i for pair in pairs for i in pair}
    assert touched == set(range(100))
    assert len(pairs) < 100 * 99 // 2


@pytest.mark.parametrize(
    ("similarity", "low", "high"),
    [
        (0.5, 0.999, 1.0),
        (0.3, 0.99, 1.0),  # a copy of 40% of an article, 80% contained: the lowest Jaccard the rule accepts
        (0.02, 0.0, 0.03),  # unrelated articles: few candidates to verify
    ],
)
def test_default_banding_s_curve(similarity: float, low: float, high: float) -> None:
    settings = Settings()
    assert low <= candidate_probability(similarity, settings.lsh_bands, settings.lsh_rows) <= high


def test_focus_gives_the_pairs_that_hold_a_focus_row() -> None:
    rng = np.random.default_rng(2)
    signatures = rng.integers(0, 4, size=(60, 12), dtype=np.uint32)  # few values: many shared bands
    every = candidate_pairs(signatures, bands=4, rows=3)
    for focus in ([0], [7, 31], []):
        expected = [pair for pair in every if set(pair) & set(focus)]
        assert candidate_pairs(signatures, bands=4, rows=3, focus=focus) == expected


def test_focus_pairs_every_member_of_a_large_bucket() -> None:
    """A large bucket is only chained when unfocused; a focus row must meet each member."""
    signatures = np.zeros((100, 4), dtype=np.uint32)
    assert candidate_pairs(signatures, bands=1, rows=4, focus=[50]) == sorted(
        (min(50, i), max(50, i)) for i in range(100) if i != 50
    )


def test_floor_rules_out_band_collisions_with_a_low_estimate() -> None:
    rng = np.random.default_rng(3)
    signatures = rng.integers(0, 2**32, size=(3, 12), dtype=np.uint32)
    signatures[1, :3] = signatures[0, :3]  # one band in common: an estimate of 3/12
    signatures[2, :9] = signatures[0, :9]  # three bands in common: 9/12
    assert candidate_pairs(signatures, bands=4, rows=3) == [(0, 1), (0, 2), (1, 2)]
    assert candidate_pairs(signatures, bands=4, rows=3, floor=0.5) == [(0, 2)]
