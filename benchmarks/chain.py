"""A chain of revisions: each file a sliding window of the text before it, one step further.

Neighbours are duplicates, files far apart are not, so one connected component spans the whole
chain: the shape that made clustering recursive and quadratic (issue 15).

    python -m benchmarks.chain 250 500 1000 2100     # seconds to scan each chain length
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

WINDOW = 60  # words in a revision
STEP = 6  # words a revision slides past the one before


def write_chain(folder: Path, length: int, seed: int = 7) -> Path:
    """`length` files rev00000.txt … in `folder`, each a window of one long random text."""
    rng = random.Random(seed)
    words = [rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") + rng.choice("bdgklmnprst") for _ in range(600)]
    text = [rng.choice(words) for _ in range(WINDOW + STEP * length)]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(length):
        window = text[i * STEP : i * STEP + WINDOW]
        (folder / f"rev{i:05d}.txt").write_text(" ".join(window) + ".\n", encoding="utf-8")
    return folder


def timed_scan(folder: Path) -> float:
    from dedupe import Settings, scan

    started = time.perf_counter()
    scan([str(folder)], Settings(), jobs=1)
    return time.perf_counter() - started


def main(lengths: list[int]) -> None:
    for length in lengths:
        with tempfile.TemporaryDirectory() as work:
            folder = write_chain(Path(work) / "chain", length)
            print(f"chain of {length:5,d} files: scan {timed_scan(folder):6.2f} s", flush=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [250, 500, 1000, 2100])
