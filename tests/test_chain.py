"""A chain of revisions, each a sliding window of the one before: one connected component as long
as the chain. Clustering must stay linear and never recurse (it crashed at 2,100 files)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.chain import write_chain
from dedupe.stages.clusters import split_around_keepers

DEDUPE = [sys.executable, "-m", "dedupe_cli"]


def test_a_path_of_a_hundred_thousand_nodes_is_split_without_recursion() -> None:
    """Each node a copy of its neighbours only: groups of two, walked from the first node."""
    n = 100_000
    edges = [(i, i + 1) for i in range(n - 1)]
    groups = list(split_around_keepers(list(range(n)), edges, min, lambda kept, part: [kept + 1], lambda i: i))
    assert groups == [(i, [i + 1]) for i in range(0, n, 2)]


def test_the_2100_file_chain_scans_into_groups_of_neighbours(tmp_path: Path) -> None:
    folder = write_chain(tmp_path / "chain", 2100)
    command = [*DEDUPE, "scan", str(folder), "--format", "json", "--quiet", "--keep", "first"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    groups = json.loads(done.stdout)["duplicate_groups"]
    number = lambda path: int(Path(path).stem.removeprefix("rev"))  # noqa: E731
    grouped = [number(m["path"]) for g in groups for m in g["members"]]
    assert len(grouped) == len(set(grouped)) > 2000  # every file in one group at most, nearly all grouped
    for group in groups:  # a keeper with the revisions just after it, none further than 3 steps
        kept = number(group["keep"])
        assert all(0 <= number(m["path"]) - kept <= 3 for m in group["members"])
