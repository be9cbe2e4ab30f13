"""Realistic edits of real text, each a pure function of (text, rng): what copies of an article
and repeats of a paragraph look like in practice.

Copy edits keep the article (a reader would call the result the same story); hard negatives
share text without being copies. All randomness comes from the `random.Random` passed in.
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Callable

from benchmarks.truth import shingle_set
from dedupe.settings import Settings
from dedupe.stages.analyze import ComparisonForm

Edit = Callable[[str, random.Random], str]
_DEFAULTS = Settings()

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_DATELINES = ("SYDNEY, March 4 (AAP) - ", "LONDON (Reuters) - ", "Updated 9:41 am. ", "CANBERRA, Tuesday - ")
_HEADERS = (
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "This story was first published by our partners and is republished with permission.",
)
_FOOTERS = (
    "Copyright the publisher. All rights reserved. This material may not be redistributed.",
    "Share this story with friends and family. Follow us for more news from the region.",
)
_SYNONYMS = {
    "said": "stated",
    "says": "states",
    "the": "this",
    "a": "one",
    "and": "as well as",
    "but": "however",
    "will": "would",
    "is": "was",
    "has": "had",
    "people": "residents",
    "about": "around",
    "more": "further",
    "new": "fresh",
    "after": "following",
}


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, whitespace collapsed."""
    return [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n")) if p.strip()]


def sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE.split(paragraph) if s]


def _join(paras: list[str]) -> str:
    return "\n\n".join(paras) + "\n"


def rewrap(text: str, rng: random.Random) -> str:
    """Hard-wrapped at 60 to 76 columns, as mail clients and text exports do."""
    width = rng.randint(60, 76)
    return _join([textwrap.fill(p, width, break_on_hyphens=False, break_long_words=False) for p in paragraphs(text)])


def crlf(text: str, rng: random.Random) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def typographic_quotes(text: str, rng: random.Random) -> str:
    """Straight quotes curled, double hyphens as dashes (what word processors do)."""
    text = re.sub(r'"(?=\w)', "“", text)
    text = text.replace('"', "”").replace("'", "’").replace(" -- ", " — ")
    return text.replace(" - ", " – ")


def dateline(text: str, rng: random.Random) -> str:
    return rng.choice(_DATELINES) + text


def boilerplate(text: str, rng: random.Random) -> str:
    """A newsletter header and a copyright footer around the article."""
    return _join([rng.choice(_HEADERS), *paragraphs(text), rng.choice(_FOOTERS)])


def truncate_half(text: str, rng: random.Random) -> str:
    """The first half of the article's content, then on to a sentence end (a teaser that kept
    going). Half by content, not by words: a URL is one word but many shingles."""
    pieces = [s for p in paragraphs(text) for s in sentences(p)]
    half = len(_opening(text.split(), 0.5, text))
    kept, count = [], 0
    for piece in pieces:
        kept.append(piece)
        count += len(piece.split())
        if count >= half:
            break
    return " ".join(kept) + "\n"


def typos(text: str, rng: random.Random) -> str:
    """About one word in fifty mistyped: letters swapped, dropped or doubled."""

    def mistype(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) < 4 or rng.random() >= 0.02:
            return word
        k = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(3)
        if kind == 0:
            return word[: k - 1] + word[k] + word[k - 1] + word[k + 1 :]
        return word[:k] + word[k + 1 :] if kind == 1 else word[:k] + word[k] + word[k:]

    return re.sub(r"[A-Za-z]+", mistype, text)


def drop_sentences(text: str, rng: random.Random) -> str:
    """One sentence in ten (at least one) left out of the longest paragraph: an editor's trim.
    Only sentences of at most a twentieth of the article go (in a text without punctuation one
    "sentence" can be most of it); if there is none, the paragraph's last twentieth goes."""
    paras = paragraphs(text)
    longest = max(range(len(paras)), key=lambda k: len(paras[k]))
    pieces = sentences(paras[longest])
    limit = len(text.split()) / 20
    short = [k for k, piece in enumerate(pieces) if len(piece.split()) <= limit]
    if len(pieces) > 1 and short:
        for k in sorted(rng.sample(short, min(len(short), max(1, len(pieces) // 10))), reverse=True):
            del pieces[k]
        paras[longest] = " ".join(pieces)
    else:
        words = paras[longest].split()
        paras[longest] = " ".join(words[: len(words) - min(len(words) // 2, max(1, int(limit)))])
    return _join(paras)


def reword(paragraph: str, rng: random.Random) -> str:
    """A light rewording: one change per 30 words (a synonym, two words swapped, a word dropped)."""
    words = paragraph.split()
    for _ in range(1 + len(words) // 30):
        k = rng.randrange(len(words))
        kind = rng.randrange(3)
        if kind == 0 and words[k].lower() in _SYNONYMS:
            words[k] = _SYNONYMS[words[k].lower()]
        elif kind == 1 and k + 1 < len(words):
            words[k], words[k + 1] = words[k + 1], words[k]
        elif len(words) > 8:
            del words[k]
        else:
            words.insert(k, "also")
    result = " ".join(words)
    return result if result != paragraph else paragraph + " Officials confirmed this."


COPY_EDITS: dict[str, list[Edit]] = {
    "rewrap": [rewrap],
    "crlf": [crlf],
    "quotes+dateline": [typographic_quotes, dateline],
    "boilerplate": [boilerplate],
    "truncated-half": [truncate_half],
    "typos": [typos],
    "dropped-sentences": [drop_sentences],
    "rewrap+crlf+typos": [rewrap, crlf, typos],
    "boilerplate+dropped-sentences": [boilerplate, drop_sentences],
    "truncated-half+rewrap": [truncate_half, rewrap],
}


def apply(recipe: str, text: str, rng: random.Random) -> str:
    for edit in COPY_EDITS[recipe]:
        text = edit(text, rng)
    return text


def _content(text: str) -> int:
    """How much an article holds as the duplicate rule measures it: its distinct word 3-grams,
    normalized and without its repeated paragraphs (licence texts repeat a lot)."""
    return len(shingle_set(ComparisonForm.of("", text, _DEFAULTS).normalized, 3))


def _opening(words: list[str], share: float, whole: str) -> list[str]:
    """The shortest opening of `words` that holds `share` of the content of `whole`."""
    target, low, high = share * _content(whole), 1, len(words)
    while low < high:
        middle = (low + high) // 2
        low, high = (middle + 1, high) if _content(" ".join(words[:middle])) < target else (low, middle)
    return words[:low]


def quote_paragraph(article: str, source: str, rng: random.Random) -> str:
    """`article` with one passage of `source` quoted in it: two sentences, cut to a tenth of
    `source`'s content if longer (an unpunctuated "sentence" can be most of a text)."""
    pieces = [s for p in paragraphs(source) for s in sentences(p)]
    start = rng.randrange(max(1, len(pieces) - 2))
    quoted = " ".join(pieces[start : start + 2]).split()
    quoted = _opening(quoted, 0.1, source) if len(quoted) > 8 else quoted
    own = paragraphs(article)
    own.insert(min(1, len(own)), f"As another report put it: “{' '.join(quoted)}”")
    return _join(own)


def excerpt(source: str, rng: random.Random) -> str:
    """The opening fifth of an article's content, as a teaser: wholly contained, but not a copy."""
    words = source.split()
    return " ".join(_opening(words, 0.2, source)) + " Read the full story on our website.\n"
