"""Bad input: each case has a clear outcome, a one-line message, and nothing lost (issue 6)."""

from __future__ import annotations

import codecs
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import dedupe.pipeline as pipeline
from conftest import (
    ARTICLE,
    CLEANED,
    DEDUPE,
    OTHER,
    REPEATED,
    ROOT,
    SAMPLES,
    SECOND,
    distinct_articles,
    edit_after_scan,
    run,
    write_tree,
)
from dedupe import scan as library_scan
from dedupe.sinks import folder as write_module


def scan_json(*args: str | Path) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = run("scan", *args, "--format", "json", "--jobs", "1")
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_1_cp1252_is_compared_and_written_back_as_its_own_bytes(tmp_path: Path) -> None:
    text = REPEATED.replace("deputy mayor", "député maire")
    folder = write_tree(tmp_path / "in", {"latin.txt": text.encode("cp1252"), "utf8.txt": ARTICLE})
    result = run("clean", folder, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.stderr
    expected = CLEANED.replace("deputy mayor", "député maire").encode("cp1252")
    assert (tmp_path / "out" / "latin.txt").read_bytes() == expected


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_2_byte_order_marks_and_encodings_are_kept(tmp_path: Path, bom: bytes, codec: str) -> None:
    folder = write_tree(tmp_path / "in", {"bom.txt": bom + REPEATED.encode(codec)})
    code, report, _ = scan_json(folder)
    assert (code, [r["removed_lines"] for r in report["repeated_paragraphs"]]) == (0, [[5]])
    run("clean", folder, "--out", tmp_path / "out", "-q")
    assert (tmp_path / "out" / "bom.txt").read_bytes() == bom + CLEANED.encode(codec)


def test_3_binary_files_are_skipped_whatever_their_extension(tmp_path: Path) -> None:
    noise = random.Random(0).randbytes(4096)
    no_nul = bytes(b or 1 for b in noise)
    folder = write_tree(
        tmp_path / "in",
        {"nul.txt": b"text\x00more", "noise.md": noise, "noise-no-nul.txt": no_nul, "ok.txt": ARTICLE},
    )
    code, report, stderr = scan_json(folder)
    assert code == 0
    assert report["files_scanned"] == 1
    assert [(Path(s["path"]).name, s["reason"], s["error"]) for s in report["skipped"]] == [
        ("noise-no-nul.txt", "binary (not text)", False),
        ("noise.md", "binary (not text)", False),
        ("nul.txt", "binary (not text)", False),
    ]
    assert stderr.count("dedupe: skipped:") == 3


def test_3_a_short_text_with_a_few_control_characters_is_text(tmp_path: Path) -> None:
    """A real spam e-mail body: Word field codes leave \\x01, \\x13-\\x15 and \\x1a in 2% of a short text."""
    body = (
        "\n\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Worldwide*\nGreat Restaurants, Shopping & Activities\n"
        'Take a virtual tour of our hotel @\x13 HYPERLINK "http://www.example.com" \x01\x14www.example.com\x15\n\n'
        "December 2001 Customer Satisfaction Award for the third year running, thanks to our staff.\n"
    )
    folder = write_tree(tmp_path / "in", {"mail.txt": body.encode("latin-1")})
    code, report, _ = scan_json(folder)
    assert (code, report["files_scanned"], report["skipped"]) == (0, 1, [])


def test_4_empty_and_whitespace_files_are_not_duplicates(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": "", "b.txt": "", "c.txt": " \n\n\t\n", "d.txt": "\r\n"})
    code, report, _ = scan_json(folder)
    assert (code, report["files_scanned"], report["duplicate_groups"], report["repeated_paragraphs"]) == (0, 4, [], [])


def test_5_unreadable_file_is_reported_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_tree(tmp_path / "in", {"locked.txt": ARTICLE, "open.txt": REPEATED})
    real = os.open

    def deny(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", deny)
    code, report, stderr = scan_json(folder)
    assert code == 2
    assert report["files_scanned"] == 1 and len(report["repeated_paragraphs"]) == 1
    reason = "unreadable: Permission denied"
    assert report["skipped"] == [{"path": f"{folder}/locked.txt", "reason": reason, "error": True}]
    assert stderr.strip().splitlines() == [f"dedupe: error: {folder}/locked.txt: unreadable: Permission denied"]


def test_6a_file_vanishing_after_discovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_tree(tmp_path / "in", {"gone.txt": ARTICLE, "stays.txt": ARTICLE})
    real = pipeline.discover

    def discover_then_delete(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = real(*args, **kwargs)
        (folder / "gone.txt").unlink()
        return found

    monkeypatch.setattr(pipeline, "discover", discover_then_delete)
    code, report, stderr = scan_json(folder)
    assert code == 2
    assert [s["reason"] for s in report["skipped"]] == ["vanished before it could be read"]
    assert "gone.txt: vanished" in stderr


def test_6b_file_changing_after_the_scan_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED, "b.txt": OTHER})
    edit_after_scan(monkeypatch, folder / "a.txt", "edited by someone else\n")
    result = run("clean", folder, "--out", tmp_path / "out", "-q", "--jobs", "1")
    assert result.exit_code == 2
    assert "a.txt: changed after it was scanned" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["b.txt"]
    assert (folder / "a.txt").read_text() == "edited by someone else\n"


def test_7_huge_file_is_skipped_without_being_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB on one line, no disk used
    started = time.monotonic()
    code, report, _ = scan_json(folder)
    assert time.monotonic() - started < 10
    assert (code, report["skipped"][0]["reason"]) == (0, "larger than max_file_bytes (67,108,864 bytes)")


def test_8_fifos_sockets_and_devices_are_never_opened(tmp_path: Path) -> None:
    short = Path(tempfile.mkdtemp(prefix="dd", dir="/tmp"))
    try:
        os.mkfifo(short / "pipe.txt")
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(short / "sock.txt"))
        (short / "ok.txt").write_text(ARTICLE)
        command = [*DEDUPE, "scan", str(short), "/dev/null", "-f", "json"]
        done = subprocess.run(command, capture_output=True, timeout=120)
        server.close()
    finally:
        shutil.rmtree(short)
    report = json.loads(done.stdout)
    assert done.returncode == 0
    assert [s["reason"] for s in report["skipped"]] == ["not a regular file (FIFO, socket or device)"] * 3


def test_9_symlinks_loops_and_outside_folders(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "sub/b.txt": SECOND * 3})
    outside = write_tree(tmp_path / "outside", {"c.txt": REPEATED})
    (folder / "sub" / "loop").symlink_to(folder)
    (folder / "elsewhere").symlink_to(outside)
    (folder / "alias.txt").symlink_to(folder / "a.txt")
    _, plain, _ = scan_json(folder)
    assert [Path(p["path"]).name for p in plain["skipped"]] == ["alias.txt"]
    assert plain["files_scanned"] == 2
    code, followed, _ = scan_json(folder, "--follow-symlinks")
    assert code == 0 and followed["files_scanned"] == 3  # c.txt through the link, the loop walked once


def test_10_odd_file_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = [b"new\nline.txt", b"caf\xe9.txt", b"-dash.txt"]
    budget = OTHER.split("\n\n")
    texts = [REPEATED, f"{budget[1]}\n\n{budget[2]}\n\n{budget[1]}", (SAMPLES / "000_aa1d6de8988af644.txt").read_text()]
    for name, text in zip(names, texts, strict=True):
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(text.encode())
    code, report, _ = scan_json(folder)
    assert code == 0
    assert sorted(os.fsencode(Path(r["path"]).name) for r in report["repeated_paragraphs"]) == sorted(names)
    terminal = run("scan", folder, "-q").stdout
    assert "new\\nline.txt" in terminal and "caf\\udce9.txt" in terminal
    page = tmp_path / "report.html"
    assert run("scan", folder, "-q", "-f", "html", "-o", page).exit_code == 0  # it raised UnicodeEncodeError
    assert "caf\\udce9.txt" in page.read_text(encoding="utf-8")
    run("clean", folder, "--out", tmp_path / "out", "-q")
    assert sorted(os.listdir(os.fsencode(tmp_path / "out"))) == sorted(names)
    dash = subprocess.run([*DEDUPE, "scan", "-q", "--", "-dash.txt"], cwd=folder, capture_output=True, text=True)
    assert dash.returncode == 0 and "1 file scanned" in dash.stdout


def test_11_output_inside_input_is_refused_before_any_work(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED})
    result = run("clean", folder, "--out", folder / "cleaned", "--overwrite", "-q")
    assert result.exit_code == 2 and "must not be inside the input" in result.stderr
    assert os.listdir(folder) == ["a.txt"]


def test_12a_write_error_leaves_no_partial_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_tree(tmp_path / "in", distinct_articles(5))
    calls = []
    real = os.replace

    def disk_full(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", target)
        real(source, target)

    monkeypatch.setattr(write_module.os, "replace", disk_full)
    result = run("clean", folder, "--out", tmp_path / "out", "-q", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "No space left on device (no output folder was created)" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no out, no staging folder, no temp file


def test_12b_unwritable_target_in_an_existing_folder(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"wire/a.txt": REPEATED})
    write_tree(tmp_path / "out", {"wire": "a file where a folder is needed"})
    result = run("clean", folder, "--out", tmp_path / "out", "--overwrite", "-q")
    assert result.exit_code == 2 and result.stderr.startswith("dedupe: error: cannot write")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["wire"]


def test_13_ctrl_c_exits_130_and_leaves_nothing_behind(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generator = [sys.executable, ROOT / "benchmarks" / "gen_corpus.py", corpus, "--docs", "3000"]
    subprocess.run(generator, check=True, capture_output=True)
    process = subprocess.Popen([*DEDUPE, "clean", corpus, "--out", tmp_path / "out", "-q"], stderr=subprocess.PIPE)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "corpus.truth.json"]


def test_library_report_lists_read_errors(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    (folder / "broken.txt").symlink_to(tmp_path / "missing")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    report = library_scan([str(folder)])
    assert [(s.reason, s.error) for s in report.skipped] == [("broken symlink", False), ("symlink loop", False)]
    assert report.read_errors == ()


def test_nothing_is_written_outside_the_output_folder_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "wire").symlink_to(outside)
    result = run("clean", SAMPLES, "--out", out, "--overwrite", "-q")
    assert result.exit_code == 2 and "through a symlink" in result.stderr
    assert list(outside.iterdir()) == []
