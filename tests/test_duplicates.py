"""Cross-file detection as the library reports it: every measured pair is kept as evidence."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from conftest import SAMPLES, write_tree
from dedupe import Settings, scan
from dedupe.sources import discover
from dedupe.stages import analyze as analyze_module
from dedupe.stages.analyze import Analysis, analyze_batch
from dedupe.stages.duplicates import duplicate_groups

scan_module = importlib.import_module("dedupe.pipeline")

ARTICLE = (SAMPLES / "wire" / "harbour-bridge.txt").read_text(encoding="utf-8")
REPUBLISHED = (SAMPLES / "wire" / "harbour-bridge-republished.txt").read_text(encoding="utf-8")


def test_scored_pairs_hold_pairs_below_the_threshold_and_exact_copies(tmp_path: Path) -> None:
    folder = write_tree(tmp_path, {"a.txt": ARTICLE, "b.txt": REPUBLISHED, "c.txt": ARTICLE.upper()})
    report = scan([str(folder)], Settings(similarity=0.95, containment=0.99))
    by_pair = {(Path(p.a).name, Path(p.b).name): p for p in report.scored_pairs}
    assert by_pair[("a.txt", "c.txt")].similarity == 1.0 and by_pair[("a.txt", "c.txt")].duplicate
    rejected = by_pair[("a.txt", "b.txt")]
    assert 0.5 < rejected.similarity < 0.95 and not rejected.duplicate
    assert [p.a for p in report.scored_pairs] == sorted(p.a for p in report.scored_pairs)
    assert [[Path(m.path).name for m in g.members] for g in report.duplicate_groups] == [["a.txt", "c.txt"]]


def test_verification_does_not_search_repeats_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-read files reuse the repeats their analysis found (the digest proves the bytes equal)."""
    monkeypatch.setattr(scan_module, "_KEPT_SHINGLE_BYTES", 0)  # every shingle set is re-read
    calls: list[str] = []
    real = analyze_module.find_repeats

    def counted(path: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(analyze_module, "find_repeats", counted)
    report = scan([str(SAMPLES / "wire")], jobs=1)
    assert report.duplicate_groups  # candidates were verified, so files were re-read
    assert sorted(calls) == sorted(f.path for f in report.files)  # once per file, at analysis


@pytest.mark.parametrize("budget", [0, 20_000])
def test_the_report_does_not_depend_on_which_shingle_sets_were_kept(
    budget: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sets dropped beyond the memory budget are re-read: none kept, some kept, all kept agree."""
    everything = scan([str(SAMPLES)], jobs=1)
    monkeypatch.setattr(scan_module, "_KEPT_SHINGLE_BYTES", budget)
    assert scan([str(SAMPLES)], jobs=1) == everything


def test_a_file_changed_after_analysis_is_lost_though_its_shingles_were_kept(tmp_path: Path) -> None:
    folder = write_tree(tmp_path, {"a.txt": ARTICLE, "b.txt": REPUBLISHED})
    settings = Settings()
    analyses = [a for a in analyze_batch(discover([str(folder)], settings)[0], settings) if isinstance(a, Analysis)]
    assert all(a.shingles is not None for a in analyses)
    (folder / "b.txt").write_text(REPUBLISHED + "\nA late correction.\n", encoding="utf-8")
    found = duplicate_groups(analyses, settings, None)
    assert found.lost == {1} and not found.groups
