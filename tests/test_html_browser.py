"""The HTML report in a real browser (Debian's headless chromium): no script error, no request,
every group present, a group's differences highlighted, file text shown as text."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import Browser, find_chromium
from conftest import ROOT, SAMPLES, run, run_json, three_groups, write_tree

pytestmark = pytest.mark.slow

ARTICLE = (SAMPLES / "wire" / "harbour-bridge.txt").read_text(encoding="utf-8")
HOSTILE = "Intro <script>window.pwned = 1</script> and <img src=x onerror=window.pwned=2> here"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("DEDUPE_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    session = Browser(executable, tmp_path / "profile")
    yield session
    session.close()


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    vocab = [ROOT / "README.md", *sorted(SAMPLES.rglob("*.txt"))]
    command = [sys.executable, ROOT / "benchmarks" / "gen_corpus.py", folder, "--docs", "300", "--seed", "5"]
    subprocess.run([*command, "--vocab", *vocab], check=True, capture_output=True)
    return write_tree(
        folder, {"hostile-a.txt": f"{HOSTILE}\n\n{ARTICLE}", "hostile-b.txt": f"{ARTICLE}\n\n{HOSTILE}\n"}
    )


def test_report_in_a_real_browser(browser: Browser, tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    report = run_json(folder)
    page = tmp_path / "report.html"
    assert run("scan", folder, "--format", "html", "--output", page, "-q").exit_code == 0
    url = page.as_uri()
    browser.open(url)

    keeps = browser.evaluate("[...document.querySelectorAll('[data-group]')].map((d) => d.dataset.keep)")
    assert keeps == [g["keep"] for g in report["duplicate_groups"]] and len(keeps) > 20

    # An edited copy: differences are marked word by word, in rows facing the kept paragraphs.
    edited = next(
        n
        for n, g in enumerate(report["duplicate_groups"], 1)
        if len(g["members"]) == 2
        and all(0.5 < m["similarity"] < 0.9 and m["containment"] < 1 for m in g["members"] if m["path"] != g["keep"])
    )
    browser.evaluate(f"document.querySelector('[data-group=\"{edited}\"] summary').click()")
    marks = browser.evaluate(
        f"""new Promise((done) => setTimeout(() => {{
          const group = document.querySelector('[data-group="{edited}"]');
          done({{changed: group.querySelectorAll('.row.changed').length,
                 del: [...group.querySelectorAll('.row.changed del')].map((e) => e.textContent),
                 ins: [...group.querySelectorAll('.row.changed ins')].map((e) => e.textContent)}});
        }}, 50))"""
    )
    assert marks["changed"] > 0 and marks["del"] and marks["ins"]
    assert all(len(words.split()) <= 6 for words in marks["del"] + marks["ins"])  # words, not paragraphs

    # File text is shown as text: the script did not run, no element was created from it.
    hostile = 1 + [g["keep"].endswith("hostile-a.txt") for g in report["duplicate_groups"]].index(True)
    browser.evaluate(f"document.querySelector('[data-group=\"{hostile}\"] summary').click()")
    shown = browser.evaluate(
        f"""new Promise((done) => setTimeout(() => done({{
          pwned: window.pwned === undefined ? null : window.pwned,
          images: document.images.length,
          deleted: [...document.querySelectorAll('[data-group="{hostile}"] del')].map((e) => e.textContent),
        }}), 50))"""
    )
    assert shown == {"pwned": None, "images": 0, "deleted": [HOSTILE]}

    # A file with repeated paragraphs: each removed copy is marked in context.
    repeats = [r for r in report["repeated_paragraphs"] if r["path"] == report["repeated_paragraphs"][0]["path"]]
    browser.evaluate("document.querySelector('[data-file=\"1\"] summary').click()")
    removed = browser.evaluate(
        "new Promise((done) => setTimeout(() => done("
        'document.querySelectorAll(\'[data-file="1"] mark.exact, [data-file="1"] mark.near\').length), 50))'
    )
    assert removed == sum(len(r["removed_lines"]) for r in repeats)

    # The filter leaves the edited group alone under the summary, as in docs/report.md's screenshot.
    keep = report["duplicate_groups"][edited - 1]["keep"].rsplit("/", 1)[-1]
    visible = browser.evaluate(
        f"""(() => {{ const box = document.getElementById('filter'); box.value = {keep!r};
          box.dispatchEvent(new Event('input'));
          return [...document.querySelectorAll('details[data-search]')].filter((d) => !d.hidden).length; }})()"""
    )
    assert visible >= 1
    assert browser.problems(url) == []
    shot = tmp_path / "report.png"
    browser.screenshot(shot, 1280, 1500)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_the_harness_sees_script_errors_and_requests(browser: Browser, tmp_path: Path) -> None:
    page = write_tree(
        tmp_path, {"bad.html": '<img src="http://127.0.0.1:9/x.png"><script>throw new Error("boom")</script>'}
    )
    url = (page / "bad.html").as_uri()
    browser.open(url)
    problems = browser.problems(url)
    assert "request: http://127.0.0.1:9/x.png" in problems
    assert any(p.startswith("exception:") for p in problems)


SIGNED = (
    "These are signed numbers. The latter two are byte-swapped when the client and server have different byte orders."
)
UNSIGNED = SIGNED.replace("signed numbers", "unsigned numbers")
FILLER = "The protocol has requests, replies, events and errors, each with a fixed header and a body of its own kind."


def test_similar_but_kept_are_shown_with_their_differences(browser: Browser, tmp_path: Path) -> None:
    """What is held back (a near repeat that says the opposite; a copy with a sentence of its own)
    is listed in its own section, and opening it shows the differing words side by side."""
    own_a = "The mayor said a second bridge would be planned next year, with money from the state."
    own_b = "Shop owners on the quay asked for a ferry discount while the bridge stays shut for repairs."
    folder = write_tree(
        tmp_path / "docs",
        {
            "spec.txt": f"{UNSIGNED}\n\n{FILLER}\n\n{SIGNED}\n",
            "a.txt": f"{ARTICLE}\n{own_a}\n",
            "b.txt": f"{ARTICLE}\n{own_b}\n",
        },
    )
    report = run_json(folder)
    assert report["duplicate_groups"] == [] and len(report["similar_but_kept"]["files"]) == 1
    assert [h["line"] for h in report["similar_but_kept"]["paragraphs"]] == [5]
    page = tmp_path / "report.html"
    assert run("scan", folder, "--format", "html", "--output", page, "-q").exit_code == 0
    browser.open(page.as_uri())
    browser.evaluate("document.querySelector('[data-held-pair=\"1\"] summary').click()")
    browser.evaluate("document.querySelector('[data-held-file=\"1\"] summary').click()")
    shown = browser.evaluate(
        """new Promise((done) => setTimeout(() => done({
          pair: [...document.querySelectorAll('[data-held-pair="1"] ins')].map((e) => e.textContent).join(" "),
          file: [...document.querySelectorAll('[data-held-file="1"] del, [data-held-file="1"] ins')]
            .map((e) => e.textContent),
          reason: document.querySelector('[data-held-file="1"] .policy').textContent,
        }), 50))"""
    )
    assert "ferry discount" in shown["pair"] or "second bridge" in shown["pair"]
    assert "unsigned" in shown["file"] and "signed" in shown["file"]
    assert "unsigned" in shown["reason"]
    assert browser.problems(page.as_uri()) == []


def test_the_reader_re_sorts_the_groups_with_the_sort_control(browser: Browser, tmp_path: Path) -> None:
    """The sort control, worked from the keyboard as a reader does (focus, arrow down): the groups
    move to the order --sort gives, and a group opened after the move shows its own copies."""
    folder = three_groups(tmp_path / "c")
    page = tmp_path / "report.html"
    assert run("scan", folder, "--format", "html", "--output", page, "-q", "-j", "1").exit_code == 0
    browser.open(page.as_uri())
    order = "[...document.querySelectorAll('#groups > details')].map((d) => d.dataset.group)"
    assert browser.evaluate(order) == ["1", "2", "3"]
    browser.evaluate("document.getElementById('sort').focus()")
    seen = []
    for _ in range(2):
        for kind in ("keyDown", "keyUp"):
            key = {"type": kind, "key": "ArrowDown", "code": "ArrowDown", "windowsVirtualKeyCode": 40}
            browser.send("Input.dispatchKeyEvent", key)
        seen.append((browser.evaluate("document.getElementById('sort').value"), browser.evaluate(order)))
    assert seen == [("similarity", ["3", "1", "2"]), ("bytes", ["2", "3", "1"])]
    browser.evaluate("document.querySelector('[data-group=\"3\"] summary').click()")
    pair = browser.evaluate(
        "new Promise((done) => setTimeout(() => done("
        "document.querySelector('[data-group=\"3\"] .pair .path').textContent), 50))"
    )
    assert pair.endswith("b-trimmed.txt")
    assert browser.problems(page.as_uri()) == []
