"""Shingles as sorted, unique 64-bit integers (numpy), the set representation used everywhere.

Words are hashed once each with xxhash; an n-gram's hash combines its n word hashes with numpy,
so no Python code runs per shingle. Character n-grams combine code points the same way.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt
import xxhash

Shingles = npt.NDArray[np.uint64]
_Item = TypeVar("_Item", bound=np.generic)

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_EMPTY: Shingles = np.zeros(0, dtype=np.uint64)


def fmix64(values: Shingles) -> Shingles:
    """MurmurHash3's 64-bit finalizer: a bijection that spreads combined values over all bits."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    mixed: Shingles = values ^ (values >> np.uint64(33))
    return mixed


def _combined(units: Shingles, n: int) -> Shingles:
    """The hash of every run of n consecutive units, in order (n ≤ len(units))."""
    return fmix64(_polynomial(units, n))


def _polynomial(units: Shingles, n: int) -> Shingles:
    """Every run of n consecutive units combined into one value, before mixing."""
    count = len(units) - n + 1
    combined = units[:count].copy()
    for k in range(1, n):  # in place: a long file's n-grams take no second array
        combined *= _MULTIPLIER
        combined += units[k : k + count]
    return combined


def _ngrams(units: Shingles, n: int) -> Shingles:
    """Hash every run of n consecutive units; a text shorter than n is one shingle."""
    if len(units) == 0:
        return _EMPTY
    return sorted_unique(_combined(units, min(n, len(units))))


def sorted_unique(values: npt.NDArray[_Item]) -> npt.NDArray[_Item]:
    """`np.unique(values)`, four times faster on the few thousand values of one text: a sort and
    a comparison with the neighbour, without `np.unique`'s hashing pass."""
    ordered = np.sort(values)
    return ordered[run_starts(ordered)]


def run_starts(ordered: npt.NDArray[np.generic]) -> npt.NDArray[np.bool_]:
    """True where a run of equal values of a sorted array starts (none in an empty one)."""
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def word_shingles(words: list[bytes], n: int) -> Shingles:
    """Sorted unique hashes of the word n-grams of `words` (UTF-8, `dedupe.normalize.encoded_tokens`).

    Each word is hashed where it occurs: a dictionary of the distinct words costs more than the
    hashes it saves.
    """
    hashes = np.fromiter(map(xxhash.xxh3_64_intdigest, words), dtype=np.uint64, count=len(words))
    return _ngrams(hashes, n)


def char_shingle_rows(texts: list[str], n: int) -> tuple[npt.NDArray[np.intp], Shingles]:
    """Character n-gram keys of many texts in one pass: (text index, key) per n-gram.

    Texts shorter than n have none. Repeats are not removed. Keys are only compared, never kept:
    they are the n-gram hashes without the final `fmix64`, a bijection, so equal exactly when
    the hashes are, for two thirds of the cost.
    """
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(points) < n:
        return np.zeros(0, dtype=np.intp), _EMPTY
    counts = np.maximum(lengths - (n - 1), 0)
    rows = np.repeat(np.arange(len(texts)), counts)
    # an n-gram's position in `points`: its index among all n-grams, plus the characters that
    # start no n-gram (the last n - 1 of each text, or all of a shorter one) in the texts before
    skipped = np.cumsum(lengths - counts) - (lengths - counts)
    positions = np.arange(len(rows))
    positions += skipped[rows]
    return rows, _polynomial(points, n)[positions]


def overlap(a: Shingles, b: Shingles) -> int:
    """Size of the intersection of two sorted unique shingle arrays."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) == 0:
        return 0
    positions = np.searchsorted(b, a)
    positions[positions == len(b)] = 0
    return int(np.count_nonzero(b[positions] == a))
