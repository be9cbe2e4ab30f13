"""The summary, CSV and shell-script outputs, size limits, and explain's exit code, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from conftest import ARTICLE, OTHER, RETOLD, ROOT, run, write_tree
from dedupe_cli.render.terminal import size


def corpus(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "c",
        {"a.txt": ARTICLE, "=cmd|' /C calc'!A0.txt": ARTICLE, "b.txt": OTHER, "drivers.txt": RETOLD},
    )


def test_summary_counts_each_rule(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    result = run("scan", folder, "--format", "summary", "--quiet", "--jobs", "1")
    report = json.loads(run("scan", folder, "--format", "json", "--quiet", "--jobs", "1").stdout)
    text = run("scan", folder, "--quiet", "--jobs", "1").stdout
    cut = report["bytes_saved"] - len(ARTICLE)  # what the one repeated paragraph's cut saves
    assert result.stdout.splitlines() == [
        text.splitlines()[0],
        f"      1  duplicate-article    {size(len(ARTICLE)):>9} saved  (1 exact, 0 near or wrapped)",
        f"      1  repeated-paragraph   {size(cut):>9} saved  (1 exact, 0 near)",
    ]


def test_csv_is_safe_against_formula_injection(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    result = run("scan", folder, "--format", "csv", "--quiet", "--jobs", "1")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["rule"], Path(r["path"].lstrip("'")).name, r["line"]) for r in rows] == [
        ("duplicate-article", "a.txt", "1"),
        ("repeated-paragraph", "drivers.txt", "13"),
    ]
    assert rows[0]["copy_of"] == str(folder / "=cmd|' /C calc'!A0.txt")  # a path, not at the start: harmless
    assert rows[0]["bytes"] == str(len(ARTICLE)) and rows[1]["similarity"] == "1.0000"


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_tree(tmp_path / "h", {"=1+1.txt": ARTICLE, "@SUM(A1).txt": RETOLD, "-2.txt": ARTICLE})
    monkeypatch.chdir(folder)
    out = run("scan", "--format", "csv", "-q", "-j", "1", "--", "=1+1.txt", "@SUM(A1).txt", "-2.txt").stdout
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert {"'=1+1.txt", "'@SUM(A1).txt", "'-2.txt"} <= set(cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_min_and_max_size(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "c", {"a.txt": ARTICLE, "b.txt": ARTICLE, "tiny.txt": "x\n", "c.txt": RETOLD})

    def scanned(*args: str) -> int:
        return json.loads(run("scan", folder, "--format", "json", "-q", *args).stdout)["files_scanned"]

    assert scanned() == 4
    assert scanned("--min-size", "3") == 3
    assert scanned("--max-size", "1k") == 1  # only tiny.txt is under 1000 bytes
    assert scanned("--max-size", "2KiB", "--min-size", "1k") == 3
    bad = run("scan", folder, "--min-size", "ten")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "dedupe: error: --min-size must be a size such as 2000, 10k or 5M, not 'ten'\n",
    )


def test_a_reviewable_script_deletes_only_unchanged_copies(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path / "c", {"a.txt": ARTICLE, "a'; rm -rf ~.txt": ARTICLE, "b.txt": OTHER, "b2.txt": OTHER}
    )
    script = tmp_path / "remove.sh"
    result = run("clean", folder, "--script", script, "-q")
    assert result.exit_code == 0 and script.read_text().startswith("#!/bin/sh\n# Written by dedupe")
    assert sorted(p.name for p in folder.iterdir()) == ["a'; rm -rf ~.txt", "a.txt", "b.txt", "b2.txt"]
    (folder / "b2.txt").write_text(OTHER + "edited\n")  # changed since the scan: kept
    done = subprocess.run(["sh", str(script)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) in (
        ["a.txt", "b.txt", "b2.txt"],
        ["a'; rm -rf ~.txt", "b.txt", "b2.txt"],
    )
    assert "it changed since the scan" in done.stderr


def test_explain_exits_1_when_a_scan_would_group_the_pair(tmp_path: Path) -> None:
    folder = write_tree(tmp_path, {"a.txt": ARTICLE, "b.txt": ARTICLE, "c.txt": OTHER})
    assert run("explain", folder / "a.txt", folder / "b.txt").exit_code == 1
    assert run("explain", folder / "a.txt", folder / "c.txt").exit_code == 0


def test_the_html_filter_bar_does_not_cover_the_group_jumped_to() -> None:
    css = (ROOT / "cli" / "render" / "templates" / "report.css").read_text()
    assert "scroll-padding-top" in css or "scroll-margin-top" in css


def test_a_script_names_a_copy_at_a_url_in_a_comment_and_deletes_nothing_there(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "c", {"a.txt": ARTICLE, "a2.txt": ARTICLE, "b.txt": OTHER})
    script = tmp_path / "remove.sh"
    result = run("clean", folder.as_uri(), "--script", script, "-q")
    assert result.exit_code == 0, result.stderr
    text = script.read_text()
    assert "deletes 0 duplicate files of 1 group" in text
    assert f"# at a URL, not deleted by a shell script: {folder.as_uri()}/a2.txt" in text
    assert "\nremove " not in text
    done = subprocess.run(["sh", str(script)], capture_output=True, text=True, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "a2.txt", "b.txt"]
