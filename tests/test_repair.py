import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.repair import repair_text


@pytest.mark.parametrize(
    "raw, clean, fix",
    [
        ("line one\r\nline two\rthree", "line one\nline two\nthree", "line_breaks"),
        ("para\u2028next\u2029last", "para\nnext\nlast", "line_breaks"),
        ("zero\u200bwidth soft\u00adhyphen \ufeffbom", "zerowidth softhyphen bom", "invisible_chars"),
        ("no\u00a0break\u202fspace", "no break space", "odd_spaces"),
        ("Russiaâ€™s â€œplanâ€\x9d", "Russia’s “plan”", "ftfy"),
        ("Caf\u00c3\u00a9 owners", "Café owners", "ftfy"),
        ("Tom &amp; Jerry said &quot;hi&quot;", 'Tom & Jerry said "hi"', "ftfy"),
        ("cafe\u0301", "café", "nfc"),
    ],
)
def test_repairs(raw, clean, fix):
    text, fixes = repair_text(raw)
    assert text == clean
    assert fix in fixes


def test_clean_text_is_untouched_and_curly_quotes_stay():
    text = "“We will,” she said. ‘Fine’ — and that’s it."
    assert repair_text(text) == (text, [])


@given(st.text(max_size=300))
def test_repair_never_raises_and_is_idempotent(text):
    once, _ = repair_text(text)
    assert repair_text(once)[0] == once
    assert "\r" not in once
