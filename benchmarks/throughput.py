"""Throughput, per-stage time and peak memory of a scan on a generated corpus.

Ratios compare against baselines measured in the same run (the machine is shared and noisy):
datasketch's own per-shingle `MinHash.update` loop and its `update_batch`, on the same shingles.

    python benchmarks/throughput.py [--docs 5000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from datasketch import MinHash

from dedupe.engines.local import ProcessPool
from dedupe.model import Skipped
from dedupe.pipeline import Pipeline
from dedupe.settings import Settings
from dedupe.signatures import signature
from dedupe.sources import SourceFile, discover
from dedupe.stages.analyze import Analysis, ComparisonForm, document_shingles
from dedupe.stages.duplicates import duplicate_groups

HERE = Path(__file__).parent


def timed(label: str, results: dict[str, float], function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = function(*args)
    results[label] = time.perf_counter() - started
    return value


def baselines(folder: Path, settings: Settings, sample: int) -> dict[str, float]:
    """Seconds per MB to sign the same shingles: ours, datasketch update loop, update_batch."""
    files = sorted(folder.iterdir())[:sample]
    texts = [f.read_text(encoding="utf-8") for f in files]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    forms = [ComparisonForm.of(str(f), t, settings) for f, t in zip(files, texts, strict=True)]
    sets = [document_shingles(form.normalized, settings) for form in forms]
    hashes = [[int(v) & 0xFFFFFFFF for v in s] for s in sets]
    out: dict[str, float] = {}
    started = time.perf_counter()
    for s in sets:
        signature(s, settings.num_perm, settings.seed)
    out["dedupe signature"] = (time.perf_counter() - started) / megabytes
    started = time.perf_counter()
    for values in hashes:
        m = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=int)
        for v in values:
            m.update(v)
    out["datasketch update loop"] = (time.perf_counter() - started) / megabytes
    started = time.perf_counter()
    for values in hashes:
        m = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=int)
        m.update_batch(values)
    out["datasketch update_batch"] = (time.perf_counter() - started) / megabytes
    return out


def _analyzed(sources: list[SourceFile], settings: Settings, jobs: int) -> list[Analysis | Skipped]:
    with ProcessPool(jobs) as pool:
        return list(Pipeline(settings, pool)._analyze(sources))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        generator = [sys.executable, str(HERE / "gen_corpus.py"), str(folder), "--docs", str(args.docs)]
        subprocess.run([*generator, "--seed", str(args.seed)], check=True, capture_output=True)
        megabytes = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        stages: dict[str, float] = {}
        sources, _ = timed("discover", stages, discover, [str(folder)], settings)
        analyses = timed(f"analyze (jobs={args.jobs})", stages, lambda: _analyzed(sources, settings, args.jobs))
        timed("analyze (jobs=1)", stages, lambda: _analyzed(sources, settings, 1))
        groups = timed("candidates+verify+cluster", stages, duplicate_groups, analyses, settings, None).groups
        base = baselines(folder, settings, sample=min(300, args.docs))
    end_to_end = stages["discover"] + stages[f"analyze (jobs={args.jobs})"] + stages["candidates+verify+cluster"]
    print(f"corpus: {args.docs} files, {megabytes:.1f} MB; {len(groups)} duplicate groups")
    for label, seconds in stages.items():
        print(f"  {label:<28} {seconds:7.2f} s  {megabytes / seconds:8.1f} MB/s")
    print(f"  {'end to end (jobs=' + str(args.jobs) + ')':<28} {end_to_end:7.2f} s  {megabytes / end_to_end:8.1f} MB/s")
    ours = base["dedupe signature"]
    print("signing the same shingles (seconds per MB; ratio = baseline / dedupe):")
    for label, seconds in base.items():
        print(f"  {label:<28} {seconds:8.3f} s/MB  x{seconds / ours:7.1f}")
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: main process {peak_self:.0f} MB, largest worker {peak_children:.0f} MB")


if __name__ == "__main__":
    main()
