"""LSH banding: documents whose signatures agree on every row of some band become candidates.

Each band of each signature is folded into one 64-bit key, the keys are sorted, and equal keys
give the candidate pairs, all with numpy. Candidates are only candidates: `verify` decides.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from dedupe.shingles import fmix64

Pair = tuple[int, int]
_ESTIMATE_STEP = 65536  # pairs compared per numpy step: bounds the temporary to a few tens of MB
_FULL_BUCKET = 64  # above this many documents in one bucket, pair each with the first and the next


def candidate_pairs(
    signatures: npt.NDArray[np.uint32], bands: int, rows: int, focus: list[int] | None = None, floor: float = 0.0
) -> list[Pair]:
    """Sorted unique (i, j), i < j, of row indices that share a band and whose signatures agree
    on at least `floor` of their values (the MinHash estimate of their Jaccard similarity).

    With `focus` (row indices), only the pairs that hold a focus row, and only its buckets are
    looked at: a few staged files against a large corpus.
    """
    pairs: set[Pair] = set()
    if len(signatures) < 2:
        return []
    focused = None if focus is None else set(focus)
    for band in range(bands):
        keys = band_keys(signatures, band, rows)
        rows_in = np.arange(len(keys)) if focus is None else np.flatnonzero(np.isin(keys, keys[focus]))
        order = rows_in[np.argsort(keys[rows_in], kind="stable")]
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, len(ordered)])
        shared = sizes > 1
        if focused is None:  # buckets of two, nearly all of them, give their pair without Python
            twos = starts[sizes == 2]
            first, second = order[twos], order[twos + 1]
            pairs.update(zip(np.minimum(first, second).tolist(), np.maximum(first, second).tolist(), strict=True))
            shared = sizes > 2
        for start, size in zip(starts[shared], sizes[shared], strict=True):
            pairs.update(_bucket_pairs(sorted(order[start : start + size].tolist()), focused))
    return _plausible(sorted(pairs), signatures, floor)


def _plausible(pairs: list[Pair], signatures: npt.NDArray[np.uint32], floor: float) -> list[Pair]:
    """The pairs whose estimated similarity reaches `floor`: band collisions of unrelated files
    are many and cheap to rule out here, costly to verify on re-read shingle sets."""
    if floor <= 0.0 or not pairs:
        return pairs
    kept: list[Pair] = []
    for start in range(0, len(pairs), _ESTIMATE_STEP):
        chunk = np.array(pairs[start : start + _ESTIMATE_STEP])
        estimate = (signatures[chunk[:, 0]] == signatures[chunk[:, 1]]).mean(axis=1)
        kept.extend(pairs[start + i] for i in np.flatnonzero(estimate >= floor))
    return kept


def band_keys(signatures: npt.NDArray[np.uint32], band: int, rows: int) -> npt.NDArray[np.uint64]:
    """Each signature's `band` (of `rows` values) folded into one 64-bit key: equal bands, equal keys."""
    keys = np.zeros(len(signatures), dtype=np.uint64)
    for column in signatures[:, band * rows : (band + 1) * rows].T:
        keys = fmix64(keys * np.uint64(0x100000001B3) + column.astype(np.uint64))
    return keys


def _bucket_pairs(members: list[int], focus: set[int] | None) -> list[Pair]:
    """All pairs of a small bucket; a chain plus a star for a large one (still connected).
    With a focus, each focus member with every other member."""
    if focus is not None:
        return sorted({(min(f, m), max(f, m)) for f in focus.intersection(members) for m in members if m != f})
    if len(members) <= _FULL_BUCKET:
        return [(a, b) for k, a in enumerate(members) for b in members[k + 1 :]]
    first = members[0]
    star = [(first, b) for b in members[1:]]
    return star + list(itertools.pairwise(members))


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """Chance that two documents of this Jaccard similarity share at least one band."""
    return float(1.0 - (1.0 - similarity**rows) ** bands)
