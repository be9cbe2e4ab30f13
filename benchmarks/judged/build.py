"""Build the judged benchmark's texts: a fixed snapshot of real, unprepared folders of this machine.

The snapshot is committed (`benchmarks/judged/texts/`), because verdicts are only worth keeping
on the very text they judged: the machine's own folders change whenever a package is installed.
News and e-mail come from the accuracy harness's fetched corpora instead (`benchmarks.corpora`),
and are not committed.

    python -m benchmarks.judged.build        # rewrite texts/ (only when the set is meant to grow)
"""

from __future__ import annotations

import gzip
import itertools
import pydoc
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

TEXTS = Path(__file__).parent / "texts"
DOC = Path("/usr/share/doc")
LICENCES = Path("/usr/share/common-licenses")
MAX_BYTES = 120_000
PYDOC_MODULES = [
    "argparse",
    "base64",
    "bisect",
    "calendar",
    "codecs",
    "collections",
    "copy",
    "csv",
    "dataclasses",
    "datetime",
    "difflib",
    "enum",
    "errno",
    "fnmatch",
    "functools",
    "glob",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "io",
    "itertools",
    "json",
    "logging",
    "operator",
    "os",
    "pathlib",
    "pickle",
    "queue",
    "random",
    "re",
    "secrets",
    "select",
    "shlex",
    "shutil",
    "signal",
    "socket",
    "stat",
    "string",
    "struct",
    "subprocess",
    "tarfile",
    "tempfile",
    "textwrap",
    "threading",
    "time",
    "typing",
    "uuid",
    "zipfile",
    "zlib",
]
DOC_SUFFIXES = (".md", ".rst", ".txt")


def _read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def _plain(path: Path) -> str:
    """The file's name in the snapshot: its package folder kept, `.gz` dropped, `.txt` added."""
    name = path.relative_to(DOC).as_posix().removesuffix(".gz")
    return name if name.endswith(DOC_SUFFIXES) else name + ".txt"


def _docs() -> Iterator[tuple[str, bytes]]:
    for path in sorted(DOC.rglob("*")):
        lower = path.name.lower()
        if not path.is_file() or path.is_symlink() or "copyright" in lower or "changelog" in lower:
            continue
        if lower.startswith("news"):
            continue
        if lower.startswith(("readme", "faq", "todo", "bugs", "thanks", "authors")) or lower.endswith(
            tuple(s + ".gz" for s in DOC_SUFFIXES) + DOC_SUFFIXES
        ):
            yield _plain(path), _read(path)
    for module in PYDOC_MODULES:
        text = pydoc.plain(pydoc.render_doc(__import__(module), renderer=pydoc.plaintext))
        yield f"pydoc/{module}.txt", text.encode()


def _changelogs() -> Iterator[tuple[str, bytes]]:
    """Debian changelogs, upstream NEWS and changelogs, taken in turn so each kind is in the set."""
    patterns = ("*/changelog.Debian.gz", "*/NEWS.gz", "*/changelog.gz", "*/NEWS.Debian.gz", "*/NEWS")
    lists = [[p for p in sorted(DOC.glob(pattern)) if not p.is_symlink()] for pattern in patterns]
    for row in itertools.zip_longest(*lists):
        for path in row:
            if path is not None:
                yield _plain(path), _read(path)


def _licences() -> Iterator[tuple[str, bytes]]:
    for path in sorted(LICENCES.iterdir()):
        if path.is_file() and not path.is_symlink():
            yield f"common-licenses/{path.name}.txt", path.read_bytes()
    for k, path in enumerate(sorted(DOC.glob("*/copyright"))):
        if k % 3 == 0 and not path.is_symlink():
            yield _plain(path), path.read_bytes()


KINDS = {"docs": (_docs, 1_600_000), "changelogs": (_changelogs, 1_600_000), "licences": (_licences, 1_400_000)}


def build() -> None:
    for kind, (source, budget) in KINDS.items():
        folder = TEXTS / kind
        shutil.rmtree(folder, ignore_errors=True)
        used = files = 0
        for name, data in source():
            if not data.strip() or len(data) > MAX_BYTES or used + len(data) > budget or b"\0" in data:
                continue
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            used += len(data)
            files += 1
        print(f"{kind}: {files} files, {used / 1e6:.2f} MB", file=sys.stderr)


if __name__ == "__main__":
    build()
