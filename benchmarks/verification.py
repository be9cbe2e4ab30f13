"""What a scan does after the analysis (LSH candidates, verification of each pair, the loss tests,
keepers and groups) on one folder, in one process: to time from outside against another
checkout's, 0.2.0's included (PYTHONPATH=<checkout> python benchmarks/verification.py FOLDER).

The folder is analyzed once, then `duplicate_groups` runs `--runs` times; printed: the median
and lowest CPU seconds of a run, and a digest of the groups (equal digests, equal groups).

    python benchmarks/gen_corpus.py /tmp/c2000 --docs 2000 --seed 11
    python benchmarks/verification.py /tmp/c2000 --runs 10
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import statistics
import time
from typing import Any

from dedupe.model import Skipped
from dedupe.settings import Settings
from dedupe.sources import discover


def _stages() -> tuple[Any, Any]:
    """(analyze every source in this process, duplicate_groups) of this checkout, or of 0.2.0
    (whose modules had other names)."""
    try:
        analyze = importlib.import_module("dedupe.stages.analyze").analyze_batch
        return analyze, importlib.import_module("dedupe.stages.duplicates").duplicate_groups
    except ImportError:
        scan = importlib.import_module("dedupe.scan")

        def analyze_all(sources: list[Any], settings: Settings) -> list[Any]:
            return list(scan._analyze_all(sources, settings, 1, None))

        return analyze_all, importlib.import_module("dedupe.duplicates").duplicate_groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    settings = Settings()
    analyze, duplicate_groups = _stages()
    sources, _ = discover([args.folder], settings)
    results = analyze(sources, settings)
    analyses = sorted((a for a in results if not isinstance(a, Skipped)), key=lambda a: a.source.path)
    seconds = []
    for _ in range(args.runs):
        started = time.process_time()
        found = duplicate_groups(analyses, settings, None)
        seconds.append(time.process_time() - started)
    groups = repr([(g.keep, [m.path for m in g.members]) for g in found.groups])
    print(
        f"{len(analyses)} files, {len(found.groups)} groups (digest {hashlib.sha1(groups.encode()).hexdigest()[:10]}): "
        f"after the analysis, median {statistics.median(seconds):.3f} s CPU, lowest {min(seconds):.3f} s"
    )


if __name__ == "__main__":
    main()
