"""Why two files are, or are not, duplicates: the library's own rule applied to one pair, as data.

`explain(a, b, settings)` measures the pair exactly as a scan does (normalized text, word
shingles, `verify.score`, `verify.is_duplicate`, the LSH bands that make a pair a candidate, the
keeper policy) and says which test passed or failed, so nothing here is a second opinion.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np

from dedupe.diff import Row, align
from dedupe.differences import FileText, file_copy_loss
from dedupe.errors import InputError
from dedupe.settings import Settings
from dedupe.shingles import Shingles
from dedupe.signatures import signature
from dedupe.sources import Document, SourceFile, read_document
from dedupe.stages.analyze import ComparisonForm, document_shingles
from dedupe.stages.candidates import candidate_pairs, candidate_probability
from dedupe.stages.clusters import Candidate, keeper_by_policy
from dedupe.stages.verify import PairScore, estimate_floor, is_duplicate, score

Test = Literal["exact", "words", "similarity", "containment", "length_ratio", "candidate", "loss"]


@dataclass(frozen=True)
class Reason:
    """One test of the rule, whether the pair passed it, and a sentence saying so with the figures."""

    test: Test
    passed: bool
    message: str


@dataclass(frozen=True)
class Explanation:
    """The pair's scores, the verdict, the reasons behind it, and the word-level differences.

    `duplicate` is the rule (`verify.is_duplicate`, or an exact copy); `grouped` also needs the
    pair to become a candidate, and the copy to lose nothing when removed in favour of the file
    kept, as in a scan of these two files. `verdict` says why in a few words; `keep` is the file
    the keeper policy keeps (an original first) when they are grouped.
    """

    path_a: str
    path_b: str
    text_a: str
    text_b: str
    score: PairScore
    exact: bool
    duplicate: bool
    grouped: bool
    verdict: str
    keep: str | None
    reasons: tuple[Reason, ...]
    rows: tuple[Row, ...]
    settings: Settings


def explain(path_a: str, path_b: str, settings: Settings | None = None) -> Explanation:
    """Compare two files as a scan would, and say why they would be grouped or not."""
    settings = settings or Settings()
    doc_a, doc_b = _read(path_a, settings), _read(path_b, settings)
    if os.path.samefile(path_a, path_b):  # a scan reads it once: never its own copy
        raise InputError(f"{path_a} and {path_b} are the same file; explain compares two files")
    text_a, text_b = doc_a.decoded.text, doc_b.decoded.text
    normal_a, normal_b = (
        ComparisonForm.of(doc.source.path, doc.decoded.text, settings, doc.decoded.codec).normalized
        for doc in (doc_a, doc_b)
    )
    set_a, set_b = document_shingles(normal_a, settings), document_shingles(normal_b, settings)
    pair = score(set_a, set_b)
    exact = bool(normal_a) and normal_a == normal_b
    reasons = [Reason("exact", exact, "the texts are equal after normalization: an exact copy")] if exact else []
    if not exact:
        reasons += _rule(pair, set_a, set_b, path_a, path_b, settings)
    duplicate = exact or (len(set_a) > 0 and len(set_b) > 0 and is_duplicate(pair, settings))
    grouped = exact or (duplicate and all(r.passed for r in reasons if r.test == "candidate"))
    docs = (doc_a, doc_b)
    texts = tuple(FileText(doc.decoded.text) for doc in docs)
    lost = cache(lambda kept, other: file_copy_loss(texts[other], texts[kept]))  # asked once each way
    kept = _keeper(docs, pair, settings, lost) if grouped else None
    if kept is not None and not exact and lost(kept, 1 - kept) is not None:  # a scan holds the pair for review
        removed = docs[1 - kept].source.path
        reasons.append(Reason("loss", False, f"removing {removed} would lose what it says: {lost(kept, 1 - kept)}"))
        grouped, kept = False, None
    keep = None if kept is None else docs[kept].source.path
    rows = tuple(align(text_a, text_b))
    verdict = _verdict(reasons)
    return Explanation(
        path_a, path_b, text_a, text_b, pair, exact, duplicate, grouped, verdict, keep, tuple(reasons), rows, settings
    )


def _verdict(reasons: list[Reason]) -> str:
    """The reason that decides, in a few words."""
    outcome = {r.test: r.passed for r in reasons}
    if outcome.get("exact"):
        return "an exact copy"
    if "words" in outcome:
        return "a file without words is never compared"
    if outcome.get("loss") is False:
        return "similar, but the copy says something the file kept does not (a scan lists them as similar but kept)"
    if outcome.get("candidate") is False:
        return "the rule holds, but a scan never compares them (no shared LSH band)"
    if outcome["similarity"]:
        return "similar enough"
    if outcome.get("length_ratio"):
        return "one is a truncated or wrapped copy of the other"
    if outcome["containment"]:
        return "only a borrowed passage: the smaller file is too small a part of the larger"
    return "below both the similarity and the containment threshold"


def _rule(
    pair: PairScore, set_a: Shingles, set_b: Shingles, path_a: str, path_b: str, settings: Settings
) -> list[Reason]:
    """The tests of `verify.is_duplicate` in its order, then the LSH banding of a scan."""
    empty = [path for path, shingles in ((path_a, set_a), (path_b, set_b)) if len(shingles) == 0]
    if empty:
        verb = "have" if len(empty) > 1 else "has"
        return [Reason("words", False, f"{' and '.join(empty)} {verb} no words to compare")]
    similar = pair.jaccard >= settings.similarity
    contained = pair.containment >= settings.containment
    long_enough = pair.length_ratio >= settings.min_length_ratio
    reasons = [
        Reason(
            "similarity",
            similar,
            f"similarity {pair.jaccard:.2f} {'≥' if similar else '<'} {settings.similarity:.2f}: "
            f"{pair.shared:,} of {pair.size_a + pair.size_b - pair.shared:,} word "
            f"{settings.shingle_words}-grams are shared",
        ),
        Reason(
            "containment",
            contained,
            f"containment {pair.containment:.2f} {'≥' if contained else '<'} {settings.containment:.2f}: "
            "the share of the smaller file found in the larger",
        ),
    ]
    if contained and not similar:
        reasons.append(
            Reason(
                "length_ratio",
                long_enough,
                f"the smaller file is {pair.length_ratio:.2f} of the larger's size "
                + (
                    f"(≥ {settings.min_length_ratio:.2f}): a truncated or wrapped copy"
                    if long_enough
                    else f"(< {settings.min_length_ratio:.2f}): it borrows a passage, it is not a copy"
                ),
            )
        )
    if is_duplicate(pair, settings):
        reasons.append(_candidate(pair, set_a, set_b, settings))
    return reasons


def _candidate(pair: PairScore, set_a: Shingles, set_b: Shingles, settings: Settings) -> Reason:
    """Only pairs that share an LSH band, with a MinHash estimate above the floor, are ever
    verified by a scan."""
    signatures = np.stack([signature(s, settings.num_perm, settings.seed) for s in (set_a, set_b)])
    floor = estimate_floor(settings)
    if candidate_pairs(signatures, settings.lsh_bands, settings.lsh_rows, floor=floor):
        return Reason("candidate", True, "their MinHash signatures share an LSH band, so a scan compares them")
    if candidate_pairs(signatures, settings.lsh_bands, settings.lsh_rows):
        estimate = float(np.mean(signatures[0] == signatures[1]))
        return Reason(
            "candidate",
            False,
            f"their MinHash signatures estimate a similarity of {estimate:.2f}, below the {floor:.2f} "
            "a scan verifies, so a scan never compares them",
        )
    chance = candidate_probability(pair.jaccard, settings.lsh_bands, settings.lsh_rows)
    return Reason(
        "candidate",
        False,
        f"their MinHash signatures share no LSH band, so a scan never compares them "
        f"(at similarity {pair.jaccard:.2f} that happens to {1 - chance:.1%} of pairs)",
    )


def _keeper(
    docs: tuple[Document, ...], pair: PairScore, settings: Settings, lost: Callable[[int, int], str | None]
) -> int:
    """Which of the two a scan of them would keep: an original before a copy, then by the policy,
    which prefers a file whose copy loses nothing when removed (`lost(kept, other)`)."""
    held = {(0, 1): pair.contained_b, (1, 0): pair.shared / pair.size_a if pair.size_a else 1.0}
    pool = [
        Candidate(i, doc.source.path, doc.source.mtime, size, settings.is_original(doc.source.path))
        for i, (doc, size) in enumerate(zip(docs, (pair.size_a, pair.size_b), strict=True))
    ]
    return keeper_by_policy(
        settings.keep, pool, lambda kept, other: held[(kept, other)], lambda kept, other: lost(kept, other) is None
    ).index


def _read(path: str, settings: Settings) -> Document:
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    if not os.path.isfile(path):
        raise InputError(f"{path} is not a file; explain compares two files")
    document = read_document(SourceFile(path, os.path.basename(path), info.st_size, info.st_mtime), settings)
    if not isinstance(document, Document):
        raise InputError(f"cannot compare {path}: {document.reason}")
    return document
