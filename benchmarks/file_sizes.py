"""What a file costs by its size: the per-file analysis (digest, decoding, split, normalize,
repeats, shingles, signature) of ordinary prose cut into files of about 0.3 to 30 KB, in one
process: microseconds a file and nanoseconds a byte, by size.

A small file pays mostly what every file costs (numpy and regular-expression calls per file and
per paragraph), a large one what every byte costs; the cost per byte must not grow with size. The prose is
`benchmarks/shapes.py`'s articles, whose paragraphs are all different (no repeats to find).

    python benchmarks/file_sizes.py [--files 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time

from benchmarks.shapes import articles
from dedupe.decode import decode
from dedupe.settings import Settings
from dedupe.signatures import signature
from dedupe.sources import content_digest
from dedupe.stages.analyze import ComparisonForm, document_shingles

_SIZES = (300, 1000, 3000, 10000, 30000)


def files_of(size: int, count: int, paragraphs: list[str]) -> list[bytes]:
    """`count` files of whole paragraphs, each about `size` bytes, no paragraph twice in a file."""
    files: list[bytes] = []
    taken: list[str] = []
    position = taken_bytes = 0
    while len(files) < count:
        taken.append(paragraphs[position % len(paragraphs)])
        position += 1
        taken_bytes += len(taken[-1]) + 2
        if taken_bytes >= size:
            files.append(("\n\n".join(taken) + "\n").encode())
            taken, taken_bytes = [], 0
    return files


def analyze(data: bytes, settings: Settings) -> None:
    """What a worker does with one file's bytes."""
    content_digest(data)
    decoded = decode(data)
    assert decoded is not None
    shingles = document_shingles(ComparisonForm.of("file.txt", decoded.text, settings).normalized, settings)
    if len(shingles):
        signature(shingles, settings.num_perm, settings.seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=300, help="files per size")
    parser.add_argument("--rounds", type=int, default=3, help="the best round is kept")
    args = parser.parse_args()
    settings = Settings()
    paragraphs = [p.strip() for text in articles(40) for p in text.split("\n\n")]
    print(f"{'bytes a file':>12} {'µs a file':>10} {'ns a byte':>10} {'MB/s, one core':>15}")
    for size in _SIZES:
        files = files_of(size, args.files, paragraphs)
        analyze(files[0], settings)  # imports and caches warmed before the clock
        rounds = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            for data in files:
                analyze(data, settings)
            rounds.append((time.perf_counter() - started) / len(files))
        average, best = sum(map(len, files)) / len(files), min(rounds)
        print(f"{average:12,.0f} {best * 1e6:10,.0f} {best / average * 1e9:10,.0f} {average / best / 1e6:15.2f}")


if __name__ == "__main__":
    main()
