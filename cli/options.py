"""Options shared by the commands, declared once; `common_options(...)` gives a command the groups
of them it uses, so each command's help lists only options that do something there.

Every option has a readable metavar (`F`, `N`, `GLOB`) and says its default as `[default: 0.5]`;
options that detection reads are `None` when not given, so the configuration file can fill them.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from dedupe.config import Config, load_config
from dedupe.errors import InputError, SettingsError
from dedupe.settings import DEFAULT_EXTENSIONS, Settings
from dedupe.sources import Selection


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    summary = "summary"
    html = "html"
    github = "github"
    sarif = "sarif"
    auto = "auto"  # github inside GitHub Actions, text elsewhere

    def resolved(self) -> str:
        """The renderer to use: `auto` looks at GITHUB_ACTIONS, as yamllint's `auto` does."""
        if self is OutputFormat.auto:
            return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        return self.value


class Level(StrEnum):
    error = "error"
    warning = "warning"


class Keep(StrEnum):
    complete = "complete"
    first = "first"
    newest = "newest"
    oldest = "oldest"


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class Sort(StrEnum):
    path = "path"
    similarity = "similarity"
    bytes = "bytes"


def _choices(enum: type[StrEnum]) -> str:
    names = [member.value for member in enum]
    return ", ".join(names[:-1]) + " or " + names[-1]


def shown(help: str, default: object) -> str:
    """Help text ending in `[default: X]`, as click shows a default, without typer's parentheses."""
    return f"{help}  [default: {default}]"


Paths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        help="Files and folders (folders recursively); - reads a list from stdin; those after // are originals.",
        show_default=False,
    ),
]


def format_option(default: OutputFormat) -> Any:
    """The --format option with its default said in the help."""
    return Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=shown(f"Report format: {_choices(OutputFormat)}.", default.value),
            show_default=False,
        ),
    ]


Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE instead of stdout (missing folders are made).",
        dir_okay=False,
    ),
]
SortOption = Annotated[
    Sort,
    typer.Option(
        "--sort",
        metavar="KEY",
        help=shown(f"Order of groups and files in the text and HTML reports: {_choices(Sort)}.", "path"),
        show_default=False,
    ),
]
Limit = Annotated[
    int,
    typer.Option(
        "--limit",
        metavar="N",
        min=0,
        help="Show only the first N duplicate groups and N files with repeats (0: all); the summary counts all.",
        show_default=False,
    ),
]
Out = Annotated[
    str | None,
    typer.Option("--out", metavar="DIR", help="Folder or fsspec URL for the cleaned copies (new or empty)."),
]
InPlace = Annotated[bool, typer.Option("--in-place", help="Cut repeated paragraphs from the files themselves.")]
Backup = Annotated[
    str | None, typer.Option("--backup", metavar="SUFFIX", help="With --in-place: keep each original as FILE+SUFFIX.")
]
DeleteDuplicates = Annotated[
    bool, typer.Option("--delete-duplicates", help="With --in-place: delete removable copies (never the kept one).")
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print what would change (a patch) and change nothing.")]
Script = Annotated[
    Path | None,
    typer.Option(
        "--script",
        metavar="FILE",
        help="Write a shell script that deletes the removable copies, to review and run; change nothing.",
        dir_okay=False,
    ),
]
Overwrite = Annotated[bool, typer.Option("--overwrite", help="Write into a folder that is not empty.")]


def _files_help(verb: str) -> str:
    """The help of the FILES argument of the hook commands, which pre-commit fills."""
    return f"Files to {verb} (what pre-commit passes); folders are walked; - reads a list from stdin. None: the corpus."


Files = Annotated[list[str] | None, typer.Argument(metavar="FILE", help=_files_help("check"), show_default=False)]
FixFiles = Annotated[list[str] | None, typer.Argument(metavar="FILE", help=_files_help("fix"), show_default=False)]
Corpus = Annotated[
    list[str] | None,
    typer.Option(
        "--corpus",
        metavar="PATH",
        help=shown("The corpus (repeatable): check compares files with it.", "the configured roots, or git's files"),
        show_default=False,
    ),
]
FixCorpus = Annotated[
    list[str] | None,
    typer.Option(
        "--corpus",
        metavar="PATH",
        help=shown("Without files: fix this corpus (repeatable).", "the configured roots, or git's files"),
        show_default=False,
    ),
]
LevelOption = Annotated[
    Level | None,
    typer.Option(
        "--level",
        metavar="LEVEL",
        help=shown("error: problems fail the check (exit 1); warning: report only.", "error"),
        show_default=False,
    ),
]
Baseline = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        metavar="FILE",
        help=shown("Problems accepted as they are.", ".dedupe-baseline.json in the project root"),
        dir_okay=False,
        show_default=False,
    ),
]
WriteBaseline = Annotated[
    bool, typer.Option("--write-baseline", help="Record every current problem in the baseline; exit 0.")
]


@dataclass(frozen=True)
class _Spec:
    """One shared option: its flags, type, default and help."""

    decls: tuple[str, ...]
    type: Any
    default: Any
    help: str
    metavar: str | None = None

    def annotation(self, hidden: bool) -> Any:
        option = typer.Option(*self.decls, metavar=self.metavar, help=self.help, show_default=False, hidden=hidden)
        return Annotated[self.type, option]


_DEFAULTS = Settings()
_SIZE_HELP = "as 2000, 10k, 5M or 1G (powers of 1000; KiB, MiB, GiB of 1024)"
SELECTION = {
    "include": _Spec(
        ("--include",),
        list[str] | None,
        None,
        "Only files matching GLOB (repeatable); replaces the extension filter. * stays in a folder, ** crosses.",
        "GLOB",
    ),
    "exclude": _Spec(
        ("--exclude",), list[str] | None, None, "Skip files and folders matching GLOB (repeatable).", "GLOB"
    ),
    "ext": _Spec(
        ("--ext",),
        list[str] | None,
        None,
        shown("Extensions of text files (repeatable).", " ".join(DEFAULT_EXTENSIONS)),
        "EXT",
    ),
    "no_respect_gitignore": _Spec(
        ("--no-respect-gitignore",), bool, False, "Walk into what .gitignore and .dedupeignore files ignore."
    ),
    "min_size": _Spec(("--min-size",), str | None, None, shown(f"Skip smaller files, {_SIZE_HELP}.", 0), "SIZE"),
    "max_size": _Spec(("--max-size",), str | None, None, shown("Skip larger files.", "64MiB"), "SIZE"),
    "follow_symlinks": _Spec(("--follow-symlinks",), bool, False, "Walk into symlinked folders."),
    "files_from": _Spec(
        ("--files-from",),
        Path | None,
        None,
        "Also take the paths listed in FILE (- for stdin), one a line or NUL-separated (find -print0).",
        "FILE",
    ),
}
DUPLICATES = {
    "keep": _Spec(
        ("--keep",),
        Keep | None,
        None,
        shown(f"Which copy of a duplicate group is kept: {_choices(Keep)}.", "complete"),
        "POLICY",
    ),
    "similarity": _Spec(
        ("--similarity",),
        float | None,
        None,
        shown("Jaccard similarity that makes two files duplicates.", _DEFAULTS.similarity),
        "F",
    ),
    "containment": _Spec(
        ("--containment",),
        float | None,
        None,
        shown("Share of a smaller file found in a larger one that makes it a copy.", _DEFAULTS.containment),
        "F",
    ),
}
PARAGRAPHS = {
    "paragraph_similarity": _Spec(
        ("--paragraph-similarity",),
        float | None,
        None,
        shown("Similarity that makes a paragraph a near repeat.", _DEFAULTS.paragraph_similarity),
        "F",
    ),
    "min_paragraph_chars": _Spec(
        ("--min-paragraph-chars",),
        int | None,
        None,
        shown("Shorter paragraphs are never removed.", _DEFAULTS.min_paragraph_chars),
        "N",
    ),
}
CONFIG = {
    "config": _Spec(
        ("--config",),
        Path | None,
        None,
        shown("Read settings from this TOML file.", "pyproject.toml or .dedupe.toml, here or above"),
        "FILE",
    ),
    "color": _Spec(("--color",), Color, Color.auto, shown(f"Colour: {_choices(Color)}.", "auto"), "WHEN"),
}
FORMATS = {
    "jsonl_text": _Spec(
        ("--jsonl-text",),
        str | None,
        None,
        shown("The field of a JSON Lines record that holds its text.", _DEFAULTS.jsonl_text),
        "FIELD",
    ),
    "jsonl_id": _Spec(
        ("--jsonl-id",),
        str | None,
        None,
        shown("The field that names a JSON Lines record (shard.jsonl/ID; else line-N).", _DEFAULTS.jsonl_id),
        "FIELD",
    ),
    "max_extract_memory": _Spec(
        ("--max-extract-memory",),
        str | None,
        None,
        shown(
            "Memory reading one PDF, DOCX, HTML, e-mail or JSONL file may take; past it, it is skipped (0: no bound).",
            "1GiB",
        ),
        "SIZE",
    ),
}
JOBS = {"jobs": _Spec(("--jobs", "-j"), int, 0, shown("Worker processes (0: one per core).", 0), "N")}
ENGINE = {
    "engine": _Spec(
        ("--engine",),
        EngineName,
        EngineName.local,
        shown(
            "Where the work runs: local (worker processes) or dask (a Dask cluster; see docs/scaling.md).",
            "local",
        ),
        "NAME",
    ),
    "scheduler": _Spec(
        ("--scheduler",),
        str | None,
        None,
        shown(
            "An existing Dask scheduler to run on (then the engine is dask).", "$DEDUPE_SCHEDULER, else a local cluster"
        ),
        "URL",
    ),
}
ORIGINALS = {
    "original": _Spec(
        ("--original",),
        list[str] | None,
        None,
        "The files at PATH (a file or folder) are originals: never removed, kept first (repeatable; or: ... // PATH).",
        "PATH",
    ),
}
CACHE = {
    "cache_dir": _Spec(
        ("--cache-dir",),
        Path | None,
        None,
        shown("Where analyses of unchanged files are kept.", ".dedupe-cache in the project root"),
        "DIR",
    ),
    "no_cache": _Spec(("--no-cache",), bool, False, "Analyze every file again; keep nothing."),
}
QUIET = {"quiet": _Spec(("--quiet", "-q"), bool, False, "No progress bar and no 'skipped' lines (errors still show).")}
ALL = {**SELECTION, **DUPLICATES, **ORIGINALS, **PARAGRAPHS, **FORMATS, **CONFIG, **JOBS, **ENGINE, **CACHE, **QUIET}


@dataclass(frozen=True)
class Common:
    """What the shared options amount to: the configuration file, the detection settings (the
    file's, with the options given on top), which files a walk picks, and how to run."""

    config: Config
    settings: Settings
    selection: Selection
    jobs: int
    quiet: bool
    color: Color
    files_from: Path | None
    engine: EngineName = EngineName.local
    scheduler: str | None = None
    cache_dir: Path | None = None
    no_cache: bool = False

    def cache_folder(self) -> Path | None:
        """Where the analysis cache lives (`.dedupe-cache` in the project root); None with --no-cache."""
        if self.no_cache:
            return None
        return self.cache_dir or Path(self.config.root, ".dedupe-cache")

    def paths(self, given: Sequence[str]) -> list[str]:
        """The paths given, `-` replaced by the list on stdin, and those --files-from lists."""
        return _with_stdin(given) + (read_path_list(str(self.files_from)) if self.files_from else [])

    def with_originals(self, given: Sequence[str]) -> tuple[list[str], list[str], Common]:
        """rmlint's habit: `NEW... // ORIGINALS...`. The paths before the `//` (as `paths` reads
        them), those after it, and these options with the latter tagged as originals."""
        if ORIGINALS_MARKER not in given:
            return self.paths(given), [], self
        at = list(given).index(ORIGINALS_MARKER)
        originals = _with_stdin(given[at + 1 :])
        if not originals or ORIGINALS_MARKER in originals:
            raise InputError(
                f"give the originals once, after one {ORIGINALS_MARKER}: NEW... {ORIGINALS_MARKER} ORIGINAL..."
            )
        settings = replace(self.settings, originals=(*self.settings.originals, *originals))
        return self.paths(given[:at]), originals, replace(self, settings=settings)


ORIGINALS_MARKER = "//"


def _with_stdin(given: Sequence[str]) -> list[str]:
    """The paths given, `-` replaced by the list on stdin."""
    return [path for item in given for path in (read_path_list("-") if item == "-" else [item])]


def read_path_list(source: str) -> list[str]:
    """Paths listed one a line, or NUL-separated when the list holds a NUL (find -print0, git ls-files -z)."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the list of paths {source}: {error.strerror or error}") from None
    separator = b"\0" if b"\0" in data else b"\n"
    return [os.fsdecode(item.rstrip(b"\r") if separator == b"\n" else item) for item in data.split(separator) if item]


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(|b|k|kb|m|mb|g|gb|kib|mib|gib)", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9}
_UNITS |= {"kib": 2**10, "mib": 2**20, "gib": 2**30}


def parse_size(text: str, option: str) -> int:
    """`10k` → 10000 bytes; a `SettingsError` that says how to write a size otherwise."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise SettingsError(f"{option} must be a size such as 2000, 10k or 5M, not {text!r}")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def common_options(*groups: dict[str, _Spec], hidden: Sequence[dict[str, _Spec]] = ()) -> Callable[..., Any]:
    """Give a command the option `groups` (and `hidden` ones, accepted but left out of its help);
    it receives them as `common: Common`.

    The options are declared once here (as sqlite-utils does with its output options), so every
    command that has one has the same one and none can forget to pass it on to the settings.
    """
    chosen = {name: (spec, False) for group in groups for name, spec in group.items()}
    chosen |= {name: (spec, True) for group in hidden for name, spec in group.items()}

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "common"]
        shared = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=spec.default, annotation=spec.annotation(h))
            for name, (spec, h) in chosen.items()
        ]

        @functools.wraps(command)
        def with_common(**arguments: Any) -> None:
            given = {name: arguments.pop(name) for name in chosen}
            command(**arguments, common=_common({name: given.get(name, spec.default) for name, spec in ALL.items()}))

        with_common.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
        with_common.__annotations__ = {p.name: p.annotation for p in (*own, *shared)}
        return with_common

    return decorate


_OPTIONAL_SETTINGS = ("similarity", "containment", "paragraph_similarity", "min_paragraph_chars")


_OPTION_OF = {"max_file_bytes": "--max-size"}  # the settings whose option is not their name


def _named_as_option(error: SettingsError, given: dict[str, Any]) -> SettingsError:
    """The error of a setting given on the command line, naming the option the user typed
    (`--max-size`), not the setting's field (`max_file_bytes`)."""
    field, _, rest = str(error).partition(" ")
    if field not in given:
        return error
    return SettingsError(f"{_OPTION_OF.get(field, '--' + field.replace('_', '-'))} {rest}")


def _common(given: dict[str, Any]) -> Common:
    """The configuration file's settings, overridden by the options given on the command line."""
    if given["jobs"] < 0:
        raise SettingsError(f"--jobs must be 0 (one per core) or more, not {given['jobs']}")
    overrides: dict[str, Any] = {
        "include": tuple(given["include"] or ()) or None,
        "exclude": tuple(given["exclude"] or ()) or None,
        "extensions": tuple(given["ext"] or ()) or None,
        "keep": given["keep"].value if given["keep"] else None,
        "follow_symlinks": given["follow_symlinks"] or None,
        "max_file_bytes": parse_size(given["max_size"], "--max-size") if given["max_size"] else None,
        "jsonl_text": given["jsonl_text"],
        "jsonl_id": given["jsonl_id"],
        "max_extract_memory": (
            parse_size(given["max_extract_memory"], "--max-extract-memory") if given["max_extract_memory"] else None
        ),
        **{name: given[name] for name in _OPTIONAL_SETTINGS},
    }
    selection = {
        "respect_ignore_files": False if given["no_respect_gitignore"] else None,
        "min_size": parse_size(given["min_size"], "--min-size") if given["min_size"] else None,
    }
    config = load_config(given["config"])
    chosen_settings = {k: v for k, v in overrides.items() if v is not None}
    try:
        settings = config.make_settings(chosen_settings)
    except SettingsError as error:
        raise _named_as_option(error, chosen_settings) from None
    if given["original"]:  # added to the configured originals
        settings = replace(settings, originals=(*settings.originals, *given["original"]))
    chosen = config.make_selection({k: v for k, v in selection.items() if v is not None})
    return Common(
        config,
        settings,
        chosen,
        given["jobs"],
        given["quiet"],
        given["color"],
        given["files_from"],
        given["engine"],
        given["scheduler"],
        given["cache_dir"],
        given["no_cache"],
    )
