"""In-place fixing: atomic, mode-preserving, reviewable first, never losing the last copy."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import (
    ARTICLE,
    CLEANED,
    DEDUPE,
    REPEATED,
    SAMPLES,
    SEED_LINES,
    distinct_articles,
    edit_after_scan,
    run,
    write_tree,
)
from dedupe.sinks import anchored as anchored_module


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_in_place_cuts_repeats_keeps_mode_and_backup(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED})
    os.chmod(folder / "a.txt", 0o640)
    result = run("clean", folder, "--in-place", "--backup", ".orig", "-q")
    assert result.exit_code == 0, result.stderr
    assert (folder / "a.txt").read_text() == CLEANED
    assert (folder / "a.txt.orig").read_text() == REPEATED
    assert (folder / "a.txt").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "a.txt.orig"]  # no temporary files left


def test_duplicates_are_deleted_only_when_asked_and_never_the_kept_copy(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": ARTICLE, "c.txt": ARTICLE})
    assert run("clean", folder, "--in-place", "-q").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt", "c.txt"]
    result = run("clean", folder, "--in-place", "--delete-duplicates", "--keep", "oldest")
    assert result.exit_code == 0
    assert [p.name for p in folder.iterdir()] == ["a.txt"]
    assert "deleted 2 duplicates" in result.stderr
    assert run("clean", folder, "--in-place", "--delete-duplicates", "-q").exit_code == 0
    assert [p.name for p in folder.iterdir()] == ["a.txt"]  # the last copy stays


def test_without_delete_duplicates_the_summary_says_the_copies_are_left(tmp_path: Path) -> None:
    """`--in-place` alone leaves duplicate files as they are: the summary says how many, and how
    to delete them, instead of a bare "deleted 0 duplicates"."""
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": ARTICLE, "c.txt": ARTICLE, "r.txt": REPEATED})
    result = run("clean", folder, "--in-place", "-f", "summary", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "dedupe: fixed 1 file in place; 2 duplicates not deleted (--delete-duplicates deletes them)\n"
    )
    again = run("clean", folder, "--in-place", "--delete-duplicates", "-f", "summary", "-j", "1")
    assert again.stderr == "dedupe: fixed 0 files in place, deleted 2 duplicates\n"


def test_nothing_is_deleted_when_the_kept_copy_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": ARTICLE})
    edit_after_scan(monkeypatch, folder / "a.txt", "rewritten meanwhile")
    result = run("clean", folder, "--in-place", "--delete-duplicates", "--keep", "first", "-q")
    assert result.exit_code == 2
    assert "b.txt: not deleted: the kept copy" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt"]


def test_dry_run_shows_the_diff_and_the_files_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SAMPLES, folder)
    (folder / "evil.txt").write_text(f"{REPEATED}\n\x1b[2J{REPEATED}")
    before = snapshot(folder)
    result = run("clean", folder, "--in-place", "--delete-duplicates", "--dry-run", "-q")
    assert result.exit_code == 0
    assert snapshot(folder) == before
    assert f"--- a/{folder}/004_93517e45620c80a7.txt" in result.stdout
    assert "\n-Polls show the secular opposition leader edging ahead" in result.stdout
    assert f"would delete {folder}/wire/harbour-bridge.txt" in result.stdout
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
    out = run("clean", folder, "--out", tmp_path / "out", "--dry-run", "-q")
    assert f"would leave out {folder}/wire/harbour-bridge.txt" in out.stdout and not (tmp_path / "out").exists()
    told = run("clean", folder, "--in-place", "--delete-duplicates", "--dry-run")
    assert told.stderr.endswith(
        "dedupe: dry run: 7 files would change, 7 duplicates would be deleted; nothing was written\n"
    )
    kept = run("clean", folder, "--in-place", "--dry-run")  # the real run says so too: the dry run told nothing
    assert kept.stderr.endswith(
        "dedupe: dry run: 7 files would change; 7 duplicates would not be deleted (--delete-duplicates "
        "deletes them); nothing was written\n"
    )


def test_symlinked_files_are_not_replaced_in_place(tmp_path: Path) -> None:
    real = write_tree(tmp_path / "real", {"a.txt": REPEATED})
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(real / "a.txt")
    result = run("clean", folder, "--in-place", "-q")
    assert result.exit_code == 2 and "link.txt: is a symlink" in result.stderr
    assert (folder / "link.txt").is_symlink() and (real / "a.txt").read_text() == REPEATED


def test_sigkill_during_an_in_place_run_leaves_each_file_whole(tmp_path: Path) -> None:
    """Every file is either its original or its fully cleaned version, wherever the kill lands."""
    articles = distinct_articles(7)
    files = {f"{n:03d}-{name}": text for n in range(60) for name, text in articles.items()}
    folder = write_tree(
        tmp_path / "in", {name: text.replace("said", f"said ({n})") for n, (name, text) in enumerate(files.items())}
    )
    expected_dir = tmp_path / "expected"
    assert run("clean", folder, "--out", expected_dir, "-q", "--keep", "first").exit_code == 0
    originals = snapshot(folder)
    cleaned = snapshot(expected_dir)
    process = subprocess.Popen([*DEDUPE, "clean", folder, "--in-place", "-q", "--jobs", "1"], stdout=subprocess.DEVNULL)
    first = folder / sorted(originals)[0]
    deadline = time.monotonic() + 60
    while first.read_bytes() == originals[first.name] and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = snapshot(folder)
    leftovers = [name for name in after if name not in originals]
    assert leftovers == [] or all(name.startswith(".dedupe-") for name in leftovers)
    states = {name: "original" if after[name] == originals[name] else "cleaned" for name in originals}
    assert all(after[name] in (originals[name], cleaned.get(name, originals[name])) for name in originals)
    assert process.returncode == -signal.SIGKILL  # killed mid-run, not finished
    assert {"cleaned", "original"} <= set(states.values()), states


def test_a_write_error_in_place_is_one_line_and_the_other_files_are_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_tree(tmp_path / "in", distinct_articles(3))
    real = os.rename

    def read_only(source: str, target: str, **folders: int) -> None:
        if target.endswith("1.txt"):
            raise PermissionError(13, "Permission denied", target)
        real(source, target, **folders)

    monkeypatch.setattr(anchored_module.os, "rename", read_only)
    result = run("clean", folder, "--in-place", "-q", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"dedupe: error: {folder}/1.txt: cannot write: Permission denied"]
    assert (folder / "1.txt").read_text() == distinct_articles(3)["1.txt"]
    assert (folder / "0.txt").read_text().count(SEED_LINES[0]) == 1


def test_backup_keeps_deleted_copies_and_they_are_not_fixed_first(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED, "b.txt": REPEATED})
    result = run("clean", folder, "--in-place", "--delete-duplicates", "--backup", ".orig", "--keep", "first", "-q")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "a.txt.orig", "b.txt.orig"]
    assert (folder / "a.txt").read_text() == CLEANED
    assert (folder / "b.txt.orig").read_text() == REPEATED  # the deleted copy's bytes, untouched
