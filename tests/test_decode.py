from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe.decode import decode
from dedupe.model import Span
from dedupe.stages.clean import cleaned_bytes

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


@pytest.mark.parametrize("data", [b"abc\x00def", b"\x00\x01binary", bytes(range(256)) * 4, b"\x01\x02\x03\x04" * 100])
def test_binary_is_refused(data: bytes) -> None:
    assert decode(data) is None


def test_no_cuts_returns_the_same_bytes() -> None:
    data = TEXT.encode("utf-8")
    decoded = decode(data)
    assert decoded is not None
    assert cleaned_bytes(data, decoded, []) is data


JAPANESE = "東京の天気は晴れです。明日は雨が降るでしょう。\n\n駅前の図書館は木曜日の夜九時まで開いています。\n"
KOREAN = "서울의 날씨는 맑습니다. 내일은 비가 올 것입니다.\n\n도서관은 목요일 밤 아홉 시까지 엽니다.\n"
CHINESE = "北京今天天气晴朗。明天可能会下雨。\n\n图书馆星期四晚上开到九点。\n"


@pytest.mark.parametrize(
    ("text", "codec", "bom"),
    [
        (TEXT + "\n" + TEXT, "utf-16-le", b""),
        (TEXT + "\n" + TEXT, "utf-16-be", b""),
        (TEXT + "\n" + TEXT, "utf-32-le", codecs.BOM_UTF32_LE),
        (TEXT + "\n" + TEXT, "utf-32-be", codecs.BOM_UTF32_BE),
        (JAPANESE, "shift_jis", b""),
        (JAPANESE, "euc_jp", b""),
        (KOREAN, "euc_kr", b""),
        (CHINESE, "gb18030", b""),
    ],
)
def test_other_encodings_are_read_as_their_text_and_cut_byte_exactly(text: str, codec: str, bom: bytes) -> None:
    data = bom + text.encode(codec)
    decoded = decode(data)
    assert decoded is not None and decoded.text == text, codec
    second = text.index("\n\n") + 2
    assert cleaned_bytes(data, decoded, [Span(0, second, 1)]) == bom + text[second:].encode(codec)


def test_one_invalid_byte_keeps_a_utf8_file_utf8_and_every_byte() -> None:
    data = TEXT.encode("utf-8").replace(b"Second", b"Sec\xffond")
    decoded = decode(data)
    assert decoded is not None and decoded.text.startswith("Kılıçdaroğlu said “yes”")
    newline = decoded.text.index("\n")
    assert cleaned_bytes(data, decoded, [Span(0, newline + 1, 1)]) == b"Sec\xffond line.\n"


_CONTROL_CHARACTERS = "".join(
    chr(c) for c in [*range(1, 9), *range(0x0E, 0x1B), *range(0x1C, 0x20), *range(0x7F, 0xA0)]
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from([*_CONTROL_CHARACTERS, *"\t\n\r\x0b\x0c\x1b ab.é“ß東\xa0\U0001f600"]), max_size=80)
)
def test_utf8_text_is_binary_when_over_a_tenth_of_it_is_control_characters(text: str) -> None:
    """C0 controls (less tab, line ends, form feed, escape), DEL and C1 controls: more than one in
    ten characters makes a file binary, whatever other characters surround them."""
    controls = sum(char in _CONTROL_CHARACTERS for char in text)
    assert (decode(text.encode("utf-8")) is None) == (controls > 0.1 * len(text))
