"""A cache of per-file analyses, so a commit hook does not re-analyze an unchanged corpus.

An analysis is a pure function of a file's bytes and a few settings, so entries are keyed by the
content digest and by those settings; the path is not stored (it is attached again on the way
out), so a renamed or copied file is still a hit. Finding a file's digest means reading it, so,
like git's index, the cache also records each file's stamp (device, inode, size, modification and
change times in ns) with its digest: a file whose stamp is unchanged is not read again. A stamp is
recorded only for files last changed well before they were read, so a write in the same clock
tick cannot hide. The store is one sqlite3 database in WAL mode: concurrent runs read while one
writes, and writes are single transactions.

Nothing read is trusted. A file that is not a database, a database that is not ours, or one
written by other code (any change to the `dedupe` sources) is replaced by an empty cache; an entry
whose checksum or shape is wrong is a miss, and is written again.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from dedupe.formats.registry import container_of
from dedupe.model import HeldRepeat, RemovedParagraph, RepeatGroup, Skipped, Span
from dedupe.settings import Settings
from dedupe.sources import SourceFile, content_digest, read_bytes, read_document
from dedupe.stages.analyze import ANALYSIS_SETTINGS, Analysis
from dedupe.stages.duplicates import Component, Resolved
from dedupe.store.components import component_key, resolved_from_json, resolved_json, settings_text

DATABASE = "analyses.sqlite3"
_FORMAT = "dedupe analysis cache 1"
_BUSY_SECONDS = 30.0
_LOOKUP_CHUNK = 500
_DIGEST = re.compile("[0-9a-f]{32}")
_RACY_NS = 2_000_000_000  # files changed this recently before being read get no stamp
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS stamps (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, digest TEXT NOT NULL,"
    " checksum TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS analyses (digest TEXT NOT NULL, settings TEXT NOT NULL, exact_key TEXT NOT NULL,"
    " shingle_count INTEGER NOT NULL, signature BLOB, repeats TEXT NOT NULL, checksum TEXT NOT NULL,"
    " PRIMARY KEY (digest, settings)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS components (key TEXT PRIMARY KEY, result TEXT NOT NULL, checksum TEXT NOT NULL)"
    " WITHOUT ROWID",
)
_COLUMNS = "digest, exact_key, shingle_count, signature, repeats, checksum"
Analyze = Callable[[list[SourceFile]], Iterable[Analysis | Skipped]]
Resolve = Callable[[list[Component]], Iterable[Resolved]]


class Corrupt(sqlite3.DatabaseError):
    """Something read from the cache is not what this code wrote."""


@dataclass(frozen=True)
class Entry:
    """An analysis without its file: what the cache stores for one content digest."""

    exact_key: str
    shingle_count: int
    signature: bytes | None
    repeats: str  # JSON, see `_repeats_json`

    def analysis(self, source: SourceFile, digest: str, num_perm: int) -> Analysis:
        if not isinstance(self.exact_key, str) or type(self.shingle_count) is not int or self.shingle_count < 0:
            raise Corrupt("exact key or shingle count")
        signature = None
        if self.signature is not None:
            if not isinstance(self.signature, bytes) or len(self.signature) != 4 * num_perm:
                raise Corrupt("signature length")
            signature = np.frombuffer(self.signature, dtype="<u4").astype(np.uint32, copy=False)
        elif self.shingle_count:
            raise Corrupt("signature missing")
        groups, held, encoding, marked = _repeats(self.repeats, source)
        return Analysis(
            source,
            digest,
            self.exact_key,
            self.shingle_count,
            signature,
            groups,
            held=held,
            encoding=encoding,
            marked=marked,
        )


class AnalysisCache:
    """Analyses by content digest under `folder`. Opening may raise OSError or sqlite3.Error (a
    folder that cannot hold a database); after that, a bad cache never makes `analyses` fail."""

    def __init__(self, folder: str, settings: Settings, racy_ns: int = _RACY_NS) -> None:
        """`racy_ns`: a file changed less than this long before it is read gets no stamp."""
        self._path = os.path.join(folder, DATABASE)
        self._racy_ns = racy_ns
        self._num_perm = settings.num_perm
        self._settings_key = _settings_key(settings)
        with contextlib.suppress(FileExistsError):
            os.makedirs(folder)
            _keep_out_of_git(folder)  # only in a folder it made: never in one the user named
        self._connection = self._open()

    def analyses(
        self, sources: list[SourceFile], settings: Settings, analyze: Analyze, read_anyway: Collection[str] = ()
    ) -> Iterator[Analysis | Skipped]:
        """Every file's analysis: cached when its bytes were analyzed before, else from `analyze`
        (and then cached). Files in `read_anyway` are read whatever their stamp says."""
        started = time.time_ns()
        known = self._digests([s for s in sources if s.path not in read_anyway])
        digests: list[tuple[SourceFile, str]] = []
        read: list[tuple[SourceFile, str]] = []
        for source in sources:
            if source.path in known:
                digests.append((source, known[source.path]))
                continue
            digest = _read_digest(source, settings)
            if isinstance(digest, Skipped):
                yield digest
                continue
            digests.append((source, digest))
            if source.stamp and max(source.stamp[3:]) < started - self._racy_ns:
                read.append(digests[-1])
        self._store_stamps(read)
        hits, misses = self._lookup(digests)
        yield from hits
        fresh = list(analyze(misses))
        self._store(a for a in fresh if isinstance(a, Analysis))
        yield from fresh

    def resolved(self, parts: list[Component], resolve: Resolve) -> Iterator[Resolved]:
        """Every component's verification: stored when the same files made the same component
        under the same settings before, else from `resolve` (and then stored, unless it lost a
        file that changed meanwhile)."""
        settings = settings_text(parts[0].settings) if parts else ""
        keys = [component_key(part, settings) for part in parts]
        stored = {
            key: (result, checksum)
            for key, result, checksum in self._select("SELECT key, result, checksum FROM components WHERE key IN", keys)
        }
        missing: list[tuple[str, Component]] = []
        for key, part in zip(keys, parts, strict=True):
            result, checksum = stored.get(key, ("", ""))
            try:
                if checksum != _checksum(key, result):
                    raise ValueError("checksum")
                yield resolved_from_json(result, part)
            except ValueError:
                missing.append((key, part))
        fresh = list(resolve([part for _, part in missing]))
        rows = [(key, resolved_json(r)) for (key, _), r in zip(missing, fresh, strict=True) if not r.lost]
        self._write("INSERT OR REPLACE INTO components VALUES (?, ?, ?)", [(*row, _checksum(*row)) for row in rows])
        yield from fresh

    def _lookup(self, files: list[tuple[SourceFile, str]]) -> tuple[list[Analysis], list[SourceFile]]:
        """(the cached analyses, the files that must be analyzed) for (file, content digest) pairs."""
        entries = self._entries(sorted({digest for _, digest in files}))
        hits: list[Analysis] = []
        misses: list[SourceFile] = []
        for source, digest in files:
            try:
                hits.append(entries[digest].analysis(source, digest, self._num_perm))
            except (KeyError, ValueError, TypeError, Corrupt):
                misses.append(source)
        return hits, misses

    def _digests(self, sources: list[SourceFile]) -> dict[str, str]:
        """The recorded digests of the files whose stamp is what it was when they were read."""
        stamps = {_path_key(s.path): (s.path, _stamp_text(s.stamp)) for s in sources if s.stamp}
        known = {}
        for key, stamp, digest, checksum in self._select(
            "SELECT path, stamp, digest, checksum FROM stamps WHERE path IN", stamps
        ):
            path, expected = stamps.get(key, ("", None))
            if stamp == expected and checksum == _checksum(key, stamp, digest) and _is_digest(digest):
                known[path] = digest
        return known

    def _store_stamps(self, files: list[tuple[SourceFile, str]]) -> None:
        rows = [(_path_key(s.path), _stamp_text(s.stamp), digest) for s, digest in files]
        self._write("INSERT OR REPLACE INTO stamps VALUES (?, ?, ?, ?)", [(*row, _checksum(*row)) for row in rows])

    def _store(self, analyses: Iterable[Analysis]) -> None:
        rows = {a.digest: self._row(a) for a in analyses}
        self._write(
            f"INSERT OR REPLACE INTO analyses (settings, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(self._settings_key, *row) for row in rows.values()],
        )

    def _write(self, statement: str, rows: list[tuple[object, ...]]) -> None:
        if rows:
            with self._recovering(), self._connection:
                self._connection.executemany(statement, rows)

    def _select(self, query: str, keys: Collection[str], *params: str) -> Iterator[tuple[Any, ...]]:
        """The rows of `query` (which ends in `IN`) for `keys`, a chunk at a time; `params` fill
        the placeholders before the `IN`."""
        ordered = sorted(keys)
        with self._recovering():
            for start in range(0, len(ordered), _LOOKUP_CHUNK):
                chunk = ordered[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                yield from self._connection.execute(f"{query} ({marks})", (*params, *chunk)).fetchall()

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _entries(self, digests: list[str]) -> dict[str, Entry]:
        query = f"SELECT {_COLUMNS} FROM analyses WHERE settings = ? AND digest IN"
        found: dict[str, Entry] = {}
        for digest, exact_key, count, signature, repeats, checksum in self._select(query, digests, self._settings_key):
            if checksum == _checksum(self._settings_key, digest, exact_key, count, signature, repeats):
                found[digest] = Entry(exact_key, count, signature, repeats)
        return found

    def _row(self, analysis: Analysis) -> tuple[object, ...]:
        signature = None if analysis.signature is None else analysis.signature.astype("<u4").tobytes()
        repeats = _repeats_json(analysis.repeats, analysis.held, analysis.encoding, analysis.marked)
        fields = (analysis.digest, analysis.exact_key, analysis.shingle_count, signature, repeats)
        return (*fields, _checksum(self._settings_key, *fields))

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError:  # Corrupt included
            self._remove()
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self._path, timeout=_BUSY_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "meta" not in tables:
                raise Corrupt("a database that is not a dedupe cache")
            connection.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                connection.execute(statement)
            connection.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (_FORMAT,))
            connection.execute("INSERT OR IGNORE INTO meta VALUES ('code', ?)", (_code_digest(),))
            connection.execute("COMMIT")
            meta = dict(connection.execute("SELECT key, value FROM meta"))
            if meta != {"format": _FORMAT, "code": _code_digest()}:
                raise Corrupt("written by another version of dedupe")
            connection.isolation_level = "DEFERRED"
            return connection
        except BaseException:
            connection.close()
            raise

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._path + suffix)

    @contextlib.contextmanager
    def _recovering(self) -> Iterator[None]:
        """A database that fails while in use is replaced; the run goes on as if it had missed."""
        try:
            yield
        except sqlite3.DatabaseError:
            self._connection.close()
            self._remove()
            self._connection = self._connect()


def _read_digest(source: SourceFile, settings: Settings) -> str | Skipped:
    """The digest an analysis of `source` carries: that of the file's bytes, or for an article of
    a container (a JSONL record, which has no file of its own), that of the record."""
    if container_of(source.path) is not None:
        document = read_document(source, settings)
        return document if isinstance(document, Skipped) else document.digest
    data = read_bytes(source, settings)
    return data if isinstance(data, Skipped) else content_digest(data)


def _keep_out_of_git(folder: str) -> None:
    """A `.gitignore` of `*` inside the folder, as pytest and ruff do for theirs."""
    with contextlib.suppress(FileExistsError), open(os.path.join(folder, ".gitignore"), "x") as handle:
        handle.write("# Written by dedupe: this folder is a cache.\n*\n")


def _stamp_text(stamp: tuple[int, ...]) -> str:
    return ":".join(map(str, stamp))


def _settings_key(settings: Settings) -> str:
    values = {name: getattr(settings, name) for name in ANALYSIS_SETTINGS}
    return xxhash.xxh3_128_hexdigest(json.dumps(values, sort_keys=True).encode())


@cache
def _code_digest() -> str:
    """The digest of dedupe's own sources: an analysis made by other code is never reused."""
    return sources_digest(Path(__file__).parents[1])


def sources_digest(package: Path) -> str:
    """The digest of every module of a package, its subpackages included, by relative path."""
    digest = xxhash.xxh3_128()
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _checksum(*fields: object) -> str:
    """A row's checksum: its fields as text (bytes as they are), each ended by a NUL."""
    blob = b"".join(f if isinstance(f, bytes) else str(f).encode() + b"\0" for f in fields)
    return xxhash.xxh3_64_hexdigest(blob)


def _repeats_json(
    groups: tuple[RepeatGroup, ...], held: tuple[HeldRepeat, ...], encoding: str = "utf-8", marked: bool = False
) -> str:
    """The repeat groups as JSON; with paragraphs held back, another encoding than UTF-8 or a
    `dedupe:` mark in the text, an object of them all."""
    listed = [
        [
            g.kind,
            g.kept_line,
            g.key,
            [g.kept_span.start, g.kept_span.end, g.kept_span.line],
            [[r.line, r.similarity, r.cut.start, r.cut.end, r.cut.line, r.size] for r in g.removed],
        ]
        for g in groups
    ]
    if not held and encoding == "utf-8" and not marked:
        return json.dumps(listed)
    kept_back = [[h.line, h.kept_line, h.kind, h.similarity, h.reason] for h in held]
    return json.dumps({"groups": listed, "held": kept_back, "encoding": encoding, "marked": marked})


def _repeats(text: str, source: SourceFile) -> tuple[tuple[RepeatGroup, ...], tuple[HeldRepeat, ...], str, bool]:
    """The stored repeat groups, held paragraphs, encoding and mark, attached to `source`. A row is checked for
    shape and bounds (a checksum only proves the row was not damaged, not that this code wrote it):
    any number out of the file's range, or JSON nested too deep, raises Corrupt."""
    if text == "[]":  # most files: no need to parse
        return (), (), "utf-8", False
    try:
        stored = json.loads(text)
    except RecursionError:
        raise Corrupt("repeats nested too deep") from None
    if isinstance(stored, dict):
        rows, kept_back, encoding = _list(stored.get("groups")), _list(stored.get("held")), stored.get("encoding")
        marked = stored.get("marked")
        if not isinstance(encoding, str) or not 0 < len(encoding) <= 40 or not isinstance(marked, bool):
            raise Corrupt("encoding or mark")
    else:
        rows, kept_back, encoding, marked = _list(stored), [], "utf-8", False
    groups = []
    for kind, kept_line, key, kept, removed in _list(rows):
        if kind not in ("exact", "near") or not isinstance(key, str) or not _list(removed):
            raise Corrupt("repeat group")
        copies = tuple(
            RemovedParagraph(_line(line, source), _score(similarity), _span(cut, source), _bounded(size, source.size))
            for line, similarity, *cut, size in map(_list, removed)
        )
        groups.append(RepeatGroup(source.path, kind, _line(kept_line, source), copies, _span(kept, source), key))
    held = []
    for line, kept_line, kind, score, why in map(_list, kept_back):
        if kind not in ("exact", "near") or not isinstance(why, str):
            raise Corrupt("held paragraph")
        held.append(HeldRepeat(source.path, _line(line, source), _line(kept_line, source), kind, _score(score), why))
    return tuple(groups), tuple(held), encoding, marked


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise Corrupt("not a list")
    return value


def _bounded(value: object, limit: int, low: int = 0) -> int:
    """A whole number in [low, limit]: offsets and sizes cannot exceed the file's size in bytes
    (a character takes at least one byte), nor lines its size plus one."""
    if type(value) is not int or not low <= value <= limit:
        raise Corrupt("number out of range")
    return value


def _line(value: object, source: SourceFile) -> int:
    return _bounded(value, source.size + 1, low=1)


def _score(value: object) -> float:
    if type(value) not in (int, float) or not 0.0 <= value <= 1.0:  # type: ignore[operator]
        raise Corrupt("score out of range")
    return float(value)  # type: ignore[arg-type]


def _span(fields: object, source: SourceFile) -> Span:
    start, end, line = _list(fields)
    span = Span(_bounded(start, source.size), _bounded(end, source.size), _line(line, source))
    if span.start > span.end:
        raise Corrupt("span")
    return span


def _is_digest(value: object) -> bool:
    """What `content_digest` makes: 32 lowercase hex digits."""
    return isinstance(value, str) and _DIGEST.fullmatch(value) is not None


def _path_key(path: str) -> str:
    """A path as stored: sqlite text must be UTF-8 and a file name need not be, so undecodable
    bytes are kept as `\\xe9`. Two names may then share a key; the stamp (device and inode
    included) still has to match, so that costs a read, never a wrong digest."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
