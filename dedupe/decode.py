"""Bytes to text and back, losslessly: a cleaned copy must keep every byte it does not cut.

Order of trial: a byte-order mark decides (UTF-32, UTF-8, UTF-16); else strict UTF-8; else UTF-8
with its few invalid bytes kept as escapes (a file with one bad byte stays UTF-8); else a
detector (charset-normalizer) may name UTF-16/32 without a mark or a multi-byte East Asian
encoding (Shift-JIS, EUC-JP, GB18030, EUC-KR, Big5), accepted only if the text encodes back to
exactly the same bytes; else cp1252 (the usual "Latin-1" of Western text); else ISO-8859-1,
which accepts any byte. Every accepted codec is stateless and round-trips, so
`Decoded.byte_offsets` maps a character offset back into the original bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16's: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What the detector may name: stateless codecs that a byte-per-byte Western fallback would garble.
_DETECTABLE = frozenset(
    (
        *("utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"),
        *("cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213"),
        *("gb18030", "gbk", "gb2312", "euc_kr", "cp949", "johab", "big5", "big5hkscs", "cp950"),
    )
)
# C0 controls other than tab, line ends, form feed and escape; DEL; the C1 block (what bytes
# 0x80-0x9f become in Latin-1). Random bytes hold about 23% of them; real text a few at most
# (Word field codes, a stray ^Z), which can be over 2% of a short e-mail body.
# They are counted in the text's UTF-8 bytes, where `bytes.translate` drops every other byte at C
# speed (a pattern over the characters was 3% of a scan): the C0 controls and DEL are single bytes,
# and a C1 control is 0xc2 followed by its own code.
_NOT_CONTROL = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1A or 0x1C <= b <= 0x1F or b == 0x7F))
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")
_MAX_CONTROL_RATIO = 0.1
# UTF-8 with escapes: an invalid byte b is the private-use character U+F700 + b (b >= 0x80).
ESCAPED_UTF8 = "utf-8-escaped"
_ESCAPES = re.compile("[\uf780-\uf7ff]")


def _escape_invalid(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(chr(0xF700 + byte) for byte in error.object[error.start : error.end]), error.end


def _encode_escaped(text: str, errors: str = "strict") -> tuple[bytes, int]:
    out, position = bytearray(), 0
    for escape in _ESCAPES.finditer(text):
        out += text[position : escape.start()].encode("utf-8", errors)
        out.append(ord(escape.group()) - 0xF700)
        position = escape.end()
    return bytes(out + text[position:].encode("utf-8", errors)), len(text)


def _decode_escaped(data: Any, errors: str = "strict") -> tuple[str, int]:  # any buffer, as codecs pass
    return bytes(data).decode("utf-8", "dedupe-escape"), len(data)


codecs.register_error("dedupe-escape", _escape_invalid)
codecs.register(
    lambda name: (
        codecs.CodecInfo(_encode_escaped, _decode_escaped, name=ESCAPED_UTF8)
        if name == ESCAPED_UTF8.replace("-", "_")
        else None
    )
)


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
    if b"\x00" in data:  # only UTF-16 or UTF-32 text holds NUL bytes
        found = _detected(data)
        # without a mark, a few bytes decode as anything: text has some length, and spaces or lines
        text = "" if found is None or len(data) < 32 else found.text
        return found if " " in text or "\n" in text else None
    try:
        return _text_or_none(Decoded(data.decode("utf-8"), "utf-8", b""))
    except UnicodeDecodeError:
        pass
    found = _mostly_utf8(data) or _detected(data)
    if found is not None:
        return found
    try:
        return _text_or_none(Decoded(data.decode("cp1252"), "cp1252", b""))
    except UnicodeDecodeError:
        return _text_or_none(Decoded(data.decode("latin-1"), "latin-1", b""))


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes (fewer than its valid non-ASCII characters, which a cp1252
    file rarely has), kept as escapes; None if the file is not that."""
    text = data.decode(ESCAPED_UTF8)
    invalid = len(_ESCAPES.findall(text))
    valid = sum(1 for char in text if char > "\x7f") - invalid
    if valid <= invalid or text.encode(ESCAPED_UTF8) != data:
        return None
    return _text_or_none(Decoded(text, ESCAPED_UTF8, b""))


def _detected(data: bytes) -> Decoded | None:
    """UTF-16/32 without a mark or a multi-byte East Asian encoding, if the detector names one
    and the text encodes back to the same bytes."""
    from charset_normalizer import from_bytes  # only for the few files that are not UTF-8

    best = from_bytes(data).best()
    if best is None or best.encoding not in _DETECTABLE:
        return None
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError:
        return None
    return _text_or_none(Decoded(text, best.encoding, b"")) if text.encode(best.encoding) == data else None


def _text_or_none(decoded: Decoded) -> Decoded | None:
    text = decoded.text
    if "\x00" in text or _controls(text[:65536]) > _MAX_CONTROL_RATIO * min(len(text), 65536):
        return None
    return decoded


def _controls(text: str) -> int:
    """How many control characters `text` holds."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _NOT_CONTROL)) + (0 if text.isascii() else len(_C1_CONTROL.findall(data)))
