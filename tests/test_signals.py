"""Signals (issue 13): Ctrl-C at any moment exits 130 at once with one line; SIGTERM cleans up
and exits 143; what SIGKILL leaves behind is removed by the next run, and only that."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DEDUPE, REPEATED, ROOT, run, write_tree
from dedupe.sinks.leftovers import STALE_SECONDS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signals") / "corpus"
    generator = [sys.executable, ROOT / "benchmarks" / "gen_corpus.py", folder, "--docs", "3000"]
    subprocess.run(generator, check=True, capture_output=True, timeout=120)
    return folder


def started(*args: str | Path) -> subprocess.Popen[bytes]:
    """dedupe in a process group of its own, as a shell runs a job: a terminal's Ctrl-C goes to
    the whole group, the worker processes included."""
    return subprocess.Popen([*DEDUPE, *map(str, args)], stderr=subprocess.PIPE, start_new_session=True)


def wait_for(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.005)


def handles_sigterm(pid: int) -> bool:
    """Whether the process has installed dedupe's handlers (SIGTERM is caught only by them): before
    that the interpreter itself is still starting, and no program can answer a signal yet."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # gone already
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) & (1 << (signal.SIGTERM - 1)))


def dedupe_entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".dedupe-*"))


# The moments: during the imports, while the workers start, while they analyze, while writing.
@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5, 1.0, 1.6, 2.4])
def test_ctrl_c_at_any_moment_exits_130_at_once_with_one_line(corpus: Path, tmp_path: Path, delay: float) -> None:
    process = started("clean", corpus, "--out", tmp_path / "out", "--jobs", "2", "-q")
    wait_for(lambda: handles_sigterm(process.pid), 10)  # the delay counts from the handlers, not the fork
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    sent = time.monotonic()
    try:
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert time.monotonic() - sent < 5
    if process.returncode == 0:  # finished before the signal came (a fast machine)
        return
    assert (process.returncode, stderr) == (130, b"dedupe: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no output folder, no staging folder


def test_sigterm_removes_temporary_files_and_exits_143(corpus: Path, tmp_path: Path) -> None:
    process = started("clean", corpus, "--out", tmp_path / "out", "--jobs", "1", "-q")
    wait_for(lambda: dedupe_entries(tmp_path), 60)
    assert dedupe_entries(tmp_path), "the staging folder never appeared"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=10)
    assert (process.returncode, stderr) == (143, b"dedupe: terminated\n")
    assert list(tmp_path.iterdir()) == []


def test_what_sigkill_leaves_is_removed_by_the_next_run(corpus: Path, tmp_path: Path) -> None:
    process = started("clean", corpus, "--out", tmp_path / "out", "--jobs", "1", "-q")
    wait_for(lambda: dedupe_entries(tmp_path), 60)
    process.kill()
    process.wait()
    [staging] = [p for p in tmp_path.iterdir() if p.name.startswith(".dedupe-out-")]
    long_ago = time.time() - STALE_SECONDS - 60
    os.utime(staging, (long_ago, long_ago))
    young = tmp_path / ".dedupe-out-abcd1234"  # could be a run going on now
    young.mkdir()
    notes = tmp_path / ".dedupe-notes.tmp"  # not a name dedupe makes
    notes.write_text("mine")
    os.utime(notes, (long_ago, long_ago))
    write_tree(tmp_path / "articles", {"a.txt": REPEATED})
    assert run("clean", tmp_path / "articles", "--out", tmp_path / "out2", "-q").exit_code == 0
    kept = [".dedupe-notes.tmp", ".dedupe-out-abcd1234", "articles", "out2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == kept


def test_a_stale_temporary_file_beside_a_fixed_file_is_removed(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED})
    stale, young = folder / ".dedupe-k1ll3d00.tmp", folder / ".dedupe-runn1ng0.tmp"
    for leftover in (stale, young):
        leftover.write_text("half a file")
    long_ago = time.time() - STALE_SECONDS - 60
    os.utime(stale, (long_ago, long_ago))
    assert run("clean", folder, "--in-place", "-q").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [".dedupe-runn1ng0.tmp", "a.txt"]
