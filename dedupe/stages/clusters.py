"""From verified pairs to duplicate groups: union-find, a keeper per group, and no chaining.

Union-find alone would chain A≈B≈C into one group although A and C differ. So each component is
split around its keeper: a group holds the keeper and only the files verified as duplicates of
the keeper itself; the rest are regrouped among themselves. The splitting is a loop over a stack
of parts, each part's connectivity found through adjacency lists: a chain of thousands of
revisions costs no recursion and no pass over all of the component's edges per group.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from dedupe.settings import KeepPolicy


@dataclass(frozen=True)
class Candidate:
    """What the keeper policies look at."""

    index: int
    path: str
    mtime: float
    size: int
    original: bool = False  # tagged as an original: kept before any untagged copy, never removed


def components(nodes: Iterable[int], edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of the edges restricted to `nodes`, each sorted, sorted by first node."""
    parent = {node: node for node in nodes}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        if a in parent and b in parent:
            root_a, root_b = find(a), find(b)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)
    groups: dict[int, list[int]] = {}
    for node in sorted(parent):
        groups.setdefault(find(node), []).append(node)
    return sorted(groups.values())


def split_around_keepers(
    component: list[int],
    edges: Sequence[tuple[int, int]],
    keeper: Callable[[list[int]], int],
    duplicates_of: Callable[[int, AbstractSet[int]], list[int]],
    rank: Callable[[int], Any] | None = None,
    ranked_above: int = 0,
) -> Iterator[tuple[int, list[int]]]:
    """(keeper, members that are duplicates of the keeper itself) for each group of a component.

    `keeper(part)` picks a part's keeper from its sorted nodes, unless the part has more than
    `ranked_above` nodes and `rank` is given: then the keeper is the node of lowest rank, taken
    from a heap. `duplicates_of(kept, part)` is the list of the part's nodes (kept aside) that are
    duplicates of `kept`. After each group, only the pieces that break off the rest are walked
    (all at once, the smaller ones finish first), so a long chain costs what its groups cost.
    """
    neighbours: dict[int, list[int]] = {node: [] for node in component}
    for a, b in edges:
        if a in neighbours and b in neighbours:
            neighbours[a].append(b)
            neighbours[b].append(a)

    def ranked(nodes: set[int]) -> list[tuple[Any, int]] | None:
        if rank is None or len(nodes) <= ranked_above:
            return None
        heap = [(rank(node), node) for node in nodes]
        heapq.heapify(heap)
        return heap

    start = set(component)
    stack = [(start, ranked(start))]
    while stack:
        part, heap = stack.pop()
        if heap is not None and len(part) > ranked_above:
            while heap[0][1] not in part:
                heapq.heappop(heap)
            kept = heap[0][1]
        else:
            kept = keeper(sorted(part))
        members = duplicates_of(kept, part)
        if members:
            yield kept, members
        grouped = {kept, *members}
        part -= grouped
        for piece in _broken_off(part, grouped, neighbours):
            part -= piece
            if len(piece) > 1:
                stack.append((piece, ranked(piece)))
        if len(part) > 1:
            stack.append((part, heap))


def _broken_off(rest: set[int], removed: set[int], neighbours: dict[int, list[int]]) -> list[set[int]]:
    """The pieces of `rest` (a connected part minus `removed`) other than one that is left.

    Every piece touches a removed node, so a search starts at each such neighbour; the searches
    advance in turn, merge where they meet, and stop when one is left: the work is bounded by
    the pieces that break off, not by the part that stays.
    """
    seeds = sorted({other for node in removed for other in neighbours[node] if other in rest})
    if len(seeds) < 2:
        return []
    owner = {seed: k for k, seed in enumerate(seeds)}
    root = list(range(len(seeds)))
    found = [[seed] for seed in seeds]
    frontier = [[seed] for seed in seeds]
    live, done = set(range(len(seeds))), []

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    while len(live) > 1:
        for k in sorted(live):
            if k not in live:
                continue
            if not frontier[k]:
                live.discard(k)
                done.append(k)
                continue
            for other in neighbours[frontier[k].pop()]:
                if other not in rest:
                    continue
                if other not in owner:
                    owner[other] = k
                    found[k].append(other)
                    frontier[k].append(other)
                elif (j := find(owner[other])) != k:
                    big, small = (k, j) if len(found[k]) >= len(found[j]) else (j, k)
                    root[small] = big
                    found[big] += found[small]
                    frontier[big] += frontier[small]
                    live.discard(small)
                    k = big
            if len(live) == 1:
                break
    pieces = [set(found[k]) for k in done]
    if not live:  # every search finished: the largest piece is the one left
        pieces.remove(max(pieces, key=len))
    return pieces


def policy_rank(policy: KeepPolicy) -> Callable[[Candidate], tuple[Any, ...]]:
    """The order a policy keeps in when it compares no pair: the lowest ranked file is kept,
    an original before any untagged file."""
    own: Callable[[Candidate], tuple[Any, ...]] = {
        "first": lambda c: (c.path,),
        "newest": lambda c: (-c.mtime, c.path),
        "oldest": lambda c: (c.mtime, c.path),
    }.get(policy, lambda c: (-c.size, c.path))
    return lambda c: (not c.original, *own(c))


def keeper_by_policy(
    policy: KeepPolicy,
    candidates: list[Candidate],
    containment: Callable[[int, int], float],
    removable: Callable[[int, int], bool] | None = None,
) -> Candidate:
    """The file a group keeps. Ties always fall to the first path, so the choice is stable.
    When some candidates are originals, it is one of them, chosen by the same policy.

    `complete` keeps the copy in whose favour the most others can be removed without loss
    (`removable(copy, other)`: the original beats its copy in a newsletter frame that dropped a
    sentence), then the one that holds the most of the others' text (the sum over the others of
    `containment(copy, other)`, the share of other found in copy); then the longest.
    """
    if policy != "complete":
        return min(candidates, key=policy_rank(policy))  # the rank puts originals first
    pool = [c for c in candidates if c.original] or candidates
    held = {c.index: round(sum(containment(c.index, o.index) for o in candidates if o is not c), 9) for c in pool}
    ordered = sorted(pool, key=lambda c: (-held[c.index], -c.size, c.path))
    if removable is None:
        return ordered[0]
    lossless: dict[int, int] = {}
    for c in ordered:  # the usual keeper loses nothing of any other: the rest need not be asked
        lossless[c.index] = sum(removable(c.index, o.index) for o in candidates if o is not c)
        if lossless[c.index] == len(candidates) - 1:
            return c
    return min(ordered, key=lambda c: -lossless[c.index])
