"""Inline suppression: `dedupe: ignore` written in the text itself, as ruff's `# noqa`,
codespell's `codespell:ignore` and yamllint's `disable-line` are.

- `dedupe: ignore` in a paragraph, or on the line right above it (an HTML comment
  `<!-- dedupe: ignore -->` in Markdown, any line in plain text): that paragraph is not reported
  as a repeat, and is never cut. Written at the kept paragraph, it accepts every copy of it.
- `dedupe: ignore-file` anywhere in a file: the file has no repeats reported and takes part in
  no duplicate group (a group whose kept file carries it is dropped).

A filter over a finished `Report`: detection is unchanged, and only files named by a finding
whose analysis saw `dedupe:` in them (`ScannedFile.marked`) are read again (through `load`, which
returns None for a file that changed or cannot be read).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from dedupe.model import DuplicateGroup, RepeatGroup, Report, Span

MARK = "dedupe:"  # in every comment below; a file without it is not read again
IGNORE = re.compile(r"dedupe:\s*ignore(?!-)\b")
IGNORE_FILE = re.compile(r"dedupe:\s*ignore-file\b")
TextLoader = Callable[[str], str | None]


def without_suppressed(report: Report, load: TextLoader) -> Report:
    """The report minus the findings the files' own comments accept."""
    named = {g.path for g in report.repeated_paragraphs} | {m.path for g in report.duplicate_groups for m in g.members}
    marked = named & {f.path for f in report.files if f.marked}
    texts = {path: text for path in sorted(marked) if (text := load(path)) is not None}
    if not any(MARK in text for text in texts.values()):
        return report
    ignored_files = {path for path, text in texts.items() if IGNORE_FILE.search(text)}
    groups = tuple(g for g in (_group(g, ignored_files) for g in report.duplicate_groups) if g)
    repeats = tuple(
        r
        for r in (_repeat(g, texts.get(g.path, "")) for g in report.repeated_paragraphs if g.path not in ignored_files)
        if r
    )
    return replace(report, duplicate_groups=groups, repeated_paragraphs=repeats)


def _group(group: DuplicateGroup, ignored: set[str]) -> DuplicateGroup | None:
    return None if group.keep in ignored else group.narrowed(lambda m: m.path not in ignored)


def _repeat(group: RepeatGroup, text: str) -> RepeatGroup | None:
    """The group without the copies marked `dedupe: ignore`; none if the kept paragraph is marked."""
    if MARK not in text:
        return group
    if _marked(text, group.kept_span):
        return None
    removed = tuple(r for r in group.removed if not _marked(text, r.cut))
    return replace(group, removed=removed) if removed else None


def _marked(text: str, span: Span) -> bool:
    """The span, or the last non-blank line before it, says `dedupe: ignore`."""
    before = text[: span.start].rstrip()
    line_above = before[before.rfind("\n") + 1 :]
    return bool(IGNORE.search(text[span.start : span.end]) or IGNORE.search(line_above))
