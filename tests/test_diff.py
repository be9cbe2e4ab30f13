from __future__ import annotations

import pytest

from dedupe.diff import Row, align, word_changes

P1 = "The city council voted on Tuesday to close the old harbour bridge for six weeks."
P2 = "Ferry services between the two banks will run every ten minutes during the closure."
P3 = "Local shop owners in the port district said they feared a drop in trade this spring."
ARTICLE = f"{P1}\n\n{P2}\n\n{P3}\n"


def shown(text_a: str, text_b: str) -> list[tuple[str, list[str], list[str]]]:
    """Each row as (kind, changed words of a, changed words of b)."""

    def changed(text: str, row: Row, side: str) -> list[str]:
        return [text[s:e] for block in getattr(row, side) for s, e in block.changes]

    return [(r.kind, changed(text_a, r, "a"), changed(text_b, r, "b")) for r in align(text_a, text_b)]


@pytest.mark.parametrize(
    ("case", "other", "expected"),
    [
        ("identical", ARTICLE, [("same", [], [])] * 3),
        ("re-wrapped", ARTICLE.replace("old harbour", "old\nharbour"), [("same", [], [])] * 3),
        (
            "added headline",
            "Bridge shuts\n\n" + ARTICLE,
            [("only_b", [], ["Bridge shuts"]), ("same", [], []), ("same", [], []), ("same", [], [])],
        ),
        ("truncated tail", f"{P1}\n\n{P2}\n", [("same", [], []), ("same", [], []), ("only_a", [P3], [])]),
        (
            "typo",
            ARTICLE.replace("Ferry", "Fery"),
            [("same", [], []), ("changed", ["Ferry"], ["Fery"]), ("same", [], [])],
        ),
        (
            "edited paragraph and dropped one",
            f"{P1.replace('six weeks', 'two months')}\n\n{P3}\n",
            [("changed", ["six weeks"], ["two months"]), ("only_a", [P2], []), ("same", [], [])],
        ),
        (
            "swapped paragraphs",
            f"{P2}\n\n{P1}\n\n{P3}\n",
            [("only_b", [], [P2]), ("same", [], []), ("only_a", [P2], []), ("same", [], [])],
        ),
    ],
)
def test_align(case: str, other: str, expected: list[tuple[str, list[str], list[str]]]) -> None:
    assert shown(ARTICLE, other) == expected, case


def test_align_covers_every_paragraph_of_both_texts_in_order() -> None:
    other = "Subscribe now.\n\n" + ARTICLE.replace("bridge", "crossing") + "\nAll rights reserved.\n"
    rows = align(ARTICLE, other)
    assert [ARTICLE[b.start : b.end] for r in rows for b in r.a] == [P1, P2, P3]
    expected_b = ["Subscribe now.", *(p.replace("bridge", "crossing") for p in (P1, P2, P3)), "All rights reserved."]
    assert [other[b.start : b.end] for r in rows for b in r.b] == expected_b
    assert [r.kind for r in rows] == ["only_b", "changed", "same", "same", "only_b"]


def test_word_changes_marks_exact_differences_between_spans() -> None:
    text = f"{P1}\n\n{P1.replace('Tuesday', '“Monday”')}"
    second = (len(P1) + 2, len(text))
    changes_a, changes_b = word_changes(text, (0, len(P1)), text, second)
    assert [text[s:e] for s, e in changes_a] == ["Tuesday"]
    assert [text[s:e] for s, e in changes_b] == ["“Monday”"]


def test_a_paragraph_too_long_to_compare_word_by_word_is_aligned_by_lines_first() -> None:
    """A page without a blank line (HTML source, a log) is one paragraph of thousands of words:
    its lines are aligned first, so the changes are still exactly the edited words and lines."""
    lines = [f"line {n} of the page says something about item number {n} and its price" for n in range(3000)]
    edited = [*lines[:1500], lines[1500].replace("price", "cost"), "an added line", *lines[1501:]]
    text_a, text_b = "\n".join(lines) + "\n", "\n".join(edited) + "\n"
    changes_a, changes_b = word_changes(text_a, (0, len(text_a)), text_b, (0, len(text_b)))
    assert [text_a[s:e] for s, e in changes_a] == ["price"]
    assert [text_b[s:e] for s, e in changes_b] == ["cost\nan added line"]
    assert shown(text_a, text_b) == [("changed", ["price"], ["cost\nan added line"])]
    one_line = " ".join(lines)  # no line to align by: what both begin and end with is set aside
    changes_a, changes_b = word_changes(one_line, (0, len(one_line)), one_line + " more", (0, len(one_line) + 5))
    assert (changes_a, changes_b) == ([], [(len(one_line) + 1, len(one_line) + 5)])
    other = one_line.replace("item number 7 ", "item 7 ").replace("number 2999", "No. 2999")
    changes_a, changes_b = word_changes(one_line, (0, len(one_line)), other, (0, len(other)))
    assert one_line[changes_a[0][0] : changes_a[-1][1]].startswith("number 7 and its price")  # marked whole
    assert one_line[changes_a[0][0] : changes_a[-1][1]].endswith("item number")  # up to the shared "2999 and its price"
