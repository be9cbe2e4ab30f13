"""LSH candidates as a bucketed map/reduce, for an engine whose workers hold the signatures.

Map (per partition of analyses): each band of each signature becomes a 64-bit key, sent to one of
`buckets` shards by the key, with the signatures of the rows it sends. Reduce (per shard): equal
(band, key) entries are an LSH bucket; its pairs are made exactly as `candidate_pairs` makes them,
and those whose signatures agree on less than the floor are dropped. The driver receives pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedupe.model import Skipped
from dedupe.settings import Settings
from dedupe.stages.analyze import Analysis
from dedupe.stages.candidates import Pair, _bucket_pairs, _plausible, band_keys
from dedupe.stages.verify import estimate_floor


@dataclass(frozen=True)
class Shard:
    """One partition's band entries that fall in one shard, and the signatures of their rows."""

    rows: npt.NDArray[np.int64]  # global index of each entry's file
    bands: npt.NDArray[np.int64]
    keys: npt.NDArray[np.uint64]
    signed: npt.NDArray[np.int64]  # the rows whose signatures follow, sorted
    signatures: npt.NDArray[np.uint32]


def band_shards(partition: list[Analysis | Skipped], rows: list[int], settings: Settings, buckets: int) -> list[Shard]:
    """Map: `rows[k]` is the global index of the partition's k-th analysis, or -1 for one that
    takes no part (skipped, no signature, or an exact copy of another)."""
    picked = [
        (row, a.signature) for a, row in zip(partition, rows, strict=True) if row >= 0 and isinstance(a, Analysis)
    ]
    if not picked:
        return [_empty_shard(settings.num_perm) for _ in range(buckets)]
    index = np.array([row for row, _ in picked], dtype=np.int64)
    matrix = np.stack([signature for _, signature in picked])  # type: ignore[misc]
    size = settings.lsh_rows
    keys = np.stack([band_keys(matrix, band, size) for band in range(settings.lsh_bands)])
    bands = np.repeat(np.arange(settings.lsh_bands, dtype=np.int64), len(index))
    flat, owners = keys.ravel(), np.tile(np.arange(len(index)), settings.lsh_bands)
    target = (flat ^ bands.astype(np.uint64)) % np.uint64(buckets)
    shards = []
    for shard in range(buckets):
        chosen = np.flatnonzero(target == shard)
        members = np.unique(owners[chosen])
        shards.append(Shard(index[owners[chosen]], bands[chosen], flat[chosen], index[members], matrix[members]))
    return shards


def bucket_candidates(shards: list[Shard], settings: Settings) -> list[Pair]:
    """Reduce: the plausible candidate pairs of one shard's buckets, as `candidate_pairs` finds them."""
    rows = np.concatenate([s.rows for s in shards])
    bands = np.concatenate([s.bands for s in shards])
    keys = np.concatenate([s.keys for s in shards])
    order = np.lexsort((rows, keys, bands))
    rows, bands, keys = rows[order], bands[order], keys[order]
    starts = np.flatnonzero(np.r_[True, (bands[1:] != bands[:-1]) | (keys[1:] != keys[:-1])])
    sizes = np.diff(np.r_[starts, len(rows)])
    pairs: set[Pair] = set()
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
        pairs.update(_bucket_pairs(rows[start : start + size].tolist(), None))
    if not pairs:
        return []
    signed = np.concatenate([s.signed for s in shards])
    signatures = np.concatenate([s.signatures for s in shards])
    unique, first = np.unique(signed, return_index=True)
    ordered = sorted(pairs)
    local = np.searchsorted(unique, np.array(ordered, dtype=np.int64))
    kept = _plausible([(int(a), int(b)) for a, b in local.tolist()], signatures[first], estimate_floor(settings))
    return [(int(unique[a]), int(unique[b])) for a, b in kept]


def _empty_shard(num_perm: int) -> Shard:
    nothing = np.zeros(0, dtype=np.int64)
    return Shard(nothing, nothing, np.zeros(0, dtype=np.uint64), nothing, np.zeros((0, num_perm), dtype=np.uint32))
