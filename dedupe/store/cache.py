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
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import xxhash

from dedupe.formats.registry import container_of
from dedupe.model import ScannedFile, Skipped
from dedupe.settings import Settings
from dedupe.sources import SourceFile, content_digest, read_bytes, read_document
from dedupe.stages.analyze import ANALYSIS_SETTINGS, Analysis
from dedupe.stages.duplicates import Component, Resolved
from dedupe.store.components import component_key, resolved_from_json, resolved_json, settings_text
from dedupe.store.entries import Corrupt, Entry
from dedupe.store.snapshot import NextSnapshot, Snapshot

DATABASE = "analyses.sqlite3"
_FORMAT = "dedupe analysis cache 2"
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
    "CREATE TABLE IF NOT EXISTS corpus (settings TEXT PRIMARY KEY, data BLOB NOT NULL, checksum TEXT NOT NULL)",
)
_COLUMNS = "digest, exact_key, shingle_count, signature, repeats, checksum"
Analyze = Callable[[list[SourceFile]], Iterable[Analysis | Skipped]]
# (the analyses of the files checked, the others' exact keys, signatures and signature flags): which
# of the others could meet a checked file (`dedupe.stages.duplicates.meeting`)
Meets = Callable[[list[Analysis], list[str], npt.NDArray[np.uint32], npt.NDArray[np.bool_]], npt.NDArray[np.bool_]]
Resolve = Callable[[list[Component]], Iterable[Resolved]]


class AnalysisCache:
    """Analyses by content digest under `folder`. Opening may raise OSError or sqlite3.Error (a
    folder that cannot hold a database); after that, a bad cache never makes `analyses` fail."""

    def __init__(
        self, folder: str, settings: Settings, racy_ns: int = _RACY_NS, busy_seconds: float = _BUSY_SECONDS
    ) -> None:
        """`racy_ns`: a file changed less than this long before it is read gets no stamp.
        `busy_seconds`: how long to wait for another run that is writing to the database."""
        self._path = os.path.join(folder, DATABASE)
        self._racy_ns = racy_ns
        self._busy_seconds = busy_seconds
        self._num_perm = settings.num_perm
        self._settings_key = _settings_key(settings)
        with contextlib.suppress(FileExistsError):
            os.makedirs(folder)
            _keep_out_of_git(folder)  # only in a folder it made: never in one the user named
        self._connection = self._open()

    def analyses(
        self,
        sources: list[SourceFile],
        settings: Settings,
        analyze: Analyze,
        read_anyway: Collection[str] = (),
        meets: Meets | None = None,
    ) -> Iterator[Analysis | Skipped | ScannedFile]:
        """Every file's analysis: cached when its bytes were analyzed before, else from `analyze`
        (and then cached). Files in `read_anyway` are read whatever their stamp says. Files whose
        stamp the corpus snapshot holds are served from it; the run leaves a new one when a sixteenth
        of it differs (the rest is served from the rows until then).

        With `meets` (a check of the files in `read_anyway` against the others), a file served from
        the snapshot that `meets` says cannot meet one of them comes as its report entry only (a
        `ScannedFile`): a commit hook builds the analyses of the few files that share an exact key
        or an LSH band with a staged one, not those of 20,000."""
        started = time.time_ns()
        last = self._snapshot()
        following = NextSnapshot(last)
        rest: list[SourceFile] = []
        deferred: list[tuple[SourceFile, int]] = []  # served once the files read anyway are known
        for source in sources:
            if source.path in read_anyway:
                rest.append(source)
            elif meets is not None:
                position = last.find(_path_key(source.path), source.stamp)
                if position is None:
                    rest.append(source)
                else:
                    deferred.append((source, position))
            elif (served := self._served(last, source, None)) is None:
                rest.append(source)
            else:
                following.keep(served[0])
                yield served[1]
        unserved = self._unserved(rest, settings, analyze, read_anyway, last, following, started)
        yield from unserved
        if deferred and meets is not None:
            checked = [a for a in unserved if isinstance(a, Analysis) and a.source.path in read_anyway]
            full = meets(checked, *last.columns([position for _, position in deferred])).tolist()
            broken = []
            for (source, position), needed in zip(deferred, full, strict=True):
                try:
                    item = last.analysis(position, source) if needed else last.described(position, source)
                except (ValueError, TypeError, Corrupt):
                    broken.append(source)  # looked up by content, or analyzed again, below
                    continue
                following.keep(position)
                yield item
            if broken:
                yield from self._unserved(broken, settings, analyze, read_anyway, last, following, started)
        if following.worth_writing:
            self._store_snapshot(following.snapshot())

    def _unserved(
        self,
        rest: list[SourceFile],
        settings: Settings,
        analyze: Analyze,
        read_anyway: Collection[str],
        last: Snapshot,
        following: NextSnapshot,
        started: int,
    ) -> list[Analysis | Skipped]:
        """The analyses of files the snapshot did not serve: found by content digest, or made by
        `analyze` (and stored); those whose stamp holds are added to the `following` snapshot."""
        found: list[Analysis | Skipped] = []
        stamped: dict[str, str] = {}  # the files whose stamp holds, by path: their digests

        def remember(analysis: Analysis, entry: Entry) -> None:  # for the next snapshot
            if stamped.get(analysis.source.path) == analysis.digest:
                following.add(_path_key(analysis.source.path), analysis.source.stamp, analysis.digest, entry)

        by_content = self._holds_analyses()  # else none can be found by content: files are read once
        misses = rest
        if by_content:
            digests: list[tuple[SourceFile, str]] = []
            for source, digest, recorded in self._digested(rest, settings, read_anyway, started):
                if isinstance(digest, Skipped):
                    found.append(digest)
                    continue
                # only a file read anyway was not looked for in the snapshot above
                served = self._served(last, source, digest) if recorded and source.path in read_anyway else None
                if served is not None:
                    following.keep(served[0])
                    found.append(served[1])
                    continue
                digests.append((source, digest))
                if recorded:
                    stamped[source.path] = digest
            hits, misses = self._lookup(digests)
            for analysis, entry in hits:
                remember(analysis, entry)
                found.append(analysis)
        fresh = list(analyze(misses))
        made = [(a, Entry.of(a)) for a in fresh if isinstance(a, Analysis)]
        if not by_content:  # the stamps `_digested` would have recorded
            read = [(a.source, a.digest) for a, _ in made if self._stampable(a.source, started)]
            self._store_stamps(read)
            stamped.update((source.path, digest) for source, digest in read)
        self._store(made)
        for analysis, entry in made:
            remember(analysis, entry)
        return found + fresh

    def _served(self, snapshot: Snapshot, source: SourceFile, digest: str | None) -> tuple[int, Analysis] | None:
        """(position, analysis) of the snapshot's entry for `source` when its stamp is unchanged
        (and, when the file was read, `digest` is the recorded one); None when there is none."""
        position = snapshot.find(_path_key(source.path), source.stamp)
        if position is None or (digest is not None and snapshot.digest(position) != digest):
            return None
        try:
            return position, snapshot.analysis(position, source)
        except (ValueError, TypeError, Corrupt):
            return None

    def _digested(
        self, sources: list[SourceFile], settings: Settings, read_anyway: Collection[str], started: int
    ) -> Iterator[tuple[SourceFile, str | Skipped, bool]]:
        """(file, its digest or why it cannot be read, whether its stamp holds it): recorded and
        unchanged, or recorded now (the file was read, and changed well before `started`)."""
        known = self._digests([s for s in sources if s.path not in read_anyway])
        read: list[tuple[SourceFile, str]] = []
        for source in sources:
            if source.path in known:
                yield source, known[source.path], True
                continue
            digest = _read_digest(source, settings)
            recorded = isinstance(digest, str) and self._stampable(source, started)
            if recorded:
                read.append((source, digest))  # type: ignore[arg-type]
            yield source, digest, recorded
        self._store_stamps(read)

    def _stampable(self, source: SourceFile, started: int) -> bool:
        """Whether a file read after `started` may be known by its stamp from now on: it has one,
        and was last changed well before (a write in the same clock tick cannot hide)."""
        return bool(source.stamp) and max(source.stamp[3:]) < started - self._racy_ns

    def _holds_analyses(self) -> bool:
        """Whether any analysis is stored under these settings."""
        query = "SELECT 1 FROM analyses WHERE settings = ? LIMIT 1"
        with self._recovering():
            return self._connection.execute(query, (self._settings_key,)).fetchone() is not None
        return False

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

    def _lookup(self, files: list[tuple[SourceFile, str]]) -> tuple[list[tuple[Analysis, Entry]], list[SourceFile]]:
        """(the cached analyses with their entries, the files that must be analyzed) for (file,
        content digest) pairs."""
        entries = self._entries(sorted({digest for _, digest in files}))
        hits: list[tuple[Analysis, Entry]] = []
        misses: list[SourceFile] = []
        for source, digest in files:
            try:
                hits.append((entries[digest].analysis(source, digest, self._num_perm), entries[digest]))
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

    def _snapshot(self) -> Snapshot:
        """The corpus snapshot of the last run under these settings; an empty one if there is none
        or it is not what this code wrote."""
        with self._recovering():
            for data, checksum in self._connection.execute(
                "SELECT data, checksum FROM corpus WHERE settings = ?", (self._settings_key,)
            ):
                if checksum == snapshot_checksum(self._settings_key, data):
                    with contextlib.suppress(Corrupt):
                        return Snapshot.from_bytes(data, self._num_perm)
        return Snapshot.empty(self._num_perm)

    def _store_snapshot(self, snapshot: Snapshot) -> None:
        data = snapshot.to_bytes()
        self._write(
            "INSERT OR REPLACE INTO corpus VALUES (?, ?, ?)",
            [(self._settings_key, data, snapshot_checksum(self._settings_key, data))],
        )

    def _store(self, analyses: Iterable[tuple[Analysis, Entry]]) -> None:
        rows = {a.digest: self._row(a.digest, entry) for a, entry in analyses}
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

    def _row(self, digest: str, entry: Entry) -> tuple[object, ...]:
        fields = (digest, entry.exact_key, entry.shingle_count, entry.signature, entry.repeats)
        return (*fields, _checksum(self._settings_key, *fields))

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.OperationalError:  # locked by another run past the wait, read-only, I/O: not damage
            raise
        except sqlite3.DatabaseError:  # Corrupt included
            self._remove()
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self._path, timeout=self._busy_seconds, isolation_level=None)
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
        """A database that fails while in use is replaced, one that is only busy or refused (another
        run holds it past the wait, a full disk) is kept; the run goes on as if it had missed."""
        try:
            yield
        except sqlite3.OperationalError:
            pass
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


def snapshot_checksum(settings_key: str, data: bytes) -> str:
    """A corpus snapshot's checksum: that of its settings and its digest (no copy of its megabytes)."""
    return _checksum(settings_key, xxhash.xxh3_128_hexdigest(data))


def _checksum(*fields: object) -> str:
    """A row's checksum: its fields as text (bytes as they are), each ended by a NUL."""
    blob = b"".join(f if isinstance(f, bytes) else str(f).encode() + b"\0" for f in fields)
    return xxhash.xxh3_64_hexdigest(blob)


def _is_digest(value: object) -> bool:
    """What `content_digest` makes: 32 lowercase hex digits."""
    return isinstance(value, str) and _DIGEST.fullmatch(value) is not None


def _path_key(path: str) -> str:
    """A path as stored: sqlite text must be UTF-8 and a file name need not be, so undecodable
    bytes are kept as `\\xe9`. Two names may then share a key; the stamp (device and inode
    included) still has to match, so that costs a read, never a wrong digest."""
    return path if path.isascii() else os.fsencode(path).decode("utf-8", "backslashreplace")
