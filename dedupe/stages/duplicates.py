"""Duplicate articles across files: exact copies by normalized hash, then MinHash LSH candidates,
each verified on the real shingle sets, then grouped around a keeper.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

from dedupe.differences import FileText, file_copy_loss
from dedupe.engines.base import Engine
from dedupe.engines.local import Serial
from dedupe.model import DuplicateGroup, HeldPair, Member, ScoredPair
from dedupe.settings import Settings
from dedupe.shingles import Shingles, overlap
from dedupe.sources import Document, read_document
from dedupe.stages.analyze import Analysis, ComparisonForm, document_shingles
from dedupe.stages.candidates import band_keys, candidate_pairs
from dedupe.stages.clusters import Candidate, components, keeper_by_policy, policy_rank, split_around_keepers
from dedupe.stages.verify import PairScore, estimate_floor, is_duplicate, score

Progress = Callable[[str, int, int], None]
_CACHED_SETS = 4096
_CACHED_TEXTS = 64
_PAIRWISE_KEEPER_LIMIT = 32  # larger groups pick the `complete` keeper by length alone
_BATCH_MEMBERS = 512  # files per batch of components sent to an engine
SERIAL = Serial()


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
        self._documents: OrderedDict[int, Document | None] = OrderedDict()
        self.lost: set[int] = set()

    def shingles(self, index: int) -> Shingles | None:
        index = self._representative[index]
        if index in self._sets:
            self._sets.move_to_end(index)
            return self._sets[index]
        analysis = self._analyses[index]
        document = self._document(index)
        shingles = None
        if document is not None:
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
            document = self._document(index)
            self._texts[index] = None if document is None else FileText(document.decoded.text)
            if len(self._texts) > _CACHED_TEXTS:
                self._texts.popitem(last=False)
        return self._texts[index]

    def _document(self, index: int) -> Document | None:
        """A file read again (a PDF or a JSONL record too), None if it changed since its analysis
        or cannot be read: once for its shingles' check and its loss test both."""
        if index in self._documents:
            self._documents.move_to_end(index)
            return self._documents[index]
        analysis = self._analyses[index]
        document = read_document(analysis.source, self._settings)
        fresh = document if isinstance(document, Document) and document.digest == analysis.digest else None
        self._documents[index] = fresh
        if len(self._documents) > _CACHED_TEXTS:
            self._documents.popitem(last=False)
        return fresh

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


@dataclass(frozen=True)
class Component:
    """A connected component of candidate and exact-copy pairs: the unit of verification, and
    what travels to a worker. Indices are local (positions in `analyses`, sorted by path)."""

    analyses: tuple[Analysis, ...]
    representative: tuple[int, ...]  # each member's first exact copy (itself when unique)
    exact: tuple[tuple[int, int], ...]  # (representative, copy)
    candidates: tuple[tuple[int, int], ...]  # pairs to verify
    settings: Settings


@dataclass(frozen=True)
class Resolved:
    """What a component sends back: its groups, measured and held pairs, and lost paths."""

    groups: list[DuplicateGroup]
    scored_pairs: list[ScoredPair]
    held: list[HeldPair]
    lost: list[str]


class Verified(Protocol):
    """Where verified components are kept between runs (`dedupe.store.cache`)."""

    def resolved(
        self, parts: list[Component], resolve: Callable[[list[Component]], Iterable[Resolved]]
    ) -> Iterable[Resolved]: ...


def duplicate_groups(
    analyses: list[Analysis],
    settings: Settings,
    progress: Progress | None,
    focus: Collection[int] | None = None,
    engine: Engine | None = None,
    candidates: list[tuple[int, int]] | None = None,
    verified: Verified | None = None,
) -> Duplicates:
    """The duplicate groups of `analyses`, which must be sorted by path.

    With `focus` (indices), only pairs that hold a focus file (or an exact copy of one) are
    compared: what `check` needs for a few files against a corpus, in a fraction of the time.
    Each connected component is resolved on its own, by `engine` (in this process by default).
    `candidates`: the LSH candidate pairs when they were found elsewhere (`dedupe.stages.buckets`).
    `verified`: components verified before, taken as they were (only the others are resolved).
    """
    representative = exact_representatives(analyses)
    classes = None if focus is None else {representative[i] for i in focus}
    exact = [
        (representative[i], i)
        for i in range(len(analyses))
        if representative[i] != i and (classes is None or representative[i] in classes)
    ]
    if candidates is None:
        candidates = _candidates(analyses, representative, settings, classes)
    pool = engine or SERIAL
    parts = component_jobs(analyses, representative, exact, candidates, settings, pool.local)

    def resolve(jobs: list[Component]) -> Iterator[Resolved]:
        return resolve_all(jobs, pool, progress)

    return merged(resolve(parts) if verified is None else verified.resolved(parts, resolve), analyses)


def component_jobs(
    analyses: Sequence[Analysis],
    representative: Sequence[int],
    exact: list[tuple[int, int]],
    candidates: list[tuple[int, int]],
    settings: Settings,
    keep_shingles: bool = True,
) -> list[Component]:
    """The components of exact and candidate pairs, as jobs (`keep_shingles=False`: the worker
    reads its files again, for an engine where shipping shingle sets costs more)."""
    nodes = sorted({node for edge in (*exact, *candidates) for node in edge})
    parts = components(nodes, [*exact, *candidates])
    of = {node: k for k, part in enumerate(parts) for node in part}
    local = {node: position for part in parts for position, node in enumerate(part)}
    pairs: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = [([], []) for _ in parts]
    for kind, edges in enumerate((exact, candidates)):
        for a, b in edges:
            pairs[of[a]][kind].append((local[a], local[b]))
    return [
        Component(
            tuple(analyses[i] if keep_shingles else replace(analyses[i], shingles=None) for i in part),
            tuple(local[representative[i]] for i in part),
            tuple(exact_pairs),
            tuple(candidate_pairs),
            settings,
        )
        for part, (exact_pairs, candidate_pairs) in zip(parts, pairs, strict=True)
    ]


def resolve_all(parts: list[Component], engine: Engine, progress: Progress | None) -> Iterator[Resolved]:
    """Components resolved by `engine` in batches of about `_BATCH_MEMBERS` files, in order."""
    batches: list[list[Component]] = [[]]
    members = 0  # in the last batch
    for part in parts:
        if members >= _BATCH_MEMBERS:
            batches.append([])
            members = 0
        batches[-1].append(part)
        members += len(part.analyses)
    done, total = 0, sum(len(part.candidates) for part in parts)
    for batch, results in zip(batches, engine.map(resolve_batch, batches), strict=True):
        yield from results
        done += sum(len(p.candidates) for p in batch)
        if progress and total:
            progress("verifying", done, total)


def resolve_batch(parts: list[Component]) -> list[Resolved]:
    return [resolve(part) for part in parts]


def resolve(part: Component) -> Resolved:
    """Verify a component's candidates on its real shingle sets, then split each group of
    verified pairs around keepers."""
    return _Resolver(part).resolve()


def merged(results: Iterable[Resolved], analyses: list[Analysis]) -> Duplicates:
    """The components' results as one, in the order the report gives them."""
    groups: list[DuplicateGroup] = []
    scored: list[ScoredPair] = []
    held: list[HeldPair] = []
    gone: set[str] = set()
    for result in results:
        groups += result.groups
        scored += result.scored_pairs
        held += result.held
        gone.update(result.lost)
    lost = {i for i, a in enumerate(analyses) if a.source.path in gone}
    return Duplicates(
        sorted(groups, key=lambda g: g.keep),
        sorted(scored, key=lambda p: (p.a, p.b)),
        lost,
        sorted(held, key=lambda p: (p.path, p.keep)),
    )


class _Resolver:
    """One component's verification and grouping, with its scores and losses remembered."""

    def __init__(self, part: Component) -> None:
        self.part, self.settings = part, part.settings
        self.rep = part.representative
        self.store = ShingleStore(list(part.analyses), list(part.representative), part.settings)
        self.held: dict[tuple[int, int], str] = {}
        self.losses: dict[tuple[int, int], str | None] = {}
        self.index: _SharedShingles | None = None
        self._rank = policy_rank(part.settings.keep)
        self.copies: dict[int, list[int]] = {}
        for member, rep in enumerate(self.rep):
            self.copies.setdefault(rep, []).append(member)
        self.candidates = [
            Candidate(i, a.source.path, a.source.mtime, a.shingle_count, self.settings.is_original(a.source.path))
            for i, a in enumerate(part.analyses)
        ]

    def resolve(self) -> Resolved:
        analyses, store = self.part.analyses, self.store
        path = [a.source.path for a in analyses]
        edges = list(self.part.exact)
        scored = [ScoredPair(path[a], path[b], 1.0, 1.0, True) for a, b in edges]
        for a, b in self.part.candidates:
            pair = store.score(a, b)
            if pair is not None:
                duplicate = is_duplicate(pair, self.settings)
                scored.append(ScoredPair(path[a], path[b], pair.jaccard, pair.containment, duplicate))
                if duplicate:
                    edges.append((a, b))
        groups: list[DuplicateGroup] = []
        connected = [c for c in components(range(len(analyses)), edges) if len(c) > 1]
        for component, inside in zip(connected, _edges_by_component(connected, edges), strict=True):
            self.index = None
            split = split_around_keepers(
                component, inside, self.keeper, self.duplicates_of, self.rank, _PAIRWISE_KEEPER_LIMIT
            )
            groups.extend(self.group(kept, members) for kept, members in split)
        lost = {i for i, r in enumerate(self.rep) if r in store.lost}
        gone = {path[i] for i in lost}
        measured = [p for p in scored if p.a not in gone and p.b not in gone]
        return Resolved(groups, measured, self.held_pairs(groups), sorted(gone))

    def verified(self, kept: int, other: int) -> bool:
        if self.rep[kept] == self.rep[other]:
            return True
        pair = self.store.score(kept, other)
        return pair is not None and is_duplicate(pair, self.settings)

    def loss(self, kept: int, other: int) -> str | None:
        """What removing `other` in favour of `kept` would lose; None for exact copies."""
        if self.rep[kept] == self.rep[other]:
            return None
        if (kept, other) not in self.losses:
            self.losses[(kept, other)] = self.store.loss(other, kept)
        return self.losses[(kept, other)]

    def same_article(self, kept: int, other: int) -> bool:
        """A copy of the kept file that loses nothing when removed; a pair that passes the rule
        but would lose something is held for review instead."""
        if not self.verified(kept, other):
            return False
        why = self.loss(kept, other)
        if why is not None:
            self.held[(kept, other)] = why
        return why is None

    def removable(self, kept: int, other: int) -> bool:
        return self.verified(kept, other) and self.loss(kept, other) is None

    def containment(self, container: int, other: int) -> float:
        pair = self.store.score(container, other)
        return 0.0 if pair is None else pair.contained_b

    def rank(self, member: int) -> tuple[object, ...]:
        """The keeper policy's order, for a part too large to compare pairwise."""
        return self._rank(self.candidates[member])

    def keeper(self, members: list[int]) -> int:
        """A part's keeper, compared pairwise (larger parts are ranked: `split_around_keepers`)."""
        pool = [self.candidates[i] for i in members]
        return keeper_by_policy(self.settings.keep, pool, self.containment, self.removable).index

    def duplicates_of(self, kept: int, part: AbstractSet[int]) -> list[int]:
        """The files of `part` that are copies of `kept`. In a large part only those sharing a
        shingle with it are scored (a pair sharing none has the score `PairScore(0, |a|, |b|)`,
        known unread); a small one is scored whole, which costs less than the index."""
        same = [m for m in self.copies[self.rep[kept]] if m in part]
        possible = set(same)
        if len(part) <= _PAIRWISE_KEEPER_LIMIT:
            possible.update(part)
        elif len(part) > len(same):  # some file of the part is not an exact copy of kept
            if self.index is None:
                self.index = _SharedShingles(self.store, sorted({self.rep[m] for m in part}))
            for rep in self.index.could_match(kept, self.settings):
                possible.update(m for m in self.copies[rep] if m in part)
        possible.discard(kept)
        return [m for m in sorted(possible) if self.same_article(kept, m)]

    def group(self, kept: int, members: list[int]) -> DuplicateGroup:
        analyses = self.part.analyses
        scored = [Member(analyses[kept].source.path, 1.0, 1.0)]
        for member in members:
            path = analyses[member].source.path
            pair = None if self.rep[kept] == self.rep[member] else self.store.score(kept, member)
            scored.append(Member(path, 1.0, 1.0) if pair is None else Member(path, pair.jaccard, pair.contained_b))
        ordered = tuple(sorted(scored, key=lambda m: m.path))
        originals = tuple(c.path for c in (self.candidates[i] for i in (kept, *members)) if c.original)
        return DuplicateGroup(analyses[kept].source.path, ordered, self.settings.keep, tuple(sorted(originals)))

    def held_pairs(self, groups: list[DuplicateGroup]) -> list[HeldPair]:
        """For each file that no group removes but that was held against a kept file, the closest
        such file: one entry a file, so a family of templates (release notes, licence versions)
        lists each member once, not every pair of them. A file's held pairs are all inside its
        component, so this per component is the same as over the corpus."""
        analyses = self.part.analyses
        removed = {p for g in groups for p in g.removable}
        closest: dict[str, HeldPair] = {}
        for (kept, other), reason in self.held.items():
            keep, path = analyses[kept].source.path, analyses[other].source.path
            scores = self.store.score(kept, other)
            if path in removed or keep in removed or scores is None:
                continue
            pair = HeldPair(keep, path, scores.jaccard, scores.contained_b, reason)
            best = closest.get(path)
            if best is None or (-pair.similarity, pair.keep) < (-best.similarity, best.keep):
                closest[path] = pair
        return list(closest.values())


class _SharedShingles:
    """An inverted index of a component's shingle sets: which members share a shingle with a
    keeper, found in time proportional to the keeper's set and its matches, not the component."""

    def __init__(self, store: ShingleStore, members: list[int]) -> None:
        self._store = store
        sets = {m: store.shingles(m) for m in members}
        self._sizes = {m: len(s) for m, s in sets.items() if s is not None}
        present = [m for m in members if m in self._sizes]
        values = np.concatenate([sets[m] for m in present]) if present else np.zeros(0, np.uint64)
        owners = np.repeat(np.array(present, dtype=np.int64), [self._sizes[m] for m in present])
        order = np.argsort(values, kind="stable")
        self._values, self._owners = values[order], owners[order]

    def could_match(self, kept: int, settings: Settings) -> list[int]:
        """The members (representatives) whose set was read and that share a shingle with
        kept's, or could be duplicates without sharing one (under settings that accept that)."""
        shingles = self._store.shingles(kept)
        if shingles is None:
            return []
        if is_duplicate(PairScore(0, 1, 1), settings) or is_duplicate(PairScore(0, 1, 10**9), settings):
            return [m for m in self._sizes if self._disjoint_match(shingles, m, settings)]
        low = np.searchsorted(self._values, shingles, side="left")
        high = np.searchsorted(self._values, shingles, side="right")
        counts = high - low
        positions = np.repeat(low - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        return [int(m) for m in np.unique(self._owners[positions])]

    def _disjoint_match(self, shingles: Shingles, other: int, settings: Settings) -> bool:
        return overlap(shingles, self._store.shingles(other)) > 0 or is_duplicate(  # type: ignore[arg-type]
            PairScore(0, len(shingles), self._sizes[other]), settings
        )


def _edges_by_component(connected: list[list[int]], edges: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Each component's own edges, in order: splitting a component walks its edges, not all of
    its parent's (which made many small groups cost groups × edges)."""
    of = {node: k for k, component in enumerate(connected) for node in component}
    inside: list[list[tuple[int, int]]] = [[] for _ in connected]
    for edge in edges:
        if edge[0] in of:
            inside[of[edge[0]]].append(edge)
    return inside


def exact_representatives(analyses: list[Analysis]) -> list[int]:
    """For each file, the first file with the same normalized text (itself when unique or empty)."""
    first: dict[str, int] = {}
    return [first.setdefault(a.exact_key, i) if a.exact_key else i for i, a in enumerate(analyses)]


def meeting(
    checked: Sequence[Analysis],
    exact_keys: Sequence[str],
    signatures: npt.NDArray[np.uint32],
    signed: npt.NDArray[np.bool_],
    settings: Settings,
) -> npt.NDArray[np.bool_]:
    """Which of some other files (their exact keys, signatures and whether each has one) a search
    with `focus` on the `checked` files could pair with one of them: those with a checked file's
    exact key, or an LSH band of one's signature. The rest never join a component of a checked
    file, so a check against them needs their report entries only, not their analyses."""
    keys = {a.exact_key for a in checked if a.exact_key}
    met = np.fromiter((key in keys for key in exact_keys), dtype=bool, count=len(exact_keys))
    theirs = [a.signature for a in checked if a.signature is not None]
    if theirs and len(signatures):
        stacked, rows = np.stack(theirs), settings.lsh_rows
        for band in range(settings.lsh_bands):
            met |= np.isin(band_keys(signatures, band, rows), band_keys(stacked, band, rows)) & signed
    return met


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
