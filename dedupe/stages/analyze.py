"""Per-file work, run in worker processes: read, split, find repeats, shingle, sign.

What comes back is a signature, a few keys, the repeat groups and the shingle set, never the
text. The shingle set (8 bytes a word, about the size of the text) spares verification reading
and analyzing candidate files again, which cost as much as the rest of verification; the caller
drops it beyond a memory budget, and verification then re-reads those files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import xxhash

from dedupe.model import HeldRepeat, RepeatGroup, Skipped
from dedupe.normalize import encoded_tokens, normalize
from dedupe.repeats import find_repeats
from dedupe.settings import Settings
from dedupe.shingles import Shingles, word_shingles
from dedupe.signatures import Signature, signature
from dedupe.sources import Document, SourceFile, read_document
from dedupe.suppress import MARK
from dedupe.text import split_paragraphs

# The settings an analysis depends on (and so the cache key); the others act after analysis.
ANALYSIS_SETTINGS = (
    "shingle_words",
    "num_perm",
    "seed",
    "paragraph_shingle_chars",
    "paragraph_similarity",
    "min_paragraph_chars",
)


@dataclass(frozen=True)
class Analysis:
    source: SourceFile
    digest: str
    exact_key: str
    shingle_count: int
    signature: Signature | None
    repeats: tuple[RepeatGroup, ...]
    shingles: Shingles | None = field(default=None, compare=False, repr=False)  # None: dropped, or cached
    held: tuple[HeldRepeat, ...] = ()
    encoding: str = "utf-8"
    marked: bool = False  # the text says `dedupe:`, so the suppression filter must read it again


@dataclass(frozen=True)
class ComparisonForm:
    """A text as it is compared: its repeated paragraphs, and the article they leave.

    Articles are compared as they will be after cleaning: the normalized forms of the paragraphs
    that are not repeats, joined by spaces (equal to normalizing that text, as separators are
    whitespace). So a copy with pasted repeats matches its original, and cleaning never moves a
    pair of files across the duplicate threshold.
    """

    repeats: list[RepeatGroup]
    normalized: str
    held: list[HeldRepeat]

    @classmethod
    def of(
        cls,
        path: str,
        text: str,
        settings: Settings,
        codec: str = "utf-8",
        known: Sequence[RepeatGroup] | None = None,
    ) -> ComparisonForm:
        """`known`: the repeats an analysis of these very bytes found, so they are not searched again."""
        paragraphs = split_paragraphs(text)
        forms = [normalize(text[p.start : p.end]) for p in paragraphs]
        if known is not None:
            repeats, held = list(known), []
        else:
            found = find_repeats(path, text, paragraphs, forms, settings, codec)
            repeats, held = found.groups, found.held
        removed = {r.cut.end for group in repeats for r in group.removed}
        kept = (
            form for paragraph, form in zip(paragraphs, forms, strict=True) if form and paragraph.end not in removed
        )
        return cls(repeats, " ".join(kept), held)


def document_shingles(normalized: str, settings: Settings) -> Shingles:
    """The article-level shingle set: word n-grams of the normalized text."""
    return word_shingles(encoded_tokens(normalized), settings.shingle_words)


def analyze(source: SourceFile, settings: Settings) -> Analysis | Skipped:
    document = read_document(source, settings)
    if isinstance(document, Skipped):
        return document
    return _analyze_document(document, settings)


def analyze_batch(batch: list[SourceFile], settings: Settings) -> list[Analysis | Skipped]:
    return [analyze(source, settings) for source in batch]


def _analyze_document(document: Document, settings: Settings) -> Analysis:
    form = ComparisonForm.of(document.source.path, document.decoded.text, settings, document.decoded.codec)
    normalized, repeats = form.normalized, form.repeats
    shingles = document_shingles(normalized, settings)
    return Analysis(
        source=document.source,
        digest=document.digest,
        exact_key=xxhash.xxh3_128_hexdigest(normalized.encode()) if normalized else "",
        shingle_count=len(shingles),
        signature=signature(shingles, settings.num_perm, settings.seed) if len(shingles) else None,
        repeats=tuple(repeats),
        shingles=shingles,
        held=tuple(form.held),
        encoding=document.decoded.codec + ("+bom" if document.decoded.bom else ""),
        marked=MARK in document.decoded.text,
    )
