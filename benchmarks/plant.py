"""Planted truth on real text: copies, hard negatives and repeated paragraphs made from a corpus.

`plant_articles` writes the base articles, edited copies of some (truth: each base with its
copies is one cluster) and hard negatives (pairs that share text or a subject but are not copies).
`plant_paragraphs` writes articles with exact and lightly reworded repeats of their own
paragraphs, and records what a cleaned copy must hold. Everything follows from `seed`.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import edits
from benchmarks.truth import read_text
from dedupe.normalize import normalize

HandWritten = tuple[Path, list[list[str]], list[tuple[str, str]]]
_LAYOUTS = ("blank", "wrapped", "crlf", "lines")
_STARTS_PROSE = re.compile(r"^[\"“'‘(]?[^\W\d_]")


@dataclass
class PlantedArticles:
    folder: Path
    clusters: list[list[str]] = field(default_factory=list)
    negatives: list[tuple[str, str, str]] = field(default_factory=list)  # (a, b, kind)
    recipes: dict[str, str] = field(default_factory=dict)  # copy path -> edit recipe
    originals: list[str] = field(default_factory=list)  # every base written, with copies or not


@dataclass(frozen=True)
class Unit:
    """One paragraph of a planted file: a base paragraph, or an exact or near repeat of one."""

    kind: str  # "base", "exact" or "near"
    base: int
    text: str


@dataclass(frozen=True)
class PlantedFile:
    path: str
    layout: str
    units: tuple[Unit, ...]


def plant_articles(
    bases: list[Path], out: Path, seed: int, hand_written: list[HandWritten], copy_rate: float = 0.4
) -> PlantedArticles:
    """Bases (pairwise not duplicates) with copies and hard negatives under `out`."""
    rng = random.Random(seed)
    planted = PlantedArticles(out)
    out.mkdir(parents=True)
    order = list(bases)
    rng.shuffle(order)
    quoting = len(order) // 20
    for number, (source, article) in enumerate(zip(order[:quoting], order[quoting : 2 * quoting], strict=True)):
        a, b = _write(out / f"quoted-{number:04d}-a.txt", read_text(source)), out / f"quoted-{number:04d}-b.txt"
        _write(b, edits.quote_paragraph(read_text(article), read_text(source), rng))
        planted.negatives.append((a, str(b), "quotes one passage"))
    for number, source in enumerate(order[2 * quoting : 3 * quoting]):
        text = read_text(source)
        a = _write(out / f"excerpt-{number:04d}-a.txt", text)
        planted.negatives.append((a, _write(out / f"excerpt-{number:04d}-b.txt", edits.excerpt(text, rng)), "excerpt"))
    recipes = sorted(edits.COPY_EDITS)
    for number, source in enumerate(order[3 * quoting :]):
        text = read_text(source)
        cluster = [_write(out / f"base-{number:04d}.txt", text)]
        planted.originals.append(cluster[0])
        copies = (1 + (rng.random() < 0.25)) if rng.random() < copy_rate else 0
        for k in range(copies):
            recipe = rng.choice(recipes)
            path = _write(out / f"base-{number:04d}-copy{k}-{recipe}.txt", edits.apply(recipe, text, rng))
            planted.recipes[path] = recipe
            cluster.append(path)
        if len(cluster) > 1:
            planted.clusters.append(cluster)
    for folder, clusters, negatives in hand_written:
        _add_hand_written(planted, folder, clusters, negatives)
    return planted


def _add_hand_written(
    planted: PlantedArticles, folder: Path, clusters: list[list[str]], negatives: list[tuple[str, str]]
) -> None:
    """Hand-written samples named in `clusters` and `negatives`, copied as they are."""
    target = planted.folder / "hand-written" / folder.name
    target.mkdir(parents=True)
    for name in {n for cluster in clusters for n in cluster} | {n for pair in negatives for n in pair}:
        shutil.copyfile(folder / name, target / name)
    planted.clusters.extend([str(target / name) for name in cluster] for cluster in clusters)
    planted.negatives.extend((str(target / a), str(target / b), "same event") for a, b in negatives)


def _write(path: Path, text: str) -> str:
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def plant_paragraphs(bases: list[Path], out: Path, seed: int, similarity: float, min_chars: int) -> list[PlantedFile]:
    """Files with planted exact and near repeats, from bases whose own paragraphs are all distinct."""
    rng = random.Random(seed)
    out.mkdir(parents=True)
    planted = []
    for source in bases:
        paras = _base_paragraphs(read_text(source))
        if len(paras) < 3 or not _all_distinct(paras, similarity):
            continue
        layout = _LAYOUTS[len(planted) % len(_LAYOUTS)]
        if layout == "lines" and not all(p.rstrip("”’\"')").endswith((".", "!", "?")) for p in paras):
            layout = "blank"
        units = _with_repeats(paras, rng, similarity, min_chars)
        path = out / f"{source.stem}-{layout}.txt"
        path.write_bytes(_layout(units, layout, rng).encode("utf-8"))
        planted.append(PlantedFile(str(path), layout, tuple(units)))
    return planted


def _base_paragraphs(text: str) -> list[str]:
    """Prose paragraphs of a text; a one-paragraph article is cut into paragraphs of 2-3 sentences."""
    paras = [p for p in edits.paragraphs(text) if _STARTS_PROSE.match(p)]
    if len(paras) == 1:
        pieces = edits.sentences(paras[0])
        paras = [" ".join(pieces[k : k + 3]) for k in range(0, len(pieces), 3)]
    return paras


def char_grams(paragraph: str, n: int = 5) -> set[str]:
    form = normalize(paragraph)
    return {form[k : k + n] for k in range(max(1, len(form) - n + 1))}


def char_similarity(a: str, b: str) -> float:
    """Character 5-gram Jaccard similarity of two paragraphs (plain sets)."""
    grams_a, grams_b = char_grams(a), char_grams(b)
    return len(grams_a & grams_b) / len(grams_a | grams_b)


def _all_distinct(paras: list[str], similarity: float) -> bool:
    return all(char_similarity(a, b) < similarity for k, a in enumerate(paras) for b in paras[k + 1 :])


def _with_repeats(paras: list[str], rng: random.Random, similarity: float, min_chars: int) -> list[Unit]:
    """The base paragraphs, then one to three repeats (exact or near) each after its original."""
    units = [Unit("base", k, p) for k, p in enumerate(paras)]
    eligible = [k for k, p in enumerate(paras) if len(normalize(p)) >= min_chars]
    for base in rng.sample(eligible, min(len(eligible), rng.randint(1, 3))):
        kind, text = "exact", paras[base]
        if rng.random() < 0.5:
            reworded = edits.reword(paras[base], rng)
            if len(normalize(reworded)) >= min_chars:  # a shorter copy is never compared, by design
                kind, text = "near", reworded
        original = next(k for k, u in enumerate(units) if u.kind == "base" and u.base == base)
        units.insert(rng.randint(original + 1, len(units)), Unit(kind, base, text))
    return units


def _layout(units: list[Unit], layout: str, rng: random.Random) -> str:
    texts = [u.text for u in units]
    if layout == "lines":
        return "\n".join(texts) + "\n"
    text = "\n\n".join(texts) + "\n"
    if layout == "wrapped":
        return edits.rewrap(text, rng)
    return edits.crlf(text, rng) if layout == "crlf" else text


def cleaned_paragraphs(text: str, layout: str) -> list[str]:
    """The paragraphs of a cleaned file, split the way the layout wrote them."""
    text = text.replace("\r\n", "\n")
    chunks = text.splitlines() if layout == "lines" else edits.paragraphs(text)
    return [" ".join(c.split()) for c in chunks if c.strip()]
