"""The `dedupe` command: the typer app, its commands, and the one place that picks exit codes.

Exit codes: 0 done (a scan is informational), 2 usage, configuration or input errors,
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dedupe import __version__
from dedupe.errors import DedupeError, OutputError
from dedupe.explain import explain as run_explain
from dedupe.model import Report
from dedupe.outputs import reread
from dedupe.scan import scan as run_scan
from dedupe.settings import Settings

from . import options as opt
from .progress import progress_bar
from .render import FORMATS, RenderOptions
from .render import explanation as explanation_view
from .render.report_data import TextLoader
from .render.safe import visible
from .write import atomic_write, check_output_folder, write_cleaned

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 2, 130

app = typer.Typer(
    name="dedupe",
    help="Find and remove duplicate articles and repeated paragraphs in folders of text.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"dedupe {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Find and remove duplicate articles and repeated paragraphs in folders of text."""


@contextmanager
def _exit_codes() -> Iterator[None]:
    """Turn domain errors into one line on stderr and exit 2; Ctrl-C into exit 130."""
    try:
        yield
    except DedupeError as error:
        print(f"dedupe: error: {visible(str(error))}", file=sys.stderr)
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        print("dedupe: interrupted", file=sys.stderr)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _scan(paths: list[str], settings: Settings, jobs: int, quiet: bool) -> Report:
    with progress_bar(quiet) as progress:
        return run_scan(paths, settings, jobs=jobs, progress=progress)


def _terminal() -> tuple[bool, int]:
    """Whether stdout takes colour, and its width."""
    console = Console()
    return console.is_terminal and not console.no_color, console.width


def _text_loader(report: Report, settings: Settings) -> TextLoader:
    """Texts of scanned files for the HTML report; None for a file that changed or went away."""
    scanned = {f.path: f for f in report.files}

    def load(path: str) -> str | None:
        try:
            return reread(scanned[path], settings).decoded.text if path in scanned else None
        except DedupeError:
            return None

    return load


def _emit(report: Report, fmt: opt.OutputFormat, output: Path | None, settings: Settings) -> None:
    """Print the report, or write it to `output` (atomically, without colour)."""
    load_text = _text_loader(report, settings)
    if output is None:
        color, width = _terminal()
        sys.stdout.write(FORMATS[fmt.value](report, RenderOptions(color, width, load_text)))
        return
    try:
        atomic_write(str(output), FORMATS[fmt.value](report, RenderOptions(load_text=load_text)).encode("utf-8"))
    except OSError as error:
        raise OutputError(f"cannot write the report to {output}: {error.strerror or error}") from None


@app.command()
def scan(
    paths: opt.Paths,
    fmt: opt.Format = opt.OutputFormat.text,
    output: opt.Output = None,
    include: opt.Include = None,
    exclude: opt.Exclude = None,
    ext: opt.Extensions = None,
    keep: opt.KeepOption = opt.Keep.complete,
    similarity: opt.Similarity = None,
    containment: opt.Containment = None,
    paragraph_similarity: opt.ParagraphSimilarity = None,
    min_paragraph_chars: opt.MinParagraphChars = None,
    jobs: opt.Jobs = 0,
    quiet: opt.Quiet = False,
) -> None:
    """Report duplicate files and repeated paragraphs; change nothing.

    Example: dedupe scan articles/ --format json --output report.json
    """
    with _exit_codes():
        settings = opt.settings_from(
            include=include,
            exclude=exclude,
            extensions=ext,
            keep=keep,
            similarity=similarity,
            containment=containment,
            paragraph_similarity=paragraph_similarity,
            min_paragraph_chars=min_paragraph_chars,
        )
        _emit(_scan(paths, settings, jobs, quiet), fmt, output, settings)


@app.command()
def clean(
    paths: opt.Paths,
    out: opt.Out,
    overwrite: opt.Overwrite = False,
    fmt: opt.Format = opt.OutputFormat.text,
    output: opt.Output = None,
    include: opt.Include = None,
    exclude: opt.Exclude = None,
    ext: opt.Extensions = None,
    keep: opt.KeepOption = opt.Keep.complete,
    similarity: opt.Similarity = None,
    containment: opt.Containment = None,
    paragraph_similarity: opt.ParagraphSimilarity = None,
    min_paragraph_chars: opt.MinParagraphChars = None,
    jobs: opt.Jobs = 0,
    quiet: opt.Quiet = False,
) -> None:
    """Write cleaned copies under --out: one file per duplicate group, repeated paragraphs removed,
    every other byte as it was. The originals are not touched.

    Example: dedupe clean articles/ --out cleaned/
    """
    with _exit_codes():
        settings = opt.settings_from(
            include=include,
            exclude=exclude,
            extensions=ext,
            keep=keep,
            similarity=similarity,
            containment=containment,
            paragraph_similarity=paragraph_similarity,
            min_paragraph_chars=min_paragraph_chars,
        )
        check_output_folder(paths, str(out), overwrite)
        report = _scan(paths, settings, jobs, quiet)
        written = write_cleaned(report, str(out), settings)
        _emit(report, fmt, output, settings)
        if not quiet:
            print(f"dedupe: wrote {written:,} cleaned files to {visible(str(out))}", file=sys.stderr)


@app.command()
def explain(
    file_a: Annotated[str, typer.Argument(metavar="A", help="A file.", show_default=False)],
    file_b: Annotated[str, typer.Argument(metavar="B", help="Another file.", show_default=False)],
    keep: opt.KeepOption = opt.Keep.complete,
    similarity: opt.Similarity = None,
    containment: opt.Containment = None,
    changes_only: Annotated[
        bool, typer.Option("--changes-only", help="Collapse identical paragraphs to a count.")
    ] = False,
) -> None:
    """Show two files side by side with their word-level differences, their scores, and whether
    dedupe would group them and why (or why not).

    Example: dedupe explain articles/bridge.txt articles/bridge-copy.txt --changes-only
    """
    with _exit_codes():
        settings = opt.settings_from(keep=keep, similarity=similarity, containment=containment)
        result = run_explain(file_a, file_b, settings)
        color, width = _terminal()
        sys.stdout.write(explanation_view.render(result, color=color, width=width, changes_only=changes_only))


def main() -> None:
    """Console entry point."""
    app()
