"""The pipeline: scan(paths, settings) -> Report.

Files stream through worker processes in batches (read, split, repeats, shingles, signature);
the main process keeps only signatures, finds candidates, verifies them and groups the files.
The report depends only on the files' bytes and the settings: never on the file order or `jobs`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

from dedupe.analyze import Analysis, analyze_batch
from dedupe.duplicates import duplicate_groups
from dedupe.model import DuplicateGroup, Report, ScannedFile, Skipped
from dedupe.settings import Settings
from dedupe.sources import SourceFile, discover

Progress = Callable[[str, int, int], None]
_MAX_BATCH = 64


def scan(
    paths: Sequence[str], settings: Settings | None = None, *, jobs: int = 1, progress: Progress | None = None
) -> Report:
    """Find duplicate files and repeated paragraphs under `paths`.

    `jobs` is the number of worker processes (0: one per core); `progress(stage, done, total)` is
    called as work completes, for a caller that wants to show it.
    """
    settings = settings or Settings()
    sources, skipped = discover(paths, settings)
    analyses: list[Analysis] = []
    for result in _analyze_all(sources, settings, jobs or os.cpu_count() or 1, progress):
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            analyses.append(result)
    found = duplicate_groups(analyses, settings, progress)
    groups, lost = found.groups, found.lost
    if lost:
        skipped.extend(
            Skipped(analyses[i].source.path, "changed or vanished during the scan", error=True) for i in lost
        )
        analyses = [a for i, a in enumerate(analyses) if i not in lost]
        groups = _without(groups, {s.path for s in skipped})
    removed = {path for group in groups for path in group.removable}
    return Report(
        settings=settings.as_dict(),
        files=tuple(
            ScannedFile(a.source.path, a.source.relative, a.source.size, a.digest, a.source.mtime) for a in analyses
        ),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        duplicate_groups=tuple(groups),
        repeated_paragraphs=tuple(group for a in analyses for group in a.repeats),
        bytes_saved=sum(a.source.size if a.source.path in removed else a.repeat_bytes for a in analyses),
        scored_pairs=tuple(found.scored_pairs),
    )


def _analyze_all(
    sources: list[SourceFile], settings: Settings, jobs: int, progress: Progress | None
) -> Iterator[Analysis | Skipped]:
    size = max(1, min(_MAX_BATCH, len(sources) // (jobs * 4)))
    batches = [sources[i : i + size] for i in range(0, len(sources), size)]
    if jobs == 1 or len(batches) < 2:
        results: Iterator[list[Analysis | Skipped]] = map(analyze_batch, batches, repeat(settings))
        yield from _counted(results, len(sources), progress)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            yield from _counted(pool.map(analyze_batch, batches, repeat(settings)), len(sources), progress)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _counted(
    batches: Iterator[list[Analysis | Skipped]], total: int, progress: Progress | None
) -> Iterator[Analysis | Skipped]:
    done = 0
    for batch in batches:
        yield from batch
        done += len(batch)
        if progress:
            progress("reading", done, total)


def _without(groups: list[DuplicateGroup], gone: set[str]) -> list[DuplicateGroup]:
    """Groups minus files that were lost; a group left with one file, or without its keeper, goes."""
    kept = []
    for group in groups:
        members = tuple(m for m in group.members if m.path not in gone)
        if group.keep not in gone and len(members) > 1:
            kept.append(DuplicateGroup(group.keep, members, group.policy))
    return kept
