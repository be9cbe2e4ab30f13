"""The result model: one typed `Report` flows from detection to every renderer and writer.

Spans are character offsets into the decoded text of a file; `dedupe.stages.clean` maps them back to the
original bytes, so a cleaned copy keeps every byte it does not cut.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

RepeatKind = Literal["exact", "near"]


@dataclass(frozen=True)
class Span:
    """A paragraph's place in its file: [start, end) in characters, and its first line (1-based)."""

    start: int
    end: int
    line: int


@dataclass(frozen=True)
class RemovedParagraph:
    """A paragraph that repeats an earlier one, with the text span to cut (its separator included)
    and how many bytes of the file that cut removes."""

    line: int
    similarity: float
    cut: Span
    size: int


@dataclass(frozen=True)
class RepeatGroup:
    """Copies of one kept paragraph inside one file, all of one kind (exact or near)."""

    path: str
    kind: RepeatKind
    kept_line: int
    removed: tuple[RemovedParagraph, ...]
    kept_span: Span  # the kept paragraph itself, so a report can show the copies against it
    key: str  # digest of the kept paragraph's normalized text: names the repeat across edits elsewhere

    @property
    def removed_lines(self) -> tuple[int, ...]:
        return tuple(r.line for r in self.removed)

    @property
    def similarity(self) -> float:
        """The lowest score of the group: every removed copy is at least this close to the kept one."""
        return min(r.similarity for r in self.removed)


@dataclass(frozen=True)
class HeldRepeat:
    """A paragraph similar to an earlier one of its file that cleaning keeps, because removing it
    could lose something a reader would miss (`reason`): shown for review, never cut."""

    path: str
    line: int
    kept_line: int
    kind: RepeatKind
    similarity: float
    reason: str


@dataclass(frozen=True)
class HeldPair:
    """A file that passes the duplicate rule against the file a group keeps, but is kept too,
    because it holds something the kept file does not (`reason`): shown for review, never removed."""

    keep: str
    path: str
    similarity: float
    containment: float
    reason: str


@dataclass(frozen=True)
class Member:
    """A file of a duplicate group, scored against the kept file (the kept file scores 1.0)."""

    path: str
    similarity: float
    containment: float


@dataclass(frozen=True)
class DuplicateGroup:
    """Files that are copies of one article; all but `keep` and the `originals` are removable.

    `originals` are the members tagged as originals (`Settings.originals`, rmlint's `//`): when
    a group holds one, the keeper is one, and none is ever removed.
    """

    keep: str
    members: tuple[Member, ...]
    policy: str
    originals: tuple[str, ...] = ()

    @property
    def removable(self) -> tuple[str, ...]:
        return tuple(m.path for m in self.members if m.path != self.keep and m.path not in self.originals)

    def narrowed(self, keeps: Callable[[Member], bool]) -> DuplicateGroup | None:
        """The group with only the copies `keeps` accepts (and its keeper); None if no copy is left."""
        members = tuple(m for m in self.members if m.path == self.keep or keeps(m))
        if len(members) < 2:
            return None
        originals = tuple(p for p in self.originals if any(m.path == p for m in members))
        return DuplicateGroup(self.keep, members, self.policy, originals)


@dataclass(frozen=True)
class ScoredPair:
    """A pair of files measured on their real shingle sets (exact copies score 1.0), whether or not
    it made the threshold: the evidence a report shows to explain where the threshold falls."""

    a: str
    b: str
    similarity: float
    containment: float
    duplicate: bool


@dataclass(frozen=True)
class Skipped:
    """A file that was found but not compared, and why.

    `error` marks files that should have been read and could not be (unreadable, vanished,
    changed during the run): the result is then incomplete. Binary files, special files and
    second names of one file are skipped by design.
    """

    path: str
    reason: str
    error: bool = False


@dataclass(frozen=True)
class ScannedFile:
    """What the writers need to know of each compared file: where it came from and its identity."""

    path: str
    relative: str
    size: int
    digest: str
    mtime: float
    encoding: str = "utf-8"  # the codec its bytes were read with (`dedupe.decode`), a BOM as `+bom`
    marked: bool = False  # its text says `dedupe:` (`dedupe.suppress` reads only such files again)


@dataclass(frozen=True)
class Report:
    """Everything one scan found. Lists are sorted, so equal inputs give equal reports."""

    settings: dict[str, object]
    files: tuple[ScannedFile, ...]
    skipped: tuple[Skipped, ...]
    duplicate_groups: tuple[DuplicateGroup, ...]
    repeated_paragraphs: tuple[RepeatGroup, ...]
    focus: tuple[str, ...] = ()  # the files a `check` was about; empty: all of them
    version: int = field(default=1)
    scored_pairs: tuple[ScoredPair, ...] = ()  # sorted by (a, b)
    held_repeats: tuple[HeldRepeat, ...] = ()  # sorted by path, then line
    held_pairs: tuple[HeldPair, ...] = ()  # one a file (the closest kept file), sorted by path

    @property
    def files_scanned(self) -> int:
        return len(self.files)

    @property
    def read_errors(self) -> tuple[Skipped, ...]:
        return tuple(s for s in self.skipped if s.error)

    @property
    def files_removable(self) -> int:
        return sum(len(g.removable) for g in self.duplicate_groups)

    @property
    def paragraphs_removable(self) -> int:
        """Repeated paragraphs cut from the files that are kept (a removable file goes whole)."""
        return sum(len(r.removed) for r in self.kept_repeats())

    @property
    def bytes_saved(self) -> int:
        """Removable files whole, plus the bytes cut from the files that are kept."""
        removed = self.removed_files()
        whole = sum(f.size for f in self.files if f.path in removed)
        return whole + sum(r.size for g in self.kept_repeats() for r in g.removed)

    def kept_repeats(self) -> tuple[RepeatGroup, ...]:
        """The repeats that cleaning cuts: those of the files that are kept (a removable file
        goes whole, so its own repeats do not matter)."""
        removed = self.removed_files()
        return tuple(r for r in self.repeated_paragraphs if r.path not in removed)

    def removed_files(self) -> frozenset[str]:
        return frozenset(p for g in self.duplicate_groups for p in g.removable)

    def cuts_by_path(self) -> dict[str, list[Span]]:
        """The spans to cut from each file, in file order."""
        cuts: dict[str, list[Span]] = {}
        for group in self.repeated_paragraphs:
            cuts.setdefault(group.path, []).extend(r.cut for r in group.removed)
        for spans in cuts.values():
            spans.sort(key=lambda s: s.start)
        return cuts
