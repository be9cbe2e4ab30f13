from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe.near import close_pairs

_N = 5


def brute_force(forms: list[str], threshold: float) -> dict[int, list[tuple[int, float]]]:
    """Every pair scored, as the all-pairs product scored them (float32)."""
    grams = [{form[k : k + _N] for k in range(len(form) - _N + 1)} for form in forms]
    found: dict[int, list[tuple[int, float]]] = {}
    for later, a in enumerate(grams):
        for earlier, b in enumerate(grams[:later]):
            shared = np.float32(len(a & b))
            score = shared / max(np.float32(len(a)) + np.float32(len(b)) - shared, np.float32(1))
            if score >= threshold:
                found.setdefault(later, []).append((earlier, float(score)))
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab c", min_size=0, max_size=14), min_size=1, max_size=14),
    st.sampled_from([0.3, 0.57, 0.9]),
    st.sampled_from([0, 1 << 22]),
)
def test_all_pairs_and_prefix_filtering_find_every_close_pair(forms: list[str], threshold: float, dense: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dedupe.near._DENSE_CELLS", dense)  # 0: every file takes the long files' way
        found = {k: sorted(v) for k, v in close_pairs(forms, _N, threshold, kept=1000).items()}
    expected = brute_force(forms, threshold)
    assert {k: [e for e, _ in v] for k, v in found.items()} == {k: [e for e, _ in v] for k, v in expected.items()}
    assert all(s == pytest.approx(e) for k in found for (_, s), (_, e) in zip(found[k], expected[k], strict=True))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab", min_size=5, max_size=9), min_size=2, max_size=14),
    st.integers(1, 3),
    st.sampled_from([0, 1 << 22]),
)
def test_a_paragraph_close_to_many_keeps_the_best_then_the_earliest(forms: list[str], kept: int, dense: int) -> None:
    """Texts of two letters: many pairs score alike, and the earliest of equal scores is kept."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dedupe.near._DENSE_CELLS", dense)
        every = close_pairs(forms, _N, 0.3, kept=1000)
        best = close_pairs(forms, _N, 0.3, kept=kept)
    assert best.keys() == every.keys()
    for later, pairs in every.items():
        assert sorted(best[later], key=lambda p: (-p[1], p[0])) == sorted(pairs, key=lambda p: (-p[1], p[0]))[:kept]


def test_each_paragraph_keeps_its_best_pairs_first() -> None:
    forms = ["the quick brown fox jumps", "the quick brown fox jumped", "the quick brown fox jumps!"]
    assert [p for p, _ in close_pairs(forms, _N, 0.5, kept=5)[2]] == [0, 1]
    assert [p for p, _ in close_pairs(forms, _N, 0.5, kept=1)[2]] == [0]


def test_a_crowd_of_near_copies_is_bounded_yet_each_finds_a_close_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the pair budget a paragraph is paired with its nearest few per rare n-gram only."""
    monkeypatch.setattr("dedupe.near._DENSE_CELLS", 0)
    monkeypatch.setattr("dedupe.near._PAIRS_ANYWAY", 0)
    monkeypatch.setattr("dedupe.near._PAIRS_PER_PARAGRAPH", 1)
    monkeypatch.setattr("dedupe.near._WINDOW", 2)
    base = "the committee approved the budget for the coming year after a long debate "
    forms = [base + f"on day {chr(97 + k % 26)}{chr(97 + k // 26)}" for k in range(300)]
    found = close_pairs(forms, _N, 0.57, kept=4)
    assert sorted(found) == list(range(1, 300))
    assert all(1 <= len(pairs) <= 4 for pairs in found.values())
    assert len(brute_force(forms, 0.57)[299]) == 299  # the unbounded answer: every earlier one


def test_thousands_of_short_paragraphs_score_as_a_few_do() -> None:
    """Past 4096 paragraphs a paragraph's number no longer packs beside its n-gram: a file of
    thousands of short lines (few distinct n-grams) is still scored by the all-pairs product."""
    words = ["alpha", "beta", "gamma", "delta", "kappa"]
    forms = [f"{words[k % 5]} {words[k // 5 % 5]} {words[k // 25 % 5]}" for k in range(5000)]
    found = close_pairs(forms, _N, 0.57, kept=5000)
    expected = brute_force(forms[:125], 0.57)  # the first 125 lines are every distinct line once
    assert {k: sorted(v) for k, v in found.items() if k < 125} == {k: sorted(v) for k, v in expected.items()}
    assert set(range(125, 5000)) <= set(found)  # every later line repeats an earlier one
    assert all(max(s for _, s in pairs) == 1.0 for k, pairs in found.items() if k >= 125)


def test_n_grams_that_agree_in_their_low_bits_are_not_one() -> None:
    """A file of 2,049 paragraphs packs an n-gram's key with 12 bits of paragraph number, so only
    52 bits of the key are compared: these two 5-grams of CJK characters (built so that their
    unmixed keys agree in those bits) must still differ."""
    base, step = [0x6000, 0x63E8, 0x67D0, 0x6BB8, 0x6FA0], [207, -847, -248, -29, -419]
    first, second = "".join(map(chr, base)), "".join(chr(b + d) for b, d in zip(base, step, strict=True))
    assert close_pairs([first, second] + ["a"] * 2047, _N, 0.57, kept=32) == {}
