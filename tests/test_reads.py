"""How often a scan opens each file, counted by an audit hook around the real command: once to
analyze it, once more for a file in a duplicate group (its digest check and its loss test), and
a third time only for a file whose text says `dedupe:` (inline suppression reads it again)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from conftest import ARTICLE, COPY, OTHER, write_tree

COUNTER = """
import collections, json, os, sys
root, counts = os.path.realpath(sys.argv[1]), collections.Counter()
cache = ["--cache-dir", sys.argv[3]] if len(sys.argv) > 3 else ["--no-cache"]
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and os.path.realpath(args[0]).startswith(root + os.sep):
        counts[os.path.relpath(os.path.realpath(args[0]), root)] += 1
sys.addaudithook(hook)
sys.argv = ["dedupe", "scan", root, "--jobs", "1", *cache, "-q", "-f", "json", "-o", sys.argv[2]]
from dedupe_cli.entry import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(counts))
"""


def opens(folder: Path, report: Path, *cache: Path) -> dict[str, int]:
    """How often a scan of `folder` opened each file; with a cache folder, a scan using it."""
    command = [sys.executable, "-c", COUNTER, str(folder), str(report), *map(str, cache)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {name: n for name, n in json.loads(done.stdout).items() if name.endswith(".txt")}


def test_a_scan_reads_a_grouped_file_twice_and_a_marked_one_three_times(tmp_path: Path) -> None:
    marked = ARTICLE.replace("\n\n", "\n\n<!-- dedupe: ignore -->\n", 1)
    folder = write_tree(
        tmp_path / "c",
        {"copy.txt": COPY, "original.txt": ARTICLE, "other.txt": OTHER, "marked-copy.txt": marked},
    )
    report = tmp_path / "report.json"
    counts = opens(folder, report)
    [group] = json.loads(report.read_text())["duplicate_groups"]
    assert len(group["members"]) == 3
    assert counts == {"copy.txt": 2, "original.txt": 2, "other.txt": 1, "marked-copy.txt": 3}


def test_a_first_scan_with_the_cache_reads_each_file_as_often_as_one_without(tmp_path: Path) -> None:
    """An empty cache can find no file by its content, so files are not read for their digest
    before being read for their analysis."""
    marked = ARTICLE.replace("\n\n", "\n\n<!-- dedupe: ignore -->\n", 1)
    folder = write_tree(
        tmp_path / "c",
        {"copy.txt": COPY, "original.txt": ARTICLE, "other.txt": OTHER, "marked-copy.txt": marked},
    )
    uncached = opens(folder, tmp_path / "report.json")
    assert opens(folder, tmp_path / "cold.json", tmp_path / "cache") == uncached
    assert (tmp_path / "cold.json").read_text() == (tmp_path / "report.json").read_text()


def test_a_warm_scan_reads_only_what_suppression_reads_again(tmp_path: Path) -> None:
    """Files old enough to be stamped are served from the cache, verified components too: of
    the files, only the one whose text says `dedupe:` is opened again, by the suppression filter."""
    marked = ARTICLE.replace("\n\n", "\n\n<!-- dedupe: ignore -->\n", 1)
    folder = write_tree(
        tmp_path / "c",
        {"copy.txt": COPY, "original.txt": ARTICLE, "other.txt": OTHER, "marked-copy.txt": marked},
    )
    time.sleep(2.1)  # files changed just before they are read get no stamp
    cache = tmp_path / "cache"
    opens(folder, tmp_path / "cold.json", cache)
    assert opens(folder, tmp_path / "warm.json", cache) == {"marked-copy.txt": 1}
    assert (tmp_path / "warm.json").read_text() == (tmp_path / "cold.json").read_text()
