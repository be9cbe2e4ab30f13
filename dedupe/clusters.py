"""From verified pairs to duplicate groups: union-find, a keeper per group, and no chaining.

Union-find alone would chain A≈B≈C into one group although A and C differ. So each component is
split around its keeper: a group holds the keeper and only the files verified as duplicates of
the keeper itself; the rest are regrouped among themselves, recursively.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from dedupe.settings import KeepPolicy


@dataclass(frozen=True)
class Candidate:
    """What the keeper policies look at."""

    index: int
    path: str
    mtime: float
    size: int


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
    duplicate_of: Callable[[int, int], bool],
) -> Iterator[tuple[int, list[int]]]:
    """(keeper, members that are duplicates of the keeper itself) for each group of a component."""
    kept = keeper(component)
    members = [m for m in component if m != kept and duplicate_of(kept, m)]
    if members:
        yield kept, members
    grouped = {kept, *members}
    for part in components([m for m in component if m not in grouped], edges):
        if len(part) > 1:
            yield from split_around_keepers(part, edges, keeper, duplicate_of)


def keeper_by_policy(
    policy: KeepPolicy,
    candidates: list[Candidate],
    containment: Callable[[int, int], float],
    removable: Callable[[int, int], bool] | None = None,
) -> Candidate:
    """The file a group keeps. Ties always fall to the first path, so the choice is stable.

    `complete` keeps the copy in whose favour the most others can be removed without loss
    (`removable(copy, other)`: the original beats its copy in a newsletter frame that dropped a
    sentence), then the one that holds the most of the others' text (the sum over the others of
    `containment(copy, other)`, the share of other found in copy); then the longest.
    """
    if policy == "first":
        return min(candidates, key=lambda c: c.path)
    if policy == "newest":
        return min(candidates, key=lambda c: (-c.mtime, c.path))
    if policy == "oldest":
        return min(candidates, key=lambda c: (c.mtime, c.path))
    held = {c.index: round(sum(containment(c.index, o.index) for o in candidates if o is not c), 9) for c in candidates}
    ordered = sorted(candidates, key=lambda c: (-held[c.index], -c.size, c.path))
    if removable is None:
        return ordered[0]
    lossless: dict[int, int] = {}
    for c in ordered:  # the usual keeper loses nothing of any other: the rest need not be asked
        lossless[c.index] = sum(removable(c.index, o.index) for o in candidates if o is not c)
        if lossless[c.index] == len(candidates) - 1:
            return c
    return min(ordered, key=lambda c: -lossless[c.index])
