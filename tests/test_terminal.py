"""The terminal report seen in a real pseudo-terminal: widths (paths never folded mid-name, the
pane's width even with TERM=dumb), colours (--color, NO_COLOR), sorting and limiting."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
from pathlib import Path

from conftest import ARTICLE, DEDUPE, OTHER, RETOLD, run, three_groups, write_tree

LONG = "archive/2019/regional-newspapers/harbour-city-gazette/weekend-edition"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def in_pty(args: list[str], columns: int, env: dict[str, str] | None = None) -> str:
    """What the command prints on a pseudo-terminal `columns` wide (colour codes left in)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    process = subprocess.Popen(
        [*DEDUPE, *args], stdin=follower, stdout=follower, stderr=follower, env={**environment, **(env or {})}
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def corpus(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "c",
        {f"{LONG}/bridge.txt": ARTICLE, f"{LONG}/bridge-copy.txt": ARTICLE, "budget.txt": OTHER, "drivers.txt": RETOLD},
    )


def test_paths_are_never_folded_mid_name_in_a_narrow_pane(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    shown = _ANSI.sub("", in_pty(["scan", str(folder), "-j", "1", "-q"], columns=72))
    assert f"{folder}/{LONG}/bridge-copy.txt" in shown
    assert "remove" in shown and "\x1b" not in _ANSI.sub("", shown)


def test_a_dumb_terminal_is_as_wide_as_its_pane(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    shown = in_pty(["scan", str(folder), "-j", "1", "-q"], columns=200, env={"TERM": "dumb"})
    assert "\x1b[" not in shown  # a dumb terminal takes no colour
    summary = next(line for line in shown.splitlines() if "files scanned" in line)
    assert len(summary) > 80 and summary.endswith("saved")  # one line, not wrapped at 80


def test_color_auto_always_never_and_the_progress_bar(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    assert "\x1b[" in in_pty(["scan", str(folder), "-j", "1", "-q"], columns=120)
    assert "\x1b[" not in in_pty(["scan", str(folder), "-j", "1", "-q", "--color", "never"], columns=120)
    assert "\x1b[" not in in_pty(["scan", str(folder), "-j", "1", "-q"], columns=120, env={"NO_COLOR": "1"})
    # progress, on the terminal only (the runs above filled the cache: nothing would be read)
    assert "reading" in in_pty(["scan", str(folder), "-j", "1", "--no-cache"], columns=120)
    assert "reading" not in run("scan", folder, "--jobs", "1").stderr
    piped = run("scan", folder, "--jobs", "1", "--color", "always")
    assert "\x1b[" in piped.stdout
    assert "\x1b[" not in run("scan", folder, "--jobs", "1").stdout


def test_sort_and_limit_a_long_report(tmp_path: Path) -> None:
    """Three groups whose orders by path, by similarity and by bytes saved all differ; numbers stay
    those of the report."""
    folder = three_groups(tmp_path / "c")

    def kept(*args: str) -> list[str]:
        out = run("scan", folder, "--jobs", "1", "--quiet", *args).stdout
        return [
            line.split(": keep ")[1].split(" (")[0].rsplit("/", 1)[1]
            for line in out.splitlines()
            if line.startswith("Duplicate")
        ]

    assert kept() == ["0-copy.txt", "a-copy.txt", "b.txt"]
    assert kept("--sort", "similarity") == ["b.txt", "0-copy.txt", "a-copy.txt"]
    assert kept("--sort", "bytes") == ["a-copy.txt", "b.txt", "0-copy.txt"]
    limited = run("scan", folder, "--jobs", "1", "--quiet", "--limit", "1", "--sort", "bytes").stdout
    assert limited.startswith("6 files scanned, 0 skipped: 3 duplicate groups")  # the summary counts all
    assert "Duplicate group 2: keep" in limited and limited.count("Duplicate group") == 1
    assert limited.rstrip().endswith("… and 2 more entries (--limit 1)")


def test_held_paragraphs_past_the_first_three_are_counted_in_plain_english(tmp_path: Path) -> None:
    """Six paragraphs alike but for the town they name: each is kept, three are listed, and the
    rest are counted as "2 more", not "2 mores"."""
    towns = ["Northgate", "Southgate", "Eastbrook", "Westfield", "Millbrook", "Ashford"]
    text = "\n\n".join(f"The council approved the new tram line to {town} on Monday evening." for town in towns)
    folder = write_tree(tmp_path / "towns", {"towns.txt": text + "\n"})
    out = run("scan", folder, "--jobs", "1", "--quiet", "--no-cache").stdout
    assert out.count(" ≈ line 1 (near") == 3
    assert "    … and 2 more (--format json lists all)\n" in out


def test_the_progress_display_takes_no_escape_code_without_colour(tmp_path: Path) -> None:
    """--color never, NO_COLOR and a dumb terminal: the progress still shows, as plain text
    rewritten with a carriage return, and no escape code reaches the terminal; the report follows."""
    folder = corpus(tmp_path)
    scan = ["scan", str(folder), "-j", "1", "--no-cache"]  # a cache hit reads nothing, so shows no progress
    for args, env in ((["--color", "never"], {}), ([], {"NO_COLOR": "1"}), ([], {"TERM": "dumb"})):
        shown = in_pty([*scan, *args], columns=120, env=env)
        assert "reading 4/4" in shown, (args, env)
        assert "\x1b" not in shown, (args, env)
        assert "4 files scanned" in shown.split("reading 4/4")[-1]
    assert re.search(r"\x1b\[[0-9;]*m", in_pty(scan, columns=120))  # a terminal that takes colour has it
