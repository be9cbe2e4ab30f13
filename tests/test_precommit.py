"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit framework on staged files.

pre-commit installs this checkout's committed HEAD into an environment of its own (under a
PRE_COMMIT_HOME in tmp_path), as it would for a user whose config points at this repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLE, COPY, FRESH, PARAPHRASE, RETOLD, ROOT, git, git_repo, stage

pytestmark = pytest.mark.slow


def head() -> str:
    try:
        return git(ROOT, "rev-parse", "HEAD").strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        pytest.skip("the hooks are installed from a git checkout of dedupe; this is not one")


def hook_env(home: Path) -> dict[str, str]:
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pre_commit", *args]
    return subprocess.run(command, cwd=repo, env=hook_env(home), capture_output=True, text=True)


def test_the_hooks_in_a_real_pre_commit_run(tmp_path: Path) -> None:
    config = f"repos:\n- repo: {ROOT}\n  rev: {head()}\n  hooks:\n  - id: dedupe\n  - id: dedupe-fix\n"
    repo = git_repo(tmp_path / "repo", {"articles/bridge.txt": ARTICLE, ".pre-commit-config.yaml": config})
    home = tmp_path / "pre-commit-home"

    stage(repo, {"articles/library.md": FRESH})
    clean = pre_commit(repo, home, "run", "dedupe")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
    git(repo, "commit", "-q", "-m", "a new article")

    stage(repo, {"new/copy.txt": COPY})
    copied = pre_commit(repo, home, "run", "dedupe")
    assert copied.returncode == 1
    assert "Failed" in copied.stdout
    assert "new/copy.txt:1: duplicate-article duplicate of articles/bridge.txt" in copied.stdout
    assert "dedupe: 1 problem: 1 duplicate article, 0 repeated paragraphs" in copied.stdout
    git(repo, "rm", "-q", "--cached", "new/copy.txt")

    stage(repo, {"new/drivers.txt": RETOLD})
    repeated = pre_commit(repo, home, "run", "dedupe")
    assert repeated.returncode == 1
    assert "new/drivers.txt:13: repeated-paragraph exact repeat of the paragraph at line 5" in repeated.stdout

    fixed = pre_commit(repo, home, "run", "dedupe-fix")
    assert fixed.returncode == 1
    assert "files were modified by this hook" in fixed.stdout
    assert "Fixing new/drivers.txt: removed 1 repeated paragraph" in fixed.stdout
    assert (repo / "new" / "drivers.txt").read_text() == PARAPHRASE.rstrip("\n")
    git(repo, "add", "new/drivers.txt")
    assert pre_commit(repo, home, "run", "dedupe").returncode == 0

    # and as the git hook it is meant to be: the commit of a copy is refused
    assert pre_commit(repo, home, "install").returncode == 0
    stage(repo, {"new/copy.txt": COPY})
    before = git(repo, "rev-parse", "HEAD")
    commit = subprocess.run(
        ["git", "commit", "-m", "copy"], cwd=repo, env=hook_env(home), capture_output=True, text=True
    )
    assert commit.returncode != 0
    assert git(repo, "rev-parse", "HEAD") == before
