"""The pipeline: discover, analyze, candidates, components, report; one orchestration.

`Pipeline` owns the I/O and runs the stages (`dedupe.stages`) through injected parts: an engine
(where per-item work runs: `Serial`, `ProcessPool`, `DaskEngine`), a store (the analysis cache)
and the caller's sink for cleaned bytes. The report depends only on the files' bytes and the
settings: never on the file order, the engine or its number of workers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial

from dedupe.engines.base import Distributed, Engine
from dedupe.engines.local import ProcessPool, Serial
from dedupe.model import DuplicateGroup, Report, ScannedFile, Skipped
from dedupe.settings import Settings
from dedupe.sinks.outputs import text_loader
from dedupe.sources import Selection, SourceFile, discover
from dedupe.stages.analyze import Analysis, analyze_batch
from dedupe.stages.buckets import band_shards, bucket_candidates
from dedupe.stages.duplicates import Duplicates, duplicate_groups, exact_representatives, meeting
from dedupe.store.cache import AnalysisCache
from dedupe.suppress import without_suppressed

Progress = Callable[[str, int, int], None]
_MAX_BATCH = 64
_MIN_PARALLEL = 32  # fewer files are analyzed faster than worker processes start
_KEPT_SHINGLE_BYTES = 256 * 1024 * 1024  # shingle sets kept for verification; it re-reads the rest


def scan(
    paths: Sequence[str],
    settings: Settings | None = None,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    cache: AnalysisCache | None = None,
    focus: Collection[str] | None = None,
    selection: Selection | None = None,
    engine: Engine | None = None,
) -> Report:
    """Find duplicate files and repeated paragraphs under `paths`.

    `jobs` is the number of worker processes (0: one per core) of the local engine used unless
    an `engine` is given; `progress(stage, done, total)` is called as work completes, for a
    caller that wants to show it. `cache` keeps analyses of files by content between runs. With
    `focus` (paths as discovered), only problems that involve one of those files are looked for
    and reported. `selection` says which files a folder walk picks. What the files' own
    `dedupe: ignore` comments accept is not reported (`dedupe.suppress`).
    """
    settings = settings or Settings()
    if engine is not None:
        report = Pipeline(settings, engine, cache, progress).scan(paths, focus, selection)
    else:
        with ProcessPool(jobs) as pool:
            report = Pipeline(settings, pool, cache, progress).scan(paths, focus, selection)
    return without_suppressed(report, text_loader(report, settings))


@dataclass
class Pipeline:
    """One run: `scan` walks the stages, handing per-item work to `engine` and taking and giving
    analyses through `store`."""

    settings: Settings
    engine: Engine
    store: AnalysisCache | None = None
    progress: Progress | None = None

    def scan(
        self, paths: Sequence[str], focus: Collection[str] | None = None, selection: Selection | None = None
    ) -> Report:
        settings = self.settings
        focus = None if focus is None else frozenset(focus)
        sources, skipped = discover(paths, settings, selection)
        if isinstance(self.engine, Distributed) and self.store is None and focus is None:
            return self._scan_distributed(self.engine, sources, skipped)
        analyses: list[Analysis] = []
        described: list[ScannedFile] = []  # files a check needs no analysis of: their report entries
        for result in _budgeted(self._analyses(sources, focus)):
            if isinstance(result, Skipped):
                skipped.append(result)
            elif isinstance(result, ScannedFile):
                described.append(result)
            else:
                analyses.append(result)
        analyses.sort(key=lambda a: a.source.path)
        wanted = None if focus is None else [i for i, a in enumerate(analyses) if a.source.path in focus]
        found = self._duplicates(analyses, wanted)
        return _report(settings, analyses, skipped, found, focus, described)

    def _scan_distributed(self, engine: Distributed, sources: list[SourceFile], skipped: list[Skipped]) -> Report:
        """Analyses stay on the workers; the driver gets each file's report entry (no signature,
        no shingles), the candidate pairs of a bucketed map/reduce, and resolved components."""
        parts = [engine.submit(analyze_batch, batch, self.settings) for batch in self._batches(sources, engine)]
        described: list[list[Analysis | Skipped]] = engine.gather([engine.submit(_described, part) for part in parts])
        analyses = sorted(
            (a for part in described for a in part if isinstance(a, Analysis)), key=lambda a: a.source.path
        )
        skipped += [s for part in described for s in part if isinstance(s, Skipped)]
        if self.progress:
            self.progress("reading", len(sources), len(sources))
        representative = exact_representatives(analyses)
        row = {a.source.path: i for i, a in enumerate(analyses) if representative[i] == i and a.shingle_count}
        rows = [[row.get(a.source.path, -1) if isinstance(a, Analysis) else -1 for a in part] for part in described]
        buckets = max(1, min(64, 2 * engine.workers))
        shards = [
            engine.submit(band_shards, part, r, self.settings, buckets) for part, r in zip(parts, rows, strict=True)
        ]
        reducers = [
            engine.submit(bucket_candidates, [engine.submit(operator.getitem, s, b) for s in shards], self.settings)
            for b in range(buckets)
        ]
        candidates = sorted({pair for found in engine.gather(reducers) for pair in found})
        found = duplicate_groups(analyses, self.settings, self.progress, None, engine, candidates)
        return _report(self.settings, analyses, skipped, found, None)

    def _batches(self, sources: list[SourceFile], engine: Engine) -> list[list[SourceFile]]:
        size = max(1, min(_MAX_BATCH, len(sources) // (engine.workers * 4)))
        return [sources[i : i + size] for i in range(0, len(sources), size)]

    def _analyses(
        self, sources: list[SourceFile], focus: frozenset[str] | None
    ) -> Iterator[Analysis | Skipped | ScannedFile]:
        if self.store is None:
            return self._analyze(sources)
        meets = None if focus is None else partial(meeting, settings=self.settings)
        return self.store.analyses(sources, self.settings, self._analyze, focus or (), meets)

    def _analyze(self, sources: list[SourceFile]) -> Iterator[Analysis | Skipped]:
        engine = self.engine if len(sources) >= _MIN_PARALLEL else Serial()
        done = 0
        for batch in engine.map(partial(analyze_batch, settings=self.settings), self._batches(sources, engine)):
            yield from batch
            done += len(batch)
            if self.progress:
                self.progress("reading", done, len(sources))

    def _duplicates(self, analyses: list[Analysis], wanted: list[int] | None) -> Duplicates:
        return duplicate_groups(analyses, self.settings, self.progress, wanted, self.engine, verified=self.store)


def _described(partition: list[Analysis | Skipped]) -> list[Analysis | Skipped]:
    """What the driver keeps of an analysis: its report entry, without signature or shingles."""
    return [replace(a, signature=None, shingles=None) if isinstance(a, Analysis) else a for a in partition]


def _report(
    settings: Settings,
    analyses: list[Analysis],
    skipped: list[Skipped],
    found: Duplicates,
    focus: frozenset[str] | None,
    described: Sequence[ScannedFile] = (),
) -> Report:
    """The report; `described`: the report entries of files compared without their analyses."""
    groups, lost = found.groups, found.lost
    if lost:
        skipped.extend(
            Skipped(analyses[i].source.path, "changed or vanished during the scan", error=True) for i in lost
        )
        analyses = [a for i, a in enumerate(analyses) if i not in lost]
        groups = _without(groups, {s.path for s in skipped})
    reported = analyses if focus is None else [a for a in analyses if a.source.path in focus]
    if focus is not None:
        groups = _involving(groups, focus)
    return Report(
        settings=settings.as_dict(),
        files=tuple(
            sorted([*described, *map(_entry, analyses)], key=operator.attrgetter("path"))
            if described
            else map(_entry, analyses)
        ),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        duplicate_groups=tuple(groups),
        repeated_paragraphs=tuple(group for a in reported for group in a.repeats),
        held_repeats=tuple(held for a in reported for held in a.held),
        held_pairs=tuple(p for p in found.held if focus is None or p.path in focus or p.keep in focus),
        focus=tuple(sorted(focus or ())),
        scored_pairs=tuple(found.scored_pairs),
    )


def _entry(analysis: Analysis) -> ScannedFile:
    source = analysis.source
    return ScannedFile(
        source.path, source.relative, source.size, analysis.digest, source.mtime, analysis.encoding, analysis.marked
    )


def _budgeted(results: Iterator[Analysis | Skipped | ScannedFile]) -> Iterator[Analysis | Skipped | ScannedFile]:
    """Analyses keep their shingle sets until these hold `_KEPT_SHINGLE_BYTES`; later ones drop
    them, so memory stays bounded on any corpus (the report is the same either way)."""
    kept = 0
    for result in results:
        if isinstance(result, Analysis) and result.shingles is not None:
            kept += result.shingles.nbytes
            if kept > _KEPT_SHINGLE_BYTES:
                result = replace(result, shingles=None)
        yield result


def _involving(groups: list[DuplicateGroup], focus: frozenset[str]) -> list[DuplicateGroup]:
    """Each group narrowed to the copies that involve a focus file: a focus file is the keeper,
    or the copy."""
    narrowed = (g if g.keep in focus else g.narrowed(lambda m: m.path in focus) for g in groups)
    return [g for g in narrowed if g]


def _without(groups: list[DuplicateGroup], gone: set[str]) -> list[DuplicateGroup]:
    """Groups minus files that were lost; a group left with one file, or without its keeper, goes."""
    narrowed = (g.narrowed(lambda m: m.path not in gone) for g in groups if g.keep not in gone)
    return [g for g in narrowed if g]
