"""Normalization for comparison only: two texts that read the same compare equal.

Never written out: cleaned copies keep the original bytes. Steps: NFKC, quotes and dashes unified,
case folded, diacritics removed (Latin, Greek, Cyrillic marks; `ı`, `ł`, `ø`, `đ` folded too, so
`Kılıçdaroğlu` equals `Kilicdaroglu`), invisible characters (zero-width, bidi marks) dropped,
whitespace collapsed (by `str.split`, whose whitespace is exactly the regular expression class of
spaces, at a third of its cost).

It runs once per paragraph, so a file of thousands of one-line paragraphs pays every step's
overhead thousands of times: steps that would change nothing in most paragraphs are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial

_PUNCT = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃", "-"),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    # bidi marks, embeddings, overrides and isolates: as invisible as the zero-width characters
    **dict.fromkeys("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", ""),
}
_LETTERS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe"}
# Combining marks of Latin, Greek and Cyrillic letters; kana voicing marks and the like are kept.
_MARKS = re.compile("[\u0300-\u036f]")
# Scripts written without spaces: each character is a token of its own (Han, kana, Thai).
NO_SPACE = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{NO_SPACE}]|[^\\W{NO_SPACE}]+")
# ASCII characters that are not word characters (`\w`: letters, digits, `_`) become spaces, so
# ASCII text is tokenized by `split`, three times faster than the regular expression.
_ASCII_NON_WORD_CHARS = "".join(c for c in map(chr, range(128)) if not (c.isalnum() or c == "_"))
_ASCII_NON_WORD = str.maketrans(dict.fromkeys(_ASCII_NON_WORD_CHARS, " "))
_ASCII_NON_WORD_BYTES = bytes.maketrans(_ASCII_NON_WORD_CHARS.encode(), b" " * len(_ASCII_NON_WORD_CHARS))


def _replacer(table: dict[str, str]) -> Callable[[str], str]:
    """`str.translate` by `table`, asked only of the characters in it: `translate` looks up every
    character of a non-ASCII text (a failed lookup, the slowest of all the steps, for nearly all)."""

    def replace(match: re.Match[str]) -> str:
        return table[match.group()]

    return partial(re.compile(f"[{''.join(map(re.escape, table))}]").sub, replace)


_unify_punctuation = _replacer(_PUNCT)
_fold_letters = _replacer(_LETTERS)


def normalize(text: str) -> str:
    """The comparison form of `text`."""
    if text.isascii():
        return _collapsed(text.lower())
    text = _unify_punctuation(unicodedata.normalize("NFKC", text)).casefold()
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return _collapsed(_fold_letters(unicodedata.normalize("NFC", text)))


def _collapsed(text: str) -> str:
    """Whitespace runs made one space, none at the ends: `" ".join(text.split())`, skipped when
    the only whitespace is single spaces between words (most one-line paragraphs), as the space
    is the one printable whitespace character."""
    if text[:1] != " " and text[-1:] != " " and "  " not in text and text.isprintable():
        return text
    return " ".join(text.split())


def tokens(normalized: str) -> list[str]:
    """Words of a normalized text; characters of scripts written without spaces."""
    if normalized.isascii():
        return normalized.translate(_ASCII_NON_WORD).split()
    return _TOKEN.findall(normalized)


def encoded_tokens(normalized: str) -> list[bytes]:
    """`tokens(normalized)` in UTF-8, the form that is hashed: ASCII text is cut as bytes, without
    a `str` made and then encoded for each word."""
    if normalized.isascii():
        return normalized.encode().translate(_ASCII_NON_WORD_BYTES).split()
    return [token.encode() for token in _TOKEN.findall(normalized)]
