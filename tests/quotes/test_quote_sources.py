"""quotes.speaker_type: persons, organisations and documents as sources (invented examples)."""

from __future__ import annotations

import pytest

from transforms.post import process_post
from transforms.quotes.sources import TYPES, speaker_type


@pytest.mark.parametrize(
    ("mention", "speaker", "kind"),
    [
        ("Tomas Brandt", "Tomas Brandt", "person"),
        ("House Speaker Ada Roe", "Ada Roe", "person"),  # a role word in the mention is no organisation
        ("Brandt", "Brandt", "person"),
        ("Ana de la Fuente", "Ana de la Fuente", "person"),
        ("she", "Ada Roe", "person"),
        ("she", None, "person"),
        ("a spokesman for the port", None, "person"),
        ("the report", "the report", "document"),
        ("a survey of voters", None, "document"),
        ("lobbying disclosures", "lobbying disclosures", "document"),
        ("audio obtained by the Harbour Gazette", "audio obtained by the Harbour Gazette", "document"),
        ("the newspaper", "the newspaper", "organisation"),
        ("the company", "the company", "organisation"),
        ("Northfield Council", "Northfield Council", "organisation"),
        ("Acme Corp.", "Acme Corp.", "organisation"),
        ("the Kremlin", "the Kremlin", "organisation"),
        ("they", None, "unknown"),
        ("The", "The", "unknown"),  # a bare article is nobody
        ("Ada Roe, a city councillor", "Ada Roe, a city councillor", "person"),  # unresolved, head before the comma
        ("Roe (D-Harbour News)", "Roe (D-Harbour News)", "person"),  # a party tag is no organisation
        ("the Daily Harbour Post", "the Daily Harbour Post", "organisation"),  # a paper's name, not a post
        ("the harbour board's campaign", "the harbour board's campaign", "organisation"),
        ("the ad's narrator", None, "person"),
        ("Labor market conditions", "Labor market conditions", "unknown"),
    ],
)
def test_a_speaker_is_typed(mention: str, speaker: str | None, kind: str):
    assert speaker_type(mention, speaker) == kind and kind in TYPES


def test_a_quote_without_a_mention_has_no_type():
    assert speaker_type(None, None) is None


def test_the_pipeline_types_every_row_with_a_mention():
    body = ('"Growth slowed," the report said. "We regret the delay," Acme Corp. said in a statement. '
            '"Fine," said Ada Roe. "It was a so-called \\"plan\\"," she added.')
    article = process_post(f"Invented headline\n\n{body}\n".encode())
    got = [(q.quote, q.speaker_type) for q in article.quotes]  # type: ignore[union-attr]
    assert got[:3] == [("Growth slowed,", "document"), ("We regret the delay,", "organisation"), ("Fine,", "person")]
    for q in article.quotes:  # type: ignore[union-attr]
        assert (q.speaker_type is None) == (q.speaker_mention is None and q.speaker is None)


@pytest.mark.parametrize(
    ("title", "speaker", "kind"),
    [
        # Title Case says nothing in a headline: an unresolved subject types as its description
        ('Grid Operator Warns Of "Tight Winter"', "Grid Operator", "organisation"),
        ("Angry Tenants Rally To 'Save Our Homes'", "Angry Tenants", "unknown"),
        # a known first name, or the body's person, is a person
        ('Jane Roe Slams "Farce"', "Jane Roe", "person"),
        ('Lavrov Warns Of "Nightmare"', "Sergei Lavrov", "person"),
    ],
)
def test_a_headline_subject_is_typed_as_running_text_would_type_it(title: str, speaker: str, kind: str):
    article = process_post(f'{title}\n\nThe talks went on for hours. "It was long," Sergei Lavrov said.\n'.encode())
    assert [(q.speaker, q.speaker_type) for q in article.title_quotes] == [(speaker, kind)]  # type: ignore[union-attr]
