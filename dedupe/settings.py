"""One frozen, validated `Settings`: every knob of detection, with its documented default.

The defaults are measured, not guessed; docs/how-it-works.md ("Defaults and why") gives the figures.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from typing import Literal

from dedupe.errors import SettingsError

KeepPolicy = Literal["complete", "first", "newest", "oldest"]
KEEP_POLICIES: tuple[str, ...] = ("complete", "first", "newest", "oldest")
DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown", ".text", ".rst")
_FIELD_NAMES = {"jsonl_text": "text", "jsonl_id": "id"}
MAX_EXTRACT_MEMORY = 2**30
# Shown in reports only when changed, so the reports of plain-text corpora stay as they were.
_SHOWN_IF_SET: dict[str, object] = {**_FIELD_NAMES, "max_extract_memory": MAX_EXTRACT_MEMORY, "originals": ()}


@dataclass(frozen=True)
class Settings:
    """Detection settings. Construct with keywords; invalid values raise `SettingsError`."""

    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    keep: KeepPolicy = "complete"
    # Files and folders whose files are originals (rmlint's `//` tagging): never removed, kept first.
    originals: tuple[str, ...] = ()
    # Articles: word n-gram shingles, MinHash + LSH banding for candidates, exact verification.
    shingle_words: int = 3
    num_perm: int = 128
    lsh_bands: int = 64
    lsh_rows: int = 2
    similarity: float = 0.5
    containment: float = 0.8
    min_length_ratio: float = 0.4
    # Paragraphs inside one file: character n-grams, because paragraphs are short.
    paragraph_shingle_chars: int = 5
    paragraph_similarity: float = 0.57
    min_paragraph_chars: int = 40
    max_file_bytes: int = 64 * 1024 * 1024
    # Memory a format reader (PDF, DOCX, HTML, e-mail, JSONL) may take per file; 0: unbounded.
    max_extract_memory: int = MAX_EXTRACT_MEMORY
    follow_symlinks: bool = False
    seed: int = 1
    # JSON Lines shards (dedupe.formats): the field holding each record's text, and its name.
    jsonl_text: str = "text"
    jsonl_id: str = "id"

    def __post_init__(self) -> None:
        object.__setattr__(self, "extensions", _extensions(self.extensions))
        object.__setattr__(self, "include", tuple(self.include))
        object.__setattr__(self, "exclude", tuple(self.exclude))
        if any(not path.strip() for path in self.originals):
            raise SettingsError("an original must name a file or folder, not an empty path")
        object.__setattr__(self, "originals", tuple(sorted({os.path.normpath(p) for p in self.originals})))
        for name in ("include", "exclude"):
            if any(not pattern.strip() for pattern in getattr(self, name)):
                raise SettingsError(f"an {name} glob must not be empty: it matches no file")
        if self.keep not in KEEP_POLICIES:
            raise SettingsError(f"keep must be one of {', '.join(KEEP_POLICIES)}, not {self.keep!r}")
        for name in ("similarity", "containment", "min_length_ratio", "paragraph_similarity"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise SettingsError(f"{name} must be a number in (0, 1], not {value!r}")
        _at_least("shingle_words", self.shingle_words, 1, 16)
        _at_least("paragraph_shingle_chars", self.paragraph_shingle_chars, 1, 64)
        _at_least("num_perm", self.num_perm, 8, 1024)
        _at_least("lsh_bands", self.lsh_bands, 1, self.num_perm)
        _at_least("lsh_rows", self.lsh_rows, 1, self.num_perm)
        if self.lsh_bands * self.lsh_rows > self.num_perm:
            raise SettingsError(
                f"lsh_bands × lsh_rows ({self.lsh_bands} × {self.lsh_rows}) must not exceed "
                f"num_perm ({self.num_perm}); lower one of them or raise num_perm"
            )
        _at_least("min_paragraph_chars", self.min_paragraph_chars, 1, 1_000_000)
        _at_least("max_file_bytes", self.max_file_bytes, 1, 2**40)
        _at_least("max_extract_memory", self.max_extract_memory, 0, 2**44)
        for name in _FIELD_NAMES:
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise SettingsError(f"{name} must be a field name, not {getattr(self, name)!r}")

    def as_dict(self) -> dict[str, object]:
        """Plain values for reports (tuples as lists); the format readers' settings and the
        originals only when set, so the reports of plain-text corpora stay as they were."""
        values = asdict(self)
        return {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in values.items()
            if k not in _SHOWN_IF_SET or v != _SHOWN_IF_SET[k]
        }

    def is_original(self, path: str) -> bool:
        """Whether `path` is one of the originals or inside an original folder (compared as
        absolute paths, so `a/x.txt` is inside `./a`)."""
        if not self.originals:  # the usual case: no path to make absolute
            return False
        here = os.path.abspath(path)
        roots = (os.path.abspath(original) for original in self.originals)
        return any(here == root or here.startswith(root.rstrip(os.sep) + os.sep) for root in roots)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


def _at_least(name: str, value: object, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise SettingsError(f"{name} must be a whole number from {low} to {high}, not {value!r}")


def _extensions(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept `md`, `.md` or `.MD`; store as lower-case with the dot."""
    out = []
    for ext in values:
        ext = ext.strip().lower()
        if not ext:
            raise SettingsError("an extension must not be empty (write e.g. .txt)")
        out.append(ext if ext.startswith(".") else "." + ext)
    return tuple(out)
