"""Scoring a `Report` against truth: article pairs, hard negatives and planted paragraph repeats.

How pairs are counted.
- reported pairs: every pair dedupe verified as duplicates (the JSON report's `pairs`), with
  exact copies expanded (the report lists a copy once, against the first file of its text, and
  it shares that file's pairs). Precision and recall of these against the truth are the cost of
  MinHash, LSH and the estimate floor: verification applies the rule exactly.
- removals: (keeper, removable file), the claims `clean` acts on; their precision is the share
  of removed files that truly duplicate the file kept in their place.
- left behind: true pairs with both files still in the cleaned corpus (neither removed).
- group pairs: every two files of one group. Groups are a keeper and the copies of *it* (no
  chaining) and the rule is not transitive (A≈B, B≈C, A≉C), so on a web of partial overlaps two
  members of a group need not be alike and two alike files can sit in different groups. Shown
  for comparison with tools that report clusters; not a target.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from benchmarks.plant import PlantedFile, cleaned_paragraphs
from dedupe.model import Report, Skipped
from dedupe.settings import Settings
from dedupe.sinks.outputs import cleaned_file

PairKey = tuple[str, str]


def pair_key(a: str, b: str) -> PairKey:
    return (a, b) if a < b else (b, a)


def all_pairs(groups: Iterable[Iterable[str]]) -> set[PairKey]:
    return {pair_key(a, b) for group in groups for a, b in itertools.combinations(list(group), 2)}


def star_pairs(clusters: Iterable[list[str]]) -> set[PairKey]:
    """(original, copy) for clusters that list their original first."""
    return {pair_key(cluster[0], copy) for cluster in clusters for copy in cluster[1:]}


def group_pairs(report: Report) -> set[PairKey]:
    return all_pairs([m.path for m in g.members] for g in report.duplicate_groups)


def keeper_pairs(report: Report) -> set[PairKey]:
    return {pair_key(g.keep, path) for g in report.duplicate_groups for path in g.removable}


def reported_pairs(report: Report) -> set[PairKey]:
    """The verified duplicate pairs, with files of equal shingle sets (similarity 1.0, exact
    copies among them) sharing each other's pairs."""
    verified = [p for p in report.scored_pairs if p.duplicate]
    parent: dict[str, str] = {}

    def find(path: str) -> str:
        while parent.get(path, path) != path:
            path = parent[path]
        return path

    for p in verified:
        if p.similarity == 1.0:
            root_a, root_b = find(p.a), find(p.b)
            parent[max(root_a, root_b)] = min(root_a, root_b)
    same: dict[str, list[str]] = {}
    for path in sorted({path for p in verified for path in (p.a, p.b)}):
        same.setdefault(find(path), []).append(path)
    found = all_pairs(same.values())
    for p in verified:
        found |= {pair_key(a, b) for a in same[find(p.a)] for b in same[find(p.b)] if a != b}
    return found


@dataclass(frozen=True)
class PairScores:
    reported: int
    true: int
    hits: int
    removals: int
    removals_right: int
    left_behind: int
    group_pairs: int
    group_hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def removal_precision(self) -> float:
        return self.removals_right / self.removals if self.removals else 1.0

    @property
    def group_precision(self) -> float:
        return self.group_hits / self.group_pairs if self.group_pairs else 1.0

    @property
    def group_recall(self) -> float:
        return self.group_hits / self.true if self.true else 1.0


def score_pairs(report: Report, truth: set[PairKey], unlabelled: set[PairKey] | None = None) -> PairScores:
    """Scores against `truth`; pairs in `unlabelled` (no truth either way) count on neither side."""
    unlabelled = unlabelled or set()
    found, keepers, grouped = reported_pairs(report) - unlabelled, keeper_pairs(report), group_pairs(report)
    grouped -= unlabelled
    removed = report.removed_files()
    left = sum(1 for a, b in truth if a not in removed and b not in removed)
    return PairScores(
        len(found),
        len(truth),
        len(found & truth),
        len(keepers),
        len(keepers & (truth | unlabelled)),
        left,
        len(grouped),
        len(grouped & truth),
    )


def grouped_negatives(report: Report, negatives: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Hard negatives reported as a duplicate pair or put in one group."""
    found = reported_pairs(report) | group_pairs(report)
    return [n for n in negatives if pair_key(n[0], n[1]) in found]


@dataclass
class ParagraphScores:
    exact_planted: int = 0
    exact_removed: int = 0
    near_planted: int = 0
    near_removed: int = 0
    paragraphs: int = 0
    lost: int = 0
    files: int = 0
    files_exact: int = 0

    def add(self, planted: PlantedFile, cleaned: list[str]) -> None:
        """Compare one cleaned file's paragraphs with what its planted units say it must hold."""
        bases = [u.text for u in planted.units if u.kind == "base"]
        self.files += 1
        self.files_exact += cleaned == bases
        self.paragraphs += len(bases)
        self.lost += sum(1 for text in bases if cleaned.count(text) == 0)
        near = [u.text for u in planted.units if u.kind == "near"]
        self.near_planted += len(near)
        self.near_removed += sum(1 for text in near if text not in cleaned)
        exact = sum(1 for u in planted.units if u.kind == "exact")
        surplus = sum(max(0, cleaned.count(text) - 1) for text in set(bases))
        self.exact_planted += exact
        self.exact_removed += exact - surplus

    def failures(self) -> list[str]:
        """Which of the paragraph targets are missed: all exact, ≥ 98% near, nothing lost."""
        problems = []
        if self.exact_removed < self.exact_planted:
            problems.append(f"{self.exact_planted - self.exact_removed} exact repeats kept")
        if self.near_removed < 0.98 * self.near_planted:
            problems.append(f"near repeats removed {self.near_removed}/{self.near_planted} < 98%")
        if self.lost:
            problems.append(f"{self.lost} paragraphs lost")
        return problems


def score_paragraphs(report: Report, planted: list[PlantedFile], settings: Settings) -> ParagraphScores:
    """Cleans every planted file in memory with dedupe's own cleaner and checks what is left."""
    cuts, files = report.cuts_by_path(), {f.path: f for f in report.files}
    scores = ParagraphScores()
    for item in planted:
        result = cleaned_file(files[item.path], cuts.get(item.path, []), settings)
        if isinstance(result, Skipped):
            raise RuntimeError(f"{item.path}: {result.reason}")
        scores.add(item, cleaned_paragraphs(result.cleaned_text(), item.layout))
    return scores
