"""Hostile names and crafted input (issue 13): odd file names through the cache and the reports,
terminal escapes in every message, bidi marks, crafted cache rows, closed stdout."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import (
    ARTICLE,
    COPY,
    DEDUPE,
    OTHER,
    REPEATED,
    check,
    edit_after_scan,
    git,
    git_repo,
    run,
    stage,
    write_tree,
)
from dedupe.model import Skipped
from dedupe.settings import Settings
from dedupe.sources import SourceFile, discover
from dedupe.stages.analyze import Analysis, analyze
from dedupe.store.cache import DATABASE, AnalysisCache, _checksum

ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202e"  # an OSC 52 clipboard write, clear screen, a bidi override


def fs_write(folder: Path, name: bytes, text: str) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(text.encode())


@pytest.mark.parametrize("how", ["named", "git ls-files", "github actions"])
def test_check_takes_non_utf8_file_names_with_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    repo = git_repo(tmp_path / "repo", {"articles/bridge.txt": ARTICLE, "articles/budget.txt": OTHER})
    fs_write(repo / "articles", b"caf\xe9.txt", COPY)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "latin-1 name")
    env = {**os.environ, "GITHUB_ACTIONS": "true" if how == "github actions" else "false"}
    named = [os.fsdecode(b"articles/caf\xe9.txt")] if how == "named" else []
    done = subprocess.run([*DEDUPE, "check", "-q", *named], cwd=repo, capture_output=True, env=env, timeout=120)
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    assert done.returncode == 1
    assert b"caf\\xe9.txt" in done.stdout or b"caf\\udce9.txt" in done.stdout  # escaped, whatever the format
    again = subprocess.run([*DEDUPE, "check", "-q", *named], cwd=repo, capture_output=True, env=env, timeout=120)
    assert (again.returncode, again.stdout) == (1, done.stdout)  # the cache's stamp of the file is used


def test_escapes_in_names_never_reach_the_terminal_through_reasons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_tree(tmp_path / "in", {f"a{ESCAPES}.txt": ARTICLE, f"b{ESCAPES}.txt": ARTICLE})
    os.link(folder / f"a{ESCAPES}.txt", folder / f"z{ESCAPES}.txt")  # skipped: 'same file as a…'
    scan = run("scan", folder, "--jobs", "1")
    assert "same file as" in scan.stderr and "same file as" in scan.stdout
    for stream in (scan.stdout, scan.stderr):
        assert "\x1b" not in stream and "\u202e" not in stream and "\x07" not in stream
    assert "\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\u202e" in scan.stderr

    edit_after_scan(monkeypatch, folder / f"a{ESCAPES}.txt", "rewritten meanwhile")
    clean = run("clean", folder, "--in-place", "--delete-duplicates", "--keep", "first", "-q", "--jobs", "1")
    assert clean.exit_code == 2 and "not deleted: the kept copy" in clean.stderr
    assert "\x1b" not in clean.stderr and "\u202e" not in clean.stderr


def test_bidi_overrides_in_names_are_shown_escaped_in_every_format(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"doc\u202etxt.exe.txt": REPEATED})
    for fmt in ("text", "github", "sarif", "html"):
        out = run("scan", folder, "-q", "-f", fmt).stdout
        assert "\u202e" not in out, fmt
        assert "\\u202e" in out or (fmt == "sarif" and "%E2%80%AE" in out), fmt


def test_a_newline_in_a_name_is_percent_encoded_in_github_annotations(repo: Path) -> None:
    stage(repo, {"new\nline.txt": COPY})
    result = check("--format", "github", os.path.join(repo, "new\nline.txt"))
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"::error file={repo}/new%0Aline.txt,line=1,"), line


@pytest.mark.parametrize("mark", ["\u200e", "\u202e", "\u2066", "\u200f\u2069"])
def test_bidi_marks_inside_a_copy_do_not_hide_it(tmp_path: Path, mark: str) -> None:
    marked = " ".join(f"{w[:2]}{mark}{w[2:]}" if i % 3 == 0 else w for i, w in enumerate(ARTICLE.split(" ")))
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": marked})
    report = json.loads(run("scan", folder, "-q", "-f", "json", "--jobs", "1").stdout)
    assert [len(g["members"]) for g in report["duplicate_groups"]] == [2]


def cached(tmp_path: Path) -> tuple[Path, Path]:
    files = write_tree(tmp_path / "files", {"a.txt": REPEATED})
    run_cache(files, tmp_path / "cache")
    return files, tmp_path / "cache" / DATABASE


def run_cache(files: Path, cache: Path) -> list[tuple[str, tuple[object, ...]]]:
    sources, _ = discover([str(files)], Settings())
    with AnalysisCache(str(cache), Settings()) as store:
        return [(a.source.path, a.repeats) for a in store.analyses(sources, Settings(), fresh)]  # type: ignore[union-attr]


def fresh(sources: list[SourceFile]) -> list[Analysis | Skipped]:
    return [analyze(source, Settings()) for source in sources]


@pytest.mark.parametrize(
    "repeats",
    [
        "[" * 100_000 + "]" * 100_000,  # RecursionError in json
        '[["exact", 1, "k", [0, 10, 1], [[5, 1.0, 0, 99999999, 5, 10]]]]',  # a cut far past the file's end
        '[["exact", 1, "k", [0, 10, 1], [[5, 7.5, 10, 20, 5, 10]]]]',  # a similarity of 7.5
        '[["exact", 1, "k", [10, 0, 1], [[5, 1.0, 10, 20, 5, 10]]]]',  # a span that ends before it starts
        '[["exact", 1, "k", [0, 10, 1], [[-5, 1.0, 10, 20, 5, 10]]]]',  # line -5
        '{"exact": 1}',
    ],
)
def test_crafted_cache_rows_with_valid_checksums_are_misses(tmp_path: Path, repeats: str) -> None:
    files, database = cached(tmp_path)
    with sqlite3.connect(database) as connection:
        [(settings, digest, key, count, signature)] = connection.execute(
            "SELECT settings, digest, exact_key, shingle_count, signature FROM analyses"
        )
        checksum = _checksum(settings, digest, key, count, signature, repeats)
        connection.execute("UPDATE analyses SET repeats = ?, checksum = ?", (repeats, checksum))
    analyzed: list[list[str]] = []
    sources, _ = discover([str(files)], Settings())
    with AnalysisCache(str(tmp_path / "cache"), Settings()) as store:
        results = list(store.analyses(sources, Settings(), lambda m: analyzed.append([s.path for s in m]) or []))
    assert results == [] and analyzed == [[str(files / "a.txt")]]  # a miss: analyzed again


def test_the_cache_writes_a_gitignore_only_into_a_folder_it_made(repo: Path) -> None:
    (repo / "notes").mkdir()
    assert check("--cache-dir", "notes").exit_code == 0
    assert not (repo / "notes" / ".gitignore").exists()
    assert check("--cache-dir", "made/cache").exit_code == 0
    assert (repo / "made" / "cache" / ".gitignore").read_text().endswith("*\n")


def as_unprivileged() -> list[str]:
    """A command prefix that runs without root's power to read any folder (root ignores modes)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's file capabilities")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_an_unreadable_folder_is_an_error_not_a_silent_skip(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"locked/a.txt": COPY, "open/b.txt": ARTICLE})
    (folder / "locked").chmod(0)
    unprivileged = [*as_unprivileged(), *DEDUPE]
    try:
        scan = subprocess.run([*unprivileged, "scan", folder, "-f", "json"], capture_output=True, text=True)
        checked = subprocess.run(
            [*unprivileged, "check", "-q", "--no-cache", "--corpus", folder], capture_output=True, text=True
        )
    finally:
        (folder / "locked").chmod(0o755)
    assert scan.returncode == 2, scan.stderr
    reason = {"path": f"{folder}/locked", "reason": "unreadable folder: Permission denied", "error": True}
    assert json.loads(scan.stdout)["skipped"] == [reason]
    assert scan.stderr == f"dedupe: error: {folder}/locked: unreadable folder: Permission denied\n"
    assert checked.returncode == 2 and "unreadable folder" in checked.stderr


def test_a_folder_beyond_path_max_is_an_error_not_a_silent_skip(tmp_path: Path) -> None:
    write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    descriptor = os.open(tmp_path / "in", os.O_RDONLY)
    try:
        for _ in range(20):  # 20 x 251 characters: past Linux's PATH_MAX of 4096
            os.mkdir("d" * 250, dir_fd=descriptor)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor), "w") as handle:
            handle.write(COPY)
    finally:
        os.close(descriptor)
    result = run("scan", tmp_path / "in", "-f", "json", "--jobs", "1")
    assert result.exit_code == 2
    [skipped] = json.loads(result.stdout)["skipped"]
    assert skipped["error"] and skipped["reason"] == "unreadable folder: File name too long"
    assert len(skipped["path"]) > 4096 and "unreadable folder: File name too long" in result.stderr


def test_a_closed_stdout_is_one_line_and_exit_2(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED})
    done = subprocess.run([*DEDUPE, "scan", folder], stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (
        2,
        "dedupe: error: standard output is closed; redirect it to a file or use --output\n",
    )
    report = tmp_path / "report.json"
    written = subprocess.run([*DEDUPE, "scan", folder, "-f", "json", "-o", report], preexec_fn=lambda: os.close(1))
    assert written.returncode == 0 and json.loads(report.read_text())["files_scanned"] == 1


@pytest.mark.parametrize("option", ["--include", "--exclude"])
def test_an_empty_glob_is_refused_not_a_silent_empty_scan(tmp_path: Path, option: str) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED})
    result = run("scan", folder, option, "")
    assert result.exit_code == 2
    assert result.stderr == f"dedupe: error: an {option[2:]} glob must not be empty: it matches no file\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-32", "shift_jis", "euc_jp", "euc_kr", "gb18030"])
def test_a_copy_in_another_encoding_is_found_with_its_utf8_twin(tmp_path: Path, codec: str) -> None:
    from test_decode import CHINESE, JAPANESE, KOREAN

    text = {"euc_kr": KOREAN, "gb18030": CHINESE}.get(codec, JAPANESE if "j" in codec else ARTICLE) * 3
    folder = write_tree(tmp_path / "in", {"a.txt": text, "b.txt": text.encode(codec)})
    report = json.loads(run("scan", folder, "-q", "-f", "json", "--jobs", "1").stdout)
    assert report["skipped"] == []
    assert [len(g["members"]) for g in report["duplicate_groups"]] == [2]


def test_the_report_names_each_file_that_is_not_utf8_the_cache_included(tmp_path: Path) -> None:
    """Which codec each file was read with (a BOM as `+bom`); plain UTF-8 files are not listed.
    `check` takes analyses from its cache: a second run must name them the same."""
    from test_decode import JAPANESE

    files = {
        "plain.txt": ARTICLE,
        "sjis.txt": JAPANESE.encode("shift_jis"),
        "bom.txt": b"\xef\xbb\xbf" + OTHER.encode(),
        "latin.txt": "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, na\u00efve fa\u00e7ade.\n".encode("cp1252"),
    }
    folder = write_tree(tmp_path / "in", files)
    report = json.loads(run("scan", folder, "-q", "-f", "json", "--jobs", "1").stdout)
    named = {Path(e["path"]).name: e["encoding"] for e in report["encodings"]}
    assert named == {
        "sjis.txt": "cp932",
        "bom.txt": "utf-8+bom",
        "latin.txt": "cp1252",
    }  # cp932: Shift-JIS, as Windows writes it
    for _ in range(2):  # the second run reads the analyses from the cache
        checked = subprocess.run(
            [*DEDUPE, "check", "--corpus", str(folder), "-q", "-f", "json", "--cache-dir", str(tmp_path / "cache")],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert checked.returncode in (0, 1), checked.stderr
        assert {Path(e["path"]).name: e["encoding"] for e in json.loads(checked.stdout)["encodings"]} == named
