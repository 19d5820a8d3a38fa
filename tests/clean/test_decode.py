import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.clean.decode import decode_bytes

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


# --- legacy encodings: cp1252 wins a tie, but not against a real fit --------------------------


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("A naïve idea.\n", "cp1252"),  # one accented letter: charset-normalizer's scores tie
        ("The naïve plan was simple, officials said, and the rôle was clear.\n", "cp1252"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl.\n", "cp1250"),  # cp1252 cannot read it
        ("Bakan, kararın alındığını söyledi. Şehirdeki öğrenciler için önemli bir gün.\n", "cp1254"),
        ("Министр сказал, что «решение принято», и ушёл.\n", "cp1251"),
    ],
)
def test_a_legacy_encoding_reads_back_its_own_text(text, encoding):
    d = decode_bytes(text.encode(encoding))
    assert d.text == text
    assert d.encoding == encoding
    assert d.repairs == ()


# --- UTF-8 with a few bad bytes stays UTF-8 ---------------------------------------------------


def test_utf8_with_one_truncated_character_stays_utf8_and_says_so():
    good = "Council votes — again\nThe mayor said “we will not wait” — and left. " * 4
    d = decode_bytes(good.encode() + b"\xe2\x80 cut here. " + "More — text.\n".encode())
    assert d.encoding == "utf-8"
    assert d.repairs == ("invalid_utf8",)
    assert d.text == good + "\ufffd cut here. More — text.\n"


def test_stray_cp1252_bytes_in_utf8_are_read_as_cp1252():
    d = decode_bytes("Café — noon\nShe said ".encode() + b"\x93fine\x94 and left.\n")
    assert (d.encoding, d.repairs) == ("utf-8", ("invalid_utf8",))
    assert d.text == "Café — noon\nShe said “fine” and left.\n"


def test_random_high_bytes_are_not_taken_for_utf8_with_strays():
    import random

    rnd = random.Random(11)
    for _ in range(20):
        data = bytes(rnd.randrange(0x80, 0x100) for _ in range(3000))
        assert decode_bytes(data).repairs == ()


# --- NUL bytes past the binary sniff ----------------------------------------------------------


def test_nul_bytes_after_the_first_8_kib_are_removed_and_recorded():
    from transforms.post import process_post

    head = "Quiet title\n" + "The board met at noon. " * 400
    data = head.encode() + b'She said \x00"we are \x00done" and left.\x00\n'
    d = decode_bytes(data)
    assert "\x00" not in d.text and d.repairs == ("nul_bytes",)
    article = process_post(data)
    assert "nul_bytes" in article.repairs
    assert "\x00" not in article.body
    assert any(q.quote == "we are done" for q in article.quotes)


def test_nul_bytes_in_a_utf16_post_are_its_encoding_not_strays():
    d = decode_bytes(codecs.BOM_UTF16_LE + POST.encode("utf-16-le"))
    assert d.text == POST and d.repairs == ()
