"""A real Dask cluster over TCP: `dask scheduler` and two `dask worker` processes on 127.0.0.1,
started and stopped by pid; `dedupe scan --scheduler` must give the local report byte for byte."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow
DASK = str(Path(sys.executable).parent / "dask")
DEDUPE = [sys.executable, "-m", "dedupe_cli"]
GENERATOR = ROOT / "benchmarks" / "gen_corpus.py"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
    for process in reversed(processes):
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a scheduler with two single-threaded workers, all started in a folder of
    their own (so relative paths must be resolved as the driver sees them)."""
    from distributed import Client

    elsewhere = tmp_path_factory.mktemp("cluster")
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON__MALLOC_TRIM_THRESHOLD_": "None"}
    started = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            worker = [DASK, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"]
            started.append(
                subprocess.Popen(worker, cwd=elsewhere, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
        deadline = time.monotonic() + 60
        while True:  # the scheduler takes a moment to listen
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        _stop(started)


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
    env = {**os.environ, "DEDUPE_SCHEDULER": f"tcp://127.0.0.1:{_free_port()}"}
    done = subprocess.run([*DEDUPE, "scan", str(ROOT / "samples"), "-q"], capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "cannot reach the Dask scheduler" in done.stderr


def test_an_unreachable_scheduler_is_one_line_exit_2(tmp_path: Path) -> None:
    command = [*DEDUPE, "scan", str(ROOT / "samples"), "--scheduler", f"tcp://127.0.0.1:{_free_port()}", "-q"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "cannot reach the Dask scheduler" in done.stderr
