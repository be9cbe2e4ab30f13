"""Cross-file detection as the library reports it: every measured pair is kept as evidence."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES, write_tree
from dedupe import Settings, scan

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
