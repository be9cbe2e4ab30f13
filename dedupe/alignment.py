"""Word alignment as difflib makes it, without difflib's repeated work.

The near-copy test asks, for each close pair of paragraphs, which words were kept, dropped,
added or replaced: `difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`. difflib
scores every equal pair of words again in each window it splits the texts into; here the
maximal runs of equal words are found once per pair, with the same blocks and tie-breaking
(a hypothesis test compares the two).
"""

from __future__ import annotations


def matching_blocks(a: list[str], positions: dict[str, list[int]], b_length: int) -> list[tuple[int, int, int]]:
    """difflib's matching blocks of `a` and a sequence b (`positions`: where each word of b is),
    found as difflib finds them without junk: the longest block of a window (the earliest in a,
    then in b, of the longest), then the same left and right of it. difflib scores every equal
    pair of words again in each window; here the maximal diagonal runs of equal words are found
    once, and a window's longest block is the longest of those runs cut to the window."""
    runs: list[list[int]] = []  # [i, j, length]: a[i + t] == b[j + t] for t < length, not beyond
    last: dict[int, list[int]] = {}  # by diagonal j - i: the run seen last on it
    for i, word in enumerate(a):
        for j in positions.get(word, ()):
            run = last.get(j - i)
            if run is not None and run[0] + run[2] == i:
                run[2] += 1
            else:
                run = last[j - i] = [i, j, 1]
                runs.append(run)
    blocks = []
    windows = [(0, len(a), 0, b_length, runs)]
    while windows:
        a_low, a_high, b_low, b_high, crossing = windows.pop()
        size = best_i = best_j = 0
        inside = []  # the runs crossing this window: only they can cross the windows within it
        for run in crossing:
            i, j, length = run
            # the run's cells (i + t, j + t) in the window: start <= t < end (no min, max: the
            # calls are most of the time of this loop)
            start = a_low - i if a_low - i > b_low - j else b_low - j
            start = start if start > 0 else 0
            end = a_high - i if a_high - i < b_high - j else b_high - j
            cut = (end if end < length else length) - start
            if cut <= 0:
                continue
            inside.append(run)
            if cut > size or (cut == size and (i + start, j + start) < (best_i, best_j)):
                size, best_i, best_j = cut, i + start, j + start
        if size:
            blocks.append((best_i, best_j, size))
            if a_low < best_i and b_low < best_j:
                windows.append((a_low, best_i, b_low, best_j, inside))
            if best_i + size < a_high and best_j + size < b_high:
                windows.append((best_i + size, a_high, best_j + size, b_high, inside))
    return sorted(blocks)


def opcodes(blocks: list[tuple[int, int, int]], a_length: int, b_length: int) -> list[tuple[str, int, int, int, int]]:
    """difflib's `get_opcodes` from its matching blocks. difflib first joins adjacent blocks; without
    junk there are none (each block is a longest run, which no equal pair of words extends)."""
    codes = []
    i = j = 0
    for a_start, b_start, size in [*blocks, (a_length, b_length, 0)]:
        if i < a_start:
            codes.append(("replace" if j < b_start else "delete", i, a_start, j, b_start))
        elif j < b_start:
            codes.append(("insert", i, a_start, j, b_start))
        i, j = a_start + size, b_start + size
        if size:
            codes.append(("equal", a_start, i, b_start, j))
    return codes
