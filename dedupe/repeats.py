"""Repeated paragraphs inside one file: exact repeats (equal after normalization) and near repeats
(character n-gram Jaccard at or above `paragraph_similarity`). The first occurrence is kept.

Prose, list items and field blocks can repeat exactly; only prose can repeat nearly. List items
and fields differ in a name or a number that matters (`"t"` and `"te"`, two licences of one
template, two links to one site), which no similarity score can tell from a rewording; so do
paragraphs of data (a matrix of `Y`/`n` values).

Every removed paragraph names a kept paragraph that it is itself close to: a paragraph that is
near only to an already removed one stays, so chains never remove distinct content.

A changelog (by its name: `NEWS`, `ChangeLog`, `CHANGES.md`, `changelog.Debian`, `HISTORY.rst`)
is a list of entries, and two entries that read alike are two entries (`dirname` and `basename`
now taking several arguments, a change and its revert, two commits' messages): its near repeats
are held for review, unless written alike but for spacing and a final full stop (a bug listed
twice); `%{http_code}` and `%%{http_code}` are two examples. An exact repeat goes only within one
entry: when a date stands between the two copies, or in them, it is another entry's bullet,
header or diffstat (the same work under two dates, two commits' diffstats).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import xxhash

from dedupe.differences import Passage, identifiers, passage_loss
from dedupe.layout import Layout
from dedupe.model import HeldRepeat, RemovedParagraph, RepeatGroup, RepeatKind, Span
from dedupe.near import close_pairs
from dedupe.settings import Settings
from dedupe.text import Paragraph

_COMPARED_KINDS = ("prose", "list", "fields", "table")
_ALONE_KINDS = ("prose", "list")
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>")  # HTML tags (not <url> or <mail@address>)
_NEAR_KINDS = ("prose",)
_DATA_TOKENS = 8  # fewer tokens are a short line, whose words are few and short anyway
_CANDIDATES = 8  # close earlier paragraphs asked about each paragraph, best first: bounds the work per paragraph
_CLOSE_KEPT = 4 * _CANDIDATES  # close pairs kept per paragraph: some name paragraphs removed already
_EXAMPLE_INDENT = 4  # spaces deeper than the file's prose that make a paragraph an example
_LOG_NAMES = frozenset({"changelog", "changelogs", "changes", "news", "history", "relnotes", "releasenotes"})
_LOG_WORDS = re.compile(r"[a-z0-9]+")
_LOG_HINT = re.compile("|".join(sorted(_LOG_NAMES)))
LOG_ENTRY = "an entry of a changelog"  # why a changelog's near repeat is held
SYMBOLS = "the same words with other symbols"  # `-S 'deb ... main'` and `-S deb ... main`
EXAMPLE = "the end of an example"  # an example's last lines, split from it by a blank line
# a date, as changelogs write an entry's: 2012-05-14, Tue 30 Jun 2009, Fri Mar 16 11:55:47 2012
_DATED = re.compile(
    r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s[^\n]{0,30}?\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Repeats:
    """What one file repeats: the copies cleaning removes, and those it keeps for a reader to review."""

    groups: list[RepeatGroup]
    held: list[HeldRepeat]


def find_repeats(
    path: str, text: str, paragraphs: list[Paragraph], forms: list[str], settings: Settings, codec: str = "utf-8"
) -> Repeats:
    """The repeat groups of one file, ordered by the kept paragraph's line, exact before near, and
    the similar paragraphs held back (`HeldRepeat`) because removing them could lose something.

    `forms` are the paragraphs' normalized texts (`dedupe.normalize.normalize`); `codec` is the
    file's encoding: each removed paragraph records the bytes its cut removes.
    """
    raw = [text[p.start : p.end] for p in paragraphs]
    lengths = [_text_length(form) for form in forms]
    shortest = settings.min_paragraph_chars
    layout = Layout.of(text, paragraphs, raw)
    keys = _exact_keys(paragraphs, forms, raw)
    first_of: dict[tuple[str, ...], int] = {}
    for index, key in enumerate(keys):
        if key is not None:
            first_of.setdefault(key, index)
    original = [first_of[key] if key is not None else index for index, key in enumerate(keys)]
    found: list[tuple[int, RepeatKind, int, float]] = []  # (kept, kind, removed, score)
    held: list[HeldRepeat] = []
    log = is_changelog(path)
    dated = [bool(_DATED.search(written)) for written in raw] if log else []
    example = _examples(paragraphs, raw)
    for block in _copied_blocks(original):
        reason = layout.structure(original[block[0]], block[0])
        if reason is None and log and any(dated[original[block[0]] : block[-1] + 1]):
            reason = LOG_ENTRY  # a date from the first copy to the second: another entry's text
        if reason is None and len(block) == 1 and example[block[0]] and example[block[0] - 1]:
            reason = EXAMPLE  # two examples' outputs can end alike, each whole
        if reason is not None:  # shown, not cut; a heading or header line repeats by design
            held.extend(
                HeldRepeat(path, paragraphs[i].line, paragraphs[original[i]].line, "exact", 1.0, reason)
                for i in block
                if lengths[i] >= shortest and not layout.header_line(i)
            )
        elif sum(lengths[i] for i in block) >= shortest and (len(block) > 1 or _alone_kind(paragraphs[block[0]])):
            found.extend((original[i], "exact", i, 1.0) for i in block)
    near = sorted(
        i
        for i in set(original)
        if paragraphs[i].kind in _NEAR_KINDS and keys[i] is not None and lengths[i] >= shortest and not example[i]
    )
    near_of, near_held = _near_targets(near, forms, raw, layout, settings, log)
    exact_copies = {index for kept, _, index, _ in found if kept in near_of}
    found = [f for f in found if f[0] not in near_of]  # copies of a near repeat go as near copies
    for later, (target, score) in near_of.items():
        copies = [later, *sorted(i for i in exact_copies if original[i] == later)]
        found.extend((target, "near", index, score) for index in copies)
    held.extend(
        HeldRepeat(path, paragraphs[later].line, paragraphs[target].line, "near", score, reason)
        for later, (target, score, reason) in near_held.items()
    )
    gone = {index for _, _, index, _ in found}
    removed: dict[tuple[int, RepeatKind], list[RemovedParagraph]] = defaultdict(list)
    for target, kind, index, score in sorted(found, key=lambda f: f[2]):
        removed[(target, kind)].append(_removed(text, codec, paragraphs, index, score, gone))
    groups = [
        RepeatGroup(
            path, kind, paragraphs[target].line, tuple(copies), _span(paragraphs[target]), paragraph_key(forms[target])
        )
        for (target, kind), copies in sorted(removed.items(), key=lambda kv: (kv[0][0], kv[0][1] != "exact"))
    ]
    return Repeats(groups, sorted(held, key=lambda h: (h.line, h.kept_line)))


def _exact_keys(paragraphs: list[Paragraph], forms: list[str], raw: list[str]) -> list[tuple[str, ...] | None]:
    """Equal for paragraphs that are one text: equal after normalization, with the same
    versions, numbers and identifiers as written (case tells `libxt_TOS.c` from `libxt_tos.c`);
    those are looked up only for a form written in more than one way (a paste is written alike).
    None for what is never compared: a line of punctuation is layout (a box's border)."""
    compared = [
        p.kind in _COMPARED_KINDS and any(c.isalnum() for c in form) for p, form in zip(paragraphs, forms, strict=True)
    ]
    written_as: dict[str, set[str]] = defaultdict(set)
    for form, written, yes in zip(forms, raw, compared, strict=True):
        if yes:
            written_as[form].add(written)
    named: dict[str, tuple[str, ...]] = {}
    for form, ways in written_as.items():
        if len(ways) > 1:
            named.update((written, (form, *identifiers(written))) for written in ways)
    return [
        None if not yes else named.get(written, (form,))
        for form, written, yes in zip(forms, raw, compared, strict=True)
    ]


def _alone_kind(paragraph: Paragraph) -> bool:
    """A paragraph repeated on its own (not in a pasted block) goes if it is prose or a list
    item; a field repeated alone is what each record carries."""
    return paragraph.kind in _ALONE_KINDS


def _copied_blocks(original: list[int]) -> list[list[int]]:
    """Runs of consecutive copies that repeat consecutive paragraphs in the same order: a block
    pasted again is one unit, however short its lines are one by one."""
    blocks: list[list[int]] = []
    for index, first in enumerate(original):
        if first == index:
            continue
        if blocks and blocks[-1][-1] == index - 1 and original[index - 1] + 1 == first and first < blocks[-1][0]:
            blocks[-1].append(index)
        else:
            blocks.append([index])
    return blocks


def _is_data(written: str) -> bool:
    """A paragraph whose tokens are mostly one or two characters long (`I | Y Y n Y`, a matrix,
    a table of flags) is data: two such paragraphs score as near repeats whatever their values
    are, so only an exact repeat of one goes."""
    tokens = written.split()
    return len(tokens) >= _DATA_TOKENS and sum(len(t) <= 2 for t in tokens) * 2 >= len(tokens)


def _text_length(form: str) -> int:
    """Characters of a paragraph outside HTML tags: a paragraph of tags alone is layout."""
    return len(_MARKUP.sub("", form)) if "<" in form else len(form)


def is_changelog(path: str) -> bool:
    """Whether a file's name says it is a changelog: its first or last word (of letters and digits)
    is one of `_LOG_NAMES` (`NEWS.Debian`, `coreutils-NEWS.txt`, `CHANGELOG.md`), or the word
    `changelog` is anywhere in it (`debian-changelog-2024.txt`)."""
    stem = os.path.basename(path).lower()
    if not _LOG_HINT.search(stem):  # most files: one search
        return False
    for extension in (".gz", ".txt", ".md", ".markdown", ".rst", ".text"):
        stem = stem.removesuffix(extension)
    words = _LOG_WORDS.findall(stem)
    return bool(words) and (words[0] in _LOG_NAMES or words[-1] in _LOG_NAMES or "changelog" in words)


def _near_targets(
    uniques: list[int], forms: list[str], raw: list[str], layout: Layout, settings: Settings, log: bool = False
) -> tuple[dict[int, tuple[int, float]], dict[int, tuple[int, float, str]]]:
    """For each distinct paragraph that nearly repeats an earlier kept one and loses nothing when
    removed: (that one, score); for the others close to an earlier one: (it, score, why kept).
    In a changelog (`log`) a close paragraph is held as another entry unless written alike."""
    if len(uniques) < 2:
        return {}, {}
    forms_compared = [forms[i] for i in uniques]
    n, threshold = settings.paragraph_shingle_chars, settings.paragraph_similarity
    close = close_pairs(forms_compared, n, threshold, _CLOSE_KEPT)
    # each parsed and looked at once, however many pairs a paragraph is in
    passage = cache(lambda index: Passage(raw[index]))
    is_data = cache(lambda index: _is_data(raw[index]))

    def loss(copy: int, kept: int) -> str | None:
        return passage_loss(passage(copy), passage(kept))

    def another_entry(copy: int, kept: int) -> str | None:  # in a changelog: unless written alike
        return LOG_ENTRY if log and _as_written(raw[copy]) != _as_written(raw[kept]) else None

    def other_symbols(copy: int, kept: int) -> str | None:
        """Two indented lines (a man page's examples) of the same words with other symbols (quoted
        or not) are two commands: only the spacing and a final full stop may differ."""
        if not (_indented_line(raw[copy]) and _indented_line(raw[kept])):
            return None
        if passage(copy).folded != passage(kept).folded:
            return None
        return SYMBOLS if _as_written(raw[copy]) != _as_written(raw[kept]) else None

    targets: dict[int, tuple[int, float]] = {}
    held: dict[int, tuple[int, float, str]] = {}
    for later, candidates in sorted(close.items()):
        if layout.header_line(uniques[later]) or is_data(uniques[later]):
            continue  # a heading or header line is never removed, nor worth a review; data is never near
        # best score first, then the earliest: the first that loses nothing is the target; when
        # none does (of the first few asked), the best one is why the paragraph is held
        first_unsafe: tuple[int, float, str] | None = None
        asked = 0
        for earlier, score in sorted(candidates, key=lambda pair: (-pair[1], pair[0])):
            if uniques[earlier] in targets or is_data(uniques[earlier]):
                continue
            why = (
                layout.structure(uniques[earlier], uniques[later])
                or another_entry(uniques[later], uniques[earlier])
                or other_symbols(uniques[later], uniques[earlier])
                or loss(uniques[later], uniques[earlier])
            )
            if why is None:
                targets[uniques[later]] = (uniques[earlier], score)
                break
            first_unsafe = first_unsafe or (earlier, score, why)
            asked += 1
            if asked == _CANDIDATES:
                break
        if uniques[later] not in targets and first_unsafe is not None:
            earlier, score, why = first_unsafe
            held[uniques[later]] = (uniques[earlier], score, why)
    return targets, held


def _examples(paragraphs: list[Paragraph], raw: list[str]) -> list[bool]:
    """Per paragraph, whether it is indented deeper than the file's prose (by `_EXAMPLE_INDENT`
    or more): an example (a manual's code, a program's output), repeated only exactly. Two
    examples that differ a little differ in what they show: one `printf` for two."""
    indents = [_indent(written) if written[:1].isspace() else 0 for written in raw]
    prose = sorted(indent for indent, p in zip(indents, paragraphs, strict=True) if p.kind == "prose")
    usual = prose[len(prose) // 2] if prose else 0
    return [indent >= usual + _EXAMPLE_INDENT for indent in indents]


def _indent(written: str) -> int:
    """The least indentation of a paragraph's lines."""
    return min(len(line) - len(line.lstrip()) for line in written.splitlines() if line.strip())


def _indented_line(paragraph: str) -> bool:
    """A single indented line: an example command, a signature, a value shown on its own (a man
    page indents its prose as deep, so `_examples` cannot tell these)."""
    return paragraph[:1].isspace() and "\n" not in paragraph.strip()


def _as_written(paragraph: str) -> str:
    """A paragraph as written, but for its spacing and a full stop or comma at its end."""
    return " ".join(paragraph.split()).rstrip(".,;:")


def _span(paragraph: Paragraph) -> Span:
    return Span(paragraph.start, paragraph.end, paragraph.line)


def paragraph_key(normalized: str) -> str:
    """The name of a paragraph's content: equal for paragraphs equal after normalization."""
    return xxhash.xxh3_128_hexdigest(normalized.encode())


def _removed(
    text: str, codec: str, paragraphs: list[Paragraph], index: int, score: float, gone: set[int]
) -> RemovedParagraph:
    """The cut takes the separator before the paragraph, so the file's ending is kept as it was;
    but a paragraph that starts a block (blank line before, line break after, as a list
    running on under a line of prose) takes the line break after it, and the blank line stays
    between the blocks. Never when the next paragraph goes too: the two cuts would overlap.

    A removed paragraph always follows the one it repeats, so there is a paragraph before it.
    """
    paragraph = paragraphs[index]
    cut = Span(paragraphs[index - 1].end, paragraph.end, paragraph.line)
    if index + 1 < len(paragraphs) and index + 1 not in gone:
        following = paragraphs[index + 1]
        if following.start - paragraph.end < paragraph.start - paragraphs[index - 1].end:
            cut = Span(paragraph.start, following.start, paragraph.line)
    return RemovedParagraph(paragraph.line, score, cut, len(text[cut.start : cut.end].encode(codec)))
