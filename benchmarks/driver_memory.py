"""Driver memory on the Dask path: synthetic signatures made on the workers (no files), banded
by the bucketed map/reduce; the driver's peak RSS should not grow with their number.

    python -m benchmarks.driver_memory 100000 1000000
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np

from dedupe.engines.dask import DaskEngine
from dedupe.model import Skipped
from dedupe.settings import Settings
from dedupe.sources import SourceFile
from dedupe.stages.analyze import Analysis
from dedupe.stages.buckets import band_shards, bucket_candidates

_PARTITION = 50_000


def synthetic(start: int, count: int, num_perm: int) -> list[Analysis | Skipped]:
    """`count` analyses with random signatures; every 1000th is a near copy of the one before."""
    rng = np.random.default_rng(start)
    signatures = rng.integers(0, 2**32, size=(count, num_perm), dtype=np.uint32)
    signatures[1::1000] = signatures[0::1000][: len(signatures[1::1000])]
    return [Analysis(SourceFile(f"f{start + k:08d}", "", 0, 0.0), "", "", 1, signatures[k], ()) for k in range(count)]


def driver_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(engine: DaskEngine, total: int, settings: Settings) -> tuple[int, float]:
    starts = range(0, total, _PARTITION)
    parts = [engine.submit(synthetic, s, min(_PARTITION, total - s), settings.num_perm) for s in starts]
    rows = [
        engine.submit(lambda p, s=s: list(range(s, s + len(p))), part) for s, part in zip(starts, parts, strict=True)
    ]
    buckets = max(1, 2 * engine.workers)
    shards = [engine.submit(band_shards, p, r, settings, buckets) for p, r in zip(parts, rows, strict=True)]
    reducers = [
        engine.submit(bucket_candidates, [engine.submit(lambda s, b=b: s[b], shard) for shard in shards], settings)
        for b in range(buckets)
    ]
    pairs = sum(len(found) for found in engine.gather(reducers))
    return pairs, driver_peak_mb()


def main(totals: list[int]) -> None:
    settings = Settings()
    with DaskEngine(workers=2) as engine:
        print(f"driver peak RSS after starting the cluster: {driver_peak_mb():.0f} MB", flush=True)
        for total in totals:
            started = time.perf_counter()
            pairs, peak = run(engine, total, settings)
            seconds = time.perf_counter() - started
            print(f"{total:>9,} signatures: {pairs:,} candidate pairs, {seconds:.0f} s, driver peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [100_000, 1_000_000])
