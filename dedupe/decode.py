"""Bytes to text and back, losslessly: a cleaned copy must keep every byte it does not cut.

Order of trial: a UTF-8/UTF-16 byte-order mark decides; else strict UTF-8; else cp1252 (the usual
"Latin-1" of Western text); else ISO-8859-1, which accepts any byte. Each of these decodes and
encodes one-to-one, so `Decoded.byte_offset` maps a character offset back into the original bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# C0 controls other than tab, line ends, form feed and escape; DEL; the C1 block (what bytes
# 0x80-0x9f become in Latin-1). Random bytes hold about 23% of them; real text a few at most
# (Word field codes, a stray ^Z), which can be over 2% of a short e-mail body.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.1


@dataclass(frozen=True)
class Decoded:
    text: str
    codec: str
    bom: bytes

    def byte_offsets(self, offsets: list[int]) -> list[int]:
        """Byte positions of sorted character offsets, in one pass over the text."""
        result, position, previous = [], len(self.bom), 0
        for offset in offsets:
            position += len(self.text[previous:offset].encode(self.codec))
            previous = offset
            result.append(position)
        return result


def decode(data: bytes) -> Decoded | None:
    """The text of `data`, or None when it looks binary (NUL bytes or many control characters)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _text_or_none(Decoded(data[len(bom) :].decode(codec), codec, bom))
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        return None
    for codec in ("utf-8", "cp1252"):
        try:
            return _text_or_none(Decoded(data.decode(codec), codec, b""))
        except UnicodeDecodeError:
            continue
    return _text_or_none(Decoded(data.decode("latin-1"), "latin-1", b""))


def _text_or_none(decoded: Decoded) -> Decoded | None:
    text = decoded.text
    if "\x00" in text or len(_CONTROL.findall(text[:65536])) > _MAX_CONTROL_RATIO * min(len(text), 65536):
        return None
    return decoded
