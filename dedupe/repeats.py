"""Repeated paragraphs inside one file: exact repeats (equal after normalization) and near repeats
(character n-gram Jaccard at or above `paragraph_similarity`). The first occurrence is kept.

Every removed paragraph names a kept paragraph that it is itself close to: a paragraph that is
near only to an already removed one stays, so chains never remove distinct content.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import xxhash

from dedupe.model import RemovedParagraph, RepeatGroup, RepeatKind, Span
from dedupe.normalize import normalize
from dedupe.settings import Settings
from dedupe.shingles import char_shingles
from dedupe.text import Paragraph

_COMPARED_KINDS = ("prose", "list")
_ROWS_PER_STEP = 512


def find_repeats(
    path: str, text: str, paragraphs: list[Paragraph], settings: Settings, codec: str = "utf-8"
) -> list[RepeatGroup]:
    """The repeat groups of one file, ordered by the kept paragraph's line, exact before near.

    `codec` is the file's encoding: each removed paragraph records the bytes its cut removes.
    """
    eligible = [
        (index, form)
        for index, paragraph in enumerate(paragraphs)
        if paragraph.kind in _COMPARED_KINDS
        and len(form := normalize(text[paragraph.start : paragraph.end])) >= settings.min_paragraph_chars
    ]
    first_of: dict[str, int] = {}
    for index, form in eligible:
        first_of.setdefault(form, index)
    form_of = dict(eligible)
    near_of = _near_targets(sorted(first_of.values()), paragraphs, text, settings)

    removed: dict[tuple[int, RepeatKind], list[RemovedParagraph]] = defaultdict(list)
    for index, form in eligible:
        first = first_of[form]
        if first in near_of:
            target, score = near_of[first]
            removed[(target, "near")].append(_removed(text, codec, paragraphs, index, score))
        elif index != first:
            removed[(first, "exact")].append(_removed(text, codec, paragraphs, index, 1.0))
    return [
        RepeatGroup(path, kind, paragraphs[target].line, tuple(copies), paragraph_key(form_of[target]))
        for (target, kind), copies in sorted(removed.items(), key=lambda kv: (kv[0][0], kv[0][1] != "exact"))
    ]


def _near_targets(
    uniques: list[int], paragraphs: list[Paragraph], text: str, settings: Settings
) -> dict[int, tuple[int, float]]:
    """For each distinct paragraph that nearly repeats an earlier kept one: (that one, score)."""
    if len(uniques) < 2:
        return {}
    sets = [
        char_shingles(normalize(text[paragraphs[i].start : paragraphs[i].end]), settings.paragraph_shingle_chars)
        for i in uniques
    ]
    close = _close_pairs(sets, settings.paragraph_similarity)
    targets: dict[int, tuple[int, float]] = {}
    for later in range(len(uniques)):
        kept = [(earlier, score) for earlier, score in close.get(later, []) if uniques[earlier] not in targets]
        if kept:
            earlier, score = max(kept, key=lambda pair: (pair[1], -pair[0]))  # best score, then earliest
            targets[uniques[later]] = (uniques[earlier], score)
    return targets


def _close_pairs(sets: list[np.ndarray], threshold: float) -> dict[int, list[tuple[int, float]]]:
    """later -> [(earlier, Jaccard)] for pairs at or above the threshold (sparse matrix product)."""
    from scipy.sparse import csr_matrix  # here: its import takes 0.2 s, and a cached run never needs it

    sizes = np.array([len(s) for s in sets], dtype=np.int64)
    _, columns = np.unique(np.concatenate(sets), return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), sizes)
    incidence = csr_matrix(
        (np.ones(len(columns), dtype=np.int32), (rows, columns.ravel())), shape=(len(sets), int(columns.max()) + 1)
    )
    close: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for start in range(0, len(sets), _ROWS_PER_STEP):
        shared = (incidence[start : start + _ROWS_PER_STEP] @ incidence.T).toarray()
        union = sizes[start : start + len(shared), None] + sizes[None, :] - shared
        jaccard = shared / np.maximum(union, 1)
        for i, j in zip(*np.nonzero(jaccard >= threshold), strict=False):
            later, earlier = start + int(i), int(j)
            if earlier < later:
                close[later].append((earlier, float(jaccard[i, j])))
    return close


def paragraph_key(normalized: str) -> str:
    """The name of a paragraph's content: equal for paragraphs equal after normalization."""
    return xxhash.xxh3_128_hexdigest(normalized.encode())


def _removed(text: str, codec: str, paragraphs: list[Paragraph], index: int, score: float) -> RemovedParagraph:
    """The cut takes the separator before the paragraph, so the file's ending is kept as it was.

    A removed paragraph always follows the one it repeats, so there is a paragraph before it.
    """
    paragraph = paragraphs[index]
    cut = Span(paragraphs[index - 1].end, paragraph.end, paragraph.line)
    return RemovedParagraph(paragraph.line, score, cut, len(text[cut.start : cut.end].encode(codec)))
