import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.clean.repair import repair_text


@pytest.mark.parametrize(
    "raw, clean, fix",
    [
        ("line one\r\nline two\rthree", "line one\nline two\nthree", "line_breaks"),
        ("para\u2028next\u2029last", "para\nnext\nlast", "line_breaks"),
        ("zero\u200bwidth soft\u00adhyphen \ufeffbom", "zerowidth softhyphen bom", "invisible_chars"),
        ("no\u00a0break\u202fspace", "no break space", "odd_spaces"),
        ("Russiaâ€™s â€œplanâ€\x9d", "Russia’s “plan”", "ftfy"),
        ("Caf\u00c3\u00a9 owners", "Café owners", "ftfy"),
        ("Tom &amp; Jerry said &quot;hi&quot; &#8212; &amp;quot;twice&amp;quot;", 'Tom & Jerry said "hi" — "twice"', "html_entities"),
        ("<p>One</p><p>Two <b>bold</b> <a href=\"https://x.org\">link</a><br/>three</p>", "\nOne\n\nTwo bold link\nthree\n", "html_tags"),
        ("Caf\u00c3\u0192\u00c2\u00a9 double", "Café double", "ftfy"),
        ("C1 controls read as cp1252: \x93quoted\x94", "C1 controls read as cp1252: “quoted”", "ftfy"),
        ("cafe\u0301", "café", "nfc"),
    ],
)
def test_repairs(raw, clean, fix):
    text, fixes = repair_text(raw)
    assert text == clean
    assert fix in fixes


def test_prose_with_angle_brackets_and_ampersands_stays():
    text = "Profits < 5% & rising; <3 to all; AT&T; x < y and y > z; a <- b; <not a tag>"
    assert repair_text(text) == (text, [])


def test_clean_text_is_untouched_and_curly_quotes_stay():
    text = "“We will,” she said. ‘Fine’ — and that’s it."
    assert repair_text(text) == (text, [])


@given(st.text(max_size=300))
def test_repair_never_raises_and_is_idempotent(text):
    once, _ = repair_text(text)
    assert repair_text(once)[0] == once
    assert "\r" not in once
