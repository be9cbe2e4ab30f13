"""The exhaustive-truth reference of benchmarks/truth.py: its index finds every pair that checking
all pairs finds, and its restated rule and shingles agree with dedupe's own."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks import edits
from benchmarks.truth import Rule, brute_force_pairs, load, shingle_set, true_pairs
from conftest import SAMPLES
from dedupe.normalize import normalize
from dedupe.settings import Settings
from dedupe.stages.analyze import document_shingles
from dedupe.stages.verify import PairScore, is_duplicate

SAMPLE_FILES = sorted(SAMPLES.rglob("*.txt"))


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The samples plus every planted edit of each (copies, half copies, quotes, excerpts)."""
    folder = tmp_path_factory.mktemp("edited")
    rng = random.Random(5)
    paths = []
    for number, source in enumerate(SAMPLE_FILES):
        text = source.read_text(encoding="utf-8")
        variants = {"": text, **{recipe: edits.apply(recipe, text, rng) for recipe in sorted(edits.COPY_EDITS)}}
        variants["excerpt"] = edits.excerpt(text, rng)
        variants["quote"] = edits.quote_paragraph(SAMPLE_FILES[number - 1].read_text(encoding="utf-8"), text, rng)
        for name, variant in variants.items():
            path = folder / f"{number:02d}-{name}.txt"
            path.write_text(variant, encoding="utf-8")
            paths.append(str(path))
    return paths


@pytest.mark.parametrize(
    "settings",
    [Settings(), Settings(similarity=0.8, containment=0.9, min_length_ratio=0.2), Settings(shingle_words=1)],
    ids=["defaults", "strict, short excerpts allowed", "single words"],
)
def test_index_finds_every_pair_that_brute_force_finds(edited: list[str], settings: Settings) -> None:
    texts = load(edited, settings)
    expected = brute_force_pairs(texts, Rule.of(settings))
    assert len(expected) > 50
    assert true_pairs(texts, Rule.of(settings)) == expected


def test_restated_rule_matches_dedupe_rule() -> None:
    settings = Settings()
    rule = Rule.of(settings)
    for size_a in range(1, 41):
        for size_b in range(1, 41):
            for shared in range(1, min(size_a, size_b) + 1):
                pair = PairScore(shared, size_a, size_b)
                assert rule.accepts(shared, size_a, size_b) == is_duplicate(pair, settings), (shared, size_a, size_b)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_shingle_sets_have_dedupe_sizes(path: Path) -> None:
    """Plain word tuples and dedupe's hashed n-grams count the same shingles on every sample."""
    form = normalize(path.read_text(encoding="utf-8"))
    assert len(shingle_set(form, 3)) == len(document_shingles(form, Settings()))
