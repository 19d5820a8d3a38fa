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


# Zero-width joiners: kept where they join two emoji or two letters of a script that uses them,
# dropped as invisible junk elsewhere. All examples are made up for these tests.
ZWJ, ZWNJ = "\u200d", "\u200c"


@pytest.mark.parametrize(
    "text",
    [
        f"The team posted 👩{ZWJ}👩{ZWJ}👧 under the photo.",  # family
        f"Pride week opened with 🏳\ufe0f{ZWJ}🌈 flags on every stall.",  # rainbow flag: selector before the ZWJ
        f"Nurses answered with 👩🏽{ZWJ}⚕\ufe0f and 🧑🏿{ZWJ}🚒.",  # professions with skin tones
        f"She signed off ❤\ufe0f{ZWJ}🔥 and 🙂{ZWJ}↔\ufe0f.",  # heart on fire, head shaking (an arrow)
        f"The shelter's 🐈{ZWJ}⬛ found a home.",  # black cat: a symbol from miscellaneous symbols and arrows
        f"Malayalam chillu at a word's end: അവന്{ZWJ} പറഞ്ഞു, അവന്{ZWJ}.",  # ZWJ after a virama, then a space or a full stop
        f"Devanagari half form: क्{ZWJ}ष and र{ZWJ}् in one line",
        f"Bengali ya-phala র{ZWJ}্য and a conjunct ক্{ZWJ}ষ.",
        f"Persian keeps می{ZWNJ}خواهم and کتاب{ZWNJ}ها inside words.",
        f"Sinhala ශ්{ZWJ}රී and Hindi क्{ZWNJ}ष (explicit virama).",
    ],
)
def test_a_joiner_that_shapes_text_is_kept(text):
    assert repair_text(text) == (text, [])


@pytest.mark.parametrize(
    "raw, clean",
    [
        (f"Mid{ZWJ}town and down{ZWNJ}load", "Midtown and download"),  # between Latin letters
        (f"Route 6{ZWJ}6 and 1{ZWNJ}0", "Route 66 and 10"),  # between digits
        (f"{ZWJ}Line start and line end{ZWNJ}\n{ZWNJ}next line.{ZWJ}", "Line start and line end\nnext line."),
        (f"next {ZWJ}to spaces{ZWNJ} and, {ZWJ}commas", "next to spaces and, commas"),
        (f"Пу{ZWJ}тин and 東{ZWNJ}京", "Путин and 東京"),  # scripts where joiners mean nothing
        (f"doubled क{ZWJ}{ZWJ}ष and 👩{ZWJ}{ZWJ}👧 and ab{ZWNJ}{ZWJ}c", "doubled कष and 👩👧 and abc"),
        (f"two scripts क{ZWJ}x and 👩{ZWJ}क", "two scripts कx and 👩क"),
        (f"ZWNJ between emoji 👩{ZWNJ}👧, after a word-final virama क्{ZWNJ} here", "ZWNJ between emoji 👩👧, after a word-final virama क् here"),
        (f"Devanagari digits १{ZWJ}२ and a danda ।{ZWJ}क", "Devanagari digits १२ and a danda ।क"),
        (f"Persian at a word's end کتاب{ZWNJ} then", "Persian at a word's end کتاب then"),
    ],
)
def test_a_joiner_that_joins_nothing_is_dropped(raw, clean):
    assert repair_text(raw) == (clean, ["invisible_chars"])


def test_other_invisible_characters_go_before_joiners_are_judged():
    # a zero-width space or soft hyphen next to a joiner does not make the joiner junk
    assert repair_text(f"क\u200b{ZWJ}ष 👩{ZWJ}\u00ad👧") == (f"क{ZWJ}ष 👩{ZWJ}👧", ["invisible_chars"])


_JOINER_TEXT = st.lists(
    st.sampled_from(["a", "1", " ", ".", "\n", "क", "्", "ष", "ന", "്", "م", "ی", "👩", "🏽", "⚕", "\ufe0f", "↔", "(",
                              ZWJ, ZWNJ, "\u200b", "\u00ad", "\ufeff", "\u2060", "\u00a0", "&amp;", "<b>"]),
    max_size=60,
).map("".join)


@given(_JOINER_TEXT)
def test_joiners_repair_is_idempotent(text):
    once, _ = repair_text(text)
    assert repair_text(once) == (once, [])
