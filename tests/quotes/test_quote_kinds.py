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
        # a Title Case name after a determiner or preposition names a thing; nobody says it
        ("On this week’s episode of “Harbour Hour Live,” Mayor Elena Moreau said the pier was safe.",
         "Harbour Hour Live,", "title"),
        ("Governor Amara Novak praised the “Clean Coast Pledge” during a visit.", "Clean Coast Pledge", "title"),
        ("Moreau spoke during a “Ferry Users Forum” run by the council.", "Ferry Users Forum", "title"),
        ("Novak took calls on her “Straight Talk Tonight” radio hour.", "Straight Talk Tonight", "title"),
        ("Podcaster Fenna Visser apologised for remarks on her show “Late Light” about refugees.", "Late Light", "title"),
        ("Staff stand accused of what is now called “quiet quitting” in a memo.", "quiet quitting", "scare"),
        # a nickname inside a name
        ("Councillor Ruth “Ruthie” Adeyemi opened the fair.", "Ruthie", "scare"),
        ("Rep. Tobias J. \"Toby\" Wrenfield threw open his garden.", "Toby", "scare"),
    ],
)
def test_scare_and_titles(body, quote, kind):
    row = by_text(q(body), quote)
    assert (row.kind, row.speaker, row.speaker_mention, row.cue) == (kind, None, None, None)


def test_short_quote_with_attribution_is_partial():
    row = by_text(q("Governor Amara Novak called the repairs “overdue”."), "overdue")
    assert (row.kind, row.speaker) == ("partial", "Amara Novak")


def test_lower_case_words_after_a_determiner_stay_a_speakers_fragment():
    row = by_text(q("Novak called it the “worst winter in memory” on Monday."), "worst winter in memory")
    assert (row.kind, row.speaker) == ("partial", "Novak")


def test_a_name_is_read_through_its_nickname():
    body = ("“We are ready for the season to begin!” the mayor’s cousin, councillor Ruth “Ruthie” Adeyemi "
            "(Lab-Hollins), shouted to the crowd.\n\n“We do this every year,” Adeyemi said.")
    rows = q(body)
    first = by_text(rows, "We are ready for the season to begin!")
    assert (first.kind, first.speaker) == ("direct", "Ruth Adeyemi")
    assert first.speaker_mention == "the mayor’s cousin, councillor Ruth Adeyemi (Lab-Hollins)"
    assert by_text(rows, "We do this every year,").speaker == "Ruth Adeyemi"
    assert by_text(rows, "Ruthie").kind == "scare"
