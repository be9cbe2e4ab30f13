"""Help as people read it: each command lists only its options, with readable metavars, defaults
as `[default: 0.5]`, examples, `-h`; plus shell completion and a man page made from the help."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from conftest import DEDUPE, ROOT, run
from dedupe_cli.app import app

COMMANDS = ["scan", "clean", "explain", "check", "fix", "man"]


def help_of(*command: str, width: int = 80) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": str(width)}, terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_readable_help_with_examples(command: str) -> None:
    text = help_of(command)
    assert "Examples:" in text
    assert not re.search(r"<(bool|list\[.*?\]|str|int|float|path|file|text)>|\{[A-Z]+\}|\[default: \(", text), text
    assert "╭" not in text  # no boxes
    assert all(len(line) <= 80 for line in text.splitlines())
    for option in re.findall(r"^\s+(?:-\w, )?(--[\w-]+) (\S+)", text, re.M):
        assert re.fullmatch(r"[A-Z]+", option[1]) or option[1].startswith("-") or option[1][0].isupper(), option
    assert run(command, "-h").stdout == text


@pytest.mark.parametrize(
    ("command", "absent"),
    [
        ("explain", ["--jobs", "--include", "--follow-symlinks", "--quiet"]),
        ("fix", ["--keep", "--similarity", "--containment", "--jobs"]),
        ("check", ["--similarity", "--keep", "--paragraph-similarity"]),  # accepted, documented in docs/check.md
    ],
)
def test_each_command_lists_only_its_options(command: str, absent: list[str]) -> None:
    options = help_of(command).split("\nOptions:\n")[1]
    assert not [option for option in absent if re.search(rf"\s{option}\b", options)]


def test_check_help_is_short_and_defaults_read_plainly() -> None:
    assert len(help_of("check").splitlines()) <= 50
    scan = " ".join(help_of("scan", width=200).split())
    assert "[default: 0.5]" in scan and "[default: complete]" in scan and "text, json, csv, summary" in scan
    assert "Usage: dedupe scan [OPTIONS] PATH..." in scan and "Usage: dedupe explain [OPTIONS] A B" in " ".join(
        help_of("explain").split()
    )


@pytest.mark.parametrize("command", ["scan", "clean"])
def test_the_usage_says_paths_or_a_list_of_them(command: str) -> None:
    assert help_of(command).splitlines()[:2] == [
        f"Usage: dedupe {command} [OPTIONS] PATH...",
        f"  or:  dedupe {command} [OPTIONS] --files-from FILE [PATH...]",
    ]


def test_the_hidden_tuning_options_of_check_still_work(repo: object) -> None:
    result = run("check", "--similarity", "0")
    assert result.exit_code == 2 and "similarity" in result.stderr and "No such option" not in result.stderr


def test_shell_completion_and_the_man_page() -> None:
    completion = subprocess.run(
        [*DEDUPE, "--show-completion"], capture_output=True, text=True, env={"SHELL": "/bin/bash", "PATH": "/usr/bin"}
    )
    assert completion.returncode == 0 and "_DEDUPE_COMPLETE" in completion.stdout
    page = subprocess.run([*DEDUPE, "man"], capture_output=True, text=True, cwd=ROOT)
    assert page.returncode == 0 and page.stdout.startswith(".TH DEDUPE 1")
    for command in COMMANDS:
        assert f'.SH "DEDUPE {command.upper()}"' in page.stdout
    assert "\\-\\-similarity" in page.stdout
    if shutil.which("man"):
        shown = subprocess.run(
            ["man", "-l", "-"],
            input=page.stdout,
            capture_output=True,
            text=True,
            env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin"},
        )
        assert shown.returncode == 0 and "--min-paragraph-chars" in shown.stdout
