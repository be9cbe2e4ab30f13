"""Options shared by the commands, declared once; `settings_from` turns them into `Settings`."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dedupe.baseline import BASELINE_FILE
from dedupe.config import Config
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


def settings_from(
    config: Config,
    *,
    include: list[str] | None,
    exclude: list[str] | None,
    extensions: list[str] | None,
    keep: Keep | None,
    similarity: float | None,
    containment: float | None,
    paragraph_similarity: float | None,
    min_paragraph_chars: int | None,
) -> Settings:
    """Settings from the configuration file, overridden by the options given on the command line."""
    given: dict[str, object | None] = {
        "include": tuple(include) if include else None,
        "exclude": tuple(exclude) if exclude else None,
        "extensions": tuple(extensions) if extensions else None,
        "keep": keep.value if keep else None,
        "similarity": similarity,
        "containment": containment,
        "paragraph_similarity": paragraph_similarity,
        "min_paragraph_chars": min_paragraph_chars,
    }
    return config.make_settings({k: v for k, v in given.items() if v is not None})
