"""Where quotes open and close (transforms.quotes.spans)."""

from __future__ import annotations


import pytest

from transforms.quotes.spans import find_quote_spans


# --------------------------------------------------------------------------------------------
# span finding
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, expected",
    [
        ('She said "the tide is late" today.', ["the tide is late"]),
        ("She said “the tide is late” today.", ["the tide is late"]),
        ("Il a dit «la marée est en retard» hier.", ["la marée est en retard"]),
        ("Il a dit « la marée » hier.", ["la marée"]),
        ("“The mayor’s plan is ‘a joke,’ frankly,” he said.", ["The mayor’s plan is ‘a joke,’ frankly,"]),
        ("Norway’s and Sweden’s ferries run late.", []),
        ("The ‘harbour deal’ collapsed.", ["harbour deal"]),
        ("It was the ’90s and rock’n’roll ruled.", []),
        ('A 6" pipe and a 12" valve were fitted.', []),
        ('"One," "two" and "three".', ["One,", "two", "three"]),
        ('""Empty marks are skipped.', []),
        ("“Mixed straight close,\" he said.", ["Mixed straight close,"]),
        ('"  padded  " text', ["padded"]),
    ],
)
def test_find_quote_spans(body, expected):
    spans = find_quote_spans(body)
    assert [body[s.start : s.end] for s in spans] == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # unbalanced straight mark closes at paragraph end, never runs into the next paragraph
        ('He said "the pier is gone\nThe next paragraph is prose.\nMore "prose" here.', ["the pier is gone", "prose"]),
        ("He said “the pier is gone\n\nThe next paragraph is prose.", ["the pier is gone"]),
        # multi-paragraph: each paragraph opens, only the last closes
        ("“First part of it.\n“Second part of it.\n“Last part.”", ["First part of it.", "Second part of it.", "Last part."]),
        # a stray closer is ignored
        ("The boats” are fine and “safe” now.", ["safe"]),
    ],
)
def test_unbalanced_and_multiparagraph(body, expected):
    spans = find_quote_spans(body)
    assert [body[s.start : s.end] for s in spans] == expected
    assert all("\n" not in body[s.start : s.end] for s in spans)


def test_multiparagraph_continuation_flags():
    body = "Roe said:\n\n“We will rebuild the pier.\n\n“We will open it by May.”"
    spans = find_quote_spans(body)
    assert [s.continues for s in spans] == [False, True]
    assert spans[0].close_at == -1 and spans[1].close_at >= 0
