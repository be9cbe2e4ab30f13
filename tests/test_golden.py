"""Golden reports: the JSON report of `samples/` and of a generated corpus, byte for byte.

A change that is not meant to change detection (a refactor, a speed-up) must leave them as they
are. A change that is meant to, rewrites them on purpose and says why in its commit:

    python tests/test_golden.py        # rewrite tests/golden/*.json from the current code
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
GENERATOR = ROOT / "benchmarks" / "gen_corpus.py"
DEDUPE = [sys.executable, "-m", "dedupe_cli"]


def _report(folder: Path, argument: str, jobs: str = "2") -> bytes:
    """The JSON report of `argument` scanned from `folder` (so its paths are relative)."""
    command = [*DEDUPE, "scan", argument, "--format", "json", "--quiet", "--jobs", jobs]
    return subprocess.run(command, cwd=folder, check=True, capture_output=True).stdout


def _generated(parent: Path) -> Path:
    command = [sys.executable, str(GENERATOR), str(parent / "corpus"), "--docs", "400", "--seed", "11"]
    subprocess.run(command, check=True, capture_output=True)
    return parent


NAMES = ("samples.json", "generated.json")


def _scanned(name: str, work: Path) -> tuple[Path, str]:
    """Where a golden report is scanned from, and the argument it names."""
    return (ROOT, "samples") if name == "samples.json" else (_generated(work), "corpus")


def reports(work: Path) -> dict[str, bytes]:
    return {name: _report(*_scanned(name, work)) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_reports_match_the_golden_files(name: str, tmp_path: Path) -> None:
    assert _report(*_scanned(name, tmp_path)).decode() == (GOLDEN / name).read_text(encoding="utf-8")


def test_the_report_does_not_depend_on_the_worker_count(tmp_path: Path) -> None:
    folder = _generated(tmp_path)
    assert _report(folder, "corpus", jobs="1") == _report(folder, "corpus", jobs="2")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        for name, data in reports(Path(work)).items():
            (GOLDEN / name).write_bytes(data)
            print(f"wrote {GOLDEN / name} ({len(data)} bytes)", file=sys.stderr)
    os._exit(0)
