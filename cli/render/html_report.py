"""The HTML report: one self-contained page built from the same `Report` as every other format.

The page (templates/report.html, .css, .js, loaded from the package) has inline CSS, JavaScript
and SVG, and a Content-Security-Policy that forbids any request. Headers of groups and files are
rendered here, escaped; the side-by-side views are built by the script from embedded JSON only
when a group is opened, so a report of thousands of groups opens at once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from importlib.resources import files
from string import Template

from dedupe.model import DuplicateGroup, HeldPair, HeldRepeat, RepeatGroup, Report

from . import charts
from .order import file_saving, file_similarity, group_saving, group_similarity
from .report_data import Shown, TextLoader, Texts, repeats_by_file, report_data
from .safe import encodable, visible
from .terminal import member_role, size

_POLICIES = {
    "complete": "the copy that holds the most of the others' text (then the longest, then the first path)",
    "first": "the first path in sorted order",
    "newest": "the most recently modified copy",
    "oldest": "the least recently modified copy",
}


_ORIGINAL = ", among the files tagged as originals (never removed)"
_SORTS = {"path": "path", "similarity": "lowest similarity", "bytes": "bytes saved"}


def render(report: Report, load_text: TextLoader, sort: str = "path", limit: int = 0) -> str:
    """The report as one HTML page; `load_text(path)` gives a file's text, or None if unreadable.
    `sort` orders groups and files (the reader can re-sort them in the page), `limit` keeps the
    first so many of each; the page says how many it leaves out."""
    settings = report.settings
    threshold = float(str(settings["similarity"]))
    shown = Shown.of(report, sort, limit)
    sizes = {f.path: f.size for f in report.files}
    data = report_data(shown, Texts(load_text))
    file_total = len(repeats_by_file(report))
    page = Template(_template("report.html")).substitute(
        style=_template("report.css"),
        script=_template("report.js"),
        settings=escape(
            f"Duplicates: similarity ≥ {settings['similarity']} or containment ≥ {settings['containment']} "
            f"(the smaller at least {settings['min_length_ratio']} of the larger's size) · "
            f"keep: {settings['keep']} · near repeats: similarity ≥ {settings['paragraph_similarity']}"
        ),
        summary=_summary(report),
        histogram=charts.similarity_histogram(report.scored_pairs, threshold, report.duplicate_groups),
        sizes=charts.group_sizes(report.duplicate_groups),
        sort_options=_sort_options(sort),
        group_count=f"{len(report.duplicate_groups):,}",
        groups_left_out=_left_out(len(shown.groups), len(report.duplicate_groups), "duplicate groups", sort, limit),
        groups="\n".join(_group(at, n, g, threshold, sizes) for at, (n, g) in enumerate(shown.groups)),
        file_count=f"{file_total:,}",
        files_left_out=_left_out(len(shown.files), file_total, "files", sort, limit),
        files="\n".join(_file(at, *entry) for at, entry in enumerate(shown.files)),
        held=_held(shown),
        skipped=_skipped(report),
        data=_script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":"))),
    )
    return encodable(page)  # a file name with undecodable bytes shows them as \udcXX


def _script_safe(data: str) -> str:
    """JSON that cannot end or confuse its <script> block (`</script`, `<!--`): `<`, `>` and `&`
    only occur inside JSON strings, where \\u escapes mean the same."""
    return data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _template(name: str) -> str:
    return (files(__package__) / "templates" / name).read_text(encoding="utf-8")


def _text(value: str) -> str:
    """A path or message from the files, made visible and escaped for HTML."""
    return escape(visible(value))


def _summary(report: Report) -> str:
    cards = [
        ("files scanned", f"{report.files_scanned:,}"),
        ("skipped", f"{len(report.skipped):,}"),
        ("duplicate groups", f"{len(report.duplicate_groups):,}"),
        ("files removable", f"{report.files_removable:,}"),
        ("repeated paragraphs", f"{report.paragraphs_removable:,}"),
        ("saved", size(report.bytes_saved)),
    ]
    return "".join(f'<div class="card"><b>{value}</b><span>{label}</span></div>' for label, value in cards)


def _sort_options(sort: str) -> str:
    """The page's sort control, showing the order --sort chose."""
    return "".join(
        f'<option value="{k}"{" selected" if k == sort else ""}>{label}</option>' for k, label in _SORTS.items()
    )


def _left_out(shown: int, total: int, what: str, sort: str, limit: int) -> str:
    if shown == total:
        return ""
    return (
        f'<p class="limited">The first {shown:,} of {total:,} {what} by {_SORTS[sort]} (--limit {limit}): '
        f"{total - shown:,} left out. The summary counts all; the JSON report lists all.</p>"
    )


def _order(at: int, place: int, similarity: float, saving: int) -> str:
    """The attributes the page re-sorts by: place in the report, lowest similarity, bytes saved;
    `data-at` indexes the embedded data."""
    return f'data-at="{at}" data-place="{place}" data-similarity="{similarity!r}" data-bytes="{saving}"'


def _group(at: int, number: int, group: DuplicateGroup, threshold: float, sizes: dict[str, int]) -> str:
    low = group_similarity(group)
    search = " ".join(visible(m.path) for m in group.members).lower()
    rows = "".join(
        f'<tr class="{member_role(group, m.path)}">'
        f'<td><span class="badge">{member_role(group, m.path)}</span></td>'
        f'<td class="path">{_text(m.path)}</td>'
        f"<td>{_meter(m.similarity)}</td><td>{_meter(m.containment)}</td>"
        f"<td>{_rule(m.similarity, threshold) if m.path != group.keep else ''}</td></tr>"
        for m in sorted(group.members, key=lambda m: (m.path != group.keep, m.path))
    )
    return (
        f'<details class="group" data-group="{number}" data-keep="{_text(group.keep)}" '
        f'{_order(at, number, low, group_saving(group, sizes))} data-search="{escape(search)}">'
        f'<summary><span class="num">{number}</span><span class="path">{_text(group.keep)}</span>'
        f'<span class="chip">{len(group.members)} files</span>'
        f'<span class="chip score">similarity from {low:.2f}</span></summary>'
        f'<div class="body"><p class="policy">Keeps <b>{_text(group.keep)}</b>, chosen by the policy '
        f"<code>{escape(group.policy)}</code>: {escape(_POLICIES.get(group.policy, group.policy))}"
        f"{_ORIGINAL if group.keep in group.originals else ''}.</p>"
        '<table class="members"><thead><tr><th></th><th>file</th><th>similarity</th><th>containment</th>'
        f'<th>why</th></tr></thead><tbody>{rows}</tbody></table><div class="pairs"></div></div></details>'
    )


def _meter(score: float) -> str:
    return f'<span class="meter"><i style="width:{score * 100:.0f}%"></i></span>{score:.2f}'


def _rule(similarity: float, threshold: float) -> str:
    if similarity >= 1.0:
        return "same words"
    return "similar" if similarity >= threshold else "contained (truncated or wrapped copy)"


def _file(at: int, place: int, path: str, groups: Sequence[RepeatGroup]) -> str:
    counts = {kind: sum(len(g.removed) for g in groups if g.kind == kind) for kind in ("exact", "near")}
    chips = "".join(
        f'<span class="chip {kind}">{count} {kind} cop{"y" if count == 1 else "ies"}</span>'
        for kind, count in counts.items()
        if count
    )
    return (
        f'<details class="file" data-file="{place}" {_order(at, place, file_similarity(groups), file_saving(groups))} '
        f'data-search="{_text(path).lower()}">'
        f'<summary><span class="path">{_text(path)}</span>{chips}</summary><div class="body"></div></details>'
    )


def _held(shown: Shown) -> str:
    """What is similar but kept: each file pair and each file's held paragraphs, opened on demand."""
    if not shown.held_pairs and not shown.held_files:
        return ""
    pairs = "\n".join(_held_pair(n, pair) for n, pair in enumerate(shown.held_pairs, 1))
    files = "\n".join(_held_file(n, path, held) for n, (path, held) in enumerate(shown.held_files, 1))
    return (
        '<section id="held"><h2>Similar but kept</h2><p class="hint">Close to a kept file or paragraph, '
        "but removing them could lose something (the reason is given): shown for review, never removed.</p>"
        f"{pairs}{files}</section>"
    )


def _held_pair(number: int, pair: HeldPair) -> str:
    search = f"{visible(pair.path)} {visible(pair.keep)}".lower()
    return (
        f'<details class="group held" data-held-pair="{number}" data-search="{escape(search)}">'
        f'<summary><span class="path">{_text(pair.path)}</span><span class="chip">≈ {_text(pair.keep)}</span>'
        f'<span class="chip score">similarity {pair.similarity:.2f}</span></summary>'
        f'<div class="body"><p class="policy">Kept: {_text(pair.reason)}.</p><div class="pairs"></div></div></details>'
    )


def _held_file(number: int, path: str, held: list[HeldRepeat]) -> str:
    return (
        f'<details class="file held" data-held-file="{number}" data-search="{_text(path).lower()}">'
        f'<summary><span class="path">{_text(path)}</span>'
        f'<span class="chip">{len(held)} similar paragraph{"" if len(held) == 1 else "s"} kept</span></summary>'
        '<div class="body"></div></details>'
    )


def _skipped(report: Report) -> str:
    if not report.skipped:
        return ""
    items = "".join(f"<li><span class=path>{_text(s.path)}</span> {_text(s.reason)}</li>" for s in report.skipped)
    return f'<section id="skipped"><h2>Skipped files</h2><ul>{items}</ul></section>'
