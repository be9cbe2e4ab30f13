"""Cross-file detection as the library reports it: every measured pair is kept as evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLES, write_tree
from dedupe import Settings, scan
from dedupe import analyze as analyze_module

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
    calls: list[str] = []
    real = analyze_module.find_repeats

    def counted(path: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(analyze_module, "find_repeats", counted)
    report = scan([str(SAMPLES / "wire")], jobs=1)
    assert report.duplicate_groups  # candidates were verified, so files were re-read
    assert sorted(calls) == sorted(f.path for f in report.files)  # once per file, at analysis
