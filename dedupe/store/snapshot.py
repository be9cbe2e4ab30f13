"""The corpus snapshot: every stamped file of the last run, its stamp, digest and analysis, in one blob.

A commit hook checks a few files against a corpus of thousands that has not changed. Looking up
each file's stamp and analysis row, and checking each row, was most of its time; one blob read,
checked by one checksum and split with numpy, serves all of them. The per-file rows stay the
store of record (a file missing from the snapshot is looked up there); the snapshot holds only
files whose stamp was recorded (changed well before they were read), and an entry is served only
to a file whose current stamp is the recorded one, as a stamp row is. A run writes it again
only when a sixteenth of it has changed: a commit's few edited files are served from the rows
until then.

Layout: a header (format, counts), the stamps, shingle counts, signature flags, digests and
signatures as little-endian arrays, then paths, exact keys and repeats as NUL-separated UTF-8
(none of them can hold a NUL). Anything that does not fit that layout raises `Corrupt`.
"""

from __future__ import annotations

import struct
from functools import cached_property

import numpy as np
import numpy.typing as npt

from dedupe.model import ScannedFile
from dedupe.signatures import Signature
from dedupe.sources import SourceFile
from dedupe.stages.analyze import Analysis
from dedupe.store.entries import Corrupt, Entry, analysis_of, stored_codec

_MAGIC = b"dedupe corpus snapshot 1\n"
_HEADER = struct.Struct("<qqq")  # files, signature length, bytes of text
# device, inode and size are unsigned (an overlay file system sets an inode's top bits), times may be negative
_STAMP = np.dtype([("device", "<u8"), ("inode", "<u8"), ("size", "<u8"), ("mtime_ns", "<i8"), ("ctime_ns", "<i8")])
_LIMITS = ((0, 2**64),) * 3 + ((-(2**63), 2**63),) * 2
_DIGEST_BYTES = 16
_REWRITE_SHARE = 16  # the snapshot is written again once this share of it has changed (1/16)
Stamp = tuple[int, ...]


class Snapshot:
    """Entries by position; `find` gives the position of a file's entry if its stamp is unchanged."""

    def __init__(
        self,
        paths: list[str],
        stamps: npt.NDArray[np.void],
        digests: bytes,
        exact_keys: list[str],
        counts: npt.NDArray[np.int64],
        signatures: npt.NDArray[np.uint32],
        signed: npt.NDArray[np.bool_],
        repeats: list[str],
    ) -> None:
        self._paths = paths
        self._stamp_array = stamps
        self._digests = digests
        self._exact_keys = exact_keys
        self._count_array = counts
        self._signatures = signatures
        self._signed = signed
        self._repeats = repeats

    @classmethod
    def empty(cls, num_perm: int) -> Snapshot:
        nothing = np.zeros(0, np.int64)
        return cls([], np.zeros(0, _STAMP), b"", [], nothing, np.zeros((0, num_perm), np.uint32), nothing != 0, [])

    def __len__(self) -> int:
        return len(self._paths)

    def __contains__(self, path: str) -> bool:
        """Whether an entry is recorded for `path` (as stored), under any stamp."""
        return path in self._positions

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {path: i for i, path in enumerate(self._paths)}

    @cached_property
    def _stamps(self) -> list[Stamp]:
        stamps: list[Stamp] = self._stamp_array.tolist()  # a tuple each
        return stamps

    @cached_property
    def _counts(self) -> list[int]:
        return list(self._count_array.tolist())

    def find(self, path: str, stamp: Stamp) -> int | None:
        """The position of the entry recorded for `path` (as stored) with this very stamp."""
        position = self._positions.get(path)
        if position is None or not stamp or self._stamps[position] != stamp:
            return None
        return position

    @cached_property
    def _hex_digests(self) -> str:
        return self._digests.hex()

    @cached_property
    def _signature_rows(self) -> list[Signature | None]:
        """Each entry's signature (a view of its row), None where it has none."""
        return [row if signed else None for row, signed in zip(self._signatures, self._signed.tolist(), strict=True)]

    def digest(self, position: int) -> str:
        width = 2 * _DIGEST_BYTES
        return self._hex_digests[position * width : (position + 1) * width]

    def analysis(self, position: int, source: SourceFile) -> Analysis:
        """The entry at `position` as the analysis of `source`; Corrupt when it does not fit the file."""
        fields = self._exact_keys[position], self._counts[position], self._signature_rows[position]
        return analysis_of(source, self.digest(position), *fields, self._repeats[position])

    def described(self, position: int, source: SourceFile) -> ScannedFile:
        """The report entry of `source` from the entry at `position`, without its analysis."""
        encoding, marked = stored_codec(self._repeats[position], source)
        digest = self.digest(position)
        return ScannedFile(source.path, source.relative, source.size, digest, source.mtime, encoding, marked)

    def columns(self, positions: list[int]) -> tuple[list[str], npt.NDArray[np.uint32], npt.NDArray[np.bool_]]:
        """The exact keys, signatures and signature flags of the entries at `positions`."""
        rows = np.array(positions, dtype=np.intp)
        return [self._exact_keys[i] for i in positions], self._signatures[rows], self._signed[rows]

    def updated(self, kept: list[int], added: list[tuple[str, Stamp, str, Entry]]) -> Snapshot:
        """The entries at positions `kept`, then those `added` as (path, stamp, digest, entry)."""
        rows = np.array(kept, dtype=np.intp)
        width = self._signatures.shape[1]
        signatures = [np.frombuffer(entry.signature or bytes(4 * width), "<u4") for *_, entry in added]
        digests = [self._digests[i * _DIGEST_BYTES : (i + 1) * _DIGEST_BYTES] for i in kept]
        return Snapshot(
            [self._paths[i] for i in kept] + [path for path, *_ in added],
            np.concatenate([self._stamp_array[rows], np.array([s for _, s, *_ in added], _STAMP)]),
            b"".join([*digests, *(bytes.fromhex(digest) for _, _, digest, _ in added)]),
            [self._exact_keys[i] for i in kept] + [entry.exact_key for *_, entry in added],
            np.concatenate([self._count_array[rows], np.array([e.shingle_count for *_, e in added], np.int64)]),
            np.concatenate([self._signatures[rows], np.array(signatures, np.uint32).reshape(-1, width)]),
            np.concatenate([self._signed[rows], np.array([e.signature is not None for *_, e in added], bool)]),
            [self._repeats[i] for i in kept] + [entry.repeats for *_, entry in added],
        )

    def to_bytes(self) -> bytes:
        text = "\0".join([*self._paths, *self._exact_keys, *self._repeats]).encode("utf-8", "surrogatepass")
        return b"".join(
            (
                _MAGIC,
                _HEADER.pack(len(self), self._signatures.shape[1], len(text)),
                self._stamp_array.astype(_STAMP).tobytes(),
                self._count_array.astype("<i8").tobytes(),
                self._signed.astype(np.uint8).tobytes(),
                self._digests,
                self._signatures.astype("<u4").tobytes(),
                text,
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes, num_perm: int) -> Snapshot:
        """The snapshot `to_bytes` wrote; Corrupt when `data` is not one, or its signatures are not
        `num_perm` long."""
        if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _HEADER.size:
            raise Corrupt("not a corpus snapshot")
        files, width, text_bytes = _HEADER.unpack_from(data, len(_MAGIC))
        if width != num_perm or files < 0 or text_bytes < 0:
            raise Corrupt("snapshot header")
        sizes = (_STAMP.itemsize * files, 8 * files, files, _DIGEST_BYTES * files, 4 * width * files, text_bytes)
        if len(data) != len(_MAGIC) + _HEADER.size + sum(sizes):
            raise Corrupt("snapshot length")
        parts, start, view = [], len(_MAGIC) + _HEADER.size, memoryview(data)  # views: no copy of the signatures
        for size in sizes:
            parts.append(view[start : start + size])
            start += size
        counts = np.frombuffer(parts[1], "<i8").astype(np.int64, copy=False)
        signed = np.frombuffer(parts[2], np.uint8)
        if (counts < 0).any() or (signed > 1).any() or (signed[counts > 0] == 0).any():
            raise Corrupt("shingle counts or signature flags")
        try:
            texts = str(parts[5], "utf-8", "surrogatepass").split("\0") if files else []
        except UnicodeDecodeError:  # a checksum proves a blob undamaged, not that this code wrote it
            raise Corrupt("snapshot texts") from None
        if len(texts) != 3 * files:
            raise Corrupt("snapshot texts")
        return cls(
            texts[:files],
            np.frombuffer(parts[0], _STAMP),
            parts[3].tobytes(),
            texts[files : 2 * files],
            counts,
            np.frombuffer(parts[4], "<u4").astype(np.uint32, copy=False).reshape(files, width),
            signed.astype(bool),
            texts[2 * files :],
        )


class NextSnapshot:
    """The snapshot a run leaves: the entries it served from the last one, and the files it
    stamped (looked up in the rows, or analyzed)."""

    def __init__(self, last: Snapshot) -> None:
        self._last = last
        self._kept: list[int] = []
        self._added: list[tuple[str, Stamp, str, Entry]] = []

    def keep(self, position: int) -> None:
        self._kept.append(position)

    def add(self, path: str, stamp: Stamp, digest: str, entry: Entry) -> None:
        """`entry` for `path` (as stored) under `stamp`; a stamp that does not fit the layout (a
        time past the year 2262) is left out: the file is looked up in the rows."""
        if len(stamp) == len(_LIMITS) and all(low <= v < high for v, (low, high) in zip(stamp, _LIMITS, strict=True)):
            self._added.append((path, stamp, digest, entry))

    @property
    def worth_writing(self) -> bool:
        """Whether the run changed enough entries to write the snapshot again. Until then a file
        changed since it was written is served from the per-file rows, as one it never held: a
        commit hook that staged a tracked file wrote all 20,000 entries (13 MB) again, 0.13 s."""
        dropped = len(self._last) - len(set(self._kept))  # a changed file's old entry among them
        new = sum(path not in self._last for path, *_ in self._added)
        return dropped + new >= max(1, len(self._last) // _REWRITE_SHARE)

    def snapshot(self) -> Snapshot:
        return self._last.updated(self._kept, self._added)
