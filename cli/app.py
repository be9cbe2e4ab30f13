"""The `dedupe` command: the typer app, its commands, and the one place that picks exit codes.

Exit codes: 0 done (a scan is informational; a check found nothing new), 1 a check found
problems (or fix changed files), 2 usage, configuration or input errors, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dedupe import __version__
from dedupe.baseline import baseline_text, parse_baseline, without_baselined
from dedupe.cache import AnalysisCache
from dedupe.corpus import corpus_paths
from dedupe.errors import DedupeError, InputError, OutputError, ProblemsFound
from dedupe.model import Report
from dedupe.problems import Level, problems
from dedupe.scan import scan as run_scan
from dedupe.settings import Settings
from dedupe.sources import selected

from . import options as opt
from .progress import progress_bar
from .render import FORMATS, RenderOptions
from .render.safe import visible
from .render.terminal import plural
from .write import atomic_write, check_output_folder, fix_in_place, write_cleaned

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

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
    """Turn problems found into exit 1, domain errors into one line on stderr and exit 2, Ctrl-C
    into exit 130."""
    try:
        yield
    except ProblemsFound as found:
        print(f"dedupe: {visible(str(found))}", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS) from None
    except DedupeError as error:
        print(f"dedupe: error: {visible(str(error))}", file=sys.stderr)
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        print("dedupe: interrupted", file=sys.stderr)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _scan(
    paths: list[str],
    settings: Settings,
    jobs: int,
    quiet: bool,
    cache: AnalysisCache | None = None,
    focus: list[str] | None = None,
) -> Report:
    with progress_bar(quiet) as progress:
        return run_scan(paths, settings, jobs=jobs, progress=progress, cache=cache, focus=focus)


def _emit(report: Report, fmt: opt.OutputFormat, output: Path | None, level: Level = "error") -> None:
    """Print the report, or write it to `output` (atomically, without colour)."""
    render = FORMATS[fmt.resolved()]
    if output is None:
        console = Console()
        options = RenderOptions(color=console.is_terminal and not console.no_color, width=console.width, level=level)
        sys.stdout.write(render(report, options))
        return
    _write(output, render(report, RenderOptions(level=level)), "the report")


def _write(target: Path, text: str, what: str) -> None:
    try:
        atomic_write(str(target), text.encode("utf-8"))
    except OSError as error:
        raise OutputError(f"cannot write {what} to {target}: {error.strerror or error}") from None


@contextmanager
def _cache(folder: Path, disabled: bool, settings: Settings) -> Iterator[AnalysisCache | None]:
    """The analysis cache, or none: a folder that cannot hold one slows the run down, no more."""
    if disabled:
        yield None
        return
    try:
        cache = AnalysisCache(str(folder), settings)
    except (OSError, sqlite3.Error) as error:
        print(f"dedupe: warning: running without a cache ({visible(str(folder))}: {error})", file=sys.stderr)
        yield None
        return
    with cache:
        yield cache


def _checked_files(files: list[str], settings: Settings) -> list[str]:
    """The given files that are articles by the configured rules: pre-commit passes every text file."""
    return [path for path in map(os.path.normpath, files) if selected(path, settings)]


@app.command()
@opt.settings_options
def scan(
    paths: opt.Paths,
    flags: opt.SettingsFlags,
    fmt: opt.Format = opt.OutputFormat.text,
    output: opt.Output = None,
    jobs: opt.Jobs = 0,
    quiet: opt.Quiet = False,
) -> None:
    """Report duplicate files and repeated paragraphs; change nothing.

    Example: dedupe scan articles/ --format json --output report.json
    """
    with _exit_codes():
        _, settings = flags.load()
        _emit(_scan(paths, settings, jobs, quiet), fmt, output)


@app.command()
@opt.settings_options
def clean(
    paths: opt.Paths,
    out: opt.Out,
    flags: opt.SettingsFlags,
    overwrite: opt.Overwrite = False,
    fmt: opt.Format = opt.OutputFormat.text,
    output: opt.Output = None,
    jobs: opt.Jobs = 0,
    quiet: opt.Quiet = False,
) -> None:
    """Write cleaned copies under --out: one file per duplicate group, repeated paragraphs removed,
    every other byte as it was. The originals are not touched.

    Example: dedupe clean articles/ --out cleaned/
    """
    with _exit_codes():
        _, settings = flags.load()
        check_output_folder(paths, str(out), overwrite)
        report = _scan(paths, settings, jobs, quiet)
        written = write_cleaned(report, str(out), settings)
        _emit(report, fmt, output)
        if not quiet:
            print(f"dedupe: wrote {written:,} cleaned files to {visible(str(out))}", file=sys.stderr)


@app.command()
@opt.settings_options
def check(
    flags: opt.SettingsFlags,
    files: opt.Files = None,
    corpus: opt.Corpus = None,
    fmt: opt.Format = opt.OutputFormat.auto,
    output: opt.Output = None,
    level: opt.LevelOption = None,
    baseline: opt.Baseline = opt.DEFAULT_BASELINE,
    write_baseline: opt.WriteBaseline = False,
    cache_dir: opt.CacheDir = opt.DEFAULT_CACHE,
    no_cache: opt.NoCache = False,
    jobs: opt.Jobs = 0,
    quiet: opt.Quiet = False,
) -> None:
    """Fail (exit 1) on duplicate articles and repeated paragraphs that the baseline does not
    accept. Given files (a commit's staged files) are checked for repeated paragraphs and against
    the whole corpus: the git repository's tracked text files, the configured roots, or --corpus.

    Example: dedupe check new-article.md --format github
    """
    with _exit_codes():
        configured, settings = flags.load()
        if write_baseline and files:
            raise InputError("--write-baseline records the problems of the whole corpus: give no file names")
        given = _checked_files(files or [], settings)
        paths = corpus_paths(corpus or [], configured.roots, settings) if given or not files else []
        with _cache(cache_dir, no_cache, settings) as cache:
            report = _scan([*paths, *given], settings, jobs, quiet, cache, given if files else None)
        if write_baseline:
            _write(baseline, baseline_text(report), "the baseline")
            recorded = plural(len(problems(report)), "problem")
            print(f"dedupe: recorded {recorded} in {visible(str(baseline))}", file=sys.stderr)
            return
        if baseline.exists():
            report = without_baselined(report, parse_baseline(_read_text(baseline), str(baseline)))
        chosen = level.value if level else configured.level
        _emit(report, fmt, output, chosen)
        found = problems(report)
        if found and chosen == "error":
            duplicates = sum(p.rule == "duplicate-article" for p in found)
            raise ProblemsFound(
                f"{plural(len(found), 'problem')}: {plural(duplicates, 'duplicate article')}, "
                f"{plural(len(found) - duplicates, 'repeated paragraph')}"
            )


@app.command()
@opt.settings_options
def fix(flags: opt.SettingsFlags, files: opt.Files = None) -> None:
    """Remove repeated paragraphs from the given files, in place (atomically); exit 1 when a file
    changed, as pre-commit's fixers do. Never deletes a file: duplicate articles are for check.

    Example: dedupe fix notes/meeting.md
    """
    with _exit_codes():
        _, settings = flags.load()
        report = run_scan(_checked_files(files or [], settings), settings)
        fixed = fix_in_place(report, settings)
        for path, removed in fixed:
            print(f"Fixing {visible(path)}: removed {plural(removed, 'repeated paragraph')}")
        if fixed:
            raise ProblemsFound(f"removed repeated paragraphs from {plural(len(fixed), 'file')}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from None


def main() -> None:
    """Console entry point."""
    app()
