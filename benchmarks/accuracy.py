"""Accuracy of dedupe on real text: exhaustive truth, planted truth, planted paragraph repeats.

For each corpus (see benchmarks/corpora.py; `generated` is benchmarks/gen_corpus.py):
1. exhaustive: dedupe's groups against every pair the duplicate rule accepts (benchmarks/truth.py);
2. planted: copies of real articles with realistic edits, hard negatives and the hand-written
   samples, scored against the planted clusters and against exhaustive truth on that folder;
3. paragraphs: real articles with planted exact and near repeats, cleaned by dedupe's own cleaner.
Prints the tables (Markdown), the first false positives and misses, and writes them with one
S-curve SVG per corpus into --out.

    python -m benchmarks.accuracy [--corpora lee copyright spam-assassin generated] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks import corpora
from benchmarks.metrics import (
    PairKey,
    PairScores,
    all_pairs,
    group_pairs,
    grouped_negatives,
    pair_key,
    score_pairs,
    score_paragraphs,
)
from benchmarks.plant import HandWritten, plant_articles, plant_paragraphs
from benchmarks.scurve import s_curve_svg
from benchmarks.truth import Rule, TruePair, load, read_text, true_pairs
from dedupe import Report, Settings, scan
from dedupe.analyze import document_shingles
from dedupe.candidates import candidate_pairs
from dedupe.normalize import normalize
from dedupe.signatures import signature

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LANGUAGES = ("de", "tr", "zh", "ja")
HAND_WRITTEN: list[HandWritten] = [
    (
        SAMPLES / "wire",
        [
            [
                "harbour-bridge.txt",
                "harbour-bridge-newsletter.txt",
                "harbour-bridge-republished.txt",
                "harbour-bridge-truncated.txt",
            ]
        ],
        [("harbour-bridge.txt", "harbour-bridge-other-report.txt")],
    ),
    (SAMPLES, [], [("000_aa1d6de8988af644.txt", "004_93517e45620c80a7.txt")]),
    *[
        (SAMPLES / "languages" / lang, [["article.txt", "article-copy.txt"]], [("article.txt", "other-report.txt")])
        for lang in LANGUAGES
    ],
]
MIN_BASE_WORDS = 50
SHOWN = 20


class Run:
    """One corpus's measurements, printed and collected as Markdown."""

    def __init__(self, name: str, settings: Settings, jobs: int, out: Path) -> None:
        self.name, self.settings, self.jobs, self.out = name, settings, jobs, out
        self.lines: list[str] = []

    def say(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def scan(self, folder: Path) -> Report:
        started = time.perf_counter()
        report = scan([str(folder)], self.settings, jobs=self.jobs)
        self.say(
            f"scanned {report.files_scanned} files ({len(report.skipped)} skipped) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        return report

    def truth(self, report: Report) -> list[TruePair]:
        started = time.perf_counter()
        texts = load([f.path for f in report.files], self.settings)
        pairs = true_pairs(texts, Rule.of(self.settings))
        self.say(f"exhaustive truth: {len(pairs)} pairs in {time.perf_counter() - started:.1f} s")
        return pairs

    def table(self, rows: list[tuple[str, PairScores]]) -> None:
        self.say(
            "| truth | true pairs | group pairs | precision | recall | F1 | keeper pairs (precision) "
            "| true pairs left behind |"
        )
        self.say("|---|---:|---:|---:|---:|---:|---:|---:|")
        for label, s in rows:
            self.say(
                f"| {label} | {s.true} | {s.found} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} "
                f"| {s.keeper_pairs} ({s.keeper_precision:.4f}) | {s.left_behind} |"
            )

    def errors(self, report: Report, truth: list[TruePair], candidates: set[PairKey]) -> None:
        """The first false positives and misses, with their exact scores and why they were missed."""
        by_key = {pair_key(p.a, p.b): p for p in truth}
        found = group_pairs(report)
        false_positives = sorted(found - by_key.keys())
        misses = sorted(by_key.keys() - found)
        self.say(f"false positives (group pairs not in truth): {len(false_positives)}")
        for a, b in false_positives[:SHOWN]:
            self.say(f"  FP {self.short(a)} ~ {self.short(b)}")
        not_candidates = [k for k in misses if k not in candidates]
        self.say(
            f"misses: {len(misses)} ({len(not_candidates)} never LSH candidates, "
            f"{len(misses) - len(not_candidates)} verified but in different groups)"
        )
        for key in misses[:SHOWN]:
            p = by_key[key]
            cause = "not a candidate" if key not in candidates else "split around keepers"
            self.say(
                f"  MISS {self.short(p.a)} ~ {self.short(p.b)}: jaccard {p.jaccard:.3f}, "
                f"containment {p.containment:.3f}, sizes {p.size_a}/{p.size_b} ({cause})"
            )

    def disagreements(self, planted: set[PairKey], exhaustive: set[PairKey]) -> None:
        """Pairs where the planted intent and the duplicate rule disagree, with their scores."""
        differ = sorted(planted ^ exhaustive)
        texts = load(sorted({p for key in differ for p in key}), self.settings)
        self.say(f"planted and exhaustive truth differ on {len(differ)} pairs")
        for a, b in differ[:SHOWN]:
            shared, sizes = len(texts.sets[a] & texts.sets[b]), (len(texts.sets[a]), len(texts.sets[b]))
            side = "planted only" if (a, b) in planted else "rule only"
            self.say(
                f"  {side}: {self.short(a)} ~ {self.short(b)}: jaccard {_jaccard(texts.sets[a], texts.sets[b]):.3f}, "
                f"containment {shared / max(1, min(sizes)):.3f}, sizes {sizes[0]}/{sizes[1]}"
            )

    @staticmethod
    def short(path: str) -> str:
        parts = Path(path).parts
        return "/".join(parts[-2:])

    def candidates(self, paths: list[str]) -> set[PairKey]:
        """LSH candidates as dedupe's banding computes them (a diagnostic: which misses are LSH's)."""
        signed = []
        for path in paths:
            shingles = document_shingles(normalize(read_text(Path(path))), self.settings)
            if len(shingles):
                signed.append((path, signature(shingles, self.settings.num_perm, self.settings.seed)))
        if len(signed) < 2:
            return set()
        matrix = np.stack([s for _, s in signed])
        pairs = candidate_pairs(matrix, self.settings.lsh_bands, self.settings.lsh_rows)
        return {pair_key(signed[a][0], signed[b][0]) for a, b in pairs}

    def s_curve(self, label: str, truth: list[TruePair], candidates: set[PairKey], report: Report) -> None:
        texts = load(sorted({p for key in candidates for p in key}), self.settings)
        found = group_pairs(report)
        jaccard = {pair_key(p.a, p.b): p.jaccard for p in truth}
        rule = Rule.of(self.settings)
        lowest = (
            rule.containment
            * rule.min_length_ratio
            / (1 + rule.min_length_ratio - rule.containment * rule.min_length_ratio)
        )
        svg = s_curve_svg(
            f"{self.name} ({label}): LSH S-curve and measured similarities",
            self.settings.lsh_bands,
            self.settings.lsh_rows,
            [
                ("true pairs, grouped", "#2b7bba", [v for k, v in jaccard.items() if k in found]),
                ("true pairs, missed", "#d7301f", [v for k, v in jaccard.items() if k not in found]),
                ("LSH candidate pairs", "#bbbbbb", [_jaccard(texts.sets[a], texts.sets[b]) for a, b in candidates]),
            ],
            [(f"similarity {rule.similarity}", rule.similarity), (f"containment rule ≥ {lowest:.2f}", lowest)],
        )
        path = self.out / f"scurve-{self.name}-{label}.svg"
        path.write_text(svg, encoding="utf-8")
        self.say(f"S-curve: {path}")


def _jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def exhaustive(run: Run, folder: Path, planted: set[PairKey] | None = None, label: str = "exhaustive") -> set[str]:
    """Scores a folder against exhaustive truth (and planted truth when given); returns the files
    that are in no true pair."""
    report = run.scan(folder)
    truth = run.truth(report)
    truth_keys = {pair_key(p.a, p.b) for p in truth}
    rows = [("exhaustive", score_pairs(report, truth_keys))]
    if planted is not None:
        rows.append(("planted", score_pairs(report, planted)))
        run.disagreements(planted, truth_keys)
    run.table(rows)
    candidates = run.candidates([f.path for f in report.files])
    run.errors(report, truth, candidates)
    run.s_curve(label, truth, candidates, report)
    paired = {p for key in truth_keys for p in key}
    return {f.path for f in report.files if f.path not in paired}


def bases(paths: set[str], limit: int, seed: int) -> list[Path]:
    """Up to `limit` files of at least MIN_BASE_WORDS words, chosen with a fixed seed."""
    long_enough = sorted(p for p in paths if len(read_text(Path(p)).split()) >= MIN_BASE_WORDS)
    return [Path(p) for p in sorted(random.Random(seed).sample(long_enough, min(limit, len(long_enough))))]


def planted_articles(run: Run, chosen: list[Path], work: Path, seed: int) -> None:
    run.say("\n#### Planted copies and hard negatives\n")
    planted = plant_articles(chosen, work / "articles", seed, HAND_WRITTEN)
    recipes: dict[str, int] = {}
    for recipe in planted.recipes.values():
        recipes[recipe] = recipes.get(recipe, 0) + 1
    run.say(
        f"{len(planted.clusters)} clusters, {len(planted.recipes)} edited copies "
        f"({', '.join(f'{k} {v}' for k, v in sorted(recipes.items()))}), {len(planted.negatives)} hard negatives"
    )
    report = run.scan(planted.folder)
    truth = run.truth(report)
    truth_keys = {pair_key(p.a, p.b) for p in truth}
    planted_keys = all_pairs(planted.clusters)
    run.disagreements(planted_keys, truth_keys)
    run.table([("exhaustive", score_pairs(report, truth_keys)), ("planted", score_pairs(report, planted_keys))])
    grouped = grouped_negatives(report, planted.negatives)
    run.say(f"hard negatives grouped: {len(grouped)} of {len(planted.negatives)}")
    for a, b, kind in grouped[:SHOWN]:
        run.say(f"  NEGATIVE GROUPED ({kind}) {run.short(a)} ~ {run.short(b)}")
    by_recipe = _missed_by_recipe(report, planted.clusters, planted.recipes)
    if by_recipe:
        run.say(f"planted copies not grouped with their original, by edit: {by_recipe}")
    candidates = run.candidates([f.path for f in report.files])
    run.errors(report, truth, candidates)
    run.s_curve("planted", truth, candidates, report)


def _missed_by_recipe(report: Report, clusters: list[list[str]], recipes: dict[str, str]) -> dict[str, int]:
    found = group_pairs(report)
    missed: dict[str, int] = {}
    for cluster in clusters:
        for copy in cluster[1:]:
            if copy in recipes and pair_key(cluster[0], copy) not in found:
                missed[recipes[copy]] = missed.get(recipes[copy], 0) + 1
    return missed


def planted_paragraphs(run: Run, chosen: list[Path], work: Path, seed: int) -> None:
    run.say("\n#### Planted repeated paragraphs\n")
    settings = run.settings
    planted = plant_paragraphs(
        chosen, work / "paragraphs", seed, settings.paragraph_similarity, settings.min_paragraph_chars
    )
    report = run.scan(work / "paragraphs")
    scores = score_paragraphs(report, planted, settings)
    run.say("| files | exact repeats removed | near repeats removed | paragraphs kept once | files cleaned exactly |")
    run.say("|---:|---:|---:|---:|---:|")
    run.say(
        f"| {scores.files} | {scores.exact_removed}/{scores.exact_planted} | "
        f"{scores.near_removed}/{scores.near_planted} ({scores.near_removed / max(1, scores.near_planted):.3f}) | "
        f"{scores.paragraphs - scores.lost}/{scores.paragraphs} | {scores.files_exact}/{scores.files} |"
    )
    run.say(f"paragraph targets: {'; '.join(scores.failures()) or 'all met'}")


def generated_folder(work: Path, seed: int) -> tuple[Path, set[PairKey]]:
    """benchmarks/gen_corpus.py's corpus (vocabulary from the copyright corpus when cached)."""
    folder = work / "generated"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "gen_corpus.py"),
        str(folder),
        "--docs",
        "2000",
        "--seed",
        str(seed),
    ]
    vocabulary = corpora.cached("copyright")
    if vocabulary:
        command += ["--vocab", *sorted(str(p) for p in vocabulary.glob("*.txt"))]
    subprocess.run(command, check=True, capture_output=True)
    clusters = json.loads((work / "generated.truth.json").read_text())["clusters"]
    return folder, all_pairs([[str(folder / name) for name in cluster] for cluster in clusters])


def evaluate(run: Run, work: Path, planted_bases: int, seed: int) -> None:
    run.say(f"\n### {run.name}\n")
    if run.name == "generated":
        folder, planted = generated_folder(work, seed)
        exhaustive(run, folder, planted)
        return
    unpaired = exhaustive(run, corpora.fetch(run.name))
    chosen = bases(unpaired, planted_bases, seed)
    planted_articles(run, chosen, work, seed)
    planted_paragraphs(run, chosen, work, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", nargs="*", default=["lee", "copyright", "spam-assassin", "generated"])
    parser.add_argument("--out", type=Path, default=Path("accuracy-out"))
    parser.add_argument("--bases", type=int, default=600, help="real articles to plant copies and repeats in")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument(
        "--set", nargs="*", default=[], metavar="FIELD=VALUE", help="settings to change, e.g. lsh_rows=4"
    )
    args = parser.parse_args()
    settings = replace(Settings(), **dict(_setting(item) for item in args.set))
    args.out.mkdir(parents=True, exist_ok=True)
    lines = [f"settings: {json.dumps(settings.as_dict())}"]
    print(lines[0])
    for name in args.corpora:
        run = Run(name, settings, args.jobs, args.out)
        with _work_folder() as work:
            evaluate(run, work, args.bases, args.seed)
        lines += run.lines
    (args.out / "accuracy.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _setting(item: str) -> tuple[str, object]:
    name, _, value = item.partition("=")
    return name, (float(value) if "." in value else int(value))


@contextmanager
def _work_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="dedupe-accuracy-") as tmp:
        yield Path(tmp)


if __name__ == "__main__":
    main()
