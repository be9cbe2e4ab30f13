"""Time per MB of the per-paragraph work (splitting, normalizing, sections), which a file of
thousands of one-line paragraphs pays for each: this checkout's against another checkout's, both
loaded in one process and run alternately, so the machine's load falls on both alike.

    python -m benchmarks.paragraphs OTHER_CHECKOUT [--runs 5]

Prints each stage's seconds per MB (the best of the runs) and this checkout's time over the other's.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import dedupe.layout
import dedupe.normalize
import dedupe.text
from benchmarks import shapes

_STAGES = ("split", "normalize", "layout")


def _load(checkout: Path, name: str) -> ModuleType:
    """`dedupe.<name>` of another checkout, as a module of its own name (imports it makes still
    resolve to this checkout's: only its own code is timed)."""
    spec = importlib.util.spec_from_file_location(f"other_{name}", checkout / "dedupe" / f"{name}.py")
    assert spec is not None and spec.loader is not None, f"no dedupe/{name}.py in {checkout}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _timed(texts: list[str], text: ModuleType, normalize: ModuleType, layout: ModuleType) -> list[float]:
    """CPU seconds of each stage over `texts`, as a worker runs them on each file."""
    spent = [0.0, 0.0, 0.0]
    for source in texts:
        started = time.process_time()
        paragraphs = text.split_paragraphs(source)
        split = time.process_time()
        raw = [source[p.start : p.end] for p in paragraphs]
        for written in raw:
            normalize.normalize(written)
        normalized = time.process_time()
        layout.Layout.of(source, paragraphs, raw)
        done = time.process_time()
        for stage, seconds in enumerate((split - started, normalized - split, done - normalized)):
            spent[stage] += seconds
    return spent


def _cases() -> dict[str, list[str]]:
    cases: dict[str, list[str]] = {"articles": shapes.articles(4)}
    shape: Callable[[int], str]
    for name, shape in shapes.SHAPES.items():
        cases[name] = [shape(16)]
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="another checkout (its dedupe/ folder is loaded)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ours = (dedupe.text, dedupe.normalize, dedupe.layout)
    theirs = tuple(_load(args.other, name) for name in ("text", "normalize", "layout"))
    print(f"seconds per MB, best of {args.runs}: other checkout -> this one (ratio)")
    for name, texts in _cases().items():
        megabytes = sum(len(t.encode()) for t in texts) / 1e6
        best = {"other": [float("inf")] * 3, "this": [float("inf")] * 3}
        for _ in range(args.runs):
            for who, modules in (("other", theirs), ("this", ours)):
                best[who] = list(map(min, best[who], _timed(texts, *modules)))
        figures = "  ".join(
            f"{stage} {o / megabytes:.3f}->{t / megabytes:.3f} ({t / o:.2f})"
            for stage, o, t in zip(_STAGES, best["other"], best["this"], strict=True)
        )
        print(f"{name:<30} {megabytes:5.2f} MB  {figures}  all {sum(best['this']) / sum(best['other']):.2f}")


if __name__ == "__main__":
    main()
