"""The orders a long report is read in (`--sort`), shared by the terminal and the HTML report, so
both list the same groups first and `--limit` keeps the same ones.

`path`: the report's order; `similarity`: the lowest score first, the entries nearest the
threshold, to look at; `bytes`: the largest saving first. Ties keep the report's order, and each
entry keeps its place number (a group's number is its place in the JSON report).
"""

from __future__ import annotations

from collections.abc import Sequence

from dedupe.model import DuplicateGroup, RepeatGroup, Report

FileRepeats = tuple[int, str, Sequence[RepeatGroup]]  # place, path, the file's repeats


def group_similarity(group: DuplicateGroup) -> float:
    return min(m.similarity for m in group.members if m.path != group.keep)


def group_saving(group: DuplicateGroup, sizes: dict[str, int]) -> int:
    """The bytes the group's removable copies take."""
    return sum(sizes[path] for path in group.removable)


def file_similarity(repeats: Sequence[RepeatGroup]) -> float:
    return min(g.similarity for g in repeats)


def file_saving(repeats: Sequence[RepeatGroup]) -> int:
    return sum(r.size for g in repeats for r in g.removed)


def sorted_groups(report: Report, sort: str) -> list[tuple[int, DuplicateGroup]]:
    """The report's groups, numbered from 1 in the report's order, in the order `sort` asks for."""
    numbered = list(enumerate(report.duplicate_groups, start=1))
    if sort == "similarity":
        return sorted(numbered, key=lambda item: (group_similarity(item[1]), item[0]))
    if sort == "bytes":
        sizes = {f.path: f.size for f in report.files}
        return sorted(numbered, key=lambda item: (-group_saving(item[1], sizes), item[0]))
    return numbered


def sorted_files(by_file: Sequence[tuple[str, Sequence[RepeatGroup]]], sort: str) -> list[FileRepeats]:
    """Files with their repeats, numbered from 1 in the given order, in the order `sort` asks for."""
    numbered = [(place, path, repeats) for place, (path, repeats) in enumerate(by_file, start=1)]
    if sort == "similarity":
        return sorted(numbered, key=lambda item: (file_similarity(item[2]), item[0]))
    if sort == "bytes":
        return sorted(numbered, key=lambda item: (-file_saving(item[2]), item[0]))
    return numbered
