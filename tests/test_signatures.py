from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from dedupe.normalize import encoded_tokens, normalize
from dedupe.shingles import char_shingle_rows, overlap, sorted_unique, word_shingles
from dedupe.signatures import permutations, signature


def test_signature_matches_datasketch_bit_for_bit() -> None:
    shingles = word_shingles(encoded_tokens(normalize("the quick brown fox jumps over the lazy dog " * 3)), 3)
    ours = signature(shingles, 128, 1)
    reference = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=lambda value: value)
    reference.update_batch([int(v) & 0xFFFFFFFF for v in shingles])
    assert np.array_equal(ours, reference.hashvalues)


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7), (256, 12345)])
def test_permutations_are_datasketchs(num_perm: int, seed: int) -> None:
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    ours_a, ours_b = permutations(num_perm, seed)
    assert np.array_equal(ours_a[:, 0], a) and np.array_equal(ours_b[:, 0], b)


def test_signature_estimates_jaccard() -> None:
    words = [f"w{i}".encode() for i in range(2000)]
    a, b = word_shingles(words[:1500], 1), word_shingles(words[500:], 1)
    exact = overlap(a, b) / (len(a) + len(b) - overlap(a, b))
    sig_a, sig_b = signature(a, 256, 1), signature(b, 256, 1)
    assert exact == pytest.approx(0.5)
    assert float(np.mean(sig_a == sig_b)) == pytest.approx(exact, abs=0.1)


def test_large_sets_are_processed_in_chunks() -> None:
    shingles = word_shingles([f"w{i}".encode() for i in range(10_000)], 1)
    whole = signature(shingles, 64, 3)
    reference = MinHash(num_perm=64, seed=3, scheme="affine32", hashfunc=lambda value: value)
    reference.update_batch([int(v) & 0xFFFFFFFF for v in shingles])
    assert np.array_equal(whole, reference.hashvalues)


@pytest.mark.parametrize(
    ("words", "n", "count"),
    [(["a", "b", "c", "d"], 3, 2), (["a", "b"], 3, 1), ([], 3, 0), (["a", "b", "a", "b", "a"], 2, 2)],
)
def test_word_shingles(words: list[str], n: int, count: int) -> None:
    shingles = word_shingles([word.encode() for word in words], n)
    assert len(shingles) == count
    assert list(shingles) == sorted(set(shingles.tolist()))


def test_char_shingles_and_overlap_agree_with_python_sets() -> None:
    a, b = "the harbour bridge will close", "the harbour bridge may close"
    grams = lambda s: {s[i : i + 5] for i in range(len(s) - 4)}  # noqa: E731
    rows, hashes = char_shingle_rows([a, "abc", b], 5)  # "abc" is shorter than 5: no shingles
    set_a, short, set_b = (np.unique(hashes[rows == i]) for i in range(3))
    assert (len(set_a), len(short)) == (len(grams(a)), 0)
    assert overlap(set_a, set_b) == len(grams(a) & grams(b))


@pytest.mark.parametrize("size", [0, 1, 2, 50, 5000])
def test_sorted_unique_is_np_unique(size: int) -> None:
    values = np.random.default_rng(size).integers(0, 40, size, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    assert np.array_equal(sorted_unique(values), np.unique(values))
