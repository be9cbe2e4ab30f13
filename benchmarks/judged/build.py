"""Build the judged benchmark's texts: a fixed snapshot of real, unprepared folders of this machine.

The snapshot is committed (`benchmarks/judged/texts/`), because verdicts are only worth keeping
on the very text they judged: the machine's own folders change whenever a package is installed.
News and e-mail come from the accuracy harness's fetched corpora instead (`benchmarks.corpora`),
and are not committed.

    python -m benchmarks.judged.build              # rewrite texts/ (only when the set is meant to grow)
    python -m benchmarks.judged.build docs2        # rewrite one kind's texts only: the others stay as judged
    python -m benchmarks.judged.build changelogs2
    .venv/bin/python -m benchmarks.judged.build packages   # from the project's venv: its packages' METADATA
    python -m benchmarks.judged.build html         # /usr/share/doc's HTML pages, as they are
    python -m benchmarks.judged.build info         # /usr/share/info's GNU manuals, as plain text
"""

from __future__ import annotations

import gzip
import itertools
import pydoc
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable, Iterator
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
DOCS_BUDGET = 1_600_000
DOCS2_PER_PACKAGE = 40_000
CHANGELOG_NAMES = ("changelog", "news", "changes", "history")
CHANGELOGS2_PER_PACKAGE = 60_000
TRIAL_PACKAGES = ("coreutils", "curl", "fontconfig-config", "gdb", "git")  # a new-user trial read their logs
PACKAGES_BUDGET = 2_000_000
OWN_DIST = "dedupe_articles"  # this project's own README: not a text the rules were never tuned on
MAN = Path("/usr/share/man")
MAN_SECTIONS = ("1", "5", "8")
MAN_MAX_BYTES = 40_000
HTML_SUFFIXES = (".html", ".htm")
HTML_MAX_BYTES = 60_000
HTML_PER_PACKAGE = 100_000
HTML_BUDGET = 2_000_000
INFO = Path("/usr/share/info")
INFO_MAX_BYTES = 150_000
INFO_BUDGET = 1_500_000
INFO_COOKIE = re.compile(rb"\x00\x08\[[^\x00]*\x00\x08\]")  # `^@^H[index^@^H]`: markup an info reader hides


def _read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def _plain(path: Path) -> str:
    """The file's name in the snapshot: its package folder kept, `.gz` dropped, `.txt` added."""
    name = path.relative_to(DOC).as_posix().removesuffix(".gz")
    return name if name.endswith(DOC_SUFFIXES) else name + ".txt"


def _doc_files() -> Iterator[tuple[str, bytes]]:
    """The text docs of /usr/share/doc: READMEs, FAQs and the like, and `.md`/`.rst`/`.txt` files."""
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


def _docs() -> Iterator[tuple[str, bytes]]:
    yield from _doc_files()
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


def _fitting(source: Iterable[tuple[str, bytes]], budget: int, limit: int = MAX_BYTES) -> Iterator[tuple[str, bytes]]:
    """The files a kind takes: in order, each non-empty text file of at most `limit` bytes that still
    fits the budget (a larger one is skipped, and smaller ones after it may still fit)."""
    used = 0
    for name, data in source:
        if not data.strip() or len(data) > limit or used + len(data) > budget or b"\0" in data:
            continue
        used += len(data)
        yield name, data


def _docs2() -> Iterator[tuple[str, bytes]]:
    """The /usr/share/doc text docs that the `docs` snapshot does not hold (its budget ran out at
    libfribidi0: python3-*, pip's documentation, most of git's release notes, and packages
    installed since), at most DOCS2_PER_PACKAGE per package, so that every package is in the set
    and none fills it alone (nodejs's API reference is 2.8 MB)."""
    taken = {path.relative_to(TEXTS / "docs").as_posix() for path in (TEXTS / "docs").rglob("*") if path.is_file()}
    rest = ((name, data) for name, data in _doc_files() if name not in taken)
    for _, files in itertools.groupby(rest, key=lambda item: item[0].split("/")[0]):
        yield from _fitting(files, DOCS2_PER_PACKAGE)


def _shares(sizes: list[int], allowance: int) -> list[int]:
    """How many bytes each file of a package may keep: the allowance shared out smallest first, so
    a short Debian changelog is whole and the long upstream logs split what is left."""
    shares = [0] * len(sizes)
    for left, k in enumerate(sorted(range(len(sizes)), key=lambda k: sizes[k])):
        shares[k] = min(sizes[k], allowance // (len(sizes) - left))
        allowance -= shares[k]
    return shares


def _head(data: bytes, limit: int) -> bytes:
    """At most `limit` bytes of a log, cut at a blank line: its newest entries, each whole."""
    return data if len(data) <= limit else data[: data.rfind(b"\n\n", 0, limit) + 1]


def _changelogs2() -> Iterator[tuple[str, bytes]]:
    """The changelogs, NEWS, CHANGES and HISTORY files of /usr/share/doc of the packages that the
    `changelogs` snapshot does not hold (its budget ran out at libde265-0), and those it does not
    hold of the packages whose logs a new-user trial read (coreutils' and gdb's NEWS, curl's, git's
    and fontconfig's upstream changelogs), at most CHANGELOGS2_PER_PACKAGE of each package (a long
    log cut to its newest entries), so that many packages are in the set."""
    old = TEXTS / "changelogs"
    taken = {path.relative_to(old).as_posix() for path in old.rglob("*") if path.is_file()}
    held = {name.split("/")[0] for name in taken} - set(TRIAL_PACKAGES)
    logs = [
        path
        for path in sorted(DOC.glob("*/*"))
        if path.is_file()
        and not path.is_symlink()
        and path.name.lower().startswith(CHANGELOG_NAMES)
        and ".htm" not in path.name
        and path.parent.name not in held
        and _plain(path) not in taken
    ]
    for _, paths in itertools.groupby(logs, key=lambda path: path.parent.name):
        files = [(_plain(path), _read(path)) for path in paths]
        for (name, data), share in zip(
            files, _shares([len(data) for _, data in files], CHANGELOGS2_PER_PACKAGE), strict=True
        ):
            yield name, _head(data, share)


def _metadata() -> Iterator[tuple[str, bytes]]:
    """The package descriptions of the running interpreter's site-packages (the project's venv):
    each distribution's METADATA, its README in Markdown or reStructuredText below its headers."""
    for folder in sorted(Path(sysconfig.get_paths()["purelib"]).glob("*.dist-info")):
        dist = folder.name.removesuffix(".dist-info").rsplit("-", 1)[0]
        if dist != OWN_DIST and (folder / "METADATA").is_file():
            yield f"{dist}/METADATA.txt", (folder / "METADATA").read_bytes()


def _man_page(page: Path) -> bytes | None:
    """A man page as `man` shows it on an 80-column terminal, overstrikes removed; None if it fails."""
    section = page.name.removesuffix(".gz").rsplit(".", 1)[1]
    name = page.name.removesuffix(".gz").removesuffix("." + section)
    env = {"PATH": "/usr/bin:/bin", "MANWIDTH": "80", "LANG": "C.UTF-8"}
    shown = subprocess.run(["man", "-P", "cat", section, name], capture_output=True, env=env, timeout=60)
    if shown.returncode != 0 or not shown.stdout.strip():
        return None
    return subprocess.run(
        ["col", "-bx"], input=shown.stdout, capture_output=True, env=env, timeout=60, check=True
    ).stdout


def _man_pages() -> Iterator[tuple[str, bytes]]:
    """Man pages of sections 1, 5 and 8 in name order, taken in turn so each section is in the set,
    each of at most MAN_MAX_BYTES (aliases, which are symlinks, and pages that fail are skipped)."""
    lists = [sorted(p for p in (MAN / f"man{s}").iterdir() if p.is_file() and not p.is_symlink()) for s in MAN_SECTIONS]
    for row in itertools.zip_longest(*lists):
        for page in row:
            text = None if page is None else _man_page(page)
            if page is not None and text is not None and len(text) <= MAN_MAX_BYTES:
                yield f"{page.parent.name}/{page.name.removesuffix('.gz')}.txt", text


def _packages() -> Iterator[tuple[str, bytes]]:
    """The METADATA of the venv's packages (long READMEs with changelogs, install notes, badges and
    licence notices), then man pages until the budget is spent: at the first page that does not
    fit the rendering stops (there are some 18,000 pages)."""
    metadata = list(_fitting(_metadata(), PACKAGES_BUDGET))
    yield from metadata
    left = PACKAGES_BUDGET - sum(len(data) for _, data in metadata)
    for name, data in _man_pages():
        if len(data) > left:
            return
        left -= len(data)
        yield name, data


def _html() -> Iterator[tuple[str, bytes]]:
    """The HTML pages of /usr/share/doc as they are (dedupe reads their main text), in path order,
    each of at most HTML_MAX_BYTES and at most HTML_PER_PACKAGE of each package, so that
    libxslt's API reference (1.6 MB) and nodejs's do not fill the set alone."""
    pages = [
        path
        for path in sorted(DOC.rglob("*"))
        if path.suffix.lower() in HTML_SUFFIXES and path.is_file() and not path.is_symlink()
    ]
    for _, paths in itertools.groupby(pages, key=lambda path: path.relative_to(DOC).parts[0]):
        files = ((path.relative_to(DOC).as_posix(), path.read_bytes()) for path in paths)
        yield from _fitting(((name, data) for name, data in files if len(data) <= HTML_MAX_BYTES), HTML_PER_PACKAGE)


def _info_manuals() -> Iterator[tuple[str, bytes]]:
    """The GNU info manuals of /usr/share/info in name order, each as one text (`<name>.info.txt`),
    cut at a blank line to its first INFO_MAX_BYTES: a split manual is its parts `-1`, `-2`, ... in
    turn, as its `.info` file then holds only the table of the parts and of their nodes. The NUL
    cookies that mark an index or an image for info readers are dropped, as those readers do."""
    manuals = sorted({path.name.split(".info")[0] for path in INFO.glob("*.info*.gz")})
    for manual in manuals:
        parts = sorted(
            INFO.glob(f"{manual}.info-*.gz"), key=lambda path: int(path.name[: -len(".gz")].rsplit("-", 1)[1])
        )
        text = b"".join(_read(path) for path in parts or [INFO / f"{manual}.info.gz"])
        yield f"{manual}.info.txt", _head(INFO_COOKIE.sub(b"", text), INFO_MAX_BYTES)


KINDS = {
    "docs": (_docs, DOCS_BUDGET),
    "changelogs": (_changelogs, 1_600_000),
    "licences": (_licences, 1_400_000),
    "docs2": (_docs2, 2_000_000),
    "changelogs2": (_changelogs2, 2_000_000),
    "packages": (_packages, PACKAGES_BUDGET),
    "html": (_html, HTML_BUDGET),
    "info": (_info_manuals, INFO_BUDGET),
}
KIND_MAX_BYTES = {"info": INFO_MAX_BYTES}  # a file limit other than MAX_BYTES: manuals are cut to it


def build(kinds: list[str]) -> None:
    for kind in kinds:
        source, budget = KINDS[kind]
        folder = TEXTS / kind
        shutil.rmtree(folder, ignore_errors=True)
        used = files = 0
        for name, data in _fitting(source(), budget, KIND_MAX_BYTES.get(kind, MAX_BYTES)):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            used += len(data)
            files += 1
        print(f"{kind}: {files} files, {used / 1e6:.2f} MB", file=sys.stderr)


if __name__ == "__main__":
    build(sys.argv[1:] or list(KINDS))
