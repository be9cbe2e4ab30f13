"""Duplicate articles across files: exact copies by normalized hash, then MinHash LSH candidates,
each verified on the real shingle sets, then grouped around a keeper.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np

from dedupe.analyze import Analysis, ComparisonForm, document_shingles
from dedupe.candidates import candidate_pairs
from dedupe.clusters import Candidate, components, keeper_by_policy, split_around_keepers
from dedupe.differences import FileText, file_copy_loss
from dedupe.model import DuplicateGroup, HeldPair, Member, ScoredPair
from dedupe.settings import Settings
from dedupe.shingles import Shingles
from dedupe.sources import Document, read_document
from dedupe.verify import PairScore, estimate_floor, is_duplicate, score

Progress = Callable[[str, int, int], None]
_CACHED_SETS = 4096
_CACHED_TEXTS = 64
_PAIRWISE_KEEPER_LIMIT = 32  # larger groups pick the `complete` keeper by length alone


class ShingleStore:
    """Shingle sets: those the analyses kept, the others re-read on demand (texts are not held
    in memory), with an LRU cache.

    Every file is read again either way: files whose bytes changed since they were analyzed, or
    that can no longer be read, are collected in `lost` and never match anything.
    """

    def __init__(self, analyses: list[Analysis], representative: list[int], settings: Settings) -> None:
        self._analyses = analyses
        self._representative = representative
        self._settings = settings
        self._sets: OrderedDict[int, Shingles | None] = OrderedDict()
        self._scores: dict[tuple[int, int], PairScore | None] = {}
        self._texts: OrderedDict[int, FileText | None] = OrderedDict()
        self.lost: set[int] = set()

    def shingles(self, index: int) -> Shingles | None:
        index = self._representative[index]
        if index in self._sets:
            self._sets.move_to_end(index)
            return self._sets[index]
        analysis = self._analyses[index]
        document = read_document(analysis.source, self._settings)  # a PDF or JSONL record too
        shingles = None
        if isinstance(document, Document) and document.digest == analysis.digest:
            shingles = (
                analysis.shingles if analysis.shingles is not None else self._analyzed(analysis, document.decoded.text)
            )
        if shingles is None:
            self.lost.add(index)
        self._sets[index] = shingles
        if len(self._sets) > _CACHED_SETS:
            self._sets.popitem(last=False)
        return shingles

    def _analyzed(self, analysis: Analysis, text: str) -> Shingles | None:
        # the digest matched, so the repeats the analysis found are these bytes' repeats
        form = ComparisonForm.of(analysis.source.path, text, self._settings, known=analysis.repeats)
        return document_shingles(form.normalized, self._settings)

    def loss(self, copy: int, kept: int) -> str | None:
        """What removing file `copy` in favour of `kept` would lose (`dedupe.differences`)."""
        texts = [self._text(copy), self._text(kept)]
        if texts[0] is None or texts[1] is None:
            return "could not be read again"
        return file_copy_loss(texts[0], texts[1])

    def _text(self, index: int) -> FileText | None:
        if index not in self._texts:
            document = read_document(self._analyses[index].source, self._settings)
            self._texts[index] = FileText.of(document.decoded.text) if isinstance(document, Document) else None
            if len(self._texts) > _CACHED_TEXTS:
                self._texts.popitem(last=False)
        return self._texts[index]

    def score(self, a: int, b: int) -> PairScore | None:
        """Scores of a against b (b's containment in a is `contained_b`)."""
        key = (a, b)
        if key not in self._scores:
            set_a, set_b = self.shingles(a), self.shingles(b)
            self._scores[key] = None if set_a is None or set_b is None else score(set_a, set_b)
        return self._scores[key]


@dataclass(frozen=True)
class Duplicates:
    """Groups sorted by kept path; every pair measured (exact copies at 1.0), sorted; the files
    lost (changed or unreadable) since they were analyzed."""

    groups: list[DuplicateGroup]
    scored_pairs: list[ScoredPair]
    lost: set[int]
    held: list[HeldPair]


def duplicate_groups(
    analyses: list[Analysis], settings: Settings, progress: Progress | None, focus: Collection[int] | None = None
) -> Duplicates:
    """The duplicate groups of `analyses`, which must be sorted by path.

    With `focus` (indices), only pairs that hold a focus file (or an exact copy of one) are
    compared: what `check` needs for a few files against a corpus, in a fraction of the time.
    """
    representative = _exact_representatives(analyses)
    store = ShingleStore(analyses, representative, settings)
    classes = None if focus is None else {representative[i] for i in focus}
    edges = [
        (representative[i], i)
        for i in range(len(analyses))
        if representative[i] != i and (classes is None or representative[i] in classes)
    ]
    path = [a.source.path for a in analyses]
    scored = [ScoredPair(path[a], path[b], 1.0, 1.0, True) for a, b in edges]
    candidates = _candidates(analyses, representative, settings, classes)
    for done, (a, b) in enumerate(candidates, start=1):
        pair = store.score(a, b)
        if pair is not None:
            duplicate = is_duplicate(pair, settings)
            scored.append(ScoredPair(path[a], path[b], pair.jaccard, pair.containment, duplicate))
            if duplicate:
                edges.append((a, b))
        if progress and (done % 256 == 0 or done == len(candidates)):
            progress("verifying", done, len(candidates))

    held: dict[tuple[int, int], str] = {}
    losses: dict[tuple[int, int], str | None] = {}

    def verified(kept: int, other: int) -> bool:
        if representative[kept] == representative[other]:
            return True
        pair = store.score(kept, other)
        return pair is not None and is_duplicate(pair, settings)

    def loss(kept: int, other: int) -> str | None:
        """What removing `other` in favour of `kept` would lose; None for exact copies."""
        if representative[kept] == representative[other]:
            return None
        if (kept, other) not in losses:
            losses[(kept, other)] = store.loss(other, kept)
        return losses[(kept, other)]

    def same_article(kept: int, other: int) -> bool:
        """A copy of the kept file that loses nothing when removed; a pair that passes the rule
        but would lose something is held for review instead."""
        if not verified(kept, other):
            return False
        why = loss(kept, other)
        if why is not None:
            held[(kept, other)] = why
        return why is None

    def removable(kept: int, other: int) -> bool:
        return verified(kept, other) and loss(kept, other) is None

    def containment(container: int, other: int) -> float:
        pair = store.score(container, other)
        return 0.0 if pair is None else pair.contained_b

    def keeper(members: list[int]) -> int:
        pool = [
            Candidate(i, analyses[i].source.path, analyses[i].source.mtime, analyses[i].shingle_count) for i in members
        ]
        small = len(members) <= _PAIRWISE_KEEPER_LIMIT
        pairwise = containment if small else (lambda a, b: 0.0)
        return keeper_by_policy(settings.keep, pool, pairwise, removable if small else None).index

    groups = []
    connected = [c for c in components(range(len(analyses)), edges) if len(c) > 1]
    for component, inside in zip(connected, _edges_by_component(connected, edges), strict=True):
        for kept, members in split_around_keepers(component, inside, keeper, same_article):
            groups.append(_group(kept, members, analyses, store, representative, settings))
    lost = {i for i, r in enumerate(representative) if r in store.lost}
    gone = {path[i] for i in lost}
    measured = sorted((p for p in scored if p.a not in gone and p.b not in gone), key=lambda p: (p.a, p.b))
    return Duplicates(sorted(groups, key=lambda g: g.keep), measured, lost, _held_pairs(held, groups, analyses, store))


def _held_pairs(
    held: dict[tuple[int, int], str], groups: list[DuplicateGroup], analyses: list[Analysis], store: ShingleStore
) -> list[HeldPair]:
    """For each file that no group removes but that was held against a kept file, the closest such
    file: one entry a file, so a family of templates (release notes, licence versions) lists each
    member once, not every pair of them."""
    removed = {p for g in groups for p in g.removable}
    closest: dict[str, HeldPair] = {}
    for (kept, other), reason in held.items():
        keep, path = analyses[kept].source.path, analyses[other].source.path
        scores = store.score(kept, other)
        if path in removed or keep in removed or scores is None:
            continue
        pair = HeldPair(keep, path, scores.jaccard, scores.contained_b, reason)
        best = closest.get(path)
        if best is None or (-pair.similarity, pair.keep) < (-best.similarity, best.keep):
            closest[path] = pair
    return sorted(closest.values(), key=lambda p: p.path)


def _edges_by_component(connected: list[list[int]], edges: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Each component's own edges, in order: splitting a component walks its edges, not all."""
    of = {node: k for k, component in enumerate(connected) for node in component}
    inside: list[list[tuple[int, int]]] = [[] for _ in connected]
    for edge in edges:
        inside[of[edge[0]]].append(edge)
    return inside


def _exact_representatives(analyses: list[Analysis]) -> list[int]:
    """For each file, the first file with the same normalized text (itself when unique or empty)."""
    first: dict[str, int] = {}
    return [first.setdefault(a.exact_key, i) if a.exact_key else i for i, a in enumerate(analyses)]


def _candidates(
    analyses: list[Analysis], representative: list[int], settings: Settings, classes: set[int] | None
) -> list[tuple[int, int]]:
    signed = [i for i, a in enumerate(analyses) if representative[i] == i and a.signature is not None]
    if len(signed) < 2:
        return []
    matrix = np.stack([analyses[i].signature for i in signed])  # type: ignore[misc]
    focus = None if classes is None else [row for row, i in enumerate(signed) if i in classes]
    pairs = candidate_pairs(matrix, settings.lsh_bands, settings.lsh_rows, focus, estimate_floor(settings))
    return [(signed[a], signed[b]) for a, b in pairs]


def _group(
    kept: int,
    members: list[int],
    analyses: list[Analysis],
    store: ShingleStore,
    representative: list[int],
    settings: Settings,
) -> DuplicateGroup:
    scored = [Member(analyses[kept].source.path, 1.0, 1.0)]
    for member in members:
        path = analyses[member].source.path
        pair = None if representative[kept] == representative[member] else store.score(kept, member)
        scored.append(Member(path, 1.0, 1.0) if pair is None else Member(path, pair.jaccard, pair.contained_b))
    return DuplicateGroup(analyses[kept].source.path, tuple(sorted(scored, key=lambda m: m.path)), settings.keep)
