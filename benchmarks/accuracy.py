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
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from benchmarks import corpora
from benchmarks.metrics import (
    PairKey,
    PairScores,
    all_pairs,
    grouped_negatives,
    pair_key,
    reported_pairs,
    score_pairs,
    score_paragraphs,
    star_pairs,
)
from benchmarks.plant import HandWritten, PlantedArticles, plant_articles, plant_paragraphs
from benchmarks.scurve import s_curve_svg
from benchmarks.truth import Rule, TruePair, load, read_text, true_pairs
from dedupe import Report, Settings, scan
from dedupe.signatures import signature
from dedupe.stages.analyze import ComparisonForm, document_shingles
from dedupe.stages.candidates import candidate_pairs
from dedupe.stages.verify import estimate_floor

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
_RELATED = Rule(similarity=1.0, containment=0.3, min_length_ratio=0.0)
_MAIL_HEADER = re.compile(r"From \S+ |(?i:return-path|received|delivered-to|message-id|x-[\w-]+):")
SHOWN = 20


@dataclass(frozen=True)
class Candidates:
    """Pairs that share an LSH band, and those of them whose estimate reaches the floor."""

    banded: set[PairKey]
    verified: set[PairKey]

    def cause(self, key: PairKey) -> str:
        """Why a true pair was not reported."""
        if key not in self.banded:
            return "not an LSH candidate"
        if key not in self.verified:
            return "under the estimate floor"
        return "verified, rule disagrees"


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
            "| truth | true pairs | reported pairs | precision | recall | F1 | removals (right) "
            "| true pairs left behind | group pairs: precision / recall |"
        )
        self.say("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for label, s in rows:
            self.say(
                f"| {label} | {s.true} | {s.reported} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} "
                f"| {s.removals} ({s.removal_precision:.4f}) | {s.left_behind} "
                f"| {s.group_precision:.4f} / {s.group_recall:.4f} |"
            )

    def errors(self, report: Report, truth: list[TruePair], candidates: Candidates) -> None:
        """The first false positives and misses, with their exact scores and why they were missed."""
        by_key = {pair_key(p.a, p.b): p for p in truth}
        found = reported_pairs(report)
        false_positives = sorted(found - by_key.keys())
        misses = sorted(by_key.keys() - found)
        self.say(f"false positives (reported pairs not in truth): {len(false_positives)}")
        for a, b in false_positives[:SHOWN]:
            self.say(f"  FP {self.short(a)} ~ {self.short(b)}")
        causes = {key: candidates.cause(key) for key in misses}
        tally = Counter(causes.values())
        counts = ", ".join(f"{tally[cause]} {cause}" for cause in sorted(tally))
        self.say(f"misses: {len(misses)}" + (f" ({counts})" if counts else ""))
        for key in misses[:SHOWN]:
            p = by_key[key]
            self.say(
                f"  MISS {self.short(p.a)} ~ {self.short(p.b)}: jaccard {p.jaccard:.3f}, "
                f"containment {p.containment:.3f}, sizes {p.size_a}/{p.size_b} ({causes[key]})"
            )

    def disagreements(self, planted: set[PairKey], exhaustive: set[PairKey], unlabelled: set[PairKey]) -> None:
        """Pairs where the planted intent and the duplicate rule disagree, with their scores."""
        differ = sorted((planted ^ exhaustive) - unlabelled)
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

    def candidates(self, paths: list[str]) -> Candidates:
        """LSH candidates as dedupe's banding computes them, before and after the estimate floor
        (a diagnostic: which misses are LSH's and which the floor's)."""
        signed = []
        for path in paths:
            form = ComparisonForm.of(path, read_text(Path(path)), self.settings)
            shingles = document_shingles(form.normalized, self.settings)
            if len(shingles):
                signed.append((path, signature(shingles, self.settings.num_perm, self.settings.seed)))
        if len(signed) < 2:
            return Candidates(set(), set())
        matrix = np.stack([s for _, s in signed])
        bands, rows = self.settings.lsh_bands, self.settings.lsh_rows
        banded = candidate_pairs(matrix, bands, rows)
        verified = candidate_pairs(matrix, bands, rows, floor=estimate_floor(self.settings))
        return Candidates(*({pair_key(signed[a][0], signed[b][0]) for a, b in pairs} for pairs in (banded, verified)))

    def s_curve(self, label: str, truth: list[TruePair], candidates: Candidates, report: Report) -> None:
        texts = load(sorted({p for key in candidates.banded for p in key}), self.settings)
        found = reported_pairs(report)
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
                ("true pairs, reported", "#2b7bba", [v for k, v in jaccard.items() if k in found]),
                ("true pairs, missed", "#d7301f", [v for k, v in jaccard.items() if k not in found]),
                (
                    "LSH candidate pairs",
                    "#bbbbbb",
                    [_jaccard(texts.sets[a], texts.sets[b]) for a, b in candidates.banded],
                ),
            ],
            [(f"similarity {rule.similarity}", rule.similarity), (f"containment rule ≥ {lowest:.2f}", lowest)],
        )
        path = self.out / f"scurve-{self.name}-{label}.svg"
        path.write_text(svg, encoding="utf-8")
        self.say(f"S-curve: {path}")


def _jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def exhaustive(run: Run, folder: Path, clusters: list[list[str]] | None = None) -> set[str]:
    """Scores a folder against exhaustive truth (and planted truth when clusters are given);
    returns the files that are in no true pair."""
    report = run.scan(folder)
    truth = run.truth(report)
    truth_keys = {pair_key(p.a, p.b) for p in truth}
    rows = [("exhaustive", score_pairs(report, truth_keys))]
    if clusters is not None:
        planted, unlabelled = planted_truth(clusters)
        rows.append(("planted", score_pairs(report, planted, unlabelled)))
        run.disagreements(planted, truth_keys, unlabelled)
    run.table(rows)
    candidates = run.candidates([f.path for f in report.files])
    run.errors(report, truth, candidates)
    run.s_curve("exhaustive", truth, candidates, report)
    paired = {p for key in truth_keys for p in key}
    return {f.path for f in report.files if f.path not in paired}


def planted_truth(clusters: list[list[str]]) -> tuple[set[PairKey], set[PairKey]]:
    """Each original (listed first) with each of its copies; two copies of one original are
    left unlabelled (a truncated copy and a trimmed one need not be alike: no truth either way)."""
    planted = star_pairs(clusters)
    return planted, all_pairs(clusters) - planted


def bases(paths: set[str], limit: int, seed: int, out: Path, settings: Settings) -> list[Path]:
    """Up to `limit` articles of at least MIN_BASE_WORDS words, chosen with a fixed seed, written
    to `out` as article text (an e-mail without its headers), none a duplicate of another."""
    texts = {p: article_text(read_text(Path(p))) for p in sorted(paths)}
    long_enough = [p for p, text in texts.items() if len(text.split()) >= MIN_BASE_WORDS]
    out.mkdir(parents=True)
    chosen = []
    for path in sorted(random.Random(seed).sample(long_enough, min(limit, len(long_enough)))):
        chosen.append(out / Path(path).name)
        chosen[-1].write_bytes(texts[path].encode("utf-8"))
    paired = {p for pair in true_pairs(load(map(str, chosen), settings), Rule.of(settings)) for p in (pair.a, pair.b)}
    return [path for path in chosen if str(path) not in paired]


def article_text(text: str) -> str:
    """The article in a text: an e-mail's body without its header block (mail headers are
    transport, and two messages of one list share most of them); any other text as it is."""
    if not _MAIL_HEADER.match(text):
        return text
    _head, blank, body = text.replace("\r\n", "\n").partition("\n\n")
    return body if blank else text


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
    planted_keys, unlabelled = planted_truth(planted.clusters)
    unlabelled |= related_copies(planted, run.settings)
    run.disagreements(planted_keys, truth_keys, unlabelled)
    run.table(
        [("exhaustive", score_pairs(report, truth_keys)), ("planted", score_pairs(report, planted_keys, unlabelled))]
    )
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


def related_copies(planted: PlantedArticles, settings: Settings) -> set[PairKey]:
    """Pairs of files made from two related originals (sharing 30% of the smaller's content),
    which planting does not label: two spam mails of one campaign share their first half, so
    the truncated half of one can rightly be a duplicate of the other."""
    families = {original: [original] for original in planted.originals}
    families.update({cluster[0]: cluster for cluster in planted.clusters})
    related = true_pairs(load(sorted(families), settings), _RELATED)
    return {pair_key(a, b) for pair in related for a in families[pair.a] for b in families[pair.b]}


def _missed_by_recipe(report: Report, clusters: list[list[str]], recipes: dict[str, str]) -> dict[str, int]:
    found = reported_pairs(report)
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


def generated_folder(work: Path, seed: int) -> tuple[Path, list[list[str]]]:
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
    return folder, [[str(folder / name) for name in cluster] for cluster in clusters]  # original first


def evaluate(run: Run, work: Path, planted_bases: int, seed: int) -> None:
    run.say(f"\n### {run.name}\n")
    if run.name == "generated":
        folder, clusters = generated_folder(work, seed)
        exhaustive(run, folder, clusters)
        return
    unpaired = exhaustive(run, corpora.fetch(run.name))
    chosen = bases(unpaired, planted_bases, seed, work / "bases", run.settings)
    run.say(f"{len(chosen)} base articles (in no true pair; e-mails without headers)")
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
