"""Hand-tuned patterns agree with the plain ones they replace; names and subjects."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.quotes.words import SENTENCES

from quote_helpers import by_text, q


# --------------------------------------------------------------------------------------------
# hand-tuned patterns agree with the plain patterns they replace (speed work must not change a row)
# --------------------------------------------------------------------------------------------
_PLAIN_ABBREV_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:" + "|".join(SENTENCES.words("sentences.abbreviations")) + r"|[A-Z])\.(?=[\s,)A-Za-z-])"
)
_PIECES = ["Mr", "Mrs", "Sept", "Sep", "Co", "Corp", "A", "x", "9", ".", " ", ",", ")", "-", "\n", "vs", "Reps", "said", "St"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_abbreviation_dots_match_the_plain_pattern(pieces):
    from transforms.quotes.sentences import _ABBREV_DOT_RE, ABBREV_DOT

    text = "".join(pieces)
    assert _ABBREV_DOT_RE.sub(ABBREV_DOT, text) == _PLAIN_ABBREV_RE.sub(lambda m: m.group()[:-1] + ABBREV_DOT, text)


def test_abbreviation_dots_do_not_end_sentences():
    from transforms.quotes.sentences import ABBREV_DOT
    from transforms.quotes.sentences import mask as _mask

    masked = _mask("Mr. Roe met Dr. Ola Sy in Sept. 2020. J. R. Bell left. It was No. 10.", [])
    assert masked == f"Mr{ABBREV_DOT} Roe met Dr{ABBREV_DOT} Ola Sy in Sept{ABBREV_DOT} 2020. J{ABBREV_DOT} R{ABBREV_DOT} Bell left. It was No{ABBREV_DOT} 10."


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["said", "says", "saying", "sa", "read", "reads", "according to", "went on to say",
                                 "went on", "in a statement", "United States", "-", " ", "x", ",", "Said", "told", "tol"]),
                max_size=25))
def test_cue_prefix_tree_matches_the_flat_alternation(pieces):
    from transforms.quotes.cues import CUE_PHRASES as _CUE_PHRASES
    from transforms.quotes.cues import CUE_RE
    from transforms.quotes.cues import CUE_WORDS as _CUE_WORDS

    flat = re.compile(r"(?<![\w-])(?<!United )(?<!United\u00a0)(?:" + "|".join(_CUE_PHRASES) + "|"
                      + "|".join(_CUE_WORDS) + r")(?![\w-])", re.I)
    text = " ".join(pieces)
    assert [m.span() for m in CUE_RE.finditer(text)] == [m.span() for m in flat.finditer(text)]


@pytest.mark.parametrize("text, word, expected", [
    ("Sergey Lavrov", "Lavrov", 7), ("Lavrov-Smith said", "Lavrov", -1), ("x_Lavrov Lavrov", "Lavrov", 9),
    ("Lavrovs and Lavrov.", "Lavrov", 12), ("", "Lavrov", -1), ("Élan Roe", "Roe", 5), ("ÉRoe", "Roe", -1),
])
def test_find_word_is_a_whole_word_search(text, word, expected):
    from transforms.quotes.names import _find_word

    assert _find_word(text, word) == expected
    plain = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text)
    assert (plain.start() if plain else -1) == expected


def test_a_name_never_runs_across_a_line_break():
    from transforms.quotes.names import person_names

    assert [n for _, n in person_names("He thanked Lavrov\nMaria Zakharova spoke later.")] == ["Lavrov", "Maria Zakharova"]
    body = 'The talks were led by T.\nTom Clarke opened the pub.\n"It is all I can afford," he said.'
    assert by_text(q(body), "It is all I can afford,").speaker == "Tom Clarke"


def test_a_pronoun_subject_is_the_mention_not_its_whole_sentence():
    from transforms.quotes.mentions import lead_subject

    assert lead_subject("She remembers the first visit.") == "She"
    body = 'Leila Haddad runs the front of house. She remembers the first visit. "There were pigeons in the pole room."'
    row = by_text(q(body), "There were pigeons in the pole room.")
    assert (row.speaker_mention, row.speaker) == ("She", "Leila Haddad")
