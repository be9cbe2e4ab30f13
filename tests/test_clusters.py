from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet

import pytest

from dedupe.stages.clusters import Candidate, components, keeper_by_policy, split_around_keepers


def test_components() -> None:
    assert components(range(6), [(0, 2), (2, 4), (5, 1)]) == [[0, 2, 4], [1, 5], [3]]


def _pairwise(close: Callable[[int, int], bool]) -> Callable[[int, AbstractSet[int]], list[int]]:
    return lambda kept, part: sorted(m for m in part if m != kept and close(kept, m))


def test_chain_is_split_around_the_keeper() -> None:
    """A≈B and B≈C but A≉C: C must not land in A's group."""
    edges = [(0, 1), (1, 2)]
    close = {(0, 1), (1, 0), (1, 2), (2, 1)}
    groups = list(
        split_around_keepers([0, 1, 2], edges, keeper=min, duplicates_of=_pairwise(lambda a, b: (a, b) in close))
    )
    assert groups == [(0, [1])]


def test_chain_remainder_forms_its_own_group() -> None:
    edges = [(0, 1), (1, 2), (2, 3)]
    close = {frozenset(e) for e in edges}
    groups = list(split_around_keepers([0, 1, 2, 3], edges, min, _pairwise(lambda a, b: frozenset((a, b)) in close)))
    assert groups == [(0, [1]), (2, [3])]


CANDIDATES = [Candidate(0, "b.txt", 200.0, 50), Candidate(1, "a.txt", 100.0, 100), Candidate(2, "c.txt", 300.0, 120)]


NOTHING = lambda a, b: 0.0  # noqa: E731


@pytest.mark.parametrize(("policy", "kept"), [("first", 1), ("newest", 2), ("oldest", 1)])
def test_simple_policies(policy: str, kept: int) -> None:
    assert keeper_by_policy(policy, CANDIDATES, NOTHING).index == kept  # type: ignore[arg-type]


def test_complete_keeps_the_copy_holding_most_of_the_others() -> None:
    held = {(0, 1): 0.5, (0, 2): 0.4, (1, 0): 1.0, (1, 2): 0.9, (2, 0): 1.0, (2, 1): 0.8}
    assert keeper_by_policy("complete", CANDIDATES, lambda a, b: held[(a, b)]).index == 1


def test_complete_falls_back_to_the_longest_then_the_path() -> None:
    assert keeper_by_policy("complete", CANDIDATES, NOTHING).index == 2
    tied = [Candidate(0, "b.txt", 0.0, 10), Candidate(1, "a.txt", 0.0, 10)]
    assert keeper_by_policy("complete", tied, NOTHING).index == 1
