"""Shared test helpers: real folders in tmp_path and the real CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dedupe_cli.app import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_000 = SAMPLES / "000_aa1d6de8988af644.txt"
SEED_004 = SAMPLES / "004_93517e45620c80a7.txt"
DEDUPE = [sys.executable, "-m", "dedupe_cli"]

ARTICLE = (SAMPLES / "wire" / "harbour-bridge.txt").read_text(encoding="utf-8")
LEDE, SECOND = ARTICLE.split("\n\n")[1:3]
REPEATED = f"{LEDE}\n\n{SECOND}\n\n{LEDE}\n"  # the third paragraph repeats the first
CLEANED = f"{LEDE}\n\n{SECOND}\n"
OTHER = (SAMPLES / "wire" / "city-budget.txt").read_text(encoding="utf-8")
SEED_LINES = (SAMPLES / "004_93517e45620c80a7.txt").read_text(encoding="utf-8").splitlines()[:15]


def distinct_articles(count: int) -> dict[str, str]:
    """`count` files unlike each other, each with a repeated paragraph (count ≤ 7)."""
    return {f"{i}.txt": f"{SEED_LINES[i]}\n\n{SEED_LINES[i + 7]}\n\n{SEED_LINES[i]}\n" for i in range(count)}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` ({relative path: content}) under root; str content is written as UTF-8."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
    return root


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def run_json(*args: str | Path) -> dict:  # type: ignore[type-arg]
    result = run("scan", *args, "--format", "json", "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for seed in (SEED_000, SEED_004):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder
