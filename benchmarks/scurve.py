"""The LSH S-curve of the configured banding against measured similarities, as a hand-written SVG.

The curve is the chance that a pair of Jaccard similarity s becomes a candidate,
1 − (1 − s^rows)^bands. Under it, two histograms (bar height ∝ log of the count, so a few
pairs still show next to thousands): the similarity of the true pairs (found and missed) and of
the LSH candidate pairs. Dashed lines mark the similarity threshold and the lowest Jaccard the
containment rule can accept.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from dedupe.stages.candidates import candidate_probability

_W, _H, _LEFT, _TOP, _PLOT_W, _PLOT_H = 640, 400, 56, 36, 560, 300
_BINS = 50


def _x(value: float) -> float:
    return _LEFT + value * _PLOT_W


def _y(value: float) -> float:
    return _TOP + (1 - value) * _PLOT_H


def _histogram(values: Sequence[float]) -> list[int]:
    counts = [0] * _BINS
    for value in values:
        counts[min(_BINS - 1, int(value * _BINS))] += 1
    return counts


def _bars(values: Sequence[float], colour: str, offset: float, scale: float) -> list[str]:
    width = _PLOT_W / _BINS / 3
    bars = []
    for k, count in enumerate(_histogram(values)):
        if count:
            height = math.log10(1 + count) / scale * _PLOT_H
            x = _x(k / _BINS) + offset * width
            bars.append(
                f'<rect x="{x:.1f}" y="{_TOP + _PLOT_H - height:.1f}" width="{width:.1f}" height="{height:.1f}" '
                f'fill="{colour}"><title>{count}</title></rect>'
            )
    return bars


def s_curve_svg(
    title: str,
    bands: int,
    rows: int,
    series: Sequence[tuple[str, str, Sequence[float]]],
    thresholds: Sequence[tuple[str, float]],
) -> str:
    """An SVG document. `series` are (label, colour, similarities); `thresholds` (label, value)."""
    largest = max((max(_histogram(values), default=0) for _, _, values in series), default=0)
    scale = math.log10(1 + max(1, largest))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" font-family="sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{_LEFT}" y="20" font-size="13">{escape(title)}</text>',
    ]
    for k, (_, colour, values) in enumerate(series):
        parts += _bars(values, colour, k, scale)
    for tick in range(11):
        value = tick / 10
        parts.append(
            f'<line x1="{_x(value):.1f}" y1="{_TOP + _PLOT_H}" x2="{_x(value):.1f}" '
            f'y2="{_TOP + _PLOT_H + 4}" stroke="black"/>'
        )
        parts.append(f'<text x="{_x(value):.1f}" y="{_TOP + _PLOT_H + 16}" text-anchor="middle">{value:.1f}</text>')
        parts.append(f'<text x="{_LEFT - 6}" y="{_y(value) + 4:.1f}" text-anchor="end">{value:.1f}</text>')
    for label, value in thresholds:
        parts.append(
            f'<line x1="{_x(value):.1f}" y1="{_TOP}" x2="{_x(value):.1f}" y2="{_TOP + _PLOT_H}" '
            'stroke="grey" stroke-dasharray="4 3"/>'
        )
        parts.append(f'<text x="{_x(value) + 3:.1f}" y="{_TOP + 12}" fill="grey">{escape(label)}</text>')
    points = " ".join(f"{_x(k / 200):.1f},{_y(candidate_probability(k / 200, bands, rows)):.1f}" for k in range(201))
    parts.append(f'<polyline points="{points}" fill="none" stroke="black" stroke-width="2"/>')
    parts.append(f'<rect x="{_LEFT}" y="{_TOP}" width="{_PLOT_W}" height="{_PLOT_H}" fill="none" stroke="black"/>')
    parts.append(
        f'<text x="{_LEFT + _PLOT_W / 2}" y="{_H - 12}" text-anchor="middle">Jaccard similarity (word shingles)</text>'
    )
    legend = [("black", f"P(candidate), {bands} bands × {rows} rows")] + [(c, label) for label, c, _ in series]
    for k, (colour, label) in enumerate(legend):
        y = _TOP + 22 + 15 * k
        parts.append(f'<rect x="{_LEFT + 8}" y="{y - 8}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{_LEFT + 22}" y="{y + 1}">{escape(label)}</text>')
    parts.append(
        f'<text x="14" y="{_TOP + _PLOT_H / 2}" transform="rotate(-90 14 {_TOP + _PLOT_H / 2})" '
        'text-anchor="middle">probability; bars: log count of pairs</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
