"""Exhaustive truth: every pair of files that the duplicate rule accepts, without MinHash or LSH.

An independent reference for dedupe's article detection. Shingle sets are plain Python sets of
word n-gram tuples (the same normalization, tokens and article text, i.e. without repeated
paragraphs, as dedupe; nothing else of it); pairs come
from an inverted index and are scored on the full sets with the rule written out again here, so
a bug in dedupe's hashing, signatures, banding or verification shows up as a difference.

Pairs come from an inverted index over each set's prefix under a global rare-first order
(AllPairs, Bayardo et al. 2007), which is exact: two sets sharing k shingles share one among
the first |x| − k + 1 of each. Files are indexed largest first, so a probing file x is never
larger than an indexed file y, and any pair the rule accepts shares at least min(s, c)·|x| and
min(s, c·r)·|y| shingles (Jaccard ≥ s gives shared ≥ s·|y|; containment ≥ c of the smaller
with length ratio ≥ r gives shared ≥ c·|x| ≥ c·r·|y|), and has |x| ≥ min(s, r)·|y|.
`brute_force_pairs` checks every pair, for the tests that pin this equivalence.

Files whose normalized texts are equal are copies whatever their shingles (dedupe's rule too: a
file of punctuation alone has no words but can still be copied).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dedupe.normalize import tokens
from dedupe.settings import Settings
from dedupe.stages.analyze import ComparisonForm

Shingle = tuple[str, ...]
PairKey = tuple[str, str]


@dataclass(frozen=True)
class Rule:
    """The duplicate rule, restated: Jaccard ≥ similarity, or containment ≥ containment with
    length ratio ≥ min_length_ratio."""

    similarity: float
    containment: float
    min_length_ratio: float

    @classmethod
    def of(cls, settings: Settings) -> Rule:
        return cls(settings.similarity, settings.containment, settings.min_length_ratio)

    def accepts(self, shared: int, size_a: int, size_b: int) -> bool:
        small, large = sorted((size_a, size_b))
        if small == 0:
            return False
        if shared / (size_a + size_b - shared) >= self.similarity:
            return True
        return shared / small >= self.containment and small / large >= self.min_length_ratio

    def bounds(self) -> tuple[float, float, float]:
        """Shares of the smaller and of the larger set that an accepted pair has in common, and
        the lowest length ratio it can have."""
        return (
            min(self.similarity, self.containment),
            min(self.similarity, self.containment * self.min_length_ratio),
            min(self.similarity, self.min_length_ratio),
        )


@dataclass(frozen=True)
class TruePair:
    """A pair the rule accepts, with its counts. Its scores restate `dedupe.stages.verify.PairScore` on
    purpose: the reference must not share code with what it checks."""

    a: str
    b: str
    shared: int
    size_a: int
    size_b: int

    @property
    def jaccard(self) -> float:
        union = self.size_a + self.size_b - self.shared
        return self.shared / union if union else 1.0

    @property
    def containment(self) -> float:
        smaller = min(self.size_a, self.size_b)
        return self.shared / smaller if smaller else 1.0


@dataclass(frozen=True)
class Texts:
    """Each file's shingle set and normalized text."""

    sets: dict[str, set[Shingle]]
    forms: dict[str, str]


def shingle_set(normalized: str, n: int) -> set[Shingle]:
    """Word n-grams of a normalized text; a text shorter than n words is one shingle."""
    words = tokens(normalized)
    if not words:
        return set()
    n = min(n, len(words))
    return {tuple(words[k : k + n]) for k in range(len(words) - n + 1)}


def read_text(path: Path) -> str:
    """Decoded as dedupe documents it: a UTF-8 BOM or UTF-8, else cp1252, else Latin-1."""
    data = path.read_bytes()
    for codec in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def load(paths: Iterable[str], settings: Settings) -> Texts:
    """Shingle sets of the articles as dedupe defines them: the normalized text without its
    repeated paragraphs (`ComparisonForm`), so that cleaning never changes which pairs are true."""
    forms = {path: ComparisonForm.of(path, read_text(Path(path)), settings).normalized for path in paths}
    return Texts({path: shingle_set(form, settings.shingle_words) for path, form in forms.items()}, forms)


def true_pairs(texts: Texts, rule: Rule) -> list[TruePair]:
    """Every pair the rule accepts, sorted by paths (prefix-filtered inverted index)."""
    frequency = Counter(s for shingles in texts.sets.values() for s in shingles)
    smaller_share, larger_share, ratio = rule.bounds()
    index: dict[Shingle, list[int]] = {}
    order = sorted((p for p in texts.sets if texts.sets[p]), key=lambda p: (-len(texts.sets[p]), p))
    candidates: set[PairKey] = set()
    for number, path in enumerate(order):
        size = len(texts.sets[path])
        ordered = sorted(texts.sets[path], key=lambda s: (frequency[s], s))
        partners = {
            other
            for shingle in ordered[: _prefix(size, smaller_share)]
            for other in index.get(shingle, ())
            if size >= ratio * len(texts.sets[order[other]])
        }
        candidates.update(_key(path, order[other]) for other in partners)
        for shingle in ordered[: _prefix(size, larger_share)]:
            index.setdefault(shingle, []).append(number)
    return _accepted(texts, candidates | _equal_forms(texts.forms), rule)


def _prefix(size: int, share: float) -> int:
    """How many of a set's rarest shingles must include one that any qualifying partner shares."""
    return size - max(1, math.floor(share * size - 1e-9)) + 1


def _key(a: str, b: str) -> PairKey:
    return (a, b) if a < b else (b, a)


def brute_force_pairs(texts: Texts, rule: Rule) -> list[TruePair]:
    """Every pair checked: the slow definition that `true_pairs` must equal."""
    return _accepted(texts, set(itertools.combinations(sorted(texts.sets), 2)), rule)


def _equal_forms(forms: Mapping[str, str]) -> set[PairKey]:
    by_form: dict[str, list[str]] = {}
    for path in sorted(forms):
        if forms[path]:
            by_form.setdefault(forms[path], []).append(path)
    return {pair for paths in by_form.values() for pair in itertools.combinations(paths, 2)}


def _accepted(texts: Texts, pairs: set[PairKey], rule: Rule) -> list[TruePair]:
    found = []
    for a, b in sorted(pairs):
        set_a, set_b = texts.sets[a], texts.sets[b]
        shared = len(set_a & set_b)
        copies = bool(texts.forms[a]) and texts.forms[a] == texts.forms[b]
        if copies or (shared and rule.accepts(shared, len(set_a), len(set_b))):
            found.append(TruePair(a, b, shared, len(set_a), len(set_b)))
    return found
