"""Options shared by the commands, declared once; `settings_from` turns them into `Settings`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from dedupe.settings import DEFAULT_EXTENSIONS, Settings


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class Keep(str, Enum):
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
KeepOption = Annotated[Keep, typer.Option("--keep", help="Which copy of a duplicate group is kept.")]
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
    *,
    keep: Keep,
    similarity: float | None,
    containment: float | None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    extensions: list[str] | None = None,
    paragraph_similarity: float | None = None,
    min_paragraph_chars: int | None = None,
) -> Settings:
    """Settings from the command line; options left out keep the library's defaults."""
    given: dict[str, object] = {
        "include": tuple(include or ()),
        "exclude": tuple(exclude or ()),
        "keep": keep.value,
        "similarity": similarity,
        "containment": containment,
        "paragraph_similarity": paragraph_similarity,
        "min_paragraph_chars": min_paragraph_chars,
    }
    if extensions:
        given["extensions"] = tuple(extensions)
    return Settings(**{k: v for k, v in given.items() if v is not None})  # type: ignore[arg-type]
