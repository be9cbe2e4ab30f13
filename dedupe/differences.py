"""What a removal would lose: the differences between a text and the one kept in its place.

A similarity score cannot tell a reworded lede from a template filled in twice: "signed numbers"
and "unsigned numbers" score as high as "said" and "stated". So a near copy is removed only when
its differences look like rewording and lose nothing:

- every name, number, version, identifier, path or address it holds is in the kept text too,
  compared whole (`0.5.4` is not `0.4.5`; `libxt_TOS.c` is not `libxt_tos.c`);
- it negates nothing the kept text affirms, or the other way round (`not`, `unsigned`/`signed`);
- its edits are mostly the texture of rewording (words moved, function words changed, words
  dropped) rather than slots filled with other content words: each slot (a content word, or a
  name, put in the place of another) must be outweighed two to one by such edits.

The answer is None (nothing lost) or a few words saying what would be lost, for the report.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from functools import cached_property, lru_cache

from dedupe.alignment import matching_blocks, opcodes
from dedupe.credits import credited
from dedupe.layout import is_label
from dedupe.normalize import NO_SPACE, normalize, tokens
from dedupe.text import Paragraph, split_paragraphs
from dedupe.wordlists import BOILERPLATE_CUES, FUNCTION_WORDS, NEGATIONS

# A word, kept whole across the joiners of versions, identifiers, paths and addresses
# (`5.1.0+dfsg-1`, `os.path`, `user@host`, `a/b.c`); each character of a script without spaces.
_JOINED = "{0}+(?:(?:[+~:/@_-]|(?<![a-z])\\.|\\.(?![A-Z]))(?={0}){0}+)*"  # {0}: a word character
_TOKEN = re.compile(f"[{NO_SPACE}]|(?:" + _JOINED.format(f"[^\\W{NO_SPACE}]") + ")")
_ASCII_TOKEN = re.compile(_JOINED.format(r"\w"), re.ASCII)  # `_TOKEN` in ASCII text, at two thirds of its cost
_MARKED = re.compile(r"\d|(?<=.)[._/+~:@](?=.)")  # a digit, or a joiner inside a token
# In ASCII text, what every identifier token holds (a digit, a joiner between two of its characters,
# a capital after the first character), and few words do.
_MAYBE_IDENTIFIER = re.compile(r"\d|\S[._/+~:@]\S|\S[A-Z]")
_OWN_SENTENCE_WORDS = 8
_SHORT_FILE_WORDS = 40  # a file of fewer words is compared as a paragraph is
_TITLE_MAX = 100  # a headline, a dateline: one line, not a sentence
_HEADING_LINES = 3  # a title over its version and date
_GRANT = re.compile(
    r"permission is hereby granted|redistribution and use in source|permission to use, copy, modify"
    r"|licensed under the apache|this (?:program|library) is free software",
    re.IGNORECASE,
)
_DEBIAN_ENTRY = re.compile(r"\s*([a-z0-9][a-z0-9+.-]+) \([^()\s]+\) [^;\n]+; urgency=")
_SENTENCES = re.compile(r"(?<=[.!?。！？])\s*")
_NEW_WORDS = 0.2
_TEXTURE_PER_SLOT = 1  # edits that are rewording needed for each slot filled with other content
_STEM = 5
_SHORT_WORDS = 15
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_FLIP_PREFIXES = ("un", "non", "in", "im", "ir", "il", "dis", "de", "anti", "a", "no", "zero", "multi", "sub", "re")


class Passage:
    """A text's words, parsed once: a paragraph close to many others is compared with each."""

    __slots__ = ("_positions", "counts", "folded", "folded_set", "names", "negations", "protected", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = _words(text)
        self.protected = [w for w in self.words if w.protected]  # the few a kept text must name
        self.folded = [w.folded for w in self.words]
        self.folded_set = set(self.folded)
        self.counts = Counter(self.folded)
        self.names = {w.text for w in self.words} | {w.folded for w in self.words if not w.identifier}
        self.negations = sorted(w for w in self.folded if w in NEGATIONS)
        self._positions: dict[str, list[int]] | None = None

    def edits_from(self, kept: Passage) -> list[tuple[str, int, int, int, int]]:
        """The opcodes turning `kept`'s words into these: difflib's `SequenceMatcher(None, kept,
        these, autojunk=False).get_opcodes()`. These words are indexed once, however many kept
        texts they are compared with."""
        if self._positions is None:
            self._positions = {}
            for j, word in enumerate(self.folded):
                self._positions.setdefault(word, []).append(j)
        blocks = matching_blocks(kept.folded, self._positions, len(self.folded))
        return opcodes(blocks, len(kept.folded), len(self.folded))


def near_copy_loss(copy: str, kept: str) -> str | None:
    """None when removing `copy` in favour of `kept` loses nothing a reader would miss; else what."""
    return passage_loss(Passage(copy), Passage(kept))


def passage_loss(copy: Passage, kept: Passage) -> str | None:
    """`near_copy_loss` of two parsed texts."""
    copy_words, kept_words = copy.words, kept.words
    kept_names = kept.names
    for word in copy.protected:
        if word.text not in kept_names and not (word.name and word.folded in kept_names):
            return f"names {_as_option(copy.text, _whole_name(copy, word, kept) if word.name else word.text)}"
    if copy.negations != kept.negations:
        return "negates differently"
    copy_set, kept_set = copy.folded_set, kept.folded_set
    flip = _flipped(copy_set - kept_set, kept_set - copy_set)
    if flip:
        return flip
    # in a short line every word is what it says; in a long paragraph a name or number dropped
    # (nothing put in its place) is an edit that says less
    short = len(copy_words) < _SHORT_WORDS
    texture = slots = 0
    for position, (tag, i1, i2, j1, j2) in enumerate(copy.edits_from(kept)):
        if tag == "equal" or (tag == "delete" and position == 0):
            continue  # a copy that is a passage of the kept text, without its opening
        dropped = [w for w in kept_words[i1:i2] if w.folded not in copy_set]
        added = [w for w in copy_words[j1:j2] if _added(w, copy, kept)]
        lost_identifier = next((w.text for w in dropped if w.identifier), None)
        if lost_identifier and (short or added):
            return f"lacks {lost_identifier}"
        content_added = [
            w for w in added if w.folded not in FUNCTION_WORDS and not _form_of_any(w.folded, kept_words[i1:i2])
        ]
        names_dropped = [w for w in dropped if (w.protected or "-" in w.text) and (short or added)]
        if content_added or names_dropped:
            slots += 1
        else:
            texture += 1
    if slots and texture < _TEXTURE_PER_SLOT * slots:
        return "differs in what it says, not only in wording"
    return None


def _as_option(text: str, token: str) -> str:
    """A token as the text writes it when that is an option (`-4`, `--Ds`): the tokens of a
    command line lose their dashes, and `names 4` says less than `names -4`."""
    found = re.search(rf"(?:^|(?<=\s))(--?){re.escape(token)}(?![\w-])", text)
    return found.group(1) + token if found else token


def _whole_name(copy: Passage, word: _Word, kept: Passage) -> str:
    """The name `word` is part of: it and the capitalised words next to it (only spaces or a line
    break between) that the kept text lacks too. In capitals every word looks like a name, and a
    reader knows `GNU GENERAL PUBLIC LICENSE`, not `GENERAL`."""
    words, text = copy.words, copy.text
    spans = [match.span() for match in (_ASCII_TOKEN if text.isascii() else _TOKEN).finditer(text)]

    def part(k: int) -> bool:
        other = words[k]
        return other.text[:1].isupper() and other.folded not in kept.names and other.text not in kept.names

    def next_to(k: int) -> bool:  # word k and the word after it
        return text[spans[k][1] : spans[k + 1][0]].isspace()

    first = last = words.index(word)  # its first writing: the word is lacking wherever written
    while first > 0 and next_to(first - 1) and part(first - 1):
        first -= 1
    while last + 1 < len(words) and next_to(last) and part(last + 1):
        last += 1
    return _excerpt(text[spans[first][0] : spans[last][1]])


def _added(word: _Word, copy: Passage, kept: Passage) -> bool:
    """A word the copy writes more often than the kept text: absent from it, or there once where
    the copy says it twice (`for use by a server` put in the place of `for use by a client` of a
    text that names the server elsewhere). Counted, a word the kept text holds elsewhere still
    fills a slot."""
    return copy.counts[word.folded] > kept.counts[word.folded]


def identifiers(text: str) -> tuple[str, ...]:
    """The versions, numbers, identifiers, paths and addresses of a text, as written: two texts
    equal after normalization are one text only if these are equal too (`libxt_TOS.c`)."""
    if text.isascii() and not _MAYBE_IDENTIFIER.search(text):
        return ()  # most paragraphs: not a token to look at
    return tuple(unicodedata.normalize("NFKC", token) for token in _tokens(text) if not _plain_word(token))


def _tokens(text: str) -> list[str]:
    """`_TOKEN`'s tokens of `text`, as written."""
    return (_ASCII_TOKEN if text.isascii() else _TOKEN).findall(text)


def _written(text: str) -> frozenset[str]:
    """The tokens of `text` as written (NFKC)."""
    if text.isascii():
        return frozenset(_tokens(text))
    return frozenset(unicodedata.normalize("NFKC", token) for token in set(_tokens(text)))


def _plain_word(token: str) -> bool:
    """False for a version, number, identifier, path or address: a token with a digit, with one of
    `._/+~:@` inside it, or in mixed case (`libxt_TOS`, `FONTCONFIG_PATH`, `getX`)."""
    if _MARKED.search(token):
        return False
    rest = token[1:]
    return rest == rest.lower() or token == token.upper()  # no capital after the first, or no small letter


class _Word:
    """A token as written and folded, and what kind of token it is."""

    __slots__ = ("folded", "identifier", "name", "protected", "text")

    def __init__(self, text: str, sentence_start: bool) -> None:
        self.text = unicodedata.normalize("NFKC", text)
        self.folded = normalize(self.text)
        self.identifier = not _plain_word(text)  # compared whole and as written
        self.name = not self.identifier and text[:1].isupper() and not sentence_start
        self.protected = self.identifier or self.name


@lru_cache(maxsize=1 << 16)
def _word(text: str, sentence_start: bool) -> _Word:
    """A token's `_Word`, shared: the same few thousand words recur across a file's paragraphs, and
    a word object is never changed once made."""
    return _Word(text, sentence_start)


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    previous_end = 0
    for match in (_ASCII_TOKEN if text.isascii() else _TOKEN).finditer(text):
        gap = text[previous_end : match.start()]
        sentence_start = not words or (gap != " " and (bool(_SENTENCE_END.search(gap)) or "\n\n" in gap))
        words.append(_word(match.group(), sentence_start))
        previous_end = match.end()
    return words


def _form_of_any(word: str, others: list[_Word]) -> bool:
    """Whether `word` is another form of one of `others` (an inflection: `sonuna`, `sonunda`; a
    particle prefixed: `geladen`, `aufgeladen`) rather than another word."""
    for other in others:
        shorter, longer = sorted((word, other.folded), key=len)
        prefixed = longer.endswith(shorter) and longer[: -len(shorter)].isalpha()
        if len(shorter) >= _STEM and (longer.startswith(shorter[:_STEM]) or prefixed):
            return True
    return False


def _flipped(added: set[str], dropped: set[str]) -> str | None:
    """A word of one text that is a word of the other with a negating or opposing prefix."""
    if not added or not dropped:  # most pairs: words only added, or only dropped
        return None
    for a in sorted(added):
        for d in sorted(dropped):
            longer, shorter = (a, d) if len(a) > len(d) else (d, a)
            if len(shorter) >= 3 and longer.endswith(shorter) and longer[: -len(shorter)].strip("-") in _FLIP_PREFIXES:
                return f"says {a} where the kept text says {d}"
    return None


class FileText:
    """What the file-level test reads of a text, worked out once per file however many pairs it
    is in, and only as far as a pair asks: a copy is read paragraph by paragraph, a kept text as a
    whole (its normalized form and words, its identifiers, the identifiers of its titles)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def form(self) -> str:
        return normalize(self.text)

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(tokens(self.form))

    @cached_property
    def chunks(self) -> frozenset[str]:
        """Its runs of non-spaces. A token never holds a space, so a run two texts both hold has
        the same tokens in both: what one text writes and the other does not is in its own runs."""
        return frozenset(self.text.split())

    @cached_property
    def written(self) -> frozenset[str]:
        """Its tokens as written (NFKC)."""
        return _written(self.text)

    @cached_property
    def credits(self) -> bool:
        """Whether it credits anyone (`dedupe.credits`): its first credited name is enough."""
        return next(credited(self.text), None) is not None

    @cached_property
    def grants(self) -> bool:
        """Whether it is a licence (it grants permission in a licence's words): its holder is what
        it is about, never a frame."""
        return _GRANT.search(self.text) is not None

    @cached_property
    def folded(self) -> frozenset[str]:
        """Its tokens as written, case folded: a name is the same name in capitals."""
        return frozenset(w.casefold() for w in self.written)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        return split_paragraphs(self.text)

    @cached_property
    def raw(self) -> list[str]:
        """Its paragraphs' texts, as written."""
        return [self.text[p.start : p.end] for p in self.paragraphs]

    @cached_property
    def is_title(self) -> list[bool]:
        """For each paragraph, whether it is a title: one line, not a sentence (a headline, a
        changelog's release line)."""
        return [is_label(written, _TITLE_MAX) for written in self.raw]

    @cached_property
    def heading(self) -> str:
        """Its opening lines when they are its title: a few lines before the first blank one,
        none a sentence (`GNU GENERAL PUBLIC LICENSE` over `Version 1, February 1989`); else ''."""
        if not self.paragraphs or self.paragraphs[0].kind != "prose":
            return ""
        lines = self.raw[0].strip().splitlines()
        return self.raw[0] if len(lines) <= _HEADING_LINES and all(is_label(line, _TITLE_MAX) for line in lines) else ""

    @cached_property
    def titles(self) -> frozenset[str]:
        return frozenset(
            w for written, title in zip(self.raw, self.is_title, strict=True) if title for w in identifiers(written)
        )

    def holds(self, passage: str) -> bool:
        """Whether `passage` is in this text with a space or an end of the text on either side.
        Then each run of non-spaces of it is one of this text's, so each of its tokens is too, and
        its normal form is in this text's: normalization never reaches across a space."""
        core = passage.strip()
        at = self.text.find(core)
        if at < 0:
            return False
        end = at + len(core)
        return (at == 0 or self.text[at - 1].isspace()) and (end == len(self.text) or self.text[end].isspace())


def file_copy_loss(copy: str | FileText, kept: str | FileText) -> str | None:
    """None when removing the file `copy` in favour of `kept` loses nothing a reader would miss;
    else what it would lose.

    A copy may differ in its headline and other short lines that are not sentences (a dateline,
    a byline), in wording, and in its header block (an e-mail's or a document's metadata: the
    first paragraph when it is fields); but every sentence of its own must be in the kept file
    (whole, or nearly: four fifths of its words), every version, number, identifier, path or address
    it holds too, every name its copyright, author and contact lines credit when the kept file
    credits someone too (`dedupe.credits`; in a header block too), and its titles may not name
    another release. What it names is asked first, paragraph by paragraph: the first paragraph
    naming what the kept text lacks is the answer.
    """
    copy = FileText(copy) if isinstance(copy, str) else copy
    kept = FileText(kept) if isinstance(kept, str) else kept
    if copy.text == kept.text:
        return None
    package = _debian_package(copy.text)
    if package is not None and package != _debian_package(kept.text):
        return f"names {package}"  # the changelog of another package, however alike its entries
    unknown: set[str] | None = None  # worked out for the first paragraph the kept text does not hold
    own: list[tuple[int, str]] = []  # (paragraph, its first sentence of its own)
    for k, (paragraph, written, title) in enumerate(zip(copy.paragraphs, copy.raw, copy.is_title, strict=True)):
        held = kept.holds(written)  # then it names nothing unknown and has no sentence of its own
        holder = None if held or not (kept.credits or copy.grants) else _uncredited(written, kept)
        if holder:
            return f"credits {holder}"
        if k == 0 and paragraph.kind == "fields":
            continue  # a header block: who sent it and when, not what it says
        if held and not title:
            continue
        if unknown is None and not held:
            unknown = _unknown(copy, kept)
        named = identifiers(written) if unknown or title else ()
        missing = next((w for w in named if w in unknown), None) if unknown else None
        if missing:
            return f"names {missing}"
        retitled = next((w for w in named if title and _worth_naming(w) and w not in kept.titles), None)
        if retitled:
            return f"is titled {_excerpt(_title_shown(copy, kept, written))}"
        sentence = None if title or held else _own_sentence(normalize(written), kept)
        if sentence is not None:
            own.append((k, sentence))
    if own and not _frame(own, copy.paragraphs, copy.text):
        return f"has text of its own: {_excerpt(own[0][1])}"
    return _short_file_loss(copy, kept)


def _debian_package(text: str) -> str | None:
    """The package a Debian changelog is of, from its first line (`curl (7.88.1-10) bookworm;
    urgency=medium`); None for any other text. Binary packages of one source ship one changelog
    (the same first line): a copy; one-entry changelogs of two packages are two changelogs."""
    found = _DEBIAN_ENTRY.match(text)
    return found.group(1) if found else None


def _title_shown(copy: FileText, kept: FileText, title: str) -> str:
    """The title to name when a title of the copy names another release: its heading when that
    names other versions or dates than the kept text's (what a reader knows the text by; the
    title that told may be a line split from a paragraph, an address under a copyright line),
    else that title."""
    if copy.heading and identifiers(copy.heading) != identifiers(kept.heading):
        return copy.heading
    return title


def _uncredited(written: str, kept: FileText) -> str | None:
    """The first name a paragraph's credit lines give that the kept text never writes. Asked only
    when the kept text credits someone too: a rights notice or a byline added around an article
    that credits no one is a frame, and the copy goes; two licence texts crediting different
    holders are two texts."""
    for name in credited(written):
        if not kept.folded.issuperset(w.casefold() for w in _written(name)):
            return name
    return None


def _unknown(copy: FileText, kept: FileText) -> set[str]:
    """The copy's identifiers worth naming that the kept text never writes. Such a token is in a
    run of non-spaces the kept text does not hold, so only those runs are tokenized, and the
    kept text only when they hold one."""
    in_own_runs = _written(" ".join(copy.chunks - kept.chunks))
    named_in_own_runs = {w for w in in_own_runs if not _plain_word(w) and _worth_naming(w)}
    return named_in_own_runs - kept.written if named_in_own_runs else set()


def _short_file_loss(copy: FileText, kept: FileText) -> str | None:
    """Two short files (a redirect stub, a one-line note) are read as two paragraphs are, titles
    aside as above: every word counts, and a word put in the place of another is a loss (a
    stub's link to `installation` for one to `getting-started`), though no sentence of it is its
    own."""
    if any(_more_words_than(_SHORT_FILE_WORDS, text.text) for text in (copy, kept)):
        return None
    return near_copy_loss(_untitled(copy), _untitled(kept))


def _untitled(text: FileText) -> str:
    """A file's paragraphs that are not titles (one line, not a sentence: a changelog's release
    line naming its package)."""
    return "\n\n".join(written for written, title in zip(text.raw, text.is_title, strict=True) if not title)


def _more_words_than(count: int, text: str) -> bool:
    """Whether `text` has more than `count` words (each character of a script without spaces is
    one), reading no further than that."""
    return next(itertools.islice(_TOKEN.finditer(text), count, None), None) is not None


def _own_sentence(form: str, kept: FileText) -> str | None:
    """The first sentence of a paragraph that the kept text does not hold: not found whole, and
    with more than a fifth of its words nowhere in the kept text (a typo or a reworded phrase
    changes a word or two; a sentence of its own brings words of its own). Only a sentence long
    enough is searched for: a search is a scan of the whole kept text when it fails."""
    if form in kept.form:  # the paragraph whole: each of its sentences too
        return None
    every_word = tokens(form)  # its sentences' words, all together
    if sum(w not in kept.words for w in every_word) <= _NEW_WORDS * _OWN_SENTENCE_WORDS:
        return None  # fewer words of its own than the shortest sentence of its own brings
    for sentence in _SENTENCES.split(form):
        words = tokens(sentence)
        own = len(words) >= _OWN_SENTENCE_WORDS and sentence not in kept.form
        if own and sum(w not in kept.words for w in words) > _NEW_WORDS * len(words):
            return sentence
    return None


def _frame(own: list[tuple[int, str]], paragraphs: list[Paragraph], copy: str) -> bool:
    """Whether the text of its own is a frame around the copy (a newsletter's sign-up line above,
    a rights notice below): the first or last paragraphs only, two at most, a fifth of the text at
    most, and each worded as boilerplate (`BOILERPLATE_CUES`), not as a sentence of news."""
    ends = {0, 1, len(paragraphs) - 1, len(paragraphs) - 2}
    size = sum(paragraphs[k].end - paragraphs[k].start for k, _ in own)
    if len(own) > 2 or size * 5 > len(copy) or any(k not in ends for k, _ in own):
        return False
    return all(
        any(cue in normalize(copy[paragraphs[k].start : paragraphs[k].end]) for cue in BOILERPLATE_CUES) for k, _ in own
    )


def _worth_naming(identifier: str) -> bool:
    """A version, path, address or code (`2.1`, `a/b.c`, `1-308-650-5905`), or a number of three
    digits or more: a copy may write `20` for `twenty`, add a day to a dateline or fix a typo in
    a word with a digit, but not name another release, price or file."""
    if identifier.isdigit():
        return len(identifier) >= 3
    return any(c in "._/+~:@-" for c in identifier)


def _excerpt(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 60 else line[:59] + "…"
