"""Properties of cleaning and scanning, over generated corpora (hypothesis)."""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, run, write_tree
from dedupe import Settings, scan
from dedupe.normalize import normalize
from dedupe.shingles import char_shingle_rows, overlap
from dedupe.text import split_paragraphs

POOL = [
    *(SAMPLES / "wire" / "harbour-bridge.txt").read_text(encoding="utf-8").split("\n\n")[1:],
    *(SAMPLES / "wire" / "city-budget.txt").read_text(encoding="utf-8").split("\n\n")[1:],
    *(SAMPLES / "004_93517e45620c80a7.txt").read_text(encoding="utf-8").splitlines()[:15],
]
SEPARATORS = ["\n\n", "\r\n\r\n", "\n"]

document = st.tuples(
    st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=8),
    st.sampled_from(SEPARATORS),
    st.booleans(),
).map(lambda t: t[1].join(POOL[i].strip() for i in t[0]) + ("\n" if t[2] else ""))
corpus = st.lists(document, min_size=1, max_size=4)
fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_pool_has_no_near_repeats_of_its_own() -> None:
    """The property tests rely on pool paragraphs being distinct for the detector."""
    rows, hashes = char_shingle_rows([normalize(p) for p in POOL], 5)
    sets = [np.unique(hashes[rows == i]) for i in range(len(POOL))]
    scores = [overlap(a, b) / (len(a) + len(b) - overlap(a, b)) for a, b in itertools.combinations(sets, 2)]
    assert max(scores) < Settings().paragraph_similarity


def clean_corpus(texts: list[str], root: Path) -> tuple[Path, Path, dict]:  # type: ignore[type-arg]
    folder = write_tree(root / "in", {f"doc{i}.txt": text for i, text in enumerate(texts)})
    result = run("clean", folder, "--out", root / "out", "--format", "json", "-q", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return folder, root / "out", json.loads(result.stdout)


@fast
@given(corpus)
def test_cleaning_cuts_only_whole_reported_paragraphs(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, out, _ = clean_corpus(texts, Path(tmp))
        report = scan([str(folder)])
        cuts = report.cuts_by_path()
        removed = report.removed_files()
        for scanned in report.files:
            original = Path(scanned.path).read_bytes().decode("utf-8")
            if scanned.path in removed:
                assert not (out / Path(scanned.path).name).exists()
                continue
            expected, position = [], 0
            paragraphs = {p.end: original[p.start : p.end] for p in split_paragraphs(original)}
            for cut in cuts.get(scanned.path, []):
                assert original[cut.start : cut.end].strip()
                assert original[cut.start : cut.end].lstrip() == paragraphs[cut.end]  # one whole paragraph
                expected.append(original[position : cut.start])
                position = cut.end
            expected.append(original[position:])
            assert (out / Path(scanned.path).name).read_bytes() == "".join(expected).encode("utf-8")


@fast
@given(corpus)
def test_cleaning_is_idempotent(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _, out, _ = clean_corpus(texts, Path(tmp))
        again = run("clean", out, "--out", Path(tmp) / "again", "--format", "json", "-q", "--jobs", "1")
        report = json.loads(again.stdout)
        assert (report["duplicate_groups"], report["repeated_paragraphs"]) == ([], [])
        for cleaned in out.iterdir():
            assert (Path(tmp) / "again" / cleaned.name).read_bytes() == cleaned.read_bytes()


@fast
@given(corpus)
def test_no_paragraph_content_is_lost(texts: list[str]) -> None:
    """Every distinct paragraph survives, or the report names the copy kept in its place."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, out, report = clean_corpus(texts, Path(tmp))
        keeper_of = {m["path"]: g["keep"] for g in report["duplicate_groups"] for m in g["members"]}
        survivors: set[str] = set()
        for cleaned in out.iterdir():
            text = cleaned.read_bytes().decode("utf-8")
            survivors |= {normalize(text[p.start : p.end]) for p in split_paragraphs(text)}
        for source in folder.iterdir():
            path = str(source)
            if keeper_of.get(path, path) != path:
                assert Path(keeper_of[path]).name in {p.name for p in out.iterdir()}
                continue
            text = source.read_bytes().decode("utf-8")
            for paragraph in split_paragraphs(text):
                assert normalize(text[paragraph.start : paragraph.end]) in survivors


@settings(max_examples=15, deadline=None)
@given(corpus, st.randoms(use_true_random=False))
def test_report_is_the_same_for_any_argument_order(texts: list[str], rng) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_tree(Path(tmp), {f"doc{i}.txt": text for i, text in enumerate(texts)})
        files = sorted(str(p) for p in folder.iterdir())
        shuffled = list(files)
        rng.shuffle(shuffled)
        one = run("scan", *files, "-f", "json", "-q", "--jobs", "1").stdout
        two = run("scan", *shuffled, "-f", "json", "-q", "--jobs", "1").stdout
        assert one == two


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["\n", "\r\n", "\r", "\n\n", "# ", "- ", "```"]))))
def test_splitter_round_trips_arbitrary_text(pieces: list[str]) -> None:
    """Spans are ordered and disjoint, and only whitespace lies outside them."""
    source = "".join(pieces)
    position = 0
    for paragraph in split_paragraphs(source):
        assert position <= paragraph.start < paragraph.end <= len(source)
        assert not source[position : paragraph.start].strip()
        position = paragraph.end
    assert not source[position:].strip()
