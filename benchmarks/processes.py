"""What the benchmarks share: a generated corpus, and a command timed as a child process."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

_GENERATOR = Path(__file__).parent / "gen_corpus.py"


def generate(folder: Path, docs: int, seed: int | None = None) -> None:
    """benchmarks/gen_corpus.py's corpus of `docs` articles in `folder` (its truth file beside it)."""
    command = [sys.executable, str(_GENERATOR), str(folder), "--docs", str(docs)]
    subprocess.run([*command, *(["--seed", str(seed)] if seed is not None else [])], check=True, capture_output=True)


def children_cpu() -> float:
    """CPU seconds of the finished child processes (and theirs): steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds (its own child processes included) of `command` run in `cwd`, and its result."""
    before, started = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    return time.perf_counter() - started, children_cpu() - before, done
