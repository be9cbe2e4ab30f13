"""How `--help` reads: click's plain layout (no boxes), `PATH...` and `[FILE]...` in the usage
line, and arguments listed by their metavar without typer's `<list[str]>` type labels.

Parameters are told apart by `param_type_name`, not by class: typer vendors click in recent
versions and depends on it in older ones.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand

HELP_OPTIONS = ["-h", "--help"]


def _argument_name(parameter: Any) -> str:
    name: str = parameter.metavar or (parameter.name or "").upper()
    return name + ("..." if parameter.nargs != 1 else "")


class Command(TyperCommand):
    """A typer command whose help shows readable metavars."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for parameter in self.get_params(ctx):
            if parameter.param_type_name == "argument":
                name = _argument_name(parameter)
                pieces.append(name if parameter.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        parameters = self.get_params(ctx)
        arguments = [
            (_argument_name(p), getattr(p, "help", None) or "") for p in parameters if p.param_type_name == "argument"
        ]
        options = [
            record
            for p in parameters
            if p.param_type_name == "option" and (record := p.get_help_record(ctx)) is not None
        ]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
