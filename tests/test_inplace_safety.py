"""In-place actions that cannot be raced or misdirected (issue 13): folders swapped for symlinks,
backups, owners and hard links, edits by other programs, symlinked keepers, reports over inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ARTICLE, CLEANED, OTHER, REPEATED, run, write_tree
from dedupe_cli import app as app_module


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def swap_after_scan(monkeypatch: pytest.MonkeyPatch, folder: Path, outside: Path) -> None:
    """The CLI's scan finishes, then `folder` is moved away and a symlink to `outside` (holding
    the same bytes) takes its place: what an attacker with write access to the corpus can do."""
    real = app_module.run_scan

    def scan_then_swap(*args, **kwargs):  # type: ignore[no-untyped-def]
        report = real(*args, **kwargs)
        folder.rename(folder.with_name(folder.name + ".moved"))
        folder.symlink_to(outside)
        return report

    monkeypatch.setattr(app_module, "run_scan", scan_then_swap)


@pytest.mark.parametrize(
    ("texts", "options"),
    [
        ({"a.txt": ARTICLE, "b.txt": ARTICLE}, ["--delete-duplicates"]),
        ({"a.txt": ARTICLE, "b.txt": ARTICLE}, ["--delete-duplicates", "--backup", ".orig"]),
        ({"a.txt": REPEATED, "b.txt": OTHER}, []),
    ],
    ids=["delete", "rename to backup", "rewrite"],
)
def test_a_folder_swapped_for_a_symlink_after_the_scan_is_not_acted_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, texts: dict[str, str], options: list[str]
) -> None:
    folder = write_tree(tmp_path / "in", {f"sub/{name}": text for name, text in texts.items()})
    outside = write_tree(tmp_path / "outside", texts)
    before = snapshot(outside)
    swap_after_scan(monkeypatch, folder / "sub", outside)
    result = run("clean", folder, "--in-place", "--keep", "first", "-q", "--jobs", "1", *options)
    assert snapshot(outside) == before
    assert result.exit_code == 2
    assert "the folder sub on its path is now a symlink" in result.stderr or "changed or moved" in result.stderr


def test_a_backup_never_replaces_an_existing_file(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED, "a.txt.txt": OTHER})
    result = run("clean", folder, "--in-place", "--backup", ".txt", "-q", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr == f"dedupe: error: {folder}/a.txt: its backup a.txt.txt exists; not fixed\n"
    assert snapshot(folder) == {"a.txt": REPEATED.encode(), "a.txt.txt": OTHER.encode()}


def test_a_second_run_keeps_the_first_runs_backups(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED, "b.txt": ARTICLE, "c.txt": ARTICLE})
    first = run("clean", folder, "--in-place", "--backup", ".orig", "--delete-duplicates", "--keep", "first", "-q")
    assert first.exit_code == 0, first.stderr
    again = {"a.txt": REPEATED.replace("said", "told"), "c.txt": ARTICLE}
    write_tree(folder, again)
    second = run("clean", folder, "--in-place", "--backup", ".orig", "--delete-duplicates", "--keep", "first", "-q")
    assert second.exit_code == 2
    assert "a.txt: its backup a.txt.orig exists; not fixed" in second.stderr
    assert "c.txt: not deleted: its backup c.txt.orig exists" in second.stderr
    assert (folder / "a.txt.orig").read_text() == REPEATED and (folder / "c.txt.orig").read_text() == ARTICLE
    assert (folder / "a.txt").read_text() == again["a.txt"] and (folder / "c.txt").exists()


@pytest.mark.parametrize("suffix", ["x/../../../ESCAPED", "", "/", ".orig/"])
def test_a_backup_suffix_must_be_a_plain_suffix(tmp_path: Path, suffix: str) -> None:
    folder = write_tree(tmp_path / "corpus" / "in", {"a.txt": REPEATED})
    result = run("clean", folder, "--in-place", "--backup", suffix, "-q")
    assert result.exit_code == 2
    assert result.stderr == f"dedupe: error: --backup takes a suffix for file names such as .orig, not {suffix!r}\n"
    assert snapshot(tmp_path) == {"corpus/in/a.txt": REPEATED.encode()}


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_fixing_keeps_the_owner_group_and_mode(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED})
    os.chown(folder / "a.txt", 12345, 23456)
    os.chmod(folder / "a.txt", 0o640)
    result = run("fix", folder / "a.txt", "-q")
    assert result.exit_code == 1, result.stderr
    info = (folder / "a.txt").stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (12345, 23456, 0o640)
    assert (folder / "a.txt").read_text() == CLEANED
    backed = run("clean", folder, "--in-place", "--backup", ".orig", "-q")
    assert backed.exit_code == 0
    write_tree(folder, {"b.txt": REPEATED})
    os.chown(folder / "b.txt", 12345, 23456)
    assert run("clean", folder, "--in-place", "--backup", ".orig", "-q").exit_code == 0
    assert (folder / "b.txt.orig").stat().st_uid == 12345 and (folder / "b.txt").stat().st_gid == 23456


def test_a_file_with_hard_links_is_not_parted_from_them(tmp_path: Path) -> None:
    """The choice: refuse (a new file would leave the twin with the old text; writing through
    the links could not be atomic)."""
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED})
    os.link(folder / "a.txt", tmp_path / "twin.txt")
    result = run("clean", folder, "--in-place", "-q")
    assert result.exit_code == 2
    assert result.stderr == f"dedupe: error: {folder}/a.txt: has 2 hard links (a new file would part them); not fixed\n"
    assert (folder / "a.txt").read_text() == REPEATED and os.path.samefile(folder / "a.txt", tmp_path / "twin.txt")


def test_an_edit_by_another_program_while_fixing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program appends to the file while dedupe writes its cleaned copy (injected at the
    fsync of that copy, the slow step): the edit is kept and the file reported."""
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED})
    real, edits = os.fsync, []

    def fsync_while_edited(descriptor: int) -> None:
        if not edits:
            with open(folder / "a.txt", "a") as handle:
                handle.write("A line written by an editor meanwhile.\n")
            edits.append(descriptor)
        real(descriptor)

    monkeypatch.setattr(os, "fsync", fsync_while_edited)
    result = run("clean", folder, "--in-place", "-q", "--jobs", "1")
    assert edits and result.exit_code == 2
    assert "a.txt: changed while dedupe worked on it; not fixed" in result.stderr
    assert (folder / "a.txt").read_text() == REPEATED + "A line written by an editor meanwhile.\n"
    assert os.listdir(folder) == ["a.txt"]  # no temporary file left


def test_a_symlinked_keeper_does_not_cost_the_only_real_copy(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {"real.txt": ARTICLE})
    folder = write_tree(tmp_path / "in", {"z.txt": ARTICLE})
    (folder / "a-link.txt").symlink_to(outside / "real.txt")
    dry = run("clean", folder, "--in-place", "--delete-duplicates", "--keep", "first", "--dry-run", "-q")
    assert "would delete" not in dry.stdout
    result = run("clean", folder, "--in-place", "--delete-duplicates", "--keep", "first", "-q")
    assert result.exit_code == 0, result.stderr
    assert (folder / "z.txt").read_text() == ARTICLE and (folder / "a-link.txt").is_symlink()


@pytest.mark.parametrize("command", [["scan"], ["clean", "--in-place"]])
def test_a_report_is_never_written_over_an_input(tmp_path: Path, command: list[str]) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": REPEATED, "b.txt": OTHER})
    result = run(*command, folder, "-f", "json", "-o", folder / "b.txt", "-q")
    assert result.exit_code == 2
    assert result.stderr == (
        f"dedupe: error: the report {folder}/b.txt would replace the input {folder}/b.txt; choose another --output\n"
    )
    assert snapshot(folder) == {"a.txt": REPEATED.encode(), "b.txt": OTHER.encode()}
