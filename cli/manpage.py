"""The manual page, made from the commands' own help, so the two never disagree.

Each command's `--help` text goes in a section of its own, unfilled (`.nf`), escaped for roff:
backslashes, dashes, and a `.` or `'` that would start a request.
"""

from __future__ import annotations

from typing import Any

import typer

from dedupe import __version__

_WIDTH = 78


def _roff(text: str) -> str:
    lines = []
    for line in text.replace("\\", "\\e").replace("-", "\\-").splitlines():
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def _help(command: Any, name: str, parent: Any) -> str:
    context = type(parent)(command, info_name=name, parent=parent, max_content_width=_WIDTH, terminal_width=_WIDTH)
    return str(command.get_help(context))


def render(app: typer.Typer) -> str:
    group: Any = typer.main.get_command(app)
    root = type(group.context_class(group))(group, info_name="dedupe", max_content_width=_WIDTH, terminal_width=_WIDTH)
    parts = [
        f'.TH DEDUPE 1 "" "dedupe {__version__}" "User Commands"',
        ".SH NAME",
        "dedupe \\- " + _roff(group.help or ""),
        ".SH SYNOPSIS",
        ".nf",
        _roff(str(group.get_help(root))),
        ".fi",
    ]
    for name, command in group.commands.items():
        if not command.hidden:
            parts += [f'.SH "DEDUPE {name.upper()}"', ".nf", _roff(_help(command, name, root)), ".fi"]
    parts += [".SH SEE ALSO", "README.md and docs/check.md in the source of dedupe."]
    return "\n".join(parts) + "\n"
