"""`dedupe scan` end to end against a hand-written rensa (Rust MinHash) + LSH script, same run.

The script is the baseline issue 16 names: dedupe's normalization, word 3-gram shingles, rensa's
MinHash (128 permutations), its LSH (32 bands of 4 rows) and exact verification of every
candidate (Jaccard >= 0.5 or 80% of the smaller set contained), grouped by union-find. It does
less than dedupe (no repeated paragraphs, no loss test, no report), in one process. Runs
alternate and the medians are compared, because the machine is shared.

    pip install -e ".[bench]"   # rensa, only for this benchmark
    python -m benchmarks.peers [--docs 20000] [--rounds 3] [--folder DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.processes import generate


def rensa_groups(folder: Path) -> int:
    """The baseline itself: how many duplicate groups it finds in `folder`."""
    from rensa import RMinHash, RMinHashLSH  # type: ignore[import-not-found]

    from dedupe.normalize import normalize, tokens

    shingle_sets: list[set[str]] = []
    hashes = []
    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32)
    for index, path in enumerate(sorted(folder.rglob("*.txt"))):
        words = tokens(normalize(path.read_bytes().decode("utf-8", "replace")))
        shingles = {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))} if words else set()
        minhash = RMinHash(num_perm=128, seed=1)
        minhash.update(sorted(shingles))
        lsh.insert(index, minhash)
        shingle_sets.append(shingles)
        hashes.append(minhash)
    parent = list(range(len(shingle_sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, minhash in enumerate(hashes):
        for j in lsh.query(minhash):
            if j <= i:
                continue
            a, b = shingle_sets[i], shingle_sets[j]
            shared = len(a & b)
            if shared and (shared / len(a | b) >= 0.5 or shared / min(len(a), len(b)) >= 0.8):
                parent[root(j)] = root(i)
    sizes: dict[int, int] = {}
    for i in range(len(parent)):
        sizes[root(i)] = sizes.get(root(i), 0) + 1
    return sum(1 for size in sizes.values() if size > 1)


def _timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return time.perf_counter() - started, done.stdout.strip()


def compare(folder: Path, rounds: int, report: Path) -> None:
    megabytes = sum(f.stat().st_size for f in folder.rglob("*.txt")) / 1e6
    scan = ["scan", str(folder), "-q", "--no-cache", "-f", "json", "-o", str(report)]  # cold, as the script is
    dedupe = [sys.executable, "-m", "dedupe_cli", *scan]
    baseline = [sys.executable, "-m", "benchmarks.peers", "--baseline-only", str(folder)]
    times: dict[str, list[float]] = {"dedupe scan (default jobs)": [], "rensa + LSH script (1 process)": []}
    baseline_groups = ""
    for _ in range(rounds):
        times["dedupe scan (default jobs)"].append(_timed(dedupe)[0])
        seconds, baseline_groups = _timed(baseline)
        times["rensa + LSH script (1 process)"].append(seconds)
    groups = len(json.loads(report.read_text())["duplicate_groups"])
    print(f"corpus: {megabytes:.1f} MB; duplicate groups: dedupe {groups}, the script {baseline_groups}")
    ours = statistics.median(times["dedupe scan (default jobs)"])
    for label, runs in times.items():
        median = statistics.median(runs)
        print(
            f"  {label:<32} median {median:7.2f} s  {megabytes / median:6.1f} MB/s  x{median / ours:5.2f} dedupe's time"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="an existing folder of .txt articles instead of a generated one")
    parser.add_argument("--baseline-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_only:
        print(rensa_groups(args.baseline_only))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "corpus"
            generate(folder, args.docs)
        compare(folder, args.rounds, Path(tmp) / "report.json")


if __name__ == "__main__":
    main()
