"""Where a commit hook's time goes: `dedupe check` of 3 staged files against N tracked articles,
warm cache, each stage timed inside one process (imports excluded, so the figures add up to what
the work costs; `python -X importtime` gives the imports' share).

The repository is `benchmarks/hook_latency.py`'s. The library functions the pipeline calls are
wrapped with timers: listing the tracked files (git and the file filter), discovering them (a
`stat` each), the analyses (the corpus snapshot served, the staged files analyzed), the duplicate
search and the report; `other` is the rest of the run (opening the cache, sorting). Garbage is
collected as the command collects it.

    python -m benchmarks.hook_stages [--docs 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dedupe.pipeline
from benchmarks.hook_latency import make_repo, staged_files
from dedupe.corpus import corpus_paths
from dedupe.engines.local import Serial
from dedupe.settings import Settings
from dedupe.store.cache import AnalysisCache

_STAGES = {"discover": "discovery", "_budgeted": "analyses", "duplicate_groups": "duplicates", "_report": "report"}


def timed(seconds: dict[str, float], name: str, function: Callable[..., Any], consume: bool = False) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = function(*args, **kwargs)
        if consume:  # a generator: its work is done as it is consumed
            result = list(result)
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
        return result

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as folder:
        repo, other = make_repo(Path(folder), args.docs, args.seed)
        given = staged_files(repo, other)
        os.chdir(repo)
        seconds: dict[str, float] = {}
        for name, label in _STAGES.items():
            setattr(dedupe.pipeline, name, timed(seconds, label, getattr(dedupe.pipeline, name), name == "_budgeted"))
        cache_folder = str(Path(folder) / "cache")
        with AnalysisCache(cache_folder, settings) as cache:  # filled by a whole-corpus check
            dedupe.pipeline.scan(sorted(corpus_paths([], [], settings).paths), settings, jobs=0, cache=cache)
        gc.freeze()  # as the command does: what is built so far is never scanned again...
        gc.set_threshold(50_000)  # ...and collections are rare (cli/app.py, main)
        rows: dict[str, list[float]] = {}
        for run in range(args.runs):
            for name in given:  # new content to analyze, as in a real commit
                with open(repo / name, "a") as handle:
                    handle.write(f"\nEdited for commit {run}.\n")
            seconds.clear()
            started = time.perf_counter()
            listed = corpus_paths([], [], settings)
            seconds["tracked files"] = time.perf_counter() - started
            with AnalysisCache(cache_folder, settings) as cache:
                paths = sorted({*listed.paths, *given})
                dedupe.pipeline.scan(paths, settings, cache=cache, focus=given, engine=Serial())
            total = time.perf_counter() - started
            seconds["other"] = total - sum(seconds.values())
            seconds["total"] = total
            for name, value in seconds.items():
                rows.setdefault(name, []).append(value)
    print(f"check of {len(given)} staged files against {args.docs:,} tracked articles, warm cache, in one process;")
    print(f"medians of {args.runs} runs (min-max):")
    for name, values in rows.items():
        print(f"  {name:<14} {statistics.median(values):6.3f} s  ({min(values):.3f}-{max(values):.3f})")


if __name__ == "__main__":
    main()
