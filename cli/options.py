"""Options shared by the commands, declared once. The detection settings are added to a command
by the `settings_options` decorator, which hands them over as one `SettingsFlags`."""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
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
    list[str], typer.Argument(help="Files and folders to scan (folders recursively).", show_default=False)
]
Format = Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.", dir_okay=False)
]
Include = Annotated[
    list[str] | None,
    typer.Option("--include", help="Only files matching this glob (repeatable); replaces the extension filter."),
]
Exclude = Annotated[
    list[str] | None, typer.Option("--exclude", help="Skip files and folders matching this glob (repeatable).")
]
Extensions = Annotated[
    list[str] | None,
    typer.Option("--ext", help=f"Extensions of text files (repeatable). [default: {' '.join(DEFAULT_EXTENSIONS)}]"),
]
Out = Annotated[Path, typer.Option("--out", help="Folder for the cleaned copies (new or empty).", file_okay=False)]
Overwrite = Annotated[bool, typer.Option("--overwrite", help="Write into a folder that is not empty.")]
KeepOption = Annotated[
    Keep | None, typer.Option("--keep", help="Which copy of a duplicate group is kept. [default: complete]")
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config", help="Read settings from this TOML file. [default: pyproject.toml or .dedupe.toml]", dir_okay=False
    ),
]
Files = Annotated[
    list[str] | None,
    typer.Argument(help="Files to check (what pre-commit passes). None: check the whole corpus.", show_default=False),
]
Corpus = Annotated[
    list[str] | None,
    typer.Option(
        "--corpus",
        help="Compare with these files and folders (repeatable). [default: roots, or tracked files]",
    ),
]
LevelOption = Annotated[
    Level | None,
    typer.Option("--level", help="error: problems fail the check (exit 1); warning: report only. [default: error]"),
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
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
Similarity = Annotated[
    float | None,
    typer.Option("--similarity", help="Jaccard similarity that makes two files duplicates. [default: 0.5]"),
]
Containment = Annotated[
    float | None,
    typer.Option(
        "--containment", help="Share of a smaller file found in a larger one that makes it a copy. [default: 0.8]"
    ),
]
ParagraphSimilarity = Annotated[
    float | None,
    typer.Option("--paragraph-similarity", help="Similarity that makes a paragraph a near repeat. [default: 0.5]"),
]
MinParagraphChars = Annotated[
    int | None, typer.Option("--min-paragraph-chars", help="Shorter paragraphs are never removed. [default: 40]")
]


@dataclass(frozen=True)
class SettingsFlags:
    """The detection-setting options as given on the command line (None: not given)."""

    include: list[str] | None = None
    exclude: list[str] | None = None
    ext: list[str] | None = None
    keep: Keep | None = None
    similarity: float | None = None
    containment: float | None = None
    paragraph_similarity: float | None = None
    min_paragraph_chars: int | None = None
    config: Path | None = None

    def load(self) -> tuple[Config, Settings]:
        """The configuration file, and its settings overridden by the options given."""
        config = load_config(self.config)
        given = {**asdict(self), "extensions": self.ext, "keep": self.keep.value if self.keep else None}
        del given["ext"], given["config"]
        overrides = {k: tuple(v) if isinstance(v, list) else v for k, v in given.items() if v is not None}
        return config, config.make_settings(overrides)


_FLAG_TYPES: dict[str, object] = {
    "include": Include,
    "exclude": Exclude,
    "ext": Extensions,
    "keep": KeepOption,
    "similarity": Similarity,
    "containment": Containment,
    "paragraph_similarity": ParagraphSimilarity,
    "min_paragraph_chars": MinParagraphChars,
    "config": ConfigFile,
}


def settings_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the detection-setting options, as one `flags: SettingsFlags` argument
    (sqlite-utils adds its output options the same way): typer reads the new signature."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name != "flags"]
    added = [
        inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=t) for n, t in _FLAG_TYPES.items()
    ]

    @functools.wraps(command)
    def with_settings(**given: Any) -> None:
        command(flags=SettingsFlags(**{name: given.pop(name) for name in _FLAG_TYPES}), **given)

    parameters = [*kept, *added]
    with_settings.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_settings.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
    return with_settings
