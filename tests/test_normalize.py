from __future__ import annotations

import re
import sys

import pytest

from dedupe.normalize import _TOKEN, encoded_tokens, normalize, tokens


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Kılıçdaroğlu", "Kilicdaroglu"),  # Turkish dotless i, cedilla, breve
        ("İstanbul", "istanbul"),  # Turkish capital dotted I
        ("Straße", "STRASSE"),  # case folding, not just lower()
        ("café", "cafe\u0301"),  # composed and decomposed accents
        ("Ålesund, Łódź, Søren", "alesund, lodz, soren"),
        ("“quoted” ‘text’", "\"quoted\" 'text'"),  # curly quotes
        ("one – two — three", "one - two - three"),  # dashes
        ("a\u00a0b\t\tc\n\nd", "a b c d"),  # no-break space, tabs, newlines
        ("ﬁnance ①", "finance 1"),  # NFKC compatibility forms
        ("zero\u200bwidth", "zerowidth"),  # invisible characters
        ("  trimmed  ", "trimmed"),
    ],
)
def test_normalize_treats_alike(left: str, right: str) -> None:
    assert normalize(left) == normalize(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [("bridge", "bridges"), ("が", "か"), ("1961", "1962")],  # kana voicing marks are letters, not accents
)
def test_normalize_keeps_differences(left: str, right: str) -> None:
    assert normalize(left) != normalize(right)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, world! It's 2024.", ["hello", "world", "it", "s", "2024"]),
        ("東京都の人口", ["東", "京", "都", "の", "人", "口"]),  # no spaces: one token per character
        ("Müller sagte: „Nein“.", ["muller", "sagte", "nein"]),
        ("abc中文def", ["abc", "中", "文", "def"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(normalize(text)) == expected


def test_ascii_tokens_are_the_regular_expressions_tokens() -> None:
    """ASCII text takes a faster path (`str.translate` and `split`): it must cut the same words."""
    text = "".join(map(chr, range(128))) * 2 + " a_b c-d e.f 3.14 x\x1fy"
    assert tokens(text) == _TOKEN.findall(text)
    assert encoded_tokens(text) == [token.encode() for token in _TOKEN.findall(text)]


@pytest.mark.parametrize("text", ["Müller sagte: „Nein“.", "abc中文def", "東京都の人口", "plain ascii, words_and 42"])
def test_encoded_tokens_are_the_tokens_in_utf8(text: str) -> None:
    assert encoded_tokens(normalize(text)) == [token.encode() for token in tokens(normalize(text))]


def test_whitespace_is_what_the_regular_expression_calls_whitespace() -> None:
    """Whitespace is collapsed by `str.split`: it must split exactly where `\\s` matches."""
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if re.fullmatch(r"\s", c)]
    assert spaces == [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    text = "".join(f"a{c}{c}b" for c in spaces)
    assert " ".join(text.split()) == re.sub(r"\s+", " ", text).strip()


def test_every_whitespace_character_is_collapsed_and_trimmed() -> None:
    """Text whose only whitespace is single spaces between words is left as it is: no other
    whitespace character may pass for one, in ASCII text or not."""
    for space in (c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()):
        assert normalize(f"a{space}b") == "a b", hex(ord(space))
        assert normalize(f"{space}é{space}{space}b{space}") == "e b", hex(ord(space))


def test_unified_characters_are_replaced_wherever_they_stand() -> None:
    assert normalize("“”é““") == '""e""'
    assert normalize("«Øre» – ‘æble’\u200b\u202e") == "\"ore\" - 'aeble'"
    assert normalize("Łódź’s ıı") == "lodz's ii"
