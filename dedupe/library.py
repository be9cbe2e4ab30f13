"""The library's workflows beyond `scan`: clean into a folder, fix in place, check for problems.

Each is a scan (any engine) followed by a sink; nothing prints, nothing exits: results are
values, refusals are `DedupeError`s in the library's words.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from dedupe.corpus import as_walked
from dedupe.engines.base import Engine
from dedupe.model import Report, Skipped
from dedupe.pipeline import scan
from dedupe.problems import Problem, problems
from dedupe.settings import Settings
from dedupe.sinks.folder import check_output_folder, write_cleaned
from dedupe.sinks.inplace import InPlaceResult, fix_in_place
from dedupe.urls import refuse_in_place


@dataclass(frozen=True)
class Cleaning:
    """The scan behind a cleaning, how many files were written, and those that could not be."""

    report: Report
    written: int
    failed: list[Skipped]


def clean(
    paths: Sequence[str],
    out: str,
    settings: Settings | None = None,
    *,
    overwrite: bool = False,
    jobs: int = 1,
    engine: Engine | None = None,
) -> Cleaning:
    """Write one file per duplicate group under `out`, repeated paragraphs cut, every other byte
    as it was. `out` must not lie inside an input; an existing, non-empty `out` needs `overwrite`."""
    settings = settings or Settings()
    check_output_folder(list(paths), out, overwrite)
    report = scan(paths, settings, jobs=jobs, engine=engine)
    written, failed = write_cleaned(report, out, settings)
    return Cleaning(report, written, failed)


def fix(
    paths: Sequence[str],
    settings: Settings | None = None,
    *,
    backup: str | None = None,
    delete_duplicates: bool = False,
    jobs: int = 1,
    engine: Engine | None = None,
) -> InPlaceResult:
    """Cut repeated paragraphs from the files themselves (atomically; `backup`: a suffix for the
    originals); with `delete_duplicates`, remove the removable copies, never a kept file."""
    settings = settings or Settings()
    refuse_in_place(paths)
    report = scan(paths, settings, jobs=jobs, engine=engine)
    return fix_in_place(report, settings, backup, delete_duplicates)


def check(
    paths: Sequence[str], corpus: Sequence[str] = (), settings: Settings | None = None, *, jobs: int = 1
) -> list[Problem]:
    """The problems (duplicate articles, repeated paragraphs) that involve one of `paths`, each
    compared with the `corpus` too; with no corpus, among `paths` alone."""
    if not corpus:
        return problems(scan(paths, settings, jobs=jobs))
    given = as_walked(list(paths), [folder for folder in corpus if os.path.isdir(folder)])
    together = [*corpus, *(p for p in given if p not in corpus)]
    return problems(scan(together, settings, jobs=jobs, focus=given))
