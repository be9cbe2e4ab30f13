"""A warm re-scan against a cold one: `dedupe scan` on a generated corpus, then one file changed.

Each run starts from an empty cache: a cold scan (which fills it), one article modified (a line
appended), then a warm scan; both are the real command in a new process, wall clock, so the
warm figure includes the interpreter's start-up. The reports of the cold scan, the warm scan
and `--no-cache` (once, after the runs) must be byte-identical but for the modified file;
they are compared here too. Prints medians over the runs and the warm/cold ratio.

    python -m benchmarks.warm [--docs 20000] [--runs 3] [--profile]

`--profile` runs one more warm scan in this process under cProfile and prints its top entries.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.processes import generate, timed_run

DEDUPE = [sys.executable, "-c", "from dedupe_cli.entry import main; main()"]


def scan(folder: Path, report: Path, *extra: str, target: str = "articles") -> tuple[float, float]:
    """Seconds of wall clock and of CPU (its worker processes included) for one `dedupe scan` of
    folder/target, run in `folder` (its cache goes there). On a shared machine the CPU time is
    the steadier of the two."""
    command = [*DEDUPE, "scan", target, "--quiet", "--format", "json", "--output", str(report), *extra]
    elapsed, cpu, done = timed_run(command, folder)
    if done.returncode != 0:
        sys.exit(f"dedupe scan failed ({done.returncode}): {done.stderr}")
    return elapsed, cpu


def profile_warm(folder: Path, top: int) -> None:
    from dedupe_cli.app import main

    argv, cwd = sys.argv, os.getcwd()
    os.chdir(folder)
    sys.argv = ["dedupe", "scan", "articles", "--quiet", "--format", "json", "--output", "profiled.json"]
    profiler = cProfile.Profile()
    try:
        profiler.runcall(main)
    except SystemExit:
        pass
    finally:
        sys.argv = argv
        os.chdir(cwd)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        articles = folder / "articles"
        generate(articles, args.docs, args.seed)
        files = sorted(articles.iterdir())
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        time.sleep(2.1)  # files changed less than 2 s before they are read get no stamp in the cache
        cold: list[tuple[float, float]] = []
        warm: list[tuple[float, float]] = []
        for run in range(args.runs):
            shutil.rmtree(folder / ".dedupe-cache", ignore_errors=True)
            cold.append(scan(folder, folder / "cold.json"))
            with open(files[(run + 1) * len(files) // (args.runs + 1)], "a", encoding="utf-8") as handle:
                handle.write(f"\nCorrected on run {run}.\n")
            warm.append(scan(folder, folder / "warm.json"))
            print(f"  run {run + 1}: cold {cold[-1][0]:6.2f} s, warm {warm[-1][0]:5.2f} s (wall)", flush=True)
        scan(folder, folder / "uncached.json", "--no-cache")
        same = (folder / "warm.json").read_bytes() == (folder / "uncached.json").read_bytes()
        (folder / "empty").mkdir()
        fixed = scan(folder, folder / "empty.json", "--no-cache", target="empty")
        if args.profile:
            profile_warm(folder, 30)
    print(f"corpus: {args.docs:,} articles, {megabytes:.1f} MB; {os.cpu_count()} cores; medians of {args.runs} runs")
    cold_s = [statistics.median(t[i] for t in cold) for i in (0, 1)]
    warm_s = [statistics.median(t[i] for t in warm) for i in (0, 1)]
    print("                                        wall         CPU (workers included)")
    rate = megabytes / cold_s[0]
    print(f"  cold scan (empty cache)            {cold_s[0]:7.2f} s {cold_s[1]:9.2f} s  {rate:.1f} MB/s")
    print(f"  warm scan (one file changed)       {warm_s[0]:7.2f} s {warm_s[1]:9.2f} s")
    print(f"  warm / cold                        {warm_s[0] / cold_s[0]:7.1%} {warm_s[1] / cold_s[1]:9.1%}")
    print(f"  fixed cost (an empty folder)       {fixed[0]:7.2f} s {fixed[1]:9.2f} s")
    print(f"  warm report == --no-cache report   {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
