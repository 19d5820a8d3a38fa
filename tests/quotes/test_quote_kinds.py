"""Social rows, scare quotes and titles (transforms.quotes.body, .classify)."""

from __future__ import annotations

import pytest

from transforms.clean.embeds import find_embeds
from transforms.document import paragraphs

from quote_helpers import by_text, q


# --------------------------------------------------------------------------------------------
# social embeds
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sig, name, handle",
    [
        ("— Marta Lindqvist (@mlindqvist) March 3, 2022", "Marta Lindqvist", "@mlindqvist"),
        ("- Marta Lindqvist (@mlindqvist) March 3, 2022", "Marta Lindqvist", "@mlindqvist"),
        ("&mdash; Marta Lindqvist (@mlindqvist) Mar. 3, 2022", "Marta Lindqvist", "@mlindqvist"),
    ],
)
@pytest.mark.parametrize("link", ["", " pic.twitter.com/Ab12Cd", " https://t.co/XyZ987"])
def test_social(sig, name, handle, link):
    body = f"The ferry queue grew all morning.\nThe queue now reaches the “old” church{link}\n{sig}\nMore prose."
    rows = q(body)
    social = [r for r in rows if r.kind == "social"]
    assert len(social) == 1
    s = social[0]
    assert s.quote == "The queue now reaches the “old” church"
    assert (s.speaker, s.speaker_mention, s.cue) == (name, f"{name} ({handle})", "tweeted")
    assert len(rows) == 1  # marks inside the tweet are part of it


def test_two_tweets_in_a_row_and_instagram():
    body = (
        "First tweet text here\n— Jonas Brandt (@jbrandt) May 1, 2021\n"
        "Second tweet text here https://t.co/abc\n— Yuki Tanaka (@ytanaka) May 2, 2021\n"
        "A photo caption about the harbour\nA post shared by Amara Novak (@amara.novak) on May 3, 2021 at 4:10pm PDT"
    )
    posts = find_embeds(body, paragraphs(body))
    assert [(body[p.start_char : p.end_char], p.author, p.cue) for p in posts] == [
        ("First tweet text here", "Jonas Brandt", "tweeted"),
        ("Second tweet text here", "Yuki Tanaka", "tweeted"),
        ("A photo caption about the harbour", "Amara Novak", "posted"),
    ]


# --------------------------------------------------------------------------------------------
# scare quotes and titles
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, quote, kind",
    [
        ("The so-called “harbour deal” was dropped.", "harbour deal", "scare"),
        ("Critics of the so-called \"blue line plan for the old town\" were loud.", "blue line plan for the old town", "scare"),
        ("The crew watched the film “Northern Tides” twice.", "Northern Tides", "title"),
        ("The ferry was nicknamed «Old Grey» by locals.", "Old Grey", "scare"),
        ("Locals call the ferry ‘the tub’ with affection.", "the tub", "scare"),
        ("The “experts” disagreed about the tides.", "experts", "scare"),
        ("Her essay, “A Winter at the Lighthouse,” won a prize.", "A Winter at the Lighthouse,", "title"),
        ("Mayor Elena Moreau told “Harbour Radio Today” that the pier was safe.", "Harbour Radio Today", "title"),
        ("The report, titled “Tides and the town”, was late.", "Tides and the town", "title"),
    ],
)
def test_scare_and_titles(body, quote, kind):
    row = by_text(q(body), quote)
    assert (row.kind, row.speaker, row.speaker_mention, row.cue) == (kind, None, None, None)


def test_short_quote_with_attribution_is_partial():
    row = by_text(q("Governor Amara Novak called the repairs “overdue”."), "overdue")
    assert (row.kind, row.speaker) == ("partial", "Amara Novak")
