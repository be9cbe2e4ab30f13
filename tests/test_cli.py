"""The real CLI on real folders: seeds, samples, the JSON contract, exit codes, determinism."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEDUPE, ROOT, SAMPLES, SEED_000, SEED_004, SEED_LINES, run, run_json, write_tree
from dedupe_cli.app import app

ARTICLE = (SAMPLES / "wire" / "harbour-bridge.txt").read_text(encoding="utf-8")
OTHER = (SAMPLES / "wire" / "city-budget.txt").read_text(encoding="utf-8")


def test_clean_seeds_gives_the_documented_copies(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("clean", seeds, "--out", out, "--quiet")
    assert result.exit_code == 0, result.stderr
    original_004 = SEED_004.read_bytes()
    assert (out / SEED_004.name).read_bytes() == b"\n".join(original_004.split(b"\n")[:15])
    paragraphs = SEED_000.read_bytes().split(b"\n\n")
    assert (out / SEED_000.name).read_bytes() == b"\n\n".join(paragraphs[:2] + paragraphs[3:])
    assert (out / SEED_000.name).read_bytes().startswith(b" date 2023-05-13 The main opposition")
    assert (seeds / SEED_004.name).read_bytes() == original_004  # originals untouched


def test_seeds_are_not_grouped(seeds: Path) -> None:
    report = run_json(seeds)
    assert report["duplicate_groups"] == []
    assert report["files_scanned"] == 2


def test_json_report_follows_the_contract() -> None:
    report = run_json(SAMPLES, "--exclude", "languages")
    assert report["version"] == 1
    assert set(report) >= {
        "version",
        "settings",
        "files_scanned",
        "skipped",
        "duplicate_groups",
        "repeated_paragraphs",
    }
    assert report["settings"]["similarity"] == 0.5
    [group] = report["duplicate_groups"]
    wire = str(SAMPLES / "wire")
    assert group["keep"] == f"{wire}/harbour-bridge-newsletter.txt"  # it holds all the others' text
    members = {m["path"]: m for m in group["members"]}
    assert set(members) == {
        f"{wire}/harbour-bridge.txt",
        f"{wire}/harbour-bridge-republished.txt",
        f"{wire}/harbour-bridge-truncated.txt",
        f"{wire}/harbour-bridge-newsletter.txt",
    }
    assert members[group["keep"]] == {"path": group["keep"], "similarity": 1.0, "containment": 1.0}
    assert members[f"{wire}/harbour-bridge-truncated.txt"]["containment"] == 1.0
    assert all(0 < m["similarity"] <= 1 and 0 < m["containment"] <= 1 for m in group["members"])
    near = [r for r in report["repeated_paragraphs"] if r["path"].endswith(SEED_000.name)]
    assert near == [
        {
            "path": str(SEED_000),
            "kind": "near",
            "kept_line": 1,
            "removed_lines": [5],
            "similarity": near[0]["similarity"],
        }
    ]
    exact = [r for r in report["repeated_paragraphs"] if r["path"].endswith(SEED_004.name)]
    assert [r["kept_line"] for r in exact] == list(range(1, 16))
    assert exact[0] == {
        "path": str(SEED_004),
        "kind": "exact",
        "kept_line": 1,
        "removed_lines": [16, 31, 46, 61, 76, 91, 106],
        "similarity": 1.0,
    }


def test_clean_writes_a_complete_cleaned_corpus(tmp_path: Path) -> None:
    out = tmp_path / "cleaned"
    result = run("clean", SAMPLES, "--exclude", "languages", "--out", out, "--quiet", "--format", "json")
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [
        SEED_000.name,
        SEED_004.name,
        "wire/city-budget.txt",
        "wire/harbour-bridge-newsletter.txt",
        "wire/harbour-bridge-other-report.txt",
    ]
    for unchanged in ("wire/city-budget.txt", "wire/harbour-bridge-newsletter.txt"):
        assert (out / unchanged).read_bytes() == (SAMPLES / unchanged).read_bytes()
    assert json.loads(result.stdout)["files_removable"] == 3


def test_clean_counts_what_it_wrote_in_plain_english(tmp_path: Path) -> None:
    one = write_tree(tmp_path / "one", {"a.txt": "A single short article with a few words in it.\n"})
    result = run("clean", one, "--out", tmp_path / "out", "-f", "summary")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"dedupe: wrote 1 cleaned file to {tmp_path / 'out'}\n"


def test_clean_keeps_encoding_line_endings_and_missing_newline(tmp_path: Path) -> None:
    body = (ARTICLE.split("\n\n")[0] + "\r\n\r\nCafé “crème” – a short one.\r\n\r\n" + ARTICLE.split("\n\n")[0]).encode(
        "cp1252"
    )
    write_tree(tmp_path / "in", {"story.txt": body})
    run("clean", tmp_path / "in", "--out", tmp_path / "out", "-q")
    assert (tmp_path / "out" / "story.txt").read_bytes() == body[: body.rindex(b"\r\n\r\n")]


@pytest.mark.parametrize("keep", ["complete", "first", "newest", "oldest"])
def test_keep_policies(tmp_path: Path, keep: str) -> None:
    folder = write_tree(
        tmp_path / "in",
        {
            "b.txt": ARTICLE,
            "a.txt": ARTICLE.replace("six weeks", "seven weeks"),
            "c.txt": ARTICLE + "\n\nOne more closing paragraph about the council and its long meeting today.",
        },
    )
    for age, name in enumerate(["c.txt", "a.txt", "b.txt"]):
        os.utime(folder / name, (1_000_000 + age, 1_000_000 + age))
    report = run_json(folder, "--keep", keep)
    expected = {"complete": "c.txt", "first": "a.txt", "newest": "b.txt", "oldest": "c.txt"}[keep]
    assert [Path(g["keep"]).name for g in report["duplicate_groups"]] == [expected]
    assert report["duplicate_groups"][0]["policy"] == keep


def test_report_is_the_same_for_any_jobs_and_argument_order(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SAMPLES, folder)
    for i in range(40):
        (folder / f"extra{i:02d}.txt").write_text(
            OTHER.replace("schools", f"schools {i}") if i % 2 else ARTICLE.replace("harbour", f"harbour {i}")
        )
    one = run("scan", folder / "wire", folder, "--format", "json", "-q", "--jobs", "1").stdout
    two = run("scan", folder, folder / "wire", "--format", "json", "-q", "--jobs", "2").stdout
    assert one == two
    assert json.loads(one)["duplicate_groups"]


def test_output_inside_input_is_refused_before_writing(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    for out in (folder, folder / "cleaned"):
        result = run("clean", folder, "--out", out, "-q")
        assert result.exit_code == 2
        assert "must not be inside the input" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_non_empty_output_needs_overwrite(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    write_tree(tmp_path / "out", {"old.txt": "x"})
    result = run("clean", folder, "--out", tmp_path / "out", "-q")
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        f"dedupe: error: the output folder {tmp_path / 'out'} is not empty; choose a new folder or pass --overwrite",
    )
    assert run("clean", folder, "--out", tmp_path / "out", "-q", "--overwrite").exit_code == 0
    assert (tmp_path / "out" / "a.txt").read_text() == ARTICLE


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["scan", "no-such-folder"], 2, "dedupe: error: no such file or folder: no-such-folder"),
        (
            ["scan", "samples", "--similarity", "2"],
            2,
            "dedupe: error: --similarity must be a number in (0, 1], not 2.0",
        ),
        (["scan", "samples", "--format", "yaml"], 2, "Invalid value"),
        (["scan"], 2, "Missing argument"),
        (["clean", "samples"], 2, "choose where cleaned text goes: --out DIR or --in-place"),
        (["clean", "samples", "--in-place", "--out", "x"], 2, "--out and --in-place cannot be used together"),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_exit_codes_and_one_line_errors(args: list[str], code: int, message: str) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_scan_exits_zero_even_with_duplicates() -> None:
    result = run("scan", SAMPLES, "--exclude", "languages", "-q")
    assert result.exit_code == 0
    assert "1 duplicate group, 3 files removable, 106 repeated paragraphs" in " ".join(result.stdout.split())


def test_terminal_report_escapes_names_and_shows_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # a long temporary path must not wrap the name being checked
    folder = write_tree(tmp_path / "in", {"[bold]x\x1b[31m.txt": ARTICLE, "copy.txt": ARTICLE})
    result = run("scan", folder, "-q")
    assert "\x1b[31m" not in result.stdout
    assert "[bold]x\\x1b[31m.txt" in result.stdout
    assert "keep" in result.stdout and "remove" in result.stdout


def test_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run("scan", SAMPLES, "--exclude", "languages", "--format", "json", "--output", target, "-q")
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["files_scanned"] == 8


def test_every_command_has_help_with_an_example() -> None:
    commands = [c.callback.__name__ for c in app.registered_commands if c.callback]
    assert commands == ["scan", "clean", "explain", "check", "fix", "man"]
    for command in commands:
        result = run(command, "--help")
        assert result.exit_code == 0
        assert f"dedupe {command}" in result.stdout and "Example" in result.stdout


def test_report_output_to_a_fifo_or_a_symlink_keeps_them(tmp_path: Path) -> None:
    """Regression: --output /dev/null replaced the device with a regular file (atomic rename)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert run("scan", SAMPLES, "--exclude", "languages", "-f", "json", "-q", "--output", fifo).exit_code == 0
    reader.join(timeout=30)
    assert fifo.is_fifo() and json.loads(received[0])["files_scanned"] == 8
    target = tmp_path / "real.json"
    (tmp_path / "link.json").symlink_to(target)
    link = tmp_path / "link.json"
    assert run("scan", SAMPLES, "--exclude", "languages", "-f", "json", "-q", "--output", link).exit_code == 0
    assert (tmp_path / "link.json").is_symlink() and json.loads(target.read_text())["files_scanned"] == 8


def test_a_report_file_gets_the_permissions_of_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    previous = os.umask(0o022)
    try:
        assert run("scan", SAMPLES, "--format", "json", "--output", target, "-q").exit_code == 0
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600: others may read a report


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["scan", "samples", "--format", "yaml"],
            "dedupe: error: Invalid value for '--format' / '-f': 'yaml' is not one of 'text', 'json',",
        ),
        (
            ["scan", "samples", "--similarity", "abc"],
            "dedupe: error: Invalid value for '--similarity': 'abc' is not a number (see",
        ),
        (
            ["scan", "samples", "--min-paragraph-chars", "1.5"],
            "dedupe: error: Invalid value for '--min-paragraph-chars': '1.5' is not a whole number (see",
        ),
        (["scan", "samples", "--limit", "-1"], "dedupe: error: Invalid value for '--limit': "),
        (["scan", "samples", "--max-size", "0"], "dedupe: error: --max-size must be a whole number from 1 to "),
        (["scan", "samples", "--min-paragraph-chars", "0"], "dedupe: error: --min-paragraph-chars must be a whole"),
        (["scna"], "dedupe: error: No such command 'scna'. Did you mean 'scan'? (see 'dedupe --help')"),
        (["clean", "samples", "--bogus"], "dedupe: error: No such option: --bogus"),
        (["scan"], "dedupe: error: Missing argument 'PATH'. (see 'dedupe scan --help')"),
        (["clean", "--out", "x"], "dedupe: error: Missing argument 'PATH'. (see 'dedupe clean --help')"),
    ],
)
def test_usage_errors_are_one_line_from_the_real_command(args: list[str], line: str) -> None:
    done = subprocess.run([*DEDUPE, *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(line)


def test_files_from_alone_names_the_paths_to_scan_and_clean(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "a-copy.txt": ARTICLE, "b.txt": OTHER})
    listed = "".join(f"{folder / name}\n" for name in ("a.txt", "a-copy.txt"))
    (tmp_path / "list.txt").write_text(listed)
    from_file = run("scan", "--files-from", tmp_path / "list.txt", "--format", "json", "-q", "--jobs", "1")
    assert from_file.exit_code == 0, from_file.stderr
    report = json.loads(from_file.stdout)
    assert report["files_scanned"] == 2 and len(report["duplicate_groups"]) == 1
    from_stdin = CliRunner().invoke(app, ["scan", "--files-from", "-", "--format", "json", "-q"], input=listed)
    assert (from_stdin.exit_code, from_stdin.stdout) == (0, from_file.stdout)
    cleaned = run("clean", "--files-from", tmp_path / "list.txt", "--out", tmp_path / "out", "-q")
    assert cleaned.exit_code == 0, cleaned.stderr
    assert [path.read_text() for path in (tmp_path / "out").iterdir()] == [ARTICLE]  # one copy of the two


def test_repeats_inside_a_removable_copy_are_not_counted_twice(tmp_path: Path) -> None:
    seed = SEED_004.read_text(encoding="utf-8")
    report = run_json(write_tree(tmp_path / "in", {"a.txt": seed, "b.txt": seed}))
    assert len(report["repeated_paragraphs"]) == 30  # both files' repeats are reported
    assert report["files_removable"] == 1 and report["paragraphs_removable"] == 105  # only the kept file's are cut


def test_json_pairs_list_every_verified_pair_even_across_a_chain(tmp_path: Path) -> None:
    """A≈B and B≈C but A≉C: the group cannot show which two are alike, the `pairs` list does;
    an exact copy is listed once, against the first file of its text."""
    blocks = ["\n\n".join(SEED_LINES[k : k + 2]) for k in range(0, 12, 2)]
    files = {
        "a.txt": "\n\n".join(blocks[0:4]) + "\n",
        "b.txt": "\n\n".join(blocks[1:5]) + "\n",
        "c.txt": "\n\n".join(blocks[2:6]) + "\n",
    }
    files["a-copy.txt"] = files["a.txt"]
    root = write_tree(tmp_path / "chain", files)
    report = run_json(root)
    pairs = {(Path(p["a"]).name, Path(p["b"]).name): p for p in report["pairs"]}
    assert set(pairs) == {("a-copy.txt", "a.txt"), ("a-copy.txt", "b.txt"), ("b.txt", "c.txt")}
    assert (pairs[("a-copy.txt", "a.txt")]["similarity"], pairs[("a-copy.txt", "a.txt")]["containment"]) == (1.0, 1.0)
    assert all(0.5 <= p["similarity"] < 1 for key, p in pairs.items() if key != ("a-copy.txt", "a.txt"))
    assert [(p["a"], p["b"]) for p in report["pairs"]] == sorted((p["a"], p["b"]) for p in report["pairs"])


def test_repeats_far_apart_are_not_shown_as_one_block(tmp_path: Path) -> None:
    """Two repeats whose kept lines and copies are equally far apart, but not next to each
    other: one line each, not a range that claims the paragraphs between them."""
    a, b, c, d = SEED_LINES[0], SEED_LINES[1], SEED_LINES[2], SEED_LINES[3]
    root = write_tree(tmp_path / "far", {"notes.txt": "\n\n".join([a, c, a, b, d, b]) + "\n"})
    result = run("scan", root, "--quiet")
    assert result.exit_code == 0, result.stderr
    assert "  line 1 kept; 1 exact copy removed at line 5 (similarity 1.00)" in result.stdout
    assert "  line 7 kept; 1 exact copy removed at line 11 (similarity 1.00)" in result.stdout
    block = write_tree(tmp_path / "block", {"notes.txt": "\n".join([a, b, c, a, b, c]) + "\n"})
    assert "  lines 1–3 kept; 1 exact copy removed at lines 4–6 (similarity 1.00)" in run("scan", block, "-q").stdout


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux script for a pseudo-terminal")
def test_on_a_terminal_skipped_files_are_listed_once(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "blob.txt": b"\x00\x01binary"})
    command = " ".join([*DEDUPE, "scan", str(folder)])
    done = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.count("blob.txt") == 1 and "Skipped" in done.stdout


def test_version_is_the_packages_and_imports_no_analysis() -> None:
    """`--version` is answered before the app's imports (numpy, typer): a hook may ask it often."""
    import sys

    import dedupe

    program = (
        "import sys; from dedupe_cli.entry import main; main(); print(sorted({'numpy', 'typer'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout == f"dedupe {dedupe.__version__}\n[]\n"
    assert subprocess.run([*DEDUPE, "--version"], capture_output=True, text=True).stdout == done.stdout.split("[")[0]
