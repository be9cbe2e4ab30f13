"""The baseline: problems a repository already had when it adopted dedupe, which `check` then
accepts, so that only new problems fail.

Entries name content, not line numbers: a repeated paragraph by its file and the digest of the
paragraph's normalized text; a duplicate article by the two files and their digests. Editing
other parts of a file, or moving the paragraph, keeps the entry valid; a new copy is a new
problem, and so is a changed copy.
The file is sorted JSON, one field per line, so a change to it reads well in a diff. Its paths
are relative to the folder that holds it (the project root), so a check run from a subfolder
matches the same entries.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace

from dedupe.errors import InputError
from dedupe.model import DuplicateGroup, Report
from dedupe.problems import RULES, Problem, article_key, problems

BASELINE_FILE = ".dedupe-baseline.json"
_VERSION = 1
Identity = tuple[str, ...]


def identity(problem: Problem) -> Identity:
    """What a baseline entry matches: a duplicate by the pair of files (in either order: a check
    of given files names the given one first) and their content; a repeated paragraph by its file
    and its text."""
    if problem.rule == "duplicate-article":
        return _article(problem.path, problem.copy_of, problem.key)
    return _paragraph(problem.path, problem.key)


def _article(path: str, other: str, key: str) -> Identity:
    return ("duplicate-article", *sorted((path, other)), key)


def _paragraph(path: str, key: str) -> Identity:
    return ("repeated-paragraph", path, key)


def _from(root: str, path: str) -> str:
    """`path` (as the report has it) relative to the baseline's folder, with `/` separators."""
    return os.path.relpath(path, root).replace(os.sep, "/")


def baseline_text(report: Report, root: str = ".") -> str:
    """The baseline file, kept in the folder `root`, for every problem in `report`."""
    entries = {
        identity(p): {"rule": p.rule, "path": _from(root, p.path), "copy_of": _from(root, p.copy_of), "key": p.key}
        for p in problems(report)
    }
    ordered = sorted(entries.values(), key=lambda e: (e["path"], e["rule"], e["copy_of"], e["key"]))
    return json.dumps({"version": _VERSION, "problems": ordered}, indent=2, sort_keys=True) + "\n"


def parse_baseline(text: str, where: str) -> frozenset[Identity]:
    """The identities a baseline file accepts; anything else in it is an `InputError`."""
    fix = f"{where} is not a dedupe baseline"
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InputError(f"{fix} ({error}); write it again with dedupe check --write-baseline") from None
    if not isinstance(data, dict) or data.get("version") != _VERSION or not isinstance(data.get("problems"), list):
        raise InputError(f"{fix} (version {_VERSION} with a list of problems); write it again with --write-baseline")
    accepted = set()
    for entry in data["problems"]:
        fields = ("rule", "path", "copy_of", "key")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
            raise InputError(f"{fix}: entry {entry!r} lacks one of {', '.join(fields)}")
        if entry["rule"] not in RULES:
            raise InputError(f"{fix}: unknown rule {entry['rule']!r}")
        accepted.add(identity(Problem(entry["rule"], entry["path"], 0, entry["copy_of"], 0, "", entry["key"])))
    return frozenset(accepted)


def without_baselined(report: Report, accepted: frozenset[Identity], root: str = ".") -> Report:
    """The report minus the problems the baseline (kept in the folder `root`) accepts."""
    digest = {f.path: f.digest for f in report.files}
    narrowed = (_new_copies(group, digest, accepted, root) for group in report.duplicate_groups)
    repeats = tuple(g for g in report.repeated_paragraphs if _paragraph(_from(root, g.path), g.key) not in accepted)
    return replace(report, duplicate_groups=tuple(g for g in narrowed if g), repeated_paragraphs=repeats)


def _new_copies(
    group: DuplicateGroup, digest: dict[str, str], accepted: frozenset[Identity], root: str
) -> DuplicateGroup | None:
    kept, keep_path = digest[group.keep], _from(root, group.keep)
    return group.narrowed(
        lambda m: _article(_from(root, m.path), keep_path, article_key(digest[m.path], kept)) not in accepted
    )
