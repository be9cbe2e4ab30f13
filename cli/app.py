"""The `dedupe` command: the typer app, its commands, and the one place that picks exit codes.

Exit codes: 0 done (a scan is informational; a check found nothing new), 1 a check found problems
(or fix changed files), 2 usage, configuration or input errors, or files that could not be read
(the report is then incomplete, as with grep), 3 an internal error (a bug: one line, the
traceback with --debug or DEDUPE_DEBUG=1), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import functools
import gc
import os
import re
import shutil
import sqlite3
import stat
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from dedupe import __version__
from dedupe.baseline import BASELINE_FILE, baseline_text, parse_baseline, without_baselined
from dedupe.corpus import Corpus, as_walked, corpus_paths
from dedupe.engines.dask import SCHEDULER_VARIABLE, DaskEngine
from dedupe.errors import DedupeError, InputError, OutputError, ProblemsFound
from dedupe.model import Report, Skipped
from dedupe.problems import Level, problems
from dedupe.settings import Settings
from dedupe.sinks.folder import (
    check_output_folder,
    cleaned_files,
    refuse_report_over_input,
    write_cleaned,
    write_report,
)
from dedupe.sinks.inplace import check_backup_suffix, fix_in_place, planned_deletions, planned_fixes
from dedupe.sinks.outputs import Cleaned, text_loader
from dedupe.sources import Selection, discover, left_out, selected
from dedupe.urls import refuse_in_place

from . import manpage
from . import options as opt
from .help import HELP_OPTIONS, Command, PathsCommand

if TYPE_CHECKING:
    from dedupe.engines.base import Engine
    from dedupe.store.cache import AnalysisCache

# numpy, the pipeline and the renderers (rich) are imported by the functions that use them, so
# that --help, man and shell completion start in a fraction of the time.

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
_GC_ALLOCATIONS = 50_000  # allocations between two collections of the youngest objects (Python's: 700)
_debug = os.environ.get("DEDUPE_DEBUG", "") not in ("", "0")


class UsageError(Exception):
    """Options that do not go together."""


app = typer.Typer(
    name="dedupe",
    help="Find and remove duplicate articles and repeated paragraphs in folders of text.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: no boxes, no `<bool>`, no words broken mid-way
    context_settings={"help_option_names": HELP_OPTIONS, "max_content_width": 100},
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
    debug: Annotated[
        bool, typer.Option("--debug", help="On an internal error, print the traceback (or set DEDUPE_DEBUG=1).")
    ] = False,
) -> None:
    """Find and remove duplicate articles and repeated paragraphs in folders of text."""
    global _debug
    _debug = _debug or debug


def run_scan(paths: Sequence[str], settings: Settings, **options: Any) -> Report:
    """`dedupe.scan` (tests replace this to act between a scan and its report)."""
    from dedupe.pipeline import scan

    return scan(paths, settings, **options)


def visible(text: str) -> str:
    """Control characters and bidi marks escaped: `render.safe.visible`."""
    from .render.safe import visible as escaped

    return escaped(text)


def plural(count: int, word: str) -> str:
    from .render.terminal import plural as counted

    return counted(count, word)


@contextmanager
def _exit_codes() -> Iterator[None]:
    """Turn problems found into exit 1, domain errors into one line on stderr and exit 2, Ctrl-C
    into exit 130."""
    try:
        yield
    except ProblemsFound as found:
        print(f"dedupe: {visible(str(found))}", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS) from None
    except (DedupeError, UsageError) as error:
        print(f"dedupe: error: {visible(str(error))}", file=sys.stderr)
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        print("dedupe: interrupted", file=sys.stderr)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as error:  # the system refused something no check foresaw: still one line, exit 2
        where = f"{visible(str(error.filename))}: " if error.filename else ""
        print(f"dedupe: error: {where}{error.strerror or error}", file=sys.stderr)
        raise typer.Exit(EXIT_ERROR) from None


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Run a command inside `_exit_codes`, including the building of its settings."""

    @functools.wraps(command)
    def guarded(**arguments: Any) -> None:
        with _exit_codes():
            command(**arguments)

    return guarded


def _scan(paths: list[str], common: opt.Common, focus: list[str] | None = None) -> Report:
    """Detection (which drops what `dedupe: ignore` comments accept), on the engine asked for,
    with the analysis cache on the local engine (a Dask run keeps its analyses on the workers)."""
    from .progress import progress_bar

    with (
        _engine(common, local=focus is not None) as engine,
        _cache(common.cache_folder() if engine is None else None, common.settings) as cache,
        progress_bar(common.quiet, common.color.value) as progress,
    ):
        return run_scan(
            paths,
            common.settings,
            jobs=common.jobs,
            progress=progress,
            cache=cache,
            focus=focus,
            selection=common.selection,
            engine=engine,
        )


@contextmanager
def _engine(common: opt.Common, local: bool) -> Iterator[Engine | None]:
    """The Dask engine when asked for (--engine dask, --scheduler, $DEDUPE_SCHEDULER), started
    before the progress display so no thread runs while its processes start; else none (the
    library's local pool). `local`: a check of a few files, faster here than on any cluster."""
    scheduler = common.scheduler or os.environ.get(SCHEDULER_VARIABLE) or None
    if local or (common.engine != opt.EngineName.dask and scheduler is None):
        yield None
        return
    with DaskEngine(scheduler, common.jobs) as engine:
        yield engine


def _finish(report: Report, quiet: bool, failed: Sequence[Skipped] = ()) -> None:
    """One stderr line per skipped or failed file; exit 2 when some file could not be read."""
    for skipped in (*report.skipped, *failed):
        if skipped.error or not quiet:
            label = "error" if skipped.error else "skipped"
            print(f"dedupe: {label}: {visible(skipped.path)}: {visible(skipped.reason)}", file=sys.stderr)
    if report.read_errors or failed:
        raise typer.Exit(EXIT_ERROR)


def _terminal(color: opt.Color = opt.Color.auto) -> tuple[bool, int]:
    """Whether stdout takes colour (`--color`, else a terminal without NO_COLOR), and the width to
    wrap at: the terminal's, even when TERM=dumb (rich assumes 80 then); none to speak of when piped."""
    from rich.console import Console

    console = Console()
    colored = color == opt.Color.always or (color == opt.Color.auto and console.is_terminal and not console.no_color)
    if not console.is_terminal:
        return colored, 200
    return colored, shutil.get_terminal_size((console.width, 25)).columns


def _emit(
    report: Report,
    view: str,
    output: Path | None,
    common: opt.Common,
    *,
    sort: str = "path",
    limit: int = 0,
    level: Level = "error",
) -> bool:
    """Print the report in the format `view`, or write it to `output` (atomically, without
    colour). Returns whether the terminal now shows the skipped files (the text report lists
    them), so that the 'skipped' lines on stderr need not repeat them."""
    from .render import FORMATS, RenderOptions

    options = RenderOptions(level=level, sort=sort, limit=limit)
    render, load_text = FORMATS[view], text_loader(report, common.settings)
    if output is None:
        color, width = _terminal(common.color)
        sys.stdout.write(render(report, replace(options, color=color, width=width, load_text=load_text)))
        return view == "text" and sys.stdout.isatty()
    refuse_report_over_input(str(output), report)
    _write(output, render(report, replace(options, load_text=load_text)), "the report")
    return False


def _write(target: Path, text: str, what: str) -> None:
    try:
        write_report(str(target), text.encode("utf-8"))
    except OSError as error:
        raise OutputError(f"cannot write {what} to {target}: {error.strerror or error}") from None


@contextmanager
def _cache(folder: Path | None, settings: Settings) -> Iterator[AnalysisCache | None]:
    """The analysis cache in `folder`, or none: a folder that cannot hold one slows the run down,
    no more."""
    from dedupe.store.cache import AnalysisCache

    if folder is None:
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


def _checked_files(files: list[str], settings: Settings, selection: Selection) -> list[str]:
    """The given files that are articles by the configured rules (pre-commit passes every text
    file), and the articles in the given folders, found as `scan` finds them."""
    chosen: list[str] = []
    for path in map(os.path.normpath, files):
        if not os.path.lexists(path):
            raise InputError(f"no such file or folder: {path}")
        if os.path.isdir(path):
            chosen += [source.path for source in discover([path], settings, selection)[0]]
        elif selected(path, settings):
            chosen.append(path)
    return chosen


def _with_given(corpus: Corpus, given: list[str], real: Callable[[str], str]) -> Corpus:
    """The corpus with each given file named as the user named it: a file given from a subfolder
    (`notes.txt`) is the tracked `articles/notes.txt`, one file, so it is checked, not skipped as
    a second name of itself. A file known to be regular (no symlink) can be a given one only
    under the same file name, so only those named alike, and the others, are resolved (`real`:
    `_real_paths()`, one for a run, so a path is resolved once however many times it is asked)."""
    if not given:
        return corpus
    named = {os.path.realpath(path) for path in given}
    names = {os.path.basename(path) for path in named}
    endings = tuple(names)  # a cheap first test: a path not ending so has none of the names

    def given_again(path: str) -> bool:
        alike = path.endswith(endings) and os.path.basename(path) in names
        return (path not in corpus.regular or alike) and real(path) in named

    return Corpus([path for path in corpus.paths if not given_again(path)] + given, corpus.regular)


def _real_paths() -> Callable[[str], str]:
    """`os.path.realpath` with each folder resolved once, a file whole only when it is a symlink
    itself: realpath looks at every part of every path, a quarter of a hook's time at 20,000."""
    folders: dict[str, str] = {}

    def real(path: str) -> str:
        folder, name = os.path.split(path)
        try:
            linked = stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:
            linked = True  # missing or unreadable: as realpath says
        if linked or name in ("", ".", ".."):
            return os.path.realpath(path)
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        return os.path.join(folders[folder], name)

    return functools.cache(real)


def _say_if_nothing_found(paths: list[str], report: Report, common: opt.Common) -> None:
    """A folder whose files the extension filter all leaves out scans to nothing: say why and how."""
    folders = [path for path in paths if os.path.isdir(path)]
    if report.files or not folders:
        return
    counts = left_out(folders, common.settings, common.selection)
    if counts:
        kinds = ", ".join(f"{count:,} {ext or 'without extension'}" for ext, count in sorted(counts.items()))
        wanted = " ".join(common.settings.include or common.settings.extensions)
        print(
            f"dedupe: warning: no file to compare: the filter ({wanted}) leaves out {kinds}; "
            "compare them with --include '*' (or --ext EXT)",
            file=sys.stderr,
        )


def _say_if_none_chosen(files: list[str], chosen: list[str], settings: Settings, quiet: bool) -> None:
    """A named file that is not an article is left alone in silence (pre-commit names them all),
    unless none of the named files is one: then the user likely expected something to happen."""
    if files and not chosen and not quiet:
        wanted = ", ".join(settings.include or settings.extensions)
        print(f"dedupe: none of the given files is an article by the configured rules ({wanted})", file=sys.stderr)


_DELETE_HINT = "(--delete-duplicates deletes them)"  # what clean --in-place leaves, and how to delete it
_WALK = (
    opt.SELECTION,
    opt.DUPLICATES,
    opt.ORIGINALS,
    opt.PARAGRAPHS,
    opt.FORMATS,
    opt.CONFIG,
    opt.JOBS,
    opt.ENGINE,
    opt.QUIET,
)


@app.command(cls=PathsCommand)
@_guarded
@opt.common_options(*_WALK, opt.CACHE)
def scan(
    paths: opt.Paths = None,
    fmt: opt.format_option(opt.OutputFormat.text) = opt.OutputFormat.text,  # type: ignore[valid-type]
    output: opt.Output = None,
    sort: opt.SortOption = opt.Sort.path,
    limit: opt.Limit = 0,
    *,
    common: opt.Common,
) -> None:
    """Report duplicate files and repeated paragraphs; change nothing.

    \b
    Examples:
      dedupe scan articles/
      dedupe scan articles/ --format json --output report.json
      dedupe scan articles/ --format html -o report.html --sort bytes
      find . -name '*.txt' -print0 | dedupe scan -
      dedupe scan incoming/ // archive/
    """
    paths, originals, common = common.with_originals(paths or [])
    paths += originals
    report = _scan(paths, common)
    listed = _emit(report, fmt.resolved(), output, common, sort=sort.value, limit=limit)
    _say_if_nothing_found(paths, report, common)
    _finish(report, common.quiet or listed)


@app.command(cls=PathsCommand)
@_guarded
@opt.common_options(*_WALK, opt.CACHE)
def clean(
    paths: opt.Paths = None,
    out: opt.Out = None,
    in_place: opt.InPlace = False,
    backup: opt.Backup = None,
    delete_duplicates: opt.DeleteDuplicates = False,
    dry_run: opt.DryRun = False,
    script_file: opt.Script = None,
    overwrite: opt.Overwrite = False,
    fmt: opt.format_option(opt.OutputFormat.text) = opt.OutputFormat.text,  # type: ignore[valid-type]
    output: opt.Output = None,
    *,
    common: opt.Common,
) -> None:
    """Write cleaned copies under --out, or fix the files with --in-place.

    --out DIR: one file per duplicate group, repeated paragraphs removed, every other byte as it was.

    --in-place: repeated paragraphs cut from the files themselves (--backup keeps the originals);
    duplicate files deleted only with --delete-duplicates, never the kept copy.

    --dry-run: print a patch (git apply, patch -p1) and the files that would go; change nothing.
    --script FILE: write a shell script that deletes the removable copies, to read and run.

    \b
    Examples:
      dedupe clean articles/ --out cleaned/
      dedupe clean articles/ --in-place --dry-run > cuts.patch
      dedupe clean articles/ --script remove-copies.sh
      dedupe clean incoming/ // archive/ --in-place --delete-duplicates
    """
    from .render import script

    paths, originals, common = common.with_originals(paths or [])
    paths += originals
    if script_file is not None:
        report = _scan(paths, common)
        _write(script_file, script.render(report), "the script")
        if not common.quiet:
            print(f"dedupe: wrote {visible(str(script_file))}: review it, then run it with sh", file=sys.stderr)
        _finish(report, common.quiet)
        return
    if out is not None and in_place:
        raise UsageError("--out and --in-place cannot be used together: choose one")
    if out is None and not in_place:
        raise UsageError("choose where cleaned text goes: --out DIR or --in-place (or --script FILE)")
    if not in_place and (backup is not None or delete_duplicates):
        raise UsageError("--backup and --delete-duplicates go with --in-place")
    check_backup_suffix(backup)
    if in_place:
        refuse_in_place(paths)
    settings, quiet = common.settings, common.quiet
    if out is not None and not dry_run:
        check_output_folder(paths, str(out), overwrite)
    report = _scan(paths, common)
    if dry_run:
        changed, removed = _dry_run(report, settings, in_place, delete_duplicates)
        if not quiet:
            gone = f", {plural(removed, 'duplicate')} would be {'deleted' if in_place else 'left out'}"
            changes = f"{plural(changed, 'file')} would change{gone if removed else ''}"
            left = report.files_removable if in_place and not delete_duplicates else 0
            if left:
                changes += f"; {plural(left, 'duplicate')} would not be deleted {_DELETE_HINT}"
            print(f"dedupe: dry run: {changes}; nothing was written", file=sys.stderr)
        _finish(report, quiet)
        return
    listed = _emit(report, fmt.resolved(), output, common)  # first: HTML shows files as they were
    if out is not None:
        written, failed = write_cleaned(report, str(out), settings)
        summary = f"wrote {plural(written, 'cleaned file')} to {visible(str(out))}"
    else:
        result = fix_in_place(report, settings, backup, delete_duplicates)
        failed = result.failed
        summary = f"fixed {plural(len(result.fixed), 'file')} in place"
        left = report.files_removable
        if delete_duplicates:
            summary += f", deleted {plural(len(result.deleted), 'duplicate')}"
        elif left:
            summary += f"; {plural(left, 'duplicate')} not deleted {_DELETE_HINT}"
    if not quiet:
        print(f"dedupe: {summary}", file=sys.stderr)
    _finish(report, quiet or listed, failed)


def _dry_run(report: Report, settings: Settings, in_place: bool, delete_duplicates: bool) -> tuple[int, int]:
    """The diff of each file that would change, streamed, then the files that would go; returns
    how many of each."""
    from .render import diff

    if in_place:
        fixes: Iterable[Cleaned | Skipped] = planned_fixes(report, settings, delete_duplicates)
        removed = sorted(p for d in planned_deletions(report) for p in d.paths) if delete_duplicates else []
        verb = "would delete"
    else:
        fixes, removed = (result for result, _ in cleaned_files(report, settings)), sorted(report.removed_files())
        verb = "would leave out"
    changed, terminal = 0, sys.stdout.isatty()
    for fix in fixes:
        if isinstance(fix, Cleaned):
            sys.stdout.flush()
            sys.stdout.buffer.write(diff.render_file(fix, terminal))
            changed += fix.changed
            if fix.changed and not terminal and diff.has_controls(fix.original):
                where = visible(fix.scanned.path)
                print(
                    f"dedupe: warning: {where} holds control characters, shown escaped: its patch will not apply",
                    file=sys.stderr,
                )
    sys.stdout.write(diff.render_removed(removed, verb))
    return changed, len(removed)


@app.command(cls=Command)
@_guarded
@opt.common_options(opt.DUPLICATES, opt.PARAGRAPHS, opt.FORMATS, opt.CONFIG)
def explain(
    file_a: Annotated[str, typer.Argument(metavar="A", help="A file.", show_default=False)],
    file_b: Annotated[str, typer.Argument(metavar="B", help="Another file.", show_default=False)],
    changes_only: Annotated[
        bool, typer.Option("--changes-only", help="Collapse identical paragraphs to a count.")
    ] = False,
    *,
    common: opt.Common,
) -> None:
    """Show why two files would be grouped, or not: scores, the rule, word-level differences.

    The two files side by side with their differences marked word by word, their similarity and
    containment, and the reasons dedupe would group them or not. Exits 1 when a scan would group
    them (as check exits 1 on a duplicate), 0 when not.

    \b
    Examples:
      dedupe explain articles/bridge.txt articles/bridge-copy.txt --changes-only
      dedupe explain a.txt b.txt --similarity 0.7 && echo "not duplicates"
    """
    from dedupe.explain import explain as run_explain

    from .render import explanation as explanation_view

    result = run_explain(file_a, file_b, common.settings)
    color, width = _terminal(common.color)
    sys.stdout.write(explanation_view.render(result, color=color, width=width, changes_only=changes_only))
    if result.grouped:
        raise typer.Exit(EXIT_PROBLEMS)


_PICK = {name: opt.SELECTION[name] for name in ("include", "exclude", "no_respect_gitignore", "files_from")}
_TUNING = {name: spec for name, spec in opt.SELECTION.items() if name not in _PICK}


@app.command(cls=Command)
@_guarded
@opt.common_options(
    _PICK,
    opt.CONFIG,
    opt.JOBS,
    opt.CACHE,
    opt.QUIET,
    hidden=(_TUNING, opt.DUPLICATES, opt.ORIGINALS, opt.PARAGRAPHS, opt.FORMATS),
)
def check(
    files: opt.Files = None,
    corpus: opt.Corpus = None,
    fmt: opt.format_option(opt.OutputFormat.auto) = opt.OutputFormat.auto,  # type: ignore[valid-type]
    output: opt.Output = None,
    level: opt.LevelOption = None,
    baseline: opt.Baseline = None,
    write_baseline: opt.WriteBaseline = False,
    *,
    common: opt.Common,
) -> None:
    """Fail (exit 1) on new duplicates: the pre-commit hook and CI check.

    Given files (a commit's staged files) are checked for repeated paragraphs and against the
    corpus (git's tracked text files, the configured roots, or --corpus); problems the baseline
    accepts pass. One line per problem: path:line: rule message "excerpt". The tuning options of
    scan (--similarity, --keep, --original, --min-size, ...) apply too; see docs/check.md.

    \b
    Examples:
      dedupe check new-article.md
      dedupe check drafts/ // published/
      dedupe check --format github
      dedupe check --write-baseline
    """
    files, originals, common = common.with_originals(files or []) if files or common.files_from else ([], [], common)
    settings, config = common.settings, common.config
    if write_baseline and files:
        raise InputError("--write-baseline records the problems of the whole corpus: give no file names")
    named_baseline, baseline = baseline, baseline or Path(config.root, BASELINE_FILE)
    given = _checked_files(files, settings, common.selection)
    _say_if_none_chosen(files, given, settings, common.quiet)
    compared, real = Corpus([]), _real_paths()
    if given or not files:  # the corpus, and the originals after a //, which may lie outside it
        listed = corpus_paths(corpus or [], config.roots, settings, common.selection)
        if corpus or config.roots:
            given = as_walked(given, [path for path in listed.paths if os.path.isdir(path)])
        compared = _with_given(listed, _checked_files(originals, settings, common.selection), real)
    report = _scan(_with_given(compared, given, real).paths, common, given if files else None)
    if write_baseline:
        _write(baseline, baseline_text(report, str(baseline.parent)), "the baseline")
        recorded = plural(len(problems(report)), "problem")
        print(f"dedupe: recorded {recorded} in {visible(str(baseline))}", file=sys.stderr)
        return
    report = _baselined(report, baseline, named=named_baseline is not None)
    chosen = level.value if level else config.level
    view = fmt.resolved()
    _emit(report, "problems" if view == "text" else view, output, common, level=chosen)
    _finish(report, True)
    found = problems(report)
    if found and chosen == "error":
        duplicates = sum(p.rule == "duplicate-article" for p in found)
        raise ProblemsFound(
            f"{plural(len(found), 'problem')}: {plural(duplicates, 'duplicate article')}, "
            f"{plural(len(found) - duplicates, 'repeated paragraph')}"
        )


def _baselined(report: Report, baseline: Path, *, named: bool) -> Report:
    """The report minus what the baseline file (if there is one) accepts. A baseline named with
    --baseline must exist: a misspelt name read as none would fail on, or fix, what it accepts."""
    if not baseline.exists():
        if named:
            raise InputError(
                f"no baseline at {visible(str(baseline))}; "
                f"record one with dedupe check --write-baseline --baseline {visible(str(baseline))}"
            )
        return report
    accepted = parse_baseline(_read_text(baseline), str(baseline))
    return without_baselined(report, accepted, str(baseline.parent))


@app.command(cls=Command)
@_guarded
@opt.common_options(opt.SELECTION, opt.PARAGRAPHS, opt.FORMATS, opt.CONFIG, opt.QUIET)
def fix(
    files: opt.FixFiles = None,
    corpus: opt.FixCorpus = None,
    baseline: opt.Baseline = None,
    *,
    common: opt.Common,
) -> None:
    """Remove repeated paragraphs from the given files, in place: the pre-commit fixer.

    Without files, fixes the corpus `check` would compare (the configured roots, or git's
    tracked text files). Repeats the baseline accepts stay. Files are replaced atomically; exit 1
    when a file changed, as pre-commit's fixers do. Never deletes a file: duplicate articles are
    for check.

    \b
    Examples:
      dedupe fix notes/meeting.md
      git diff --name-only -z | dedupe fix -
    """
    settings = common.settings
    files = common.paths(files or []) if files or common.files_from else []
    named = files or corpus_paths(corpus or [], common.config.roots, settings, common.selection).paths
    chosen = _checked_files(named, settings, common.selection)
    _say_if_none_chosen(files, chosen, settings, common.quiet)
    report = _baselined(
        _scan(chosen, replace(common, quiet=True, jobs=1, no_cache=True)),
        baseline or Path(common.config.root, BASELINE_FILE),
        named=baseline is not None,
    )
    result = fix_in_place(report, settings, backup=None, delete_duplicates=False)
    cuts = report.cuts_by_path()
    for path in result.fixed:
        print(f"Fixing {visible(path)}: removed {plural(len(cuts[path]), 'repeated paragraph')}")
    _finish(report, common.quiet, result.failed)
    if result.fixed:
        raise ProblemsFound(f"removed repeated paragraphs from {plural(len(result.fixed), 'file')}")


@app.command(cls=Command)
def man() -> None:
    """Print the manual page (roff), made from the commands' help.

    \b
    Examples:
      dedupe man > dedupe.1 && man -l dedupe.1
      dedupe man | gzip > /usr/local/share/man/man1/dedupe.1.gz
    """
    sys.stdout.write(manpage.render(app))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from None


_VALIDATION_WORDING = (
    (re.compile(r"(.+) is not a valid float\.$"), r"\1 is not a number"),
    (re.compile(r"(.+) is not a valid int(eger)?\.$"), r"\1 is not a whole number"),
)


def _plain(message: str) -> str:
    """Typer's usage errors in the words of the rest of the tool (`'abc' is not a number`)."""
    for wording, plain in _VALIDATION_WORDING:
        message = wording.sub(plain, message)
    return message


def _internal(error: Exception) -> NoReturn:
    """A bug, not a finding: exit 3 (never 1, which a hook reads as problems found), one line
    unless debugging is asked for."""
    if _debug:
        traceback.print_exception(error)
    where = "" if _debug else " (the traceback: --debug or DEDUPE_DEBUG=1)"
    said = visible(" ".join(str(error).split()))
    print(f"dedupe: internal error: {type(error).__name__}: {said}{where}", file=sys.stderr)
    sys.exit(EXIT_INTERNAL)


def main() -> None:
    """Console entry point: usage errors (unknown option, bad value) as one line, exit 2."""
    # A run keeps tens of thousands of objects to its end (a hook: 20,000 analyses and report
    # entries), and a collection every 700 allocations scanned them again and again: 12% of a
    # hook's time. What the imports made is never garbage, so no collection scans it: frozen at
    # the first run only (a process that runs main() again would freeze its garbage for good).
    if gc.get_threshold()[0] != _GC_ALLOCATIONS:
        gc.freeze()
        gc.set_threshold(_GC_ALLOCATIONS)
    try:
        code = app(standalone_mode=False, prog_name="dedupe")
    except Exception as error:
        message = getattr(error, "format_message", None)
        if message is None or type(error).__name__ == "NoArgsIsHelpError":
            if message is None:
                _internal(error)
            error.show()  # type: ignore[attr-defined]
            sys.exit(EXIT_ERROR)
        context = getattr(error, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        print(f"dedupe: error: {_plain(' '.join(message().split()))}{hint}", file=sys.stderr)
        sys.exit(EXIT_ERROR)
    sys.exit(code or EXIT_OK)
