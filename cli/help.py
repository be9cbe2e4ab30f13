"""How `--help` reads: click's plain layout (no boxes), `PATH...` and `[FILE]...` in the usage
line, and arguments listed by their metavar without typer's `<list[str]>` type labels; and the
commands whose PATH arguments a `--files-from` list can stand in for.

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
                pieces.append(name if self._needed(parameter) else f"[{name}]")
        return pieces

    def _needed(self, parameter: Any) -> bool:
        """Whether the usage line shows the argument `parameter` as one to give."""
        return bool(parameter.required)

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


class PathsCommand(Command):
    """A command that takes its paths as arguments, from a `--files-from` list, or both: one of
    the two is needed, and the usage says so on two lines, as GNU du says `FILE...` or
    `--files0-from=F`."""

    def _needed(self, parameter: Any) -> bool:
        return True

    def _paths_and_list(self, ctx: Any) -> tuple[Any, Any]:
        parameters = self.get_params(ctx)
        paths = next(p for p in parameters if p.param_type_name == "argument")
        return paths, next(p for p in parameters if p.name == "files_from")

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        super().format_usage(ctx, formatter)
        paths, listed = self._paths_and_list(ctx)
        alone = f"[OPTIONS] {listed.opts[0]} {listed.metavar} [{_argument_name(paths)}]"
        formatter.write_usage(ctx.command_path, alone, prefix="  or:  ")

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        rest: list[str] = super().parse_args(ctx, args)
        paths, listed = self._paths_and_list(ctx)
        if not ctx.resilient_parsing and not ctx.params.get(paths.name) and ctx.params.get(listed.name) is None:
            ctx.fail(f"Missing argument '{_argument_name(paths).removesuffix('...')}'.")
        return rest
