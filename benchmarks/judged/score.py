"""Judged precision: re-run dedupe on real folders and score every removal against a reader's verdict.

Each removal dedupe makes (a file removed as a copy of another, a paragraph removed as a repeat of
another) is named by a key made of what it removes and what it keeps. `verdicts/<kind>.jsonl`
holds a reader's verdict (right or wrong) and a one-line reason for each key judged so far. This
script prints, per kind of text, the precision among judged removals, the removals nobody has
judged yet (written out in full with `--unjudged DIR`, for judging), and the recall of the
must-remove cases in `must_remove.json`.

    python -m benchmarks.judged.score                       # all kinds whose texts are here
    python -m benchmarks.judged.score --kinds docs --unjudged /tmp/unjudged
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import xxhash

from benchmarks.corpora import cached
from dedupe.model import Report
from dedupe.normalize import normalize
from dedupe.pipeline import scan
from dedupe.settings import DEFAULT_EXTENSIONS, Settings
from dedupe.sinks.outputs import text_loader
from dedupe.text import split_paragraphs

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
TEXTS = HERE / "texts"
VERDICTS = HERE / "verdicts"
EMAIL_EVERY = 6  # a fixed sixth of the SpamAssassin messages: campaigns, replies and list footers


@dataclass(frozen=True)
class Removal:
    """One thing dedupe removes, with what it keeps instead: what a reader judges."""

    key: str
    kind: str
    level: str  # "file" or "paragraph"
    match: str  # "file", "exact" or "near"
    path: str
    line: int
    kept_path: str
    kept_line: int
    similarity: float
    removed: str
    kept: str


def _folders(kind: str) -> list[Path] | None:
    """The folders a kind is made of, or None when its texts are not on this machine."""
    if kind == "news":
        lee = cached("lee")
        return None if lee is None else [ROOT / "samples", HERE / "must", lee]
    if kind == "email":
        spam = cached("spam-assassin")
        return None if spam is None else [spam]
    folder = TEXTS / kind
    return [folder] if folder.is_dir() else None


KINDS = ("news", "docs", "docs2", "changelogs", "changelogs2", "packages", "licences", "html", "info", "email")
# What a kind needs beyond the defaults to be compared at all: HTML is not in the default extensions.
KIND_SETTINGS: dict[str, dict[str, object]] = {"html": {"extensions": (*DEFAULT_EXTENSIONS, ".html", ".htm")}}


def _paths(kind: str, folders: list[Path]) -> list[str]:
    if kind != "email":
        return [str(f) for f in folders]
    files = sorted(p for p in folders[0].rglob("*") if p.is_file())
    return [str(p) for p in files[::EMAIL_EVERY]]


def _shown(path: str) -> str:
    """A path as stored with a verdict: below the repository or the corpora cache."""
    for base in (ROOT, cached("lee"), cached("spam-assassin")):
        if base is not None and Path(path).is_relative_to(base):
            return Path(path).relative_to(base if base == ROOT else base.parent).as_posix()
    return path


def _key(*parts: str) -> str:
    return xxhash.xxh3_64_hexdigest("\0".join(parts).encode())


def _paragraph_at(text: str, line: int) -> str:
    return next((text[p.start : p.end] for p in split_paragraphs(text) if p.line == line), "")


def _forms(text: str) -> list[tuple[str, str]]:
    """Each paragraph as written and normalized, paragraph by paragraph as the analysis does:
    `normalize` takes a faster path for ASCII text, so a whole file and its paragraphs need not
    normalize alike (a backquote), and one must be compared with the other paragraph-wise."""
    return [(text[p.start : p.end], normalize(text[p.start : p.end])) for p in split_paragraphs(text)]


def _unshared(removed: str, kept: str) -> str:
    """The removed file's paragraphs of 40+ characters that the kept file does not hold: what a
    reader would lose, shown first so a judge sees it at once."""
    held = " ".join(form for _, form in _forms(kept))
    return "\n\n".join(written for written, form in _forms(removed) if len(form) >= 40 and form not in held)


def _texts(report: Report, settings: Settings) -> Callable[[str], str]:
    """The text dedupe compared for each file of a report: a page's main text for HTML, where the
    report's lines and spans are; "" for a file that can no longer be read."""
    load = text_loader(report, settings)
    return lambda path: load(path) or ""


def removals(kind: str, report: Report, settings: Settings) -> Iterator[Removal]:
    """Every removal of a report: files of each group that go, paragraphs cut from kept files."""
    text = _texts(report, settings)

    for group in report.duplicate_groups:
        digest = {f.path: f.digest for f in report.files}
        for member in group.members:
            if member.path == group.keep:
                continue
            removed, kept = text(member.path), text(group.keep)
            yield Removal(
                _key("file", digest[member.path], digest[group.keep]),
                kind,
                "file",
                "file",
                _shown(member.path),
                1,
                _shown(group.keep),
                1,
                member.similarity,
                _unshared(removed, kept) or "(every paragraph of 40+ characters is in the kept file)",
                kept[:2000],
            )
    for repeat in report.kept_repeats():
        whole = text(repeat.path)
        kept = whole[repeat.kept_span.start : repeat.kept_span.end]
        for copy in repeat.removed:
            removed = _paragraph_at(whole, copy.line)
            yield Removal(
                _key("paragraph", _shown(repeat.path), removed, kept),
                kind,
                "paragraph",
                repeat.kind,
                _shown(repeat.path),
                copy.line,
                _shown(repeat.path),
                repeat.kept_line,
                copy.similarity,
                removed,
                kept,
            )


def load_verdicts(kind: str) -> dict[str, dict[str, str]]:
    path = VERDICTS / f"{kind}.jsonl"
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {row["key"]: row for row in rows}


def _removed_lines(report: Report, settings: Settings) -> set[tuple[str, int]]:
    """(path, line) of every line that cleaning cuts from a kept file."""
    gone: set[tuple[str, int]] = set()
    texts = _texts(report, settings)
    for repeat in report.kept_repeats():
        text = texts(repeat.path)
        paragraphs = {p.line: p for p in split_paragraphs(text)}
        for copy in repeat.removed:
            paragraph = paragraphs[copy.line]
            lines = text.count("\n", paragraph.start, paragraph.end) + 1
            gone.update((_shown(repeat.path), copy.line + k) for k in range(lines))
    return gone


def must_remove_recall(report: Report, settings: Settings) -> tuple[int, int, list[str]]:
    """(found, wanted, misses) for the must-remove cases whose files this report scanned: line
    ranges that cleaning must cut, and sets of copies of which all but one must go."""
    cases = json.loads((HERE / "must_remove.json").read_text())
    scanned = {_shown(f.path) for f in report.files}
    gone_files = {_shown(p) for p in report.removed_files()}
    gone_lines = _removed_lines(report, settings)
    found, wanted, misses = 0, 0, []
    for case in cases:
        if "files" in case:
            if not set(case["files"]) <= scanned:
                continue
            hit = len(set(case["files"]) & gone_files) == len(case["files"]) - 1
            name = " ".join(case["files"])
        else:
            if case["path"] not in scanned:
                continue
            first, last = case["lines"]
            hit = all((case["path"], line) in gone_lines for line in range(first, last + 1))
            name = f"{case['path']}:{first}-{last}"
        wanted += 1
        found += hit
        if not hit:
            misses.append(f"{name} ({case['why']})")
    return found, wanted, misses


def score_kind(
    kind: str, overrides: dict[str, object], unjudged_dir: Path | None, out: Callable[[str], None]
) -> dict[str, int]:
    folders = _folders(kind)
    if folders is None:
        out(f"{kind:<11} texts not here (python -m benchmarks.corpora fetches news and e-mail)")
        return {}
    settings = Settings(**{**KIND_SETTINGS.get(kind, {}), **overrides})  # type: ignore[arg-type]
    report = scan(_paths(kind, folders), settings, jobs=0)
    verdicts = load_verdicts(kind)
    found = list(removals(kind, report, settings))
    right = sum(verdicts[r.key]["verdict"] == "right" for r in found if r.key in verdicts)
    wrong = [r for r in found if r.key in verdicts and verdicts[r.key]["verdict"] == "wrong"]
    unjudged = [r for r in found if r.key not in verdicts]
    judged = right + len(wrong)
    precision = right / judged if judged else 1.0
    hit, wanted, misses = must_remove_recall(report, settings)
    recall = f"  must-remove {hit}/{wanted}" if wanted else ""
    out(
        f"{kind:<11} removals {len(found):>4}  judged {judged:>4}  right {right:>4}  wrong {len(wrong):>3}  "
        f"precision {precision:.3f}  unjudged {len(unjudged):>3}{recall}"
    )
    for r in wrong:
        out(f"    wrong: {r.path}:{r.line} ({r.match}) {verdicts[r.key]['reason']}")
    for miss in misses:
        out(f"    missed: {miss}")
    if unjudged_dir is not None and unjudged:
        unjudged_dir.mkdir(parents=True, exist_ok=True)
        with open(unjudged_dir / f"{kind}.jsonl", "w") as handle:
            for r in unjudged:
                handle.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")
    return {"right": right, "wrong": len(wrong), "unjudged": len(unjudged), "must": hit, "must_wanted": wanted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS)
    parser.add_argument("--unjudged", type=Path, help="write the unjudged removals here, one JSONL file per kind")
    parser.add_argument("--set", nargs="*", default=[], metavar="FIELD=VALUE", help="settings other than defaults")
    args = parser.parse_args(argv)
    overrides = {
        k: json.loads(v) if v[:1].isdigit() or v in ("true", "false") else v
        for k, v in (item.split("=", 1) for item in args.set)
    }
    Settings(**overrides)  # a wrong field or value is said before any kind is scanned
    totals = {"right": 0, "wrong": 0, "unjudged": 0}
    for kind in args.kinds:
        figures = score_kind(kind, overrides, args.unjudged, print)
        for name in totals:
            totals[name] += figures.get(name, 0)
    judged = totals["right"] + totals["wrong"]
    print(
        f"{'all':<11} judged {judged:>4}  right {totals['right']:>4}  wrong {totals['wrong']:>3}  "
        f"precision {totals['right'] / judged if judged else 1.0:.3f}  unjudged {totals['unjudged']:>3}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
