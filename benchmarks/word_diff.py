"""Time of the word-level alignment that `explain` and the HTML report make of two versions of a
page without a blank line (one paragraph of thousands of words, as HTML source or a log is):
this checkout's `dedupe.diff.align` against another checkout's, loaded in one process and run
alternately, so the machine's load falls on both alike.

    python -m benchmarks.word_diff OTHER_CHECKOUT [--lines 250 1000 2000] [--runs 3]

Prints, per page size, the CPU seconds of each (the best of the runs), this checkout's time over
the other's, and whether the two mark the same words.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from types import ModuleType

import dedupe.diff
from benchmarks.paragraphs import _load


def _page(lines: int) -> tuple[str, str]:
    """A page of `lines` lines and its revision: every 100th line reworded, every 250th added."""
    page = [f"line {n} of the page says something about item number {n} and its price" for n in range(lines)]
    revised: list[str] = []
    for n, line in enumerate(page):
        revised.append(line.replace("price", "cost") if n % 100 == 50 else line)
        if n % 250 == 125:
            revised.append(f"a line added after line {n}")
    return "\n".join(page) + "\n", "\n".join(revised) + "\n"


def _marked(diff: ModuleType, text_a: str, text_b: str) -> tuple[float, list[str]]:
    """CPU seconds of one alignment, and the words it marks on both sides."""
    started = time.process_time()
    rows = diff.align(text_a, text_b)
    spent = time.process_time() - started
    words = [
        text[s:e]
        for row in rows
        for text, side in ((text_a, row.a), (text_b, row.b))
        for b in side
        for s, e in b.changes
    ]
    return spent, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="another checkout of dedupe (its dedupe/diff.py is timed)")
    parser.add_argument("--lines", type=int, nargs="+", default=[250, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    other = _load(args.other, "diff")
    print(f"{'lines':>6} {'words':>7} {'this (s)':>9} {'other (s)':>10} {'ratio':>6}  same marks")
    for lines in args.lines:
        text_a, text_b = _page(lines)
        this_best = other_best = float("inf")
        for _ in range(args.runs):
            this_time, this_words = _marked(dedupe.diff, text_a, text_b)
            other_time, other_words = _marked(other, text_a, text_b)
            this_best, other_best = min(this_best, this_time), min(other_best, other_time)
        words = len(text_a.split())
        ratio = this_best / other_best if other_best else float("nan")
        print(f"{lines:>6} {words:>7} {this_best:>9.3f} {other_best:>10.3f} {ratio:>6.3f}  {this_words == other_words}")


if __name__ == "__main__":
    main()
