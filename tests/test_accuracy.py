"""Accuracy on a generated corpus with planted duplicates and repeats, through the real CLI."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run
from dedupe.normalize import normalize
from dedupe.text import split_paragraphs


def pairs(groups: list[list[str]]) -> set[tuple[str, ...]]:
    return {tuple(sorted(pair)) for group in groups for pair in itertools.combinations(group, 2)}


def test_generated_corpus_precision_recall_and_repeats(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generator = ROOT / "benchmarks" / "gen_corpus.py"
    command = [sys.executable, generator, corpus, "--docs", "1500", "--seed", "3"]
    subprocess.run(command, check=True, capture_output=True)
    truth = json.loads((tmp_path / "corpus.truth.json").read_text())

    result = run("clean", corpus, "--out", tmp_path / "out", "--format", "json", "-q")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)

    found = pairs([[Path(m["path"]).name for m in g["members"]] for g in report["duplicate_groups"]])
    want = pairs(truth["clusters"])
    precision, recall = len(found & want) / len(found), len(found & want) / len(want)
    assert precision >= 0.99, precision
    assert recall >= 0.97, recall

    removed = {Path(m["path"]).name for g in report["duplicate_groups"] for m in g["members"] if m["path"] != g["keep"]}
    checked = 0
    for name, planted in truth["repeats"].items():
        if name in removed:
            continue
        text = (tmp_path / "out" / name).read_text()
        target = normalize(planted["paragraph"])
        copies = [p for p in split_paragraphs(text) if normalize(text[p.start : p.end]).startswith(target)]
        assert len(copies) == 1, (name, planted)
        checked += 1
    assert checked > 50
