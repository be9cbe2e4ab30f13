"""An internal error (a bug) exits 3, never 1: a hook or CI job must tell a crash from a finding."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES

# A real stage of the pipeline breaks: resolving a component raises, as a bug would.
BROKEN = """
import sys
import dedupe.stages.duplicates as stage

def broken(part):
    raise ValueError("a bug in the stage")

stage.resolve = broken
from dedupe_cli.app import main
sys.argv = ["dedupe", *sys.argv[1:]]
main()
"""


def _run(folder: Path, *arguments: str, debug: str = "") -> subprocess.CompletedProcess[str]:
    """The command run in `folder`, a project root whose cache is empty: the stage does run (a
    warm cache would have its verified components)."""
    env = {key: value for key, value in os.environ.items() if key != "DEDUPE_DEBUG"}
    if debug:
        env["DEDUPE_DEBUG"] = debug
    command = [sys.executable, "-c", BROKEN, *arguments]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, cwd=folder)


@pytest.mark.parametrize("command", ["scan", "check"])
def test_an_internal_error_exits_3_with_one_line(command: str, tmp_path: Path) -> None:
    done = _run(tmp_path, command, *(["--corpus", str(SAMPLES)] if command == "check" else [str(SAMPLES)]), "--quiet")
    assert done.returncode == 3
    assert done.stderr.splitlines() == [
        "dedupe: internal error: ValueError: a bug in the stage (the traceback: --debug or DEDUPE_DEBUG=1)"
    ]


@pytest.mark.parametrize(("arguments", "debug"), [(["--debug"], ""), ([], "1")])
def test_debug_shows_the_traceback(arguments: list[str], debug: str, tmp_path: Path) -> None:
    done = _run(tmp_path, *arguments, "scan", str(SAMPLES), "--quiet", debug=debug)
    assert done.returncode == 3
    assert "Traceback (most recent call last)" in done.stderr and ", in broken" in done.stderr
    assert done.stderr.splitlines()[-1] == "dedupe: internal error: ValueError: a bug in the stage"
