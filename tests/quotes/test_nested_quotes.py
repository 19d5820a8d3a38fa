"""Quotes inside quotes (transforms.quotes.nested), resolved by the article's speaker resolver."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.clean.embeds import find_embeds
from transforms.document import Document, paragraphs
from transforms.quotes.body import body_quotes
from transforms.quotes.nested import nested_quotes


def nested(body: str) -> list[tuple[str, str, str, str]]:
    paras = paragraphs(body)
    quotes, index = body_quotes(Document("", body, paras, find_embeds(body, paras)))
    rows = nested_quotes(body, quotes, index)
    for q in rows:
        assert body[q.start_char : q.end_char] == q.quote
        assert q.context_start <= q.start_char and q.end_char <= q.context_end
    return [(q.quote, q.speaker, q.speaker_mention, q.cue) for q in rows]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("“As Hana Ito told us, ‘the budget is fixed,’ and that settles it,” the councillor said.", [("the budget is fixed,", "Hana Ito", "Hana Ito", "told")]),
        ("“I remember Jan Kowal saying ‘never again’ in 1999,” she wrote.", [("never again", "Jan Kowal", "Jan Kowal", "saying")]),
        ("\"When Mayor Ruiz said 'we will rebuild the pier' I believed her,\" Ana Lopes said.", [("we will rebuild the pier", "Ruiz", "Mayor Ruiz", "said")]),
        ("“‘We are done,’ Omar Said told me that night, and he meant it,” the driver recalled.", [("We are done,", "Omar Said", "Omar Said", "told")]),
        ("“According to Lena Ortiz, ‘nothing changed’ after the vote,” the union said.", [("nothing changed", "Lena Ortiz", "Lena Ortiz", "according to")]),
        # not named: no row of its own, the words stay part of the outer quote
        ("“It’s the ‘new normal’ now,” she said. “Russia’s plan isn’t ‘final’,” he added.", []),
        ("“He said ‘wait’ and left,” Ana Lopes said.", []),
        ("“They called it ‘Project Dawn’,” the engineer said.", []),
    ],
)
def test_inner_quote_is_attributed_only_when_named(body, expected):
    assert nested(body) == expected


def test_surname_resolves_to_the_full_name_quoted_elsewhere():
    body = "Nadia Farouk spoke first. “We agree,” Nadia Farouk said.\n“As Farouk said, ‘we agree’, so do I,” Ben Hale said."
    assert nested(body) == [("we agree", "Nadia Farouk", "Farouk", "said")]


@given(st.lists(st.sampled_from(list("ab ‘’'“”\",.:AHIS") + ["Hana Ito said", " told us", "According to Ana Lee, "]), max_size=40).map("".join))
def test_never_raises_and_offsets_slice_back(body):
    nested(body)
