"""Cleaned text, purely: the original bytes with the report's paragraph spans cut out.

Nothing is re-encoded: spans are mapped to byte offsets of the original and the bytes between
them are kept exactly, so encoding, line endings, metadata lines and a missing final newline stay.
"""

from __future__ import annotations

from dedupe.decode import Decoded
from dedupe.model import Span


def cleaned_bytes(data: bytes, decoded: Decoded, cuts: list[Span]) -> bytes:
    """`data` without the byte ranges of `cuts` (sorted, non-overlapping character spans)."""
    if not cuts:
        return data
    offsets = decoded.byte_offsets([edge for cut in cuts for edge in (cut.start, cut.end)])
    pieces, position = [], 0
    for start, end in zip(offsets[::2], offsets[1::2], strict=False):
        pieces.append(data[position:start])
        position = end
    pieces.append(data[position:])
    return b"".join(pieces)
