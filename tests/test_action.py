"""action.yml, run as a GitHub runner would: each step's script in bash, inputs through env."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from test_sarif import valid

from conftest import ARTICLE, COPY, ROOT, git_repo, stage

pytestmark = pytest.mark.slow
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
_INPUT = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")


def run_action(repo: Path, runner_temp: Path, inputs: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The composite steps in order, stopping at the first failure, as the runner does."""
    given = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
    base = {**os.environ, "RUNNER_TEMP": str(runner_temp), "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_ACTIONS": "true"}
    base["GITHUB_OUTPUT"] = str(runner_temp / "output")
    done = subprocess.CompletedProcess[str]([], 0, "", "")
    for step in ACTION["runs"]["steps"]:
        env = base | {k: _INPUT.sub(lambda m: given[m.group(1)], v) for k, v in step.get("env", {}).items()}
        assert step["shell"] == "bash"
        command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
        done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
        if done.returncode:
            break
    return done


def test_the_action_annotates_fails_and_writes_sarif(tmp_path: Path) -> None:
    assert ACTION["runs"]["using"] == "composite"
    repo = git_repo(tmp_path / "repo", {"articles/bridge.txt": ARTICLE})
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    clean = run_action(repo, runner_temp, {"sarif-file": "dedupe.sarif"})
    assert (clean.returncode, clean.stdout) == (0, ""), clean.stderr
    stage(repo, {"articles/copy.txt": COPY})
    found = run_action(repo, runner_temp, {"sarif-file": "dedupe.sarif", "args": "--level error"})
    assert found.returncode == 1
    assert found.stdout == (  # the whole corpus: the problem is at the copy `clean` would remove
        "::error file=articles/bridge.txt,line=1,title=dedupe duplicate-article::"
        "duplicate of articles/copy.txt (similarity 0.97, containment 1.00)\n"
    )
    log = json.loads((repo / "dedupe.sarif").read_text())
    valid(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["duplicate-article"]
    assert (runner_temp / "output").read_text().splitlines()[-2:] == ["problems=1", "sarif-file=dedupe.sarif"]
    listed = run_action(repo, runner_temp, {"args": "--level\nwarning\n--exclude\nnew copies\n"})
    assert listed.returncode == 0 and listed.stdout.startswith("::warning file=articles/")
    assert (runner_temp / "output").read_text().splitlines()[-2:] == ["problems=1", "sarif-file="]
    broken = run_action(repo, runner_temp, {"args": "--similarity 7"})
    assert broken.returncode == 2
    assert "similarity must be a number in (0, 1]" in broken.stderr
