"""Options shared by the commands, declared once; `common_options` adds them to a command."""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from dedupe.baseline import BASELINE_FILE
from dedupe.config import Config, load_config
from dedupe.settings import DEFAULT_EXTENSIONS, Settings


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
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


Paths = Annotated[
    list[str],
    typer.Argument(metavar="PATH", help="Files and folders to scan (folders recursively).", show_default=False),
]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file instead of stdout (missing folders are made).",
        dir_okay=False,
    ),
]
Include = Annotated[
    list[str] | None,
    typer.Option(
        "--include", metavar="GLOB", help="Only files matching this glob (repeatable); replaces the extension filter."
    ),
]
Exclude = Annotated[
    list[str] | None,
    typer.Option("--exclude", metavar="GLOB", help="Skip files and folders matching this glob (repeatable)."),
]
Extensions = Annotated[
    list[str] | None,
    typer.Option(
        "--ext", metavar="EXT", help=f"Extensions of text files (repeatable). (default {' '.join(DEFAULT_EXTENSIONS)})"
    ),
]
Out = Annotated[
    Path | None, typer.Option("--out", help="Folder for the cleaned copies (new or empty).", file_okay=False)
]
InPlace = Annotated[bool, typer.Option("--in-place", help="Cut repeated paragraphs from the files themselves.")]
Backup = Annotated[
    str | None, typer.Option("--backup", metavar="SUFFIX", help="With --in-place: keep each original as FILE+SUFFIX.")
]
DeleteDuplicates = Annotated[
    bool, typer.Option("--delete-duplicates", help="With --in-place: delete removable copies (never the kept one).")
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print what would change (a diff) and change nothing.")]
FollowSymlinks = Annotated[bool, typer.Option("--follow-symlinks", help="Walk into symlinked folders.")]
Overwrite = Annotated[bool, typer.Option("--overwrite", help="Write into a folder that is not empty.")]
KeepOption = Annotated[
    Keep | None, typer.Option("--keep", help="Which copy of a duplicate group is kept.", show_default="complete")
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Read settings from this TOML file.",
        show_default="pyproject.toml or .dedupe.toml",
        dir_okay=False,
    ),
]


def _files_help(verb: str) -> str:
    """The help of the FILES argument of the hook commands, which pre-commit fills."""
    return f"Files to {verb} (what pre-commit passes); folders are walked. None: the whole corpus."


Files = Annotated[list[str] | None, typer.Argument(help=_files_help("check"), show_default=False)]
FixFiles = Annotated[list[str] | None, typer.Argument(help=_files_help("fix"), show_default=False)]
Corpus = Annotated[
    list[str] | None,
    typer.Option(
        "--corpus",
        help=(
            "The corpus, files and folders (repeatable): check compares given files with it; "
            "fix without files fixes it."
        ),
        show_default="the configured roots, or git's tracked files",
    ),
]
LevelOption = Annotated[
    Level | None,
    typer.Option(
        "--level", help="error: problems fail the check (exit 1); warning: report only.", show_default="error"
    ),
]
Baseline = Annotated[Path, typer.Option("--baseline", help="Problems accepted as they are.", dir_okay=False)]
WriteBaseline = Annotated[
    bool, typer.Option("--write-baseline", help="Record every current problem in the baseline; exit 0.")
]
CacheDir = Annotated[Path, typer.Option("--cache-dir", help="Where analyses of unchanged files are kept.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Analyze every file again; keep nothing.")]
DEFAULT_BASELINE = Path(BASELINE_FILE)
DEFAULT_CACHE = Path(".dedupe-cache")
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar and no 'skipped' lines (errors still show).")
]
_DEFAULTS = Settings()
Similarity = Annotated[
    float | None,
    typer.Option(
        "--similarity",
        help="Jaccard similarity that makes two files duplicates.",
        show_default=str(_DEFAULTS.similarity),
    ),
]
Containment = Annotated[
    float | None,
    typer.Option(
        "--containment",
        help="Share of a smaller file found in a larger one that makes it a copy.",
        show_default=str(_DEFAULTS.containment),
    ),
]
ParagraphSimilarity = Annotated[
    float | None,
    typer.Option(
        "--paragraph-similarity",
        help="Similarity that makes a paragraph a near repeat.",
        show_default=str(_DEFAULTS.paragraph_similarity),
    ),
]
MinParagraphChars = Annotated[
    int | None,
    typer.Option(
        "--min-paragraph-chars",
        help="Shorter paragraphs are never removed.",
        show_default=str(_DEFAULTS.min_paragraph_chars),
    ),
]


@dataclass(frozen=True)
class Common:
    """What the shared options amount to: the configuration file, the detection settings (the
    file's, with the options given on top), and how to run."""

    config: Config
    settings: Settings
    jobs: int
    quiet: bool


_SHARED = {
    "include": (Include, None),
    "exclude": (Exclude, None),
    "ext": (Extensions, None),
    "keep": (KeepOption, None),
    "similarity": (Similarity, None),
    "containment": (Containment, None),
    "paragraph_similarity": (ParagraphSimilarity, None),
    "min_paragraph_chars": (MinParagraphChars, None),
    "follow_symlinks": (FollowSymlinks, False),
    "config": (ConfigFile, None),
    "jobs": (Jobs, 0),
    "quiet": (Quiet, False),
}
_OPTIONAL_SETTINGS = ("similarity", "containment", "paragraph_similarity", "min_paragraph_chars")


def common_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared options; it receives them as `common: Common`.

    The options are declared once here (as sqlite-utils does with its output options), so every
    command has the same ones and none can forget to pass one on to the settings.
    """
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "common"]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, (annotation, default) in _SHARED.items()
    ]

    @functools.wraps(command)
    def with_common(**arguments: Any) -> None:
        common = _common({name: arguments.pop(name) for name in _SHARED})
        command(**arguments, common=common)

    with_common.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    with_common.__annotations__ = {p.name: p.annotation for p in (*own, *shared)}
    return with_common


def _common(given: dict[str, Any]) -> Common:
    """The configuration file's settings, overridden by the options given on the command line."""
    overrides: dict[str, Any] = {
        "include": tuple(given["include"] or ()) or None,
        "exclude": tuple(given["exclude"] or ()) or None,
        "extensions": tuple(given["ext"] or ()) or None,
        "keep": given["keep"].value if given["keep"] else None,
        "follow_symlinks": given["follow_symlinks"] or None,
        **{name: given[name] for name in _OPTIONAL_SETTINGS},
    }
    config = load_config(given["config"])
    settings = config.make_settings({k: v for k, v in overrides.items() if v is not None})
    return Common(config, settings, given["jobs"], given["quiet"])
