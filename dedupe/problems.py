"""The report as a list of problems, one per thing `dedupe clean` would remove: what `check`
counts, what annotations and SARIF results are made of, and what a baseline records.

A problem names where it is, the copy it repeats, and a content key that stays the same when
lines elsewhere in the file move (see `dedupe.baseline`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dedupe.model import Report

Level = Literal["error", "warning"]
LEVELS: tuple[Level, ...] = ("error", "warning")
Rule = Literal["duplicate-article", "repeated-paragraph"]
RULES: dict[Rule, str] = {
    "duplicate-article": "The file is a copy of another article (exact, near, truncated or wrapped).",
    "repeated-paragraph": "A paragraph repeats an earlier paragraph of the same file.",
}


@dataclass(frozen=True)
class Problem:
    """One problem, at `path:line`; `size` is what `clean` would save by it (bytes)."""

    rule: Rule
    path: str
    line: int
    copy_of: str
    copy_line: int
    message: str
    key: str
    similarity: float = 1.0
    containment: float | None = None
    size: int = 0


def article_key(digest: str, other: str) -> str:
    """The content key of a pair of duplicate files: both digests, in either order."""
    return ":".join(sorted((digest, other)))


def problems(report: Report) -> list[Problem]:
    """Every removable file and every paragraph cut from a kept file, sorted by place.

    A duplicate is located at the removable copy, unless the report is about some files and
    the copy is not one of them: a new article that wraps an old one is kept as the more
    complete copy, but the problem is in the new file.
    """
    digest = {f.path: f.digest for f in report.files}
    size = {f.path: f.size for f in report.files}
    found = []
    for group in report.duplicate_groups:
        removable = set(group.removable)  # not the keeper, nor an original
        for member in group.members:
            if member.path not in removable:
                continue
            here, there = member.path, group.keep
            if report.focus and here not in report.focus:
                here, there = there, here
            scores = f"similarity {member.similarity:.2f}, containment {member.containment:.2f}"
            key = article_key(digest[member.path], digest[group.keep])
            message = f"duplicate of {there} ({scores})"
            found.append(
                Problem(
                    "duplicate-article",
                    here,
                    1,
                    there,
                    1,
                    message,
                    key,
                    member.similarity,
                    member.containment,
                    size[member.path],
                )
            )
    found += [
        Problem(
            "repeated-paragraph",
            group.path,
            removed.line,
            group.path,
            group.kept_line,
            f"{group.kind} repeat of the paragraph at line {group.kept_line} (similarity {removed.similarity:.2f})",
            group.key,
            removed.similarity,
            None,
            removed.size,
        )
        for group in report.kept_repeats()
        for removed in group.removed
    ]
    return sorted(found, key=lambda p: (p.path, p.line, p.rule, p.copy_of))
