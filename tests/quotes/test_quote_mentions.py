"""Mentions and the speaker resolver (transforms.quotes.mentions, .speakers)."""

from __future__ import annotations

import pytest

from transforms.quotes.mentions import attribution_after, subject_before
from transforms.quotes.speakers import NameIndex


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, subject",
    [
        ("In his latest remarks Friday, Port chief Jonas Brandt ", "Port chief Jonas Brandt"),
        ("Minister Elena Moreau on Thursday ", "Minister Elena Moreau"),
        ("Tom Roe, the chief of the league, ", "Tom Roe, the chief of the league"),
        ("Jane Roe mocked the plan and ", "Jane Roe"),
        ("the mayor also ", "the mayor"),
        # a pronoun right before the cue is the cue's subject after a conjunction, and through
        # frequency adverbs; after 'what' it belongs to another clause
        ("The warden gave no date, though she ", "she"),
        ("The pier needs work, but he ", "he"),
        ("Our neighbour has mellowed, yet even now she still ", "she"),
        ("The keeper often ", "The keeper"),
        ("Jane Roe, the keeper, described what she ", "Jane Roe, the keeper"),
    ],
)
def test_subject_before(text, subject):
    assert subject_before(text) == subject


@pytest.mark.parametrize(
    "post, expected",
    [
        (" he said.", ("he", "said")),
        (', said Jane Roe, the minister. "', ("Jane Roe, the minister", "said")),
        (", and suggested the plan was late.", None),
        (", adding that its value rose.", None),
        (" — Jane Roe", ("Jane Roe", "—")),
    ],
)
def test_attribution_after(post, expected):
    got = attribution_after(post)
    assert (got[:2] if got else None) == expected


def test_name_index_resolution():
    text = "Russian envoy Sergey Volkov met Jane Roe. Later Volkov spoke. The Kremlin agreed."
    idx = NameIndex(text)
    assert idx.resolve("Volkov", len(text)) == "Sergey Volkov"
    assert idx.resolve("Russian envoy Sergey Volkov", 0) == "Sergey Volkov"
    # he/she: the latest person in subject position, not the object of the last sentence
    assert idx.resolve("he", text.index("Later")) == "Sergey Volkov"
    assert idx.resolve("the Kremlin", 0) == "the Kremlin"
    assert idx.resolve("a spokesman", 0) is None
    assert idx.resolve("they", 50) is None


@pytest.mark.parametrize(
    ("full", "alone"),
    [
        ("Gráinne Mac Cárthaigh", "Mac Cárthaigh"),
        ("Ilse van der Berghe", "Van der Berghe"),  # the particle capitalised opening a sentence
        ("Ana de la Fuente", "de la Fuente"),
    ],
)
def test_a_surname_of_several_words_resolves_to_its_full_name(full: str, alone: str):
    text = f"The festival was run by {full} this year. {alone} thanked the volunteers."
    idx = NameIndex(text)
    assert idx.resolve(alone, len(text)) == full
    # and a two-word full name is nobody's tail
    assert NameIndex("Jane Roe met Tom Roe.").resolve("Tom Roe", 20) == "Tom Roe"


def test_the_organisation_noun_resolves_to_the_organisation_named_before():
    text = ("The Harbour Board met on Monday, and Northfield Council on Tuesday. The board said the pier "
            "would close. Later the council agreed. A board of inquiry will follow.")
    idx = NameIndex(text)
    assert idx.resolve("The board", text.index("said")) == "Harbour Board"
    assert idx.resolve("the council", text.index("agreed")) == "Northfield Council"
    # named only after the mention: nothing to resolve to; an indefinite one is nobody
    assert idx.resolve("the board", 5) == "the board"
    assert idx.resolve("a board", len(text)) is None
