"""The close pairs of a file's paragraphs: character n-gram Jaccard at or above a threshold.

A short file's pairs are all scored at once (a matrix product). A long one's are not (a file of
40,000 lines has 800 million): prefix filtering finds the candidates. Order each paragraph's
n-grams rarest first (across the file); two sets with Jaccard at least t share an n-gram among
the first `|x| - ceil(t·|x|) + 1` of each, so only paragraphs sharing one of those are scored,
exactly. A paragraph in a crowd (thousands of near-identical rows) is paired with its nearest
earlier few of each such n-gram, which bounds the work per paragraph; below that size the
result is every close pair.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from dedupe.shingles import Shingles, char_shingle_rows, fmix64, run_starts, sorted_unique

Indices = npt.NDArray[np.int64]

# candidate pairs (before duplicates are dropped) a file may have before a crowd is cut down to
# windows: every pair of the judged texts is found (at most 550 a paragraph, 91,000 a file)
_PAIRS_PER_PARAGRAPH = 64
_PAIRS_ANYWAY = 1 << 17
_ENTRIES_PER_STEP = 1 << 16
_CROWD_SCORED = 32  # in a crowd, the pairs scored per paragraph (the repeat search asks 8)
_WINDOW = 8  # in a crowd, the earlier paragraphs paired with each one per shared rare n-gram
_PAIRS_PER_STEP = 4096
_SLACK = 1e-3  # a prefix a little longer than the bound needs: no pair is lost to rounding
_PACKED_ROW_BITS = 12  # files of up to 4096 paragraphs pack a paragraph's number beside each n-gram
_DENSE_CELLS = 1 << 22  # 16 MB of float32: up to this a file's pairs are all scored, in float32 as ever
_NO_PAIRS = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))


def close_pairs(forms: list[str], n: int, threshold: float, kept: int) -> dict[int, list[tuple[int, float]]]:
    """later -> [(earlier, Jaccard)], the `kept` best of each (best score first, then earliest)."""
    rows, keys = char_shingle_rows(forms, n)
    if len(keys) == 0:
        return {}
    count = len(forms)
    bits = max(1, (count - 1).bit_length())
    if bits <= _PACKED_ROW_BITS:  # one sort of (n-gram, paragraph) packed in an integer
        # the shift drops a key's top bits: mixed first (a bijection), so n-grams that agree in
        # their low bits are as rare as any two hashes that do, not built by a choice of characters
        grouped = sorted_unique((fmix64(keys) << np.uint64(bits)) | rows.astype(np.uint64))
        paragraph = (grouped & np.uint64((1 << bits) - 1)).astype(np.int64)
        first = run_starts(grouped >> np.uint64(bits))
        if count * int(np.count_nonzero(first)) <= _DENSE_CELLS:
            return _kept(*_all_pairs(paragraph, first, count, threshold), threshold, kept)
    width, columns = _numbered(keys)
    del keys  # a long file's arrays take tens of bytes a character: each is freed when done
    rows = rows.astype(np.int64, copy=False)
    if bits > _PACKED_ROW_BITS and count * width <= _DENSE_CELLS:  # thousands of lines of a few n-grams
        codes = sorted_unique(columns * count + rows)
        paragraph, first = codes % count, run_starts(codes // count)
        return _kept(*_all_pairs(paragraph, first, count, threshold), threshold, kept)
    rows, columns = _sets(rows, columns, width)
    return _kept(*_prefix_pairs(rows, columns, count, width, threshold), threshold, kept)


def _numbered(keys: Shingles) -> tuple[int, Indices]:
    """How many distinct keys there are, and each key's number among them in ascending order:
    `np.unique`'s inverse, in two thirds of its memory (the sorted copy goes before the numbers
    are made)."""
    order = np.argsort(keys)
    first = run_starts(keys[order])
    numbers = np.cumsum(first, dtype=np.int64)
    del first
    numbers -= 1
    numbered = np.empty(len(keys), dtype=np.int64)
    numbered[order] = numbers
    return int(numbers[-1]) + 1, numbered


def _kept(
    later: Indices, earlier: Indices, jaccard: npt.NDArray[np.floating], threshold: float, kept: int
) -> dict[int, list[tuple[int, float]]]:
    """The close pairs by later paragraph, at most `kept` of each."""
    close = jaccard >= threshold
    later, earlier, jaccard = later[close], earlier[close], jaccard[close]
    if len(later) > kept and np.bincount(later).max() > kept:  # rare: a paragraph close to many
        best = _best_per_row(later, jaccard, kept)
        later, earlier, jaccard = later[best], earlier[best], jaccard[best]
    found: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, b, score in zip(later.tolist(), earlier.tolist(), jaccard.tolist(), strict=True):
        found[a].append((b, score))
    return found


def _all_pairs(
    paragraph: Indices, first: npt.NDArray[np.bool_], count: int, threshold: float
) -> tuple[Indices, Indices, npt.NDArray[np.float32]]:
    """Every pair of a short file scored at once. `paragraph`: the paragraph of each distinct
    (n-gram, paragraph), grouped by n-gram; `first`: where each n-gram's group starts. Only
    n-grams of two paragraphs or more can be shared: the incidence matrix of those times its
    transpose (BLAS) counts what each pair shares; faster than filtering below a few hundred
    paragraphs, and the same float32 scores as the whole matrix's."""
    in_common = ~first  # an entry whose n-gram is the one before's, or the one after's
    in_common[:-1] |= in_common[1:]
    sizes = np.bincount(paragraph, minlength=count)
    # a pair shares no more than either holds in common with any paragraph: one holding less
    # than the threshold's share of its own n-grams so is in no close pair (most, in articles)
    reach = np.bincount(paragraph[in_common], minlength=count) >= (threshold - _SLACK) * sizes
    if np.count_nonzero(reach) < 2:
        return _NO_PAIRS
    opens = first & in_common
    dense = np.zeros((count, int(np.count_nonzero(opens))), dtype=np.float32)
    dense[paragraph[in_common], np.cumsum(opens)[in_common] - 1] = 1.0
    shared = dense @ dense.T
    size = sizes.astype(np.float32)
    jaccard = shared / np.maximum(size[:, None] + size[None, :] - shared, 1)
    later, earlier = np.nonzero(jaccard >= threshold)
    below = later > earlier
    later, earlier = later[below], earlier[below]
    return later.astype(np.int64), earlier.astype(np.int64), jaccard[later, earlier].astype(np.float32, copy=False)


def _prefix_pairs(
    rows: Indices, columns: Indices, count: int, width: int, threshold: float
) -> tuple[Indices, Indices, npt.NDArray[np.float64]]:
    """The candidate pairs of a long file (its n-gram sets, `_sets`), scored (float64, as the
    sparse product scored them)."""
    sizes = np.bincount(rows, minlength=count)
    later, earlier = _candidates(rows, columns, sizes, threshold)
    shared = _shared(columns, sizes, width, later, earlier)
    jaccard = shared / np.maximum(sizes[later] + sizes[earlier] - shared.astype(np.float64), 1)
    return later, earlier, jaccard


def _sets(rows: Indices, columns: Indices, width: int) -> tuple[Indices, Indices]:
    """Each paragraph's distinct n-grams, ordered by paragraph, then rarest first, each numbered
    by its place in the order of rarity (so a paragraph's numbers ascend)."""
    codes = rows * width
    codes += columns
    codes = sorted_unique(codes)  # non-negative: sorted as the unsigned values they were
    rows, columns = codes // width, codes % width
    del codes
    frequency = np.bincount(columns, minlength=width)
    by_rarity = np.argsort(frequency, kind="stable")  # the columns, rarest first (then in order)
    rank = np.empty(width, dtype=np.int64)
    rank[by_rarity] = np.arange(width)
    ranked = rows * width
    del rows
    ranked += rank[columns]
    del columns
    ranked.sort()  # one sort of integers, not a lexsort
    return ranked // width, ranked % width


def _candidates(rows: Indices, columns: Indices, sizes: Indices, threshold: float) -> tuple[Indices, Indices]:
    """(later, earlier) pairs of paragraphs that share an n-gram of their prefixes, each once."""
    starts = np.cumsum(sizes) - sizes
    prefix = sizes - np.ceil((threshold - _SLACK) * sizes).astype(np.int64) + 1
    chosen = np.arange(len(rows)) < (starts + prefix)[rows]  # an entry's place in its paragraph < its prefix
    count = len(sizes)
    by_column = np.sort(columns[chosen] * count + rows[chosen])  # one sort of integers, not a lexsort
    rows, columns = by_column % count, by_column // count
    # each entry is paired with the entries before it in its n-gram's list (nearest first)
    before = _rank_in_runs(np.flatnonzero(run_starts(columns)), len(rows))
    crowd = before.sum() > max(_PAIRS_PER_PARAGRAPH * len(sizes), _PAIRS_ANYWAY)
    if crowd:
        before = np.minimum(before, _WINDOW)  # a crowd: its nearest few
    steps = []
    for start in range(0, len(rows), _ENTRIES_PER_STEP):  # bounded temporaries, however many pairs
        counts = before[start : start + _ENTRIES_PER_STEP]
        entry = np.repeat(np.arange(start, start + len(counts)), counts)
        distance = np.arange(len(entry)) - np.repeat(np.cumsum(counts) - counts, counts) + 1
        later, earlier = rows[entry], rows[entry - distance]
        # Jaccard t needs sizes within a factor t of each other
        later_size, earlier_size = sizes[later], sizes[earlier]
        similar = np.minimum(later_size, earlier_size) >= (threshold - _SLACK) * np.maximum(later_size, earlier_size)
        steps.append(later[similar] * count + earlier[similar])
    codes = np.sort(np.concatenate(steps))
    first = np.flatnonzero(run_starts(codes))
    later, earlier = np.divmod(codes[first], count)
    if crowd:  # the pairs sharing the most rare n-grams are scored, a bounded number each
        shared_rare = np.diff(np.r_[first, len(codes)])
        best = np.sort(_best_per_row(later, shared_rare, _CROWD_SCORED))  # in the order they were
        later, earlier = later[best], earlier[best]
    return later, earlier


def _shared(columns: Indices, sizes: Indices, width: int, later: Indices, earlier: Indices) -> npt.NDArray[np.float32]:
    """How many n-grams each candidate pair shares. `columns`: each paragraph's n-grams in turn
    (`sizes` of them), ascending: the rows of a sparse matrix as they are stored, and the
    element-wise product of two such rows holds one entry per n-gram they share."""
    from scipy.sparse import csr_matrix  # imported here: it takes 0.2 s, and a commit hook rarely needs it

    ones = np.ones(len(columns), dtype=np.float32)
    matrix = csr_matrix((ones, columns, np.r_[0, np.cumsum(sizes)]), shape=(len(sizes), width))
    shared = np.empty(len(later), dtype=np.float32)
    for start in range(0, len(later), _PAIRS_PER_STEP):  # a step's two row copies stay a few MB
        step = slice(start, start + _PAIRS_PER_STEP)
        shared[step] = np.diff(matrix[later[step]].multiply(matrix[earlier[step]]).indptr)
    return shared


def _best_per_row(rows: Indices, scores: npt.NDArray[np.floating] | Indices, kept: int) -> Indices:
    """Where the `kept` best entries of each row are, best score first, then the lowest column.
    The entries are in order of row, then column (as every caller has them), so sorting by row
    and score keeps equal scores in column order: a sort by three keys took ten times as long."""
    order = np.lexsort((-scores, rows))  # each row's entries stay where they were: rows[order] == rows
    rank = _rank_in_runs(np.flatnonzero(run_starts(rows)), len(rows))
    return order[rank < kept]


def _rank_in_runs(starts: Indices, length: int) -> Indices:
    """Each position's distance from the start of its run (`starts`: where the runs start)."""
    return np.arange(length) - np.repeat(starts, np.diff(np.r_[starts, length]))
