"""Scoring a `Report` against truth: article pairs, hard negatives and planted paragraph repeats.

How pairs are counted. dedupe reports groups, each split around a keeper so that a group holds
the keeper and files verified as duplicates of the keeper itself (no chaining). So:
- group pairs: every pair of files in one reported group, compared with the true pairs
  (precision, recall = share of true pairs whose files ended up in the same group, F1);
- keeper pairs: (keeper, member), the pairs dedupe states with a score; their precision checks
  verification itself;
- left behind: true pairs with both files still in the cleaned corpus (neither removed).
The duplicate relation is not transitive (A≈B, B≈C, A≉C), so where the truth has chains the
group-pair figures can be imperfect although every keeper pair is right and nothing is left behind.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from benchmarks.plant import PlantedFile, cleaned_paragraphs
from dedupe.model import Report, Skipped
from dedupe.outputs import cleaned_file
from dedupe.settings import Settings

PairKey = tuple[str, str]


def pair_key(a: str, b: str) -> PairKey:
    return (a, b) if a < b else (b, a)


def all_pairs(groups: Iterable[Iterable[str]]) -> set[PairKey]:
    return {pair_key(a, b) for group in groups for a, b in itertools.combinations(list(group), 2)}


def group_pairs(report: Report) -> set[PairKey]:
    return all_pairs([m.path for m in g.members] for g in report.duplicate_groups)


def keeper_pairs(report: Report) -> set[PairKey]:
    return {pair_key(g.keep, path) for g in report.duplicate_groups for path in g.removable}


@dataclass(frozen=True)
class PairScores:
    found: int
    true: int
    hits: int
    keeper_pairs: int
    keeper_hits: int
    left_behind: int

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def keeper_precision(self) -> float:
        return self.keeper_hits / self.keeper_pairs if self.keeper_pairs else 1.0


def score_pairs(report: Report, truth: set[PairKey]) -> PairScores:
    found, keepers, removed = group_pairs(report), keeper_pairs(report), report.removed_files()
    left = sum(1 for a, b in truth if a not in removed and b not in removed)
    return PairScores(len(found), len(truth), len(found & truth), len(keepers), len(keepers & truth), left)


def grouped_negatives(report: Report, negatives: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Hard negatives whose two files ended up in one group."""
    found = group_pairs(report)
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
