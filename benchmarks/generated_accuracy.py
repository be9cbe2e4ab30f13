"""Accuracy on a generated corpus with planted truth (benchmarks/gen_corpus.py).

Prints pair precision and recall of duplicate groups against the truth clusters, and how many
planted repeated paragraphs the cleaned copies lost.

    python benchmarks/generated_accuracy.py [--docs 2000] [--seed 7] [--vocab FILES...]
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dedupe import Settings, scan
from dedupe.normalize import normalize
from dedupe.text import split_paragraphs

HERE = Path(__file__).parent


def pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}  # type: ignore[misc]


def evaluate(folder: Path, truth: dict, settings: Settings, jobs: int) -> dict[str, float]:
    started = time.perf_counter()
    report = scan([str(folder)], settings, jobs=jobs)
    seconds = time.perf_counter() - started
    found = pairs([[Path(m.path).name for m in g.members] for g in report.duplicate_groups])
    want = pairs(truth["clusters"])
    hits = len(found & want)
    repeats_by_file = {Path(r.path).name: r for r in report.repeated_paragraphs}
    missed_repeats = 0
    for name, planted in truth["repeats"].items():
        text = (folder / name).read_text()
        forms = [normalize(text[p.start : p.end]) for p in split_paragraphs(text)]
        removed = {line for r in report.repeated_paragraphs if Path(r.path).name == name for line in r.removed_lines}
        target = normalize(planted["paragraph"])
        copies = [p.line for p, f in zip(split_paragraphs(text), forms, strict=False) if f.startswith(target)]
        missed_repeats += sum(1 for line in copies[1:] if line not in removed)
    del repeats_by_file
    return {
        "precision": hits / len(found) if found else 1.0,
        "recall": hits / len(want) if want else 1.0,
        "pairs_found": len(found),
        "pairs_true": len(want),
        "repeat_files": len(truth["repeats"]),
        "planted_copies_missed": missed_repeats,
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--vocab", nargs="*", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        command = [
            sys.executable,
            str(HERE / "gen_corpus.py"),
            str(folder),
            "--docs",
            str(args.docs),
            "--seed",
            str(args.seed),
        ]
        if args.vocab:
            command += ["--vocab", *args.vocab]
        subprocess.run(command, check=True, capture_output=True)
        truth = json.loads((Path(tmp) / "corpus.truth.json").read_text())
        result = evaluate(folder, truth, Settings(), args.jobs)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
