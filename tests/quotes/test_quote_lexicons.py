"""The quote stage's lexicons (transforms/quotes/*.toml): loaded, used, and consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import transforms.quotes  # noqa: F401  (loads every lexicon of the stage)
from transforms.lexicon import LOADED
from transforms.quotes import classify, headline, sources, words
from transforms.quotes.cues import CUE_RE, INVERTING, after_naming_word
from transforms.quotes.names import NOT_NAME, person_names
from transforms.quotes.sentences import ABBREV_DOT, mask

from quote_helpers import KINDS

STAGE = Path(words.CUES.path).parent  # the source folder (a compiled words module is loaded from build/native/)
TOMLS = sorted(STAGE.glob("*.toml"))


def test_the_stage_keeps_its_lexicons_beside_it_and_loads_them_all():
    assert {p.name for p in TOMLS} == {"cues.toml", "grammar.toml", "headline.toml", "names.toml", "sentences.toml", "sources.toml", "spans.toml", "works.toml"}
    for p in TOMLS:
        lex = LOADED[p.resolve()]
        assert lex.unread() == [], f"{p.name}: entries the stage does not read"
        assert lex.duplicates() == [], f"{p.name}: words listed twice"


def test_no_word_list_is_left_in_the_stage_code():
    # a literal list or set of words (three quoted words in a row) belongs in a TOML file;
    # the row kinds and speaker types are values of the stage's output, not words it looks for
    listing = re.compile(r"""(["'])([A-Za-z]+)\1\s*,\s*(["'])([A-Za-z]+)\3\s*,\s*(["'])([A-Za-z]+)\5""")
    for py in STAGE.glob("*.py"):
        for m in listing.finditer(py.read_text(encoding="utf-8")):
            assert {m.group(2), m.group(4), m.group(6)} <= KINDS | {"nested"} | set(sources.TYPES), f"{py.name} lists words in code: {m.group()}"


@pytest.mark.parametrize("verb", words.CUES.words("cues.verbs"))
def test_every_cue_verb_is_a_cue_as_a_whole_word(verb):
    assert CUE_RE.fullmatch(verb) and CUE_RE.fullmatch(verb.upper())
    assert CUE_RE.search(f"x{verb}") is None and CUE_RE.search(f"{verb}-x") is None


def test_cue_phrases_and_the_united_states_guard():
    for text in ("according to", "in a written statement", "pointed out", "went on to say", "summed up"):
        assert CUE_RE.fullmatch(text), text
    assert [m.group() for m in CUE_RE.finditer("the United States said")] == ["said"]


def test_cue_classes_are_cues():
    # inverted and nested cues are classes of the cue verbs (or cue phrases), never new words
    for word in INVERTING | set(words.CUES.words("nested.before")) | set(words.CUES.words("nested.after")):
        assert CUE_RE.fullmatch(word) or word == "put it", word
    assert set(words.CUES.words("nested.after_inverted")) <= set(words.CUES.words("nested.after"))


def test_headline_verbs_are_their_own_list():
    head = set(words.HEADLINE.words("headline.verbs"))
    body = set(words.CUES.words("cues.verbs"))
    assert head & body and head - body  # shared words, and present-tense headline verbs body copy never cues
    assert headline._HEAD_VERB_RE.fullmatch("Slams") and not CUE_RE.fullmatch("backs")


def test_each_rule_reads_its_own_work_nouns():
    assert after_naming_word("the term ") and after_naming_word("the film") and not after_naming_word("the painting")
    assert classify.is_title_context("the painting", "x") and not classify.is_title_context("the term", "x")
    assert headline._HEAD_TITLE_RE.search("the poem") and not headline._HEAD_TITLE_RE.search("the painting")


def test_not_a_name_words_never_make_a_name_alone():
    for w in sorted(NOT_NAME):
        if re.fullmatch(r"[A-Z][a-z]+", w):  # a plain capitalised word (not "YouTube", "CEO", "U.S.")
            assert person_names(f"x {w} y") == [], w


def test_pronoun_classes_partition_the_pronouns():
    assert words.PRONOUNS == words.NAMED_PRONOUNS | {"you"}
    assert words.PERSON_PRONOUNS | words.GROUP_PRONOUNS <= words.SUBJECT_PRONOUNS <= words.NAMED_PRONOUNS
    assert {w.lower() for w in words.PRONOUNS_AT_CLAUSE_END} <= words.SUBJECT_PRONOUNS


@pytest.mark.parametrize("abbrev", words.SENTENCES.words("sentences.abbreviations"))
def test_every_abbreviation_dot_is_hidden_from_the_sentence_splitter(abbrev):
    assert mask(f"Met {abbrev}. Roe", []) == f"Met {abbrev}{ABBREV_DOT} Roe"
