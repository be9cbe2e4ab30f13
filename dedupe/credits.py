"""Who a text credits: the names on its copyright, author and contact lines.

Two licence files can share nearly all their words (the same ISC or BSD text) and differ only in
whom they name as holder; two Debian `copyright` files can share their licence texts and differ
in a `Copyright:` or `Author:` field. A reader never drops a holder, so a file that credits a
name the kept file never writes is not a copy of it (`dedupe.differences.file_copy_loss`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from dedupe.wordlists import FUNCTION_WORDS

# A line that credits someone: a copyright notice (`Copyright (C) 2008`, `Copyright: 2021 X`,
# `© 1998`, not "the above copyright notice"), or a field (`Author:`) or phrase (`Written by`)
# naming an author, maintainer or contact at its start.
_CREDIT_LINE = re.compile(
    r"\bcopyright\s*(?:\(c\)|©|:|\d)|(?:\(c\)|©)\s*\d"
    r"|^\s*(?:(?:authors?|maintainers?|upstream-contact|contributors?)\s*:|(?:written|contributed) by\b)",
    re.IGNORECASE | re.MULTILINE,
)
# A notice of neither sign nor year: `Copyright Jason R. Coombs` opening a line.
_BARE_COPYRIGHT = re.compile(r"^\s*(?:Copyright|COPYRIGHT)\s+[^\W\d_a-z]")
# A name: capitalized words in a row (`Gioele Barabucci`, `HEWLETT-PACKARD COMPANY`, `O'Brien`),
# an honorific or an initial with its full stop among them (`Dr. Tobias Quathamer`, `Eric S. Raymond`).
_WORD = (
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Jr|Sr|St)\.|[^\W\d_a-z]\.(?=[ \t]+[^\W\d_a-z])"
    r"|[^\W\d_a-z][^\W\d_]*(?:['’-][^\W\d_]+)*)"
)
_NAME = re.compile(rf"\b{_WORD}(?:[ \t]+{_WORD})*")
# The words of the credit itself, not of whom it credits.
_CREDIT_WORDS = """copyright copyrights author authors maintainer maintainers upstream contact contributor
contributors written contributed by all rights reserved and the of for in inc ltd llc corp co files license
licence portions parts see also other others various holders holder c notice notices act law statement
information policy owner owners protection terms conditions permission"""
_NOT_NAMES = frozenset(_CREDIT_WORDS.split())


def credited(text: str) -> Iterator[str]:
    """The names `text`'s credit lines give, in order, as written (NFKC), without the credit's
    own words (`Copyright`, `All Rights Reserved`); read as far as they are asked for."""
    for line in text.splitlines():
        if _CREDIT_LINE.search(line) or _BARE_COPYRIGHT.match(line):
            for run in _NAME.findall(unicodedata.normalize("NFKC", line)):
                name = " ".join(word for word in run.split() if not _credit_word(word))
                if name:
                    yield name


def _credit_word(word: str) -> bool:
    """Whether a capitalized word is the credit's own (`Copyright`, `Upstream-Contact`, `All`) or
    a function word opening a sentence (`This article may not be reproduced`)."""
    folded = word.casefold().rstrip(".")
    return folded in FUNCTION_WORDS or all(part in _NOT_NAMES for part in re.split(r"['’-]", folded))
