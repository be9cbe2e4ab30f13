"""Repeated paragraphs inside one file: exact repeats (equal after normalization) and near repeats
(character n-gram Jaccard at or above `paragraph_similarity`). The first occurrence is kept.

Prose, list items and field blocks can repeat exactly; only prose can repeat nearly. List items
and fields differ in a name or a number that matters (`"t"` and `"te"`, two licences of one
template, two links to one site), which no similarity score can tell from a rewording.

Every removed paragraph names a kept paragraph that it is itself close to: a paragraph that is
near only to an already removed one stays, so chains never remove distinct content.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import xxhash

from dedupe.differences import identifiers, near_copy_loss
from dedupe.layout import Layout
from dedupe.model import HeldRepeat, RemovedParagraph, RepeatGroup, RepeatKind, Span
from dedupe.settings import Settings
from dedupe.shingles import char_shingle_rows
from dedupe.text import Paragraph

_COMPARED_KINDS = ("prose", "list", "fields", "table")
_ALONE_KINDS = ("prose", "list")
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>")  # HTML tags (not <url> or <mail@address>)
_NEAR_KINDS = ("prose",)
_ROWS_PER_STEP = 512
_DENSE_CELLS = 1 << 22  # 16 MB of float32: above this the incidence matrix goes sparse


@dataclass(frozen=True)
class Repeats:
    """What one file repeats: the copies cleaning removes, and those it keeps for a reader to review."""

    groups: list[RepeatGroup]
    held: list[HeldRepeat]


def find_repeats(
    path: str, text: str, paragraphs: list[Paragraph], forms: list[str], settings: Settings, codec: str = "utf-8"
) -> Repeats:
    """The repeat groups of one file, ordered by the kept paragraph's line, exact before near, and
    the similar paragraphs held back (`HeldRepeat`) because removing them could lose something.

    `forms` are the paragraphs' normalized texts (`dedupe.normalize.normalize`); `codec` is the
    file's encoding: each removed paragraph records the bytes its cut removes.
    """
    raw = [text[p.start : p.end] for p in paragraphs]
    layout = Layout.of(text, paragraphs, raw)
    keys = _exact_keys(paragraphs, forms, raw)
    first_of: dict[tuple[str, ...], int] = {}
    for index, key in enumerate(keys):
        if key is not None:
            first_of.setdefault(key, index)
    original = [first_of[key] if key is not None else index for index, key in enumerate(keys)]
    found: list[tuple[int, RepeatKind, int, float]] = []  # (kept, kind, removed, score)
    held: list[HeldRepeat] = []
    for block in _copied_blocks(original):
        size = sum(_text_length(forms[i]) for i in block)
        lone = len(block) == 1
        reason = layout.structure(original[block[0]], block[0])
        if reason is None and lone and not _removable_alone(paragraphs[block[0]], forms[block[0]], settings):
            continue
        if reason is None and size < settings.min_paragraph_chars:
            continue
        for index in block:
            if reason is None:
                found.append((original[index], "exact", index, 1.0))
            elif _text_length(forms[index]) >= settings.min_paragraph_chars and not _header_line(layout, raw, index):
                held.append(  # a heading or header line repeats by design: nothing to review
                    HeldRepeat(path, paragraphs[index].line, paragraphs[original[index]].line, "exact", 1.0, reason)
                )
    near = sorted(
        i
        for i in set(original)
        if paragraphs[i].kind in _NEAR_KINDS
        and keys[i] is not None
        and _text_length(forms[i]) >= settings.min_paragraph_chars
    )
    near_of, near_held = _near_targets(near, forms, raw, layout, settings)
    exact_copies = {index for kept, _, index, _ in found if kept in near_of}
    found = [f for f in found if f[0] not in near_of]  # copies of a near repeat go as near copies
    for later, (target, score) in near_of.items():
        copies = [later, *sorted(i for i in exact_copies if original[i] == later)]
        found.extend((target, "near", index, score) for index in copies)
    held.extend(
        HeldRepeat(path, paragraphs[later].line, paragraphs[target].line, "near", score, reason)
        for later, (target, score, reason) in near_held.items()
    )
    gone = {index for _, _, index, _ in found}
    removed: dict[tuple[int, RepeatKind], list[RemovedParagraph]] = defaultdict(list)
    for target, kind, index, score in sorted(found, key=lambda f: f[2]):
        removed[(target, kind)].append(_removed(text, codec, paragraphs, index, score, gone))
    groups = [
        RepeatGroup(
            path, kind, paragraphs[target].line, tuple(copies), _span(paragraphs[target]), paragraph_key(forms[target])
        )
        for (target, kind), copies in sorted(removed.items(), key=lambda kv: (kv[0][0], kv[0][1] != "exact"))
    ]
    return Repeats(groups, sorted(held, key=lambda h: (h.line, h.kept_line)))


def _exact_keys(paragraphs: list[Paragraph], forms: list[str], raw: list[str]) -> list[tuple[str, ...] | None]:
    """Equal for paragraphs that are one text: equal after normalization, with the same
    versions, numbers and identifiers as written (case tells `libxt_TOS.c` from `libxt_tos.c`);
    those are looked up only for forms written more than once. None for what is never compared:
    a line of punctuation is layout (a box's border)."""
    compared = [
        p.kind in _COMPARED_KINDS and any(c.isalnum() for c in form) for p, form in zip(paragraphs, forms, strict=True)
    ]
    counts = Counter(form for form, yes in zip(forms, compared, strict=True) if yes)
    return [
        None if not yes else (form, *identifiers(written)) if counts[form] > 1 else (form,)
        for form, written, yes in zip(forms, raw, compared, strict=True)
    ]


def _header_line(layout: Layout, raw: list[str], index: int) -> bool:
    """A line on its own that starts a section (a heading, a changelog's release line)."""
    return layout.starts[index] and "\n" not in raw[index].strip()


def _removable_alone(paragraph: Paragraph, form: str, settings: Settings) -> bool:
    """A paragraph repeated on its own (not as part of a pasted block) goes if it is prose or a
    list item long enough to be worth it; a field repeated alone is what each record carries."""
    return paragraph.kind in _ALONE_KINDS and _text_length(form) >= settings.min_paragraph_chars


def _copied_blocks(original: list[int]) -> list[list[int]]:
    """Runs of consecutive copies that repeat consecutive paragraphs in the same order: a block
    pasted again is one unit, however short its lines are one by one."""
    blocks: list[list[int]] = []
    for index, first in enumerate(original):
        if first == index:
            continue
        if blocks and blocks[-1][-1] == index - 1 and original[index - 1] + 1 == first and first < blocks[-1][0]:
            blocks[-1].append(index)
        else:
            blocks.append([index])
    return blocks


def _text_length(form: str) -> int:
    """Characters of a paragraph outside HTML tags: a paragraph of tags alone is layout."""
    return len(_MARKUP.sub("", form)) if "<" in form else len(form)


def _near_targets(
    uniques: list[int], forms: list[str], raw: list[str], layout: Layout, settings: Settings
) -> tuple[dict[int, tuple[int, float]], dict[int, tuple[int, float, str]]]:
    """For each distinct paragraph that nearly repeats an earlier kept one and loses nothing when
    removed: (that one, score); for the others close to an earlier one: (it, score, why kept)."""
    if len(uniques) < 2:
        return {}, {}
    close = _close_pairs([forms[i] for i in uniques], settings.paragraph_shingle_chars, settings.paragraph_similarity)
    targets: dict[int, tuple[int, float]] = {}
    held: dict[int, tuple[int, float, str]] = {}
    for later in range(len(uniques)):
        if _header_line(layout, raw, uniques[later]):
            continue  # a heading or header line is never removed, nor worth a review
        safe: list[tuple[int, float, str]] = []
        unsafe: list[tuple[int, float, str]] = []
        for earlier, score in close.get(later, []):
            if uniques[earlier] in targets:
                continue
            why = layout.structure(uniques[earlier], uniques[later]) or near_copy_loss(
                raw[uniques[later]], raw[uniques[earlier]]
            )
            (unsafe if why else safe).append((earlier, score, why or ""))
        if safe:
            earlier, score, _ = max(safe, key=lambda pair: (pair[1], -pair[0]))  # best score, then earliest
            targets[uniques[later]] = (uniques[earlier], score)
        elif unsafe:
            earlier, score, why = max(unsafe, key=lambda pair: (pair[1], -pair[0]))
            held[uniques[later]] = (uniques[earlier], score, why)
    return targets, held


def _close_pairs(forms: list[str], n: int, threshold: float) -> dict[int, list[tuple[int, float]]]:
    """later -> [(earlier, Jaccard)] for pairs at or above the threshold.

    All pairs at once: a paragraph × shingle incidence matrix times its transpose counts the
    shared shingles of every pair. Dense (BLAS) while it is small, sparse in row blocks beyond,
    so a file of thousands of paragraphs stays within bounded memory.
    """
    rows, keys = char_shingle_rows(forms, n)
    if len(keys) == 0:
        return {}
    distinct, columns = np.unique(keys, return_inverse=True)
    shape = (len(forms), len(distinct))
    if shape[0] * shape[1] <= _DENSE_CELLS:
        dense = np.zeros(shape, dtype=np.float32)
        dense[rows, columns] = 1.0
        blocks: Iterator[tuple[int, np.ndarray]] = iter([(0, dense @ dense.T)])
        sizes = dense.sum(axis=1)
    else:
        from scipy.sparse import csr_matrix  # imported here: it takes 0.2 s, and most runs never need it

        sparse = csr_matrix((np.ones(len(columns), dtype=np.float32), (rows, columns)), shape=shape)
        sparse.sum_duplicates()
        sparse.data[:] = 1.0
        sizes = np.diff(sparse.indptr)
        blocks = (
            (s, (sparse[s : s + _ROWS_PER_STEP] @ sparse.T).toarray()) for s in range(0, shape[0], _ROWS_PER_STEP)
        )
    close: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for start, shared in blocks:
        union = sizes[start : start + len(shared), None] + sizes[None, :] - shared
        jaccard = shared / np.maximum(union, 1)
        for i, j in zip(*np.nonzero(jaccard >= threshold), strict=True):
            later, earlier = start + int(i), int(j)
            if earlier < later:
                close[later].append((earlier, float(jaccard[i, j])))
    return close


def _span(paragraph: Paragraph) -> Span:
    return Span(paragraph.start, paragraph.end, paragraph.line)


def paragraph_key(normalized: str) -> str:
    """The name of a paragraph's content: equal for paragraphs equal after normalization."""
    return xxhash.xxh3_128_hexdigest(normalized.encode())


def _removed(
    text: str, codec: str, paragraphs: list[Paragraph], index: int, score: float, gone: set[int]
) -> RemovedParagraph:
    """The cut takes the separator before the paragraph, so the file's ending is kept as it was;
    but a paragraph that starts a block (blank line before, line break after, as a list
    running on under a line of prose) takes the line break after it, and the blank line stays
    between the blocks. Never when the next paragraph goes too: the two cuts would overlap.

    A removed paragraph always follows the one it repeats, so there is a paragraph before it.
    """
    paragraph = paragraphs[index]
    cut = Span(paragraphs[index - 1].end, paragraph.end, paragraph.line)
    if index + 1 < len(paragraphs) and index + 1 not in gone:
        following = paragraphs[index + 1]
        if following.start - paragraph.end < paragraph.start - paragraphs[index - 1].end:
            cut = Span(paragraph.start, following.start, paragraph.line)
    return RemovedParagraph(paragraph.line, score, cut, len(text[cut.start : cut.end].encode(codec)))
