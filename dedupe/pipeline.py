"""The pipeline: scan(paths, settings) -> Report.

Files stream through worker processes in batches (read, split, repeats, shingles, signature);
the main process keeps only signatures, finds candidates, verifies them and groups the files.
The report depends only on the files' bytes and the settings: never on the file order or `jobs`.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from itertools import repeat

from dedupe.model import DuplicateGroup, Report, ScannedFile, Skipped
from dedupe.settings import Settings
from dedupe.sources import Selection, SourceFile, discover
from dedupe.stages.analyze import Analysis, analyze_batch
from dedupe.stages.duplicates import duplicate_groups
from dedupe.store.cache import AnalysisCache

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
) -> Report:
    """Find duplicate files and repeated paragraphs under `paths`.

    `jobs` is the number of worker processes (0: one per core); `progress(stage, done, total)` is
    called as work completes, for a caller that wants to show it. `cache` keeps analyses of files
    by content between runs. With `focus` (paths as discovered), only problems that involve one of
    those files are looked for and reported. `selection` says which files a folder walk picks.
    """
    settings = settings or Settings()
    focus = None if focus is None else frozenset(focus)
    sources, skipped = discover(paths, settings, selection)
    analyses: list[Analysis] = []
    for result in _budgeted(_analyses(sources, settings, jobs or os.cpu_count() or 1, progress, cache, focus)):
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            analyses.append(result)
    analyses.sort(key=lambda a: a.source.path)
    wanted = None if focus is None else [i for i, a in enumerate(analyses) if a.source.path in focus]
    found = duplicate_groups(analyses, settings, progress, wanted)
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
            ScannedFile(a.source.path, a.source.relative, a.source.size, a.digest, a.source.mtime) for a in analyses
        ),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        duplicate_groups=tuple(groups),
        repeated_paragraphs=tuple(group for a in reported for group in a.repeats),
        held_repeats=tuple(held for a in reported for held in a.held),
        held_pairs=tuple(p for p in found.held if focus is None or p.path in focus or p.keep in focus),
        focus=tuple(sorted(focus or ())),
        scored_pairs=tuple(found.scored_pairs),
    )


def _analyses(
    sources: list[SourceFile],
    settings: Settings,
    jobs: int,
    progress: Progress | None,
    cache: AnalysisCache | None,
    focus: frozenset[str] | None,
) -> Iterator[Analysis | Skipped]:
    if cache is None:
        return _analyze_all(sources, settings, jobs, progress)
    return cache.analyses(sources, settings, lambda misses: _analyze_all(misses, settings, jobs, progress), focus or ())


def _budgeted(results: Iterator[Analysis | Skipped]) -> Iterator[Analysis | Skipped]:
    """Analyses keep their shingle sets until these hold `_KEPT_SHINGLE_BYTES`; later ones drop
    them, so memory stays bounded on any corpus (the report is the same either way)."""
    kept = 0
    for result in results:
        if isinstance(result, Analysis) and result.shingles is not None:
            kept += result.shingles.nbytes
            if kept > _KEPT_SHINGLE_BYTES:
                result = replace(result, shingles=None)
        yield result


def _analyze_all(
    sources: list[SourceFile], settings: Settings, jobs: int, progress: Progress | None
) -> Iterator[Analysis | Skipped]:
    size = max(1, min(_MAX_BATCH, len(sources) // (jobs * 4)))
    batches = [sources[i : i + size] for i in range(0, len(sources), size)]
    if jobs == 1 or len(batches) < 2 or len(sources) < _MIN_PARALLEL:
        results: Iterator[list[Analysis | Skipped]] = map(analyze_batch, batches, repeat(settings))
        yield from _counted(results, len(sources), progress)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts) as pool:
        try:
            yield from _counted(pool.map(analyze_batch, batches, repeat(settings)), len(sources), progress)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group, and only the main process answers it
    (a worker's KeyboardInterrupt would print a traceback of its own)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _counted(
    batches: Iterator[list[Analysis | Skipped]], total: int, progress: Progress | None
) -> Iterator[Analysis | Skipped]:
    done = 0
    for batch in batches:
        yield from batch
        done += len(batch)
        if progress:
            progress("reading", done, total)


def _involving(groups: list[DuplicateGroup], focus: frozenset[str]) -> list[DuplicateGroup]:
    """Each group narrowed to the copies that involve a focus file: a focus file is the keeper,
    or the copy."""
    narrowed = (g if g.keep in focus else g.narrowed(lambda m: m.path in focus) for g in groups)
    return [g for g in narrowed if g]


def _without(groups: list[DuplicateGroup], gone: set[str]) -> list[DuplicateGroup]:
    """Groups minus files that were lost; a group left with one file, or without its keeper, goes."""
    narrowed = (g.narrowed(lambda m: m.path not in gone) for g in groups if g.keep not in gone)
    return [g for g in narrowed if g]
