"""What container readers give back: one `Item` per article, its raw bytes and its text."""

from __future__ import annotations

from dataclasses import dataclass

from dedupe.formats.registry import Extracted, FormatError


@dataclass(frozen=True)
class Item:
    """One article of a container: its name in paths (`shard.jsonl/<name>`), its own bytes (whose
    digest names its content) and its text, or why it has none."""

    name: str
    raw: bytes
    text: Extracted | FormatError
