"""Time and memory per MB of one file's analysis, for the input shapes that used to grow
super-linearly, at 1×, 4× and 16× sizes, against an ordinary article's cost in the same run.

Each case runs in a child process under a time bound (a case past it prints `>bound`). Time is
the CPU time of the analysis of one decoded text (split, normalize, repeats, shingles, signature),
the best of `--runs`, each run followed by one of 400 ordinary articles in the same process (the
yardstick of the ratios): on a shared machine a case's wall time swings with the other jobs'
load, and its CPU time too, less. Memory is the peak of the allocations it makes (tracemalloc,
in a second pass, which numpy reports to).

    python benchmarks/shapes.py [--scales 1 4 16] [--bound 120] [--runs 3]

With PYTHONPATH=<another checkout> (run from outside both checkouts: from inside one, `python -m`
imports that one first), the same shapes measure that checkout's code.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

from dedupe.settings import Settings
from dedupe.signatures import signature
from dedupe.stages.analyze import ComparisonForm, document_shingles

# made-up words of two or three syllables (letters only: a word with a digit is an identifier),
# drawn half from the 200 commonest, as prose draws its function words
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "an", "er")]
_WORDS = [a + b for a in _SYLLABLES for b in _SYLLABLES] + [
    a + b + c for a in _SYLLABLES[:20] for b in _SYLLABLES for c in _SYLLABLES[:40]
]
_MB = 1e6


def _word(rng: random.Random) -> str:
    return _WORDS[rng.randrange(200)] if rng.random() < 0.5 else rng.choice(_WORDS)


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(_word(rng) for _ in range(words)).capitalize() + "."


def distinct_lines(scale: int) -> str:
    """2,500 one-line sentences per 1× (the issue's 40,000 at 16×), none alike, each a paragraph."""
    rng = random.Random(1)
    return "\n".join(_sentence(rng, rng.randint(7, 8)) for _ in range(2500 * scale)) + "\n"


def near_repeats(scale: int) -> str:
    """500 paragraphs per 1× (8,000 at 16×), each a light rewording of one of a few originals."""
    rng = random.Random(2)
    originals = [" ".join(_sentence(rng, 12) for _ in range(4)) for _ in range(20)]
    paragraphs = []
    for _ in range(500 * scale):
        words = rng.choice(originals).split()
        words[rng.randrange(len(words))] = _word(rng)
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs) + "\n"


def similar_rows(scale: int) -> str:
    """A status table (fonts-dejavu's `status.txt`): 440 rows per 1× (7,000 at 16×), each a code
    point, a glyph name and the releases that added it to long lists of the same few styles."""
    rng = random.Random(3)
    styles = [f"{family} {face}".strip() for family in ("Sans", "Serif", "Mono") for face in ("", "Bold", "Oblique")]
    rows = []
    for k in range(440 * scale):
        releases = (f"2.{r} ({', '.join(rng.sample(styles, rng.randint(3, 8)))})" for r in range(rng.randint(1, 4)))
        rows.append(f"U+{k:04x} {_word(rng):<20} {' '.join(releases)}")
    return "This is the status file\n\n" + "\n".join(rows) + "\n"


def pipe_spaces(scale: int) -> str:
    """Markdown: a `|` line, then a line of 40,000 spaces per 1×, the table-delimiter regex's bane."""
    return "a | b\n" + " " * (40_000 * scale) + "x\n"


def articles(scale: int) -> list[str]:
    """Ordinary articles: a few paragraphs of prose each (the yardstick)."""
    rng = random.Random(4)
    return [
        "\n\n".join(" ".join(_sentence(rng, rng.randint(8, 28)) for _ in range(rng.randint(2, 5))) for _ in range(8))
        + "\n"
        for _ in range(100 * scale)
    ]


SHAPES: dict[str, Callable[[int], str]] = {
    "distinct one-line paragraphs": distinct_lines,
    "near-repeat paragraphs": near_repeats,
    "table of similar rows": similar_rows,
    "| then a line of spaces": pipe_spaces,
}


def analyze_text(text: str, settings: Settings) -> None:
    """What a worker does with one decoded file."""
    form = ComparisonForm.of("shape.txt", text, settings)
    shingles = document_shingles(form.normalized, settings)
    if len(shingles):
        signature(shingles, settings.num_perm, settings.seed)


def measure(texts: list[str], yardstick: list[str], runs: int) -> dict[str, float]:
    """CPU seconds per MB, and peak allocated MB per MB (the largest text's peak over its size), of
    `texts` and of the `yardstick` articles. The two are timed in turn, `runs` times each, and
    the best of each is kept: the other jobs on the machine only ever add, and they come and go."""
    settings = Settings()
    analyze_text(articles(1)[0], settings)  # imports done before the clock starts
    import scipy.sparse  # noqa: F401  (the long-file search imports it on first use: not a shape's cost)

    seconds = {"": float("inf"), "yardstick_": float("inf")}
    for _ in range(runs):
        for prefix, timed in (("", texts), ("yardstick_", yardstick)):
            started = time.process_time()
            for text in timed:
                analyze_text(text, settings)
            seconds[prefix] = min(seconds[prefix], time.process_time() - started)
    figures = {"mb": _megabytes(texts)}
    for prefix, measured in (("", texts), ("yardstick_", yardstick)):
        figures[prefix + "s_per_mb"] = seconds[prefix] / _megabytes(measured)
        figures[prefix + "mem_per_mb"] = _peak_per_byte(measured, settings)
    return figures


def _megabytes(texts: list[str]) -> float:
    return sum(len(t.encode()) for t in texts) / _MB


def _peak_per_byte(texts: list[str], settings: Settings) -> float:
    """The largest peak of allocations over the size of the text, of the first 50 texts."""
    peaks = []
    tracemalloc.start()
    for text in texts[:50]:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        analyze_text(text, settings)
        peaks.append((tracemalloc.get_traced_memory()[1] - before) / max(len(text.encode()), 1))
    tracemalloc.stop()
    return max(peaks)


def _child(shape: str, scale: int, runs: int) -> None:
    print(json.dumps(measure([SHAPES[shape](scale)], articles(4), runs)))


def _run(shape: str, scale: int, runs: int, bound: float) -> dict[str, float] | None:
    command = [sys.executable, __file__, "--child", shape, str(scale), str(runs)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=bound, check=True)
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--bound", type=float, default=120.0, help="seconds per case")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case, the best is shown")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    print("ratios: against ordinary articles analysed in turn with each case (the machine's load drifts)")
    print(f"{'shape':<30} {'size':>5} {'MB':>6} {'CPU s/MB':>8} {'× time':>7} {'MB/MB':>7} {'× mem':>6}")
    for shape in SHAPES:
        for scale in args.scales:
            result = _run(shape, scale, args.runs, args.bound)
            if result is None:
                print(f"{shape:<30} {scale:>4}× {'':>6} {'>' + str(int(args.bound)) + ' s':>8}")
                continue
            time_ratio = result["s_per_mb"] / result["yardstick_s_per_mb"]
            memory_ratio = result["mem_per_mb"] / result["yardstick_mem_per_mb"]
            print(
                f"{shape:<30} {scale:>4}× {result['mb']:>6.2f} {result['s_per_mb']:>8.3f} {time_ratio:>6.1f}× "
                f"{result['mem_per_mb']:>7.1f} {memory_ratio:>5.1f}×"
            )


if __name__ == "__main__":
    main()
