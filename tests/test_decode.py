from __future__ import annotations

import codecs

import pytest

from dedupe.clean import cleaned_bytes
from dedupe.decode import decode
from dedupe.model import Span

TEXT = "Kılıçdaroğlu said “yes” – twice.\nSecond line.\n"


@pytest.mark.parametrize(
    ("name", "data", "codec"),
    [
        ("utf-8", TEXT.encode("utf-8"), "utf-8"),
        ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        ("cp1252", "Café “crème” – déjà vu.\n".encode("cp1252"), "cp1252"),
        ("latin-1 bytes cp1252 leaves undefined", b"caf\xe9 \x81 ok\n", "latin-1"),
    ],
)
def test_decode_and_cut_keep_the_original_bytes(name: str, data: bytes, codec: str) -> None:
    decoded = decode(data)
    assert decoded is not None, name
    assert decoded.codec == codec
    newline = decoded.text.index("\n")
    cut = cleaned_bytes(data, decoded, [Span(0, newline + 1, 1)])
    assert cut == decoded.bom + data[decoded.byte_offsets([newline + 1])[0] :]  # the BOM stays
    assert cut[len(decoded.bom) :].decode(codec) == decoded.text[newline + 1 :]


@pytest.mark.parametrize("data", [b"abc\x00def", bytes(range(256)) * 4, b"\x01\x02\x03\x04" * 100])
def test_binary_is_refused(data: bytes) -> None:
    assert decode(data) is None


def test_no_cuts_returns_the_same_bytes() -> None:
    data = TEXT.encode("utf-8")
    decoded = decode(data)
    assert decoded is not None
    assert cleaned_bytes(data, decoded, []) is data
