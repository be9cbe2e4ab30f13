"""Exact similarity of a candidate pair on the real shingle sets, and the duplicate rule.

Two articles are duplicates when their Jaccard similarity reaches `similarity`, or when the
smaller one is contained in the larger (containment ≥ `containment`) and is at least
`min_length_ratio` of its size: a truncated copy or a copy wrapped in boilerplate is found, while
an article quoting one paragraph of another is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from dedupe.settings import Settings
from dedupe.shingles import Shingles, overlap


@dataclass(frozen=True)
class PairScore:
    shared: int
    size_a: int
    size_b: int

    @property
    def jaccard(self) -> float:
        union = self.size_a + self.size_b - self.shared
        return self.shared / union if union else 1.0

    @property
    def containment(self) -> float:
        """How much of the smaller set lies in the larger one."""
        smaller = min(self.size_a, self.size_b)
        return self.shared / smaller if smaller else 1.0

    @property
    def length_ratio(self) -> float:
        larger = max(self.size_a, self.size_b)
        return min(self.size_a, self.size_b) / larger if larger else 1.0

    @property
    def contained_b(self) -> float:
        """How much of b lies in a."""
        return self.shared / self.size_b if self.size_b else 1.0


def score(a: Shingles, b: Shingles) -> PairScore:
    return PairScore(overlap(a, b), len(a), len(b))


def is_duplicate(pair: PairScore, settings: Settings) -> bool:
    if pair.jaccard >= settings.similarity:
        return True
    return pair.containment >= settings.containment and pair.length_ratio >= settings.min_length_ratio


def estimate_floor(settings: Settings) -> float:
    """The MinHash estimate below which a candidate is not verified: half the lowest Jaccard
    similarity the rule accepts (a copy `min_length_ratio` the size of the other and
    `containment` contained). At that lowest similarity, 128 signature values put the floor
    more than 3.5 standard deviations below the truth, so a duplicate is practically never lost."""
    shared = settings.containment * settings.min_length_ratio  # of the larger set
    lowest_by_containment = shared / (1.0 + settings.min_length_ratio - shared)
    return 0.5 * min(settings.similarity, lowest_by_containment)
