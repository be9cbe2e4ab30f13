"""A real Dask cluster over TCP: `dask scheduler` and two `dask worker` processes on 127.0.0.1,
started and stopped by pid; `dedupe scan --scheduler` must give the local report byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, dask_cluster, free_port

pytestmark = pytest.mark.slow
DEDUPE = [sys.executable, "-m", "dedupe_cli"]
GENERATOR = ROOT / "benchmarks" / "gen_corpus.py"


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler with two single-threaded workers, started in a folder of their own (so
    relative paths must be resolved as the driver sees them)."""
    with dask_cluster(tmp_path_factory.mktemp("cluster")) as address:
        yield address


def _report(folder: Path, argument: str, *options: str) -> bytes:
    command = [*DEDUPE, "scan", argument, "--format", "json", "--quiet", *options]
    done = subprocess.run(command, cwd=folder, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_samples_on_the_cluster_give_the_golden_report(scheduler: str) -> None:
    expected = (ROOT / "tests" / "golden" / "samples.json").read_bytes()
    assert _report(ROOT, "samples", "--scheduler", scheduler) == expected


def test_a_generated_corpus_gives_the_local_report(scheduler: str, tmp_path: Path) -> None:
    generator = [sys.executable, str(GENERATOR), str(tmp_path / "corpus"), "--docs", "400", "--seed", "11"]
    subprocess.run(generator, check=True, capture_output=True, timeout=120)
    local = _report(tmp_path, "corpus", "--jobs", "2")
    assert local == (ROOT / "tests" / "golden" / "generated.json").read_bytes()
    assert _report(tmp_path, "corpus", "--scheduler", scheduler) == local


def test_the_scheduler_can_come_from_the_environment(scheduler: str, tmp_path: Path) -> None:
    folder = tmp_path / "chain"
    from benchmarks.chain import write_chain

    write_chain(folder, 300)
    local = _report(tmp_path, "chain")
    env = {**os.environ, "DEDUPE_SCHEDULER": scheduler}
    command = [*DEDUPE, "scan", "chain", "--format", "json", "--quiet"]
    remote = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=300, env=env)
    assert (remote.returncode, remote.stdout) == (0, local)


def test_the_environments_scheduler_is_the_one_asked(tmp_path: Path) -> None:
    """DEDUPE_SCHEDULER is used, not ignored: pointed at nothing, the scan cannot run locally."""
    env = {**os.environ, "DEDUPE_SCHEDULER": f"tcp://127.0.0.1:{free_port()}"}
    done = subprocess.run([*DEDUPE, "scan", str(ROOT / "samples"), "-q"], capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "cannot reach the Dask scheduler" in done.stderr


def test_an_unreachable_scheduler_is_one_line_exit_2(tmp_path: Path) -> None:
    command = [*DEDUPE, "scan", str(ROOT / "samples"), "--scheduler", f"tcp://127.0.0.1:{free_port()}", "-q"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "cannot reach the Dask scheduler" in done.stderr
