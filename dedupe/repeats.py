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
from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import xxhash

from dedupe.model import RemovedParagraph, RepeatGroup, RepeatKind, Span
from dedupe.normalize import normalize
from dedupe.settings import Settings
from dedupe.shingles import char_shingle_rows
from dedupe.text import Paragraph

_COMPARED_KINDS = ("prose", "list", "fields")
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>")  # HTML tags (not <url> or <mail@address>)
_WORD = re.compile(r"\w+")
_NEAR_KINDS = ("prose",)
_ROWS_PER_STEP = 512
_DENSE_CELLS = 1 << 22  # 16 MB of float32: above this the incidence matrix goes sparse


def find_repeats(
    path: str, text: str, paragraphs: list[Paragraph], forms: list[str], settings: Settings, codec: str = "utf-8"
) -> list[RepeatGroup]:
    """The repeat groups of one file, ordered by the kept paragraph's line, exact before near.

    `forms` are the paragraphs' normalized texts (`dedupe.normalize.normalize`); `codec` is the
    file's encoding: each removed paragraph records the bytes its cut removes.
    """
    eligible = [
        (index, form)
        for index, (paragraph, form) in enumerate(zip(paragraphs, forms, strict=True))
        if paragraph.kind in _COMPARED_KINDS and _text_length(form) >= settings.min_paragraph_chars
    ]
    first_of: dict[str, int] = {}
    for index, form in eligible:
        first_of.setdefault(form, index)
    near = sorted(i for i in first_of.values() if paragraphs[i].kind in _NEAR_KINDS)
    near_of = _near_targets(near, forms, [text[paragraphs[i].start : paragraphs[i].end] for i in near], settings)

    found: list[tuple[int, RepeatKind, int, float]] = []  # (kept, kind, removed, score)
    for index, form in eligible:
        first = first_of[form]
        if first in near_of:
            target, score = near_of[first]
            found.append((target, "near", index, score))
        elif index != first:
            found.append((first, "exact", index, 1.0))
    gone = {index for _, _, index, _ in found}
    removed: dict[tuple[int, RepeatKind], list[RemovedParagraph]] = defaultdict(list)
    for target, kind, index, score in found:
        removed[(target, kind)].append(_removed(text, codec, paragraphs, index, score, gone))
    return [
        RepeatGroup(
            path, kind, paragraphs[target].line, tuple(copies), _span(paragraphs[target]), paragraph_key(forms[target])
        )
        for (target, kind), copies in sorted(removed.items(), key=lambda kv: (kv[0][0], kv[0][1] != "exact"))
    ]


def _text_length(form: str) -> int:
    """Characters of a paragraph outside HTML tags: a paragraph of tags alone is layout."""
    return len(_MARKUP.sub("", form)) if "<" in form else len(form)


def _near_targets(
    uniques: list[int], forms: list[str], raw: list[str], settings: Settings
) -> dict[int, tuple[int, float]]:
    """For each distinct paragraph that nearly repeats an earlier kept one, and names nothing the
    kept one does not: (that one, score). `raw` are the texts of `uniques` as written."""
    if len(uniques) < 2:
        return {}
    close = _close_pairs([forms[i] for i in uniques], settings.paragraph_shingle_chars, settings.paragraph_similarity)
    targets: dict[int, tuple[int, float]] = {}
    for later in range(len(uniques)):
        kept = [
            (earlier, score)
            for earlier, score in close.get(later, [])
            if uniques[earlier] not in targets and _names_nothing_new(raw[later], raw[earlier])
        ]
        if kept:
            earlier, score = max(kept, key=lambda pair: (pair[1], -pair[0]))  # best score, then earliest
            targets[uniques[later]] = (uniques[earlier], score)
    return targets


def _names_nothing_new(copy: str, kept: str) -> bool:
    """Whether every name and number of `copy` is in `kept` too: removing it then loses none.

    Templated paragraphs differ in just these (a licence's version or holder, a product's price,
    a year, a MIME boundary) and score as near repeats; a rewording keeps them. Names are the
    capitalized words after the first; a capital that a rewording moves to a sentence start is
    still found, since `kept` is looked up whole, case folded.
    """
    words = _WORD.findall(copy)
    named = {normalize(w) for k, w in enumerate(words) if (k and w[:1].isupper()) or any(c.isdigit() for c in w)}
    return named <= set(_WORD.findall(normalize(kept)))


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
