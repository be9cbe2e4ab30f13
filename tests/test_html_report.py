"""The HTML report as a file: self-contained, every group present, everything from files escaped."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, run, run_json, three_groups, write_tree
from dedupe import scan
from dedupe.model import DuplicateGroup, Member, ScoredPair
from dedupe_cli.render import FORMATS, RenderOptions
from dedupe_cli.render.charts import similarity_histogram

ARTICLE = (SAMPLES / "wire" / "harbour-bridge.txt").read_text(encoding="utf-8")
HOSTILE = "Intro <script>window.pwned = 1</script> and </script><img src=x onerror=alert(2)> & <!-- end\n\n"


def html_report(folder: Path, tmp_path: Path) -> str:
    target = tmp_path / "report.html"
    result = run("scan", folder, "--exclude", "languages", "--format", "html", "--output", target, "-q", "-j", "1")
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


def embedded_data(page: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_every_group_and_file_of_the_json_report_is_in_the_page(tmp_path: Path) -> None:
    page = html_report(SAMPLES, tmp_path)
    report = run_json(SAMPLES, "--exclude", "languages")
    keeps = re.findall(r'<details class="group" data-group="(\d+)" data-keep="([^"]*)"', page)
    assert [(int(n), k) for n, k in keeps] == [(i, g["keep"]) for i, g in enumerate(report["duplicate_groups"], 1)]
    assert page.count('<details class="file" data-file=') == len({r["path"] for r in report["repeated_paragraphs"]})
    assert '<div class="card"><b>106</b><span>repeated paragraphs</span></div>' in page
    data = embedded_data(page)
    [group] = data["groups"]
    assert data["texts"][group["text"]] == (SAMPLES / "wire" / "harbour-bridge-newsletter.txt").read_bytes().decode()
    assert {m["path"].rsplit("/", 1)[-1] for m in group["members"]} == {
        "harbour-bridge.txt",
        "harbour-bridge-republished.txt",
        "harbour-bridge-truncated.txt",
    }
    assert {row[0] for m in group["members"] for row in m["rows"]} == {"same", "changed", "only_a", "only_b"}
    [near] = [f for f in data["files"] if f["near"]]
    assert [m[2] for m in near["marks"]] == ["kept", "near"]


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    page = html_report(SAMPLES, tmp_path)
    assert "default-src 'none'" in page  # the browser refuses any request
    assert not re.search(r"(?:src|href)\s*=|url\(|@import|@font-face|https?://", page)
    assert page.count("<script") == 2 and page.count("<style>") == 1
    assert "$" not in re.sub(r"<script>.*?</script>", "", page, flags=re.S)  # every placeholder filled


def test_everything_from_files_is_escaped(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"<b>bold.txt": HOSTILE + ARTICLE, "copy.txt": ARTICLE + "\n\n" + HOSTILE})
    page = html_report(folder, tmp_path)
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<img" not in page and "<!-- end" not in page and "<b>bold" not in page
    assert "&lt;b&gt;bold.txt" in page
    data = embedded_data(page)
    assert any(HOSTILE in text for text in data["texts"])  # the text itself arrives intact, as data


def test_without_file_texts_the_page_still_lists_every_group(tmp_path: Path) -> None:
    report = scan([str(SAMPLES / "wire")])
    page = FORMATS["html"](report, RenderOptions())
    assert page.count('<details class="group"') == 1
    assert [m["readable"] for m in embedded_data(page)["groups"][0]["members"]] == [False] * 3
    assert embedded_data(page)["texts"] == []


def test_a_file_changed_after_the_scan_is_not_shown_as_it_is_now(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": ARTICLE + "\n\nOne more line of text here."})
    report = scan([str(folder)])
    (folder / "b.txt").write_text("rewritten")
    texts = {str(folder / "a.txt"): ARTICLE}
    page = FORMATS["html"](report, RenderOptions(load_text=texts.get))
    [member] = embedded_data(page)["groups"][0]["members"]
    assert member["readable"] is False
    assert "rewritten" not in page


def test_histogram_stacks_grouped_pairs_and_marks_the_threshold() -> None:
    pairs = [ScoredPair("a", "b", 0.9, 0.9, True), ScoredPair("a", "c", 0.42, 0.95, True)]
    pairs += [ScoredPair("x", "y", 0.12, 0.2, False)] * 3
    group = DuplicateGroup("a", (Member("a", 1.0, 1.0), Member("b", 0.9, 0.9), Member("c", 0.42, 0.95)), "complete")
    svg = similarity_histogram(pairs, 0.5, [group])
    assert re.findall(r"<title>(similarity [^<]*)</title>", svg) == [
        "similarity 0.10–0.15: 3 not grouped",
        "similarity 0.40–0.45: 1 grouped",
        "similarity 0.90–0.95: 1 grouped",
    ]
    assert 'x1="243.0"' in svg and ">threshold 0.50<" in svg  # halfway along the 410-pixel axis


def test_the_histogram_shows_similar_but_kept_pairs_apart_from_grouped_ones(tmp_path: Path) -> None:
    """Three meeting notes from one template pass the duplicate rule, but each is kept (it names its
    own date); the chart counted them as grouped while no group held them."""
    meeting = (
        "# Weekly product meeting {date}\n\nAttendees: {who}\n\n"
        "Agenda: review of last week's actions, the release plan, and any other business raised by "
        "the attendees.\n\nDecision: {decision}\n\n"
        "Action items are tracked in the project board; please update your cards before the next "
        "meeting so that we can start on time.\n\n"
        "Next meeting: the following Monday at 10:00 in the small meeting room.\n"
    )
    notes = {
        "2026-03-02.md": (
            "Ana, Ben, Chidi",
            "We agreed to drop the old export format in the next release.",
        ),
        "2026-03-09.md": ("Ana, Chidi, Dara", "We agreed to keep the old export format one more release."),
    }
    folder = write_tree(
        tmp_path / "meetings",
        {name: meeting.format(date=name[:-3], who=who, decision=d) for name, (who, d) in notes.items()},
    )
    report = run_json(folder)
    assert report["duplicate_groups"] == [] and len(report["similar_but_kept"]["files"]) == 1
    svg = re.search(r"<svg.*?</svg>", html_report(folder, tmp_path), re.S)
    assert svg
    titles = re.findall(r"<title>(similarity [^<]*)</title>", svg.group(0))
    assert titles and all("similar but kept" in title for title in titles), titles


@pytest.mark.slow
def test_a_built_wheel_carries_the_templates(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so the build leaves no build/ folder in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "dedupe", "cli"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path, source]
    subprocess.run(command, check=True, capture_output=True)
    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("report.html", "report.css", "report.js"):
        assert f"dedupe_cli/render/templates/{template}" in names


def test_sort_and_limit_cut_the_page_and_say_what_is_left_out(tmp_path: Path) -> None:
    """--sort bytes --limit 2 on three groups: the two largest savings, largest first, with their
    report numbers and data; the page says one group is left out and offers the other orders."""
    folder = three_groups(tmp_path / "c")
    report = run_json(folder)
    target = tmp_path / "report.html"
    done = run("scan", folder, "--format", "html", "-o", target, "--sort", "bytes", "--limit", "2", "-q", "-j", "1")
    assert done.exit_code == 0, done.stderr
    page = target.read_text(encoding="utf-8")
    shown = re.findall(r'<details class="group" data-group="(\d+)" data-keep="([^"]*)"', page)
    assert shown == [(n, report["duplicate_groups"][int(n) - 1]["keep"]) for n in ("2", "3")]
    assert [g["keep"] for g in embedded_data(page)["groups"]] == [keep for _, keep in shown]
    assert "The first 2 of 3 duplicate groups by bytes saved (--limit 2): 1 left out." in page
    assert '<div class="card"><b>3</b><span>duplicate groups</span></div>' in page  # the summary counts all
    assert '<option value="bytes" selected>' in page and '<option value="similarity">' in page
    whole = tmp_path / "whole.html"
    assert run("scan", folder, "--format", "html", "-o", whole, "--sort", "similarity", "-q").exit_code == 0
    assert re.findall(r'data-group="(\d+)"', whole.read_text(encoding="utf-8")) == ["3", "1", "2"]
    assert "left out" not in whole.read_text(encoding="utf-8")
