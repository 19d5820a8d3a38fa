import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.decode import decode_bytes

POST = "Café owners welcome “delay” to terrace rules\nThe council’s vote was close.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (POST.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + POST.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + POST.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + POST.encode("utf-16-be"), "utf-16-be"),
        (POST.encode("cp1252"), "cp1252"),
    ],
)
def test_text_encodings_decode_to_the_same_text(data, encoding):
    d = decode_bytes(data)
    assert d.reject_code is None
    assert d.text == POST
    assert d.encoding == encoding


@pytest.mark.parametrize(
    "data, code, words",
    [
        (b"", "empty", "0 bytes"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary", "PNG"),
        (b"%PDF-1.7\n...", "binary", "PDF"),
        (b"hello\x00world" * 10, "binary", "NUL"),
        (bytes([0x80 + (i % 32) for i in range(600)]), "undecodable", "not UTF-8"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd bad", "undecodable", "byte-order mark"),
    ],
)
def test_non_text_is_rejected_with_a_reason(data, code, words):
    d = decode_bytes(data)
    assert d.text is None
    assert d.reject_code == code
    assert words in d.reject_reason


@given(st.binary(max_size=2000))
def test_never_raises_on_any_bytes(data):
    d = decode_bytes(data)
    assert (d.text is None) == (d.reject_code is not None)
    if d.reject_code:
        assert d.reject_reason


@given(st.text(max_size=500))
def test_any_utf8_text_round_trips(text):
    d = decode_bytes(text.encode("utf-8"))
    if "\x00" in text or not text:
        assert d.text is None
    else:
        assert d.text == text.removeprefix("\ufeff") and d.encoding in ("utf-8", "utf-8-sig")
