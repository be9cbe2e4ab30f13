"""Every module imports first, on its own: a cycle between two modules fails only when the one
imported second is imported first (`dedupe.formats.documents` did, and broke a benchmark), and a
benchmark that imports a moved module rots unseen, as no test runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
_SCRIPT_COPY = ROOT / "benchmarks" / "gen_corpus.py"  # the shared corpus generator, copied as it is

# each module imported first in a fresh set of project modules (numpy and the rest stay loaded)
_SCRIPT = """
import importlib, sys
failed = []
for name in sys.stdin.read().split():
    for loaded in [m for m in sys.modules if m.split(".")[0] in ("dedupe", "dedupe_cli", "benchmarks")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        failed.append(f"{name}: {type(error).__name__}: {error}")
print("\\n".join(failed))
"""


def _modules() -> list[str]:
    names = []
    for package, folder in (("dedupe", "dedupe"), ("dedupe_cli", "cli"), ("benchmarks", "benchmarks")):
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__main__" or path == _SCRIPT_COPY:
                continue  # a program, run as one
            names.append(".".join((package, *parts[: -1 if parts[-1] == "__init__" else None])))
    return names


def test_every_module_of_the_library_the_cli_and_the_benchmarks_imports_first() -> None:
    names = _modules()
    assert {"dedupe.sources", "dedupe.formats.documents", "dedupe_cli.app", "benchmarks.shapes"} <= set(names)
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], input=" ".join(names), capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
