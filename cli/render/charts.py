"""Small inline SVG charts for the HTML report: no script, no fonts, no network.

Every label is a number or a fixed word, and each bar carries a <title> with its exact count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from dedupe.model import DuplicateGroup, ScoredPair

_W, _H = 460, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 38, 12, 14, 34
_BINS = 20
_MAX_SIZE_BAR = 10  # groups of this many files or more share the last bar
_BAR_CLASS = {"not grouped": "bar-rest", "similar but kept": "bar-held", "grouped": "bar-dup"}


def similarity_histogram(pairs: Sequence[ScoredPair], threshold: float, groups: Sequence[DuplicateGroup]) -> str:
    """Measured pairs by similarity in bins of 0.05, stacked: the rest, then pairs that pass the
    rule but are kept (similar but kept: no group holds both), then grouped ones; with the
    threshold marked: where the scores fall shows whether the threshold sits in a gap."""
    group_of = {m.path: n for n, g in enumerate(groups) for m in g.members}
    series = {"not grouped": [0] * _BINS, "similar but kept": [0] * _BINS, "grouped": [0] * _BINS}
    for pair in pairs:
        together = pair.a in group_of and group_of[pair.a] == group_of.get(pair.b)
        kind = "grouped" if pair.duplicate and together else "similar but kept" if pair.duplicate else "not grouped"
        series[kind][min(int(pair.similarity * _BINS), _BINS - 1)] += 1
    top = max([sum(counts) for counts in zip(*series.values(), strict=True)] + [1])
    width = (_W - _LEFT - _RIGHT) / _BINS
    bars = []
    for i in range(_BINS):
        low, below = i / _BINS, 0
        label = f"similarity {low:.2f}–{low + 1 / _BINS:.2f}"
        for kind, counts in series.items():
            css = _BAR_CLASS[kind]
            bars.append(_bar(_LEFT + i * width, width, below, counts[i], top, css, f"{label}: {counts[i]:,} {kind}"))
            below += counts[i]
    x = _LEFT + threshold * (_W - _LEFT - _RIGHT)
    marker = (
        f'<line class="threshold" x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP - 4}" y2="{_H - _BOTTOM}"/>'
        f'<text class="threshold-label" x="{x + 4:.1f}" y="{_TOP + 6}">threshold {threshold:.2f}</text>'
    )
    ticks = [(_LEFT + t * (_W - _LEFT - _RIGHT), f"{t:g}") for t in (0, 0.25, 0.5, 0.75, 1)]
    return _svg(
        "Similarity of measured pairs", "".join(bars) + marker, ticks, top, "similarity (Jaccard of word 3-grams)"
    )


def group_sizes(groups: Sequence[DuplicateGroup]) -> str:
    """How many groups have 2, 3, … files: a few large groups are worth a look first."""
    counts = Counter(min(len(g.members), _MAX_SIZE_BAR) for g in groups)
    sizes = list(range(2, max([*counts, 2]) + 1))
    top = max([*counts.values(), 1])
    width = (_W - _LEFT - _RIGHT) / len(sizes)
    bars, ticks = [], []
    for i, size in enumerate(sizes):
        name = f"{size}+" if size == _MAX_SIZE_BAR else str(size)
        title = f"{counts[size]:,} group{'s' if counts[size] != 1 else ''} of {name} files"
        bars.append(_bar(_LEFT + i * width + width * 0.15, width * 0.7, 0, counts[size], top, "bar-dup", title))
        ticks.append((_LEFT + (i + 0.5) * width, name))
    return _svg("Duplicate groups by size", "".join(bars), ticks, top, "files in the group")


def _bar(x: float, width: float, below: int, count: int, top: int, css: str, title: str) -> str:
    if not count:
        return ""
    scale = (_H - _TOP - _BOTTOM) / top
    y = _H - _BOTTOM - (below + count) * scale
    return (
        f'<rect class="{css}" x="{x + 0.5:.1f}" y="{y:.1f}" width="{max(width - 1, 1):.1f}" '
        f'height="{count * scale:.1f}"><title>{escape(title)}</title></rect>'
    )


def _svg(title: str, body: str, ticks: list[tuple[float, str]], top: int, axis: str) -> str:
    base = _H - _BOTTOM
    labels = "".join(f'<text class="tick" x="{x:.1f}" y="{base + 14}">{escape(text)}</text>' for x, text in ticks)
    return (
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<line class="axis" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{base}" y2="{base}"/>'
        f'<text class="tick y" x="{_LEFT - 6}" y="{_TOP + 4}">{top:,}</text>'
        f'<text class="tick y" x="{_LEFT - 6}" y="{base}">0</text>'
        f'{body}{labels}<text class="axis-label" x="{(_LEFT + _W - _RIGHT) / 2:.1f}" y="{_H - 4}">{escape(axis)}</text>'
        "</svg>"
    )
