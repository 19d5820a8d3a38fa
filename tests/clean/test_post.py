"""The per-post transform: title, body, furniture and metadata."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.clean.furniture import FOOTER_RULES, RULES
from transforms.clean import CleanPost, clean_post
from transforms.clean.split import split_post
from transforms.document import paragraphs
from transforms.post import Article, Reject, process_post


def split(text: str) -> CleanPost | Reject:
    return split_post(text, "utf-8")


def test_seed_post(seed_text):
    a = process_post(seed_text.encode("utf-8"))
    assert isinstance(a, Article)
    assert a.title.startswith("Russia's Lavrov Warns Blinken")
    lines = [line for line in seed_text.splitlines() if line.strip()]
    prose, footer = lines[1:-5], lines[-5:]
    assert a.body.split("\n") == prose  # every prose paragraph verbatim, tweet included
    for line in footer:
        assert line not in a.body.split("\n")
    assert (a.feed, a.via, a.comment_count) == ("ZeroHedge News", "IFTTT", 0)
    assert a.feed_url.startswith("https://ift.tt/")
    assert {name for name, _ in a.boilerplate} == {"shortlink_line", "from_feed", "via_service", "comment_count", "post_a_comment"}


def test_title_body_and_footer_metadata():
    a = split(
        "Storm closes port\n"
        "The port closed on Monday.\n"
        "Officials said it would reopen.\n"
        "https://bit.ly/3xYz12\n"
        "from Meridian Wire: Europe https://ift.tt/3AbCdEf\n"
        "via IFTTT\n"
        "12 comments\n"
        "Post a Comment\n"
    )
    assert a.title == "Storm closes port"
    assert a.body == "The port closed on Monday.\nOfficials said it would reopen."
    assert (a.feed, a.feed_url, a.via, a.comment_count) == ("Meridian Wire: Europe", "https://ift.tt/3AbCdEf", "IFTTT", 12)
    assert dict(a.boilerplate)["from_feed"] == len("from Meridian Wire: Europe https://ift.tt/3AbCdEf")


def test_header_byline_and_opener():
    a = split(
        "Chip shortage easing\n"
        "Ada Brennan Fri, 12/03/2021 - 14:25\n"
        "Authored by Lena Ortiz via MacroNotes.com,\n"
        "Lead times fell for a third month.\n"
    )
    assert a.body == "Lead times fell for a third month."
    assert a.author == "Lena Ortiz"  # the opener names the writer; the site byline names the re-poster
    assert a.origin == "MacroNotes.com"
    assert a.published_at.isoformat() == "2021-12-03T14:25:00"


@pytest.mark.parametrize(
    "stamp, published",
    [
        ("Published: Dec. 3, 2021 5:12 p.m. ET", ("2021-12-03", "2021-12-03T17:12:00", "ET", "2021-12-03T22:12:00+00:00")),
        ("Published: July 4, 2021 9:00 a.m. ET", ("2021-07-04", "2021-07-04T09:00:00", "ET", "2021-07-04T13:00:00+00:00")),  # EDT
        ("Published: Dec. 3, 2021 5:12 p.m. XYZ", ("2021-12-03", "2021-12-03T17:12:00", "XYZ", None)),  # unknown zone: no UTC
        ("Published 2 hours ago", (None, None, None, None)),
        ("Updated: Dec. 3, 2021 5:12 p.m. ET", (None, None, None, None)),  # an update is not a publication
    ],
)
def test_timestamps_are_zone_honest(stamp, published):
    a = split(f"Title\n{stamp}\nProse.\n")
    assert a.body == "Prose."
    got = (a.published_date, a.published_at, a.published_tz, a.published_at_utc)
    assert tuple(v.isoformat() if v is not None and not isinstance(v, str) else v for v in got) == published


@pytest.mark.parametrize(
    "prose",
    [
        "Residents can book via the council website or read the 40 comments on the plan.",
        "via IFTTT is how the feed reached us, she explained in a long paragraph.",
        "The report is at https://example.org/report and runs to 90 pages.",
        "Post a comment below if you agree, the editor wrote, adding that all views are welcome here.",
    ],
)
def test_prose_that_mentions_furniture_stays(prose):
    a = split(f"Title\n{prose}\nAnother paragraph.\nvia IFTTT\n")
    assert prose in a.body.split("\n")


def test_furniture_in_the_middle_is_prose():
    a = split("Title\nFirst paragraph.\nvia IFTTT\nSecond paragraph.\n")
    assert a.body == "First paragraph.\nvia IFTTT\nSecond paragraph."


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "empty"),
        ("  \n\t\n", "empty"),
        ("via IFTTT\n0 comments\nPost a Comment\n", "boilerplate_only"),
        ("Just a title\nvia IFTTT\n", "no_body"),
    ],
)
def test_rejects(text, code):
    r = split(text)
    assert isinstance(r, Reject) and r.code == code and r.reason


def test_rules_are_named_and_documented():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.description and r.where in ("header", "footer", "edge", "anywhere") for r in RULES)


@given(st.text(max_size=400))
def test_process_post_never_raises(text):
    result = process_post(text.encode("utf-8", "surrogatepass"))
    assert isinstance(result, (Article, Reject))
    if isinstance(result, Article):
        assert result.title and result.body
        assert result.paragraphs == paragraphs(result.body)
        last = result.body.split("\n")[-1]
        assert not any(r.pattern.fullmatch(last.strip()) for r in FOOTER_RULES)
        for q in result.quotes:
            assert result.body[q.start_char : q.end_char] == q.quote
        for link in result.links:
            if link.place == "body":
                assert result.body[link.start_char : link.end_char] == link.url
            else:
                assert link.start_char is None and link.end_char is None


@given(st.binary(max_size=600))
def test_process_post_never_raises_on_bytes(data):
    assert isinstance(process_post(data), (Article, Reject))


_LINES = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            ["via IFTTT", "0 comments", "Post a Comment", "https://ift.tt/3xYz", "from Feed https://ift.tt/3xYz", "Tyler Durden Fri, 12/03/2021 - 14:25",
             "Authored by Jane Roe via Example.com,", "(Photo by A/B)", "Share this:", "* * *", "— Ann Lee (@ann) December 2, 2021",
             "&amp; &lt;p&gt;", "<p>tag</p>", "Ã© mojibake â€œ", "\u200b\u00ad\ufeff", "\r\n", "Published: Dec. 3, 2021 5:12 p.m. ET",
             "Image: Reuters", "Photo by Jane Roe/AP", "Pictured: Ana Cruz", "Photo: the pier at dusk.", "👩\u200d👧 क्\u200dष a\u200db"]
        ),
    ),
    max_size=12,
)


@given(_LINES)
def test_cleaning_twice_equals_cleaning_once(lines):
    first = clean_post("\n".join(lines).encode("utf-8", "surrogatepass"))
    if isinstance(first, Reject):
        return
    assert first.paragraphs == paragraphs(first.body)
    again = clean_post(f"{first.title}\n{first.body}".encode())
    assert isinstance(again, CleanPost)
    assert (again.title, again.body) == (first.title, first.body)


@pytest.mark.parametrize("shortlink", ["https://nyti.ms/3xYzAb", "https://bit.ly/3xYzAb", "bit.ly/3xYzAb", "https://on.wsj.com/3xYzAb"])
def test_a_trailing_shortlink_line_is_furniture_whichever_shortener(shortlink):
    """One shortener list: a line that is only a link the link stage labels a shortener is removed
    as furniture, and its link is a footer link of kind shortener."""
    a = process_post(f"Storm closes port\nThe port closed on Monday.\n{shortlink}\n".encode())
    assert isinstance(a, Article)
    assert a.body == "The port closed on Monday."
    assert a.removed == [("shortlink_line", "footer", shortlink)]
    assert [(link.url, link.kind, link.place, link.is_shortlink) for link in a.links] == [(shortlink, "shortener", "footer", True)]


def test_the_shortlink_rule_reads_the_link_stage_list():
    from transforms.links.hosts import SHORTENER_HOSTS

    (rule,) = [r for r in RULES if r.name == "shortlink_line"]
    assert all(rule.pattern.fullmatch(f"https://{host}/abc") for host in SHORTENER_HOSTS)
    assert not rule.pattern.fullmatch("https://example.com/abc")


def test_joiners_kept_in_the_body_leave_offsets_exact():
    """A kept ZWJ/ZWNJ is a character of the body like any other: quote and link offsets count it."""
    raw = (
        "Festival ends\n"
        "Mid\u200dtown traders said the crowds came back.\n"
        "“We sold out of 👩\u200d👩\u200d👧 badges and क्\u200dष stickers,” said stall holder Mira Kadam on https://example.org/fair.\n"
    )
    a = process_post(raw.encode("utf-8"))
    assert isinstance(a, Article)
    assert a.body.startswith("Midtown traders")  # junk between Latin letters is gone
    assert "👩\u200d👩\u200d👧" in a.body and "क्\u200dष" in a.body
    assert a.quotes and all(a.body[q.start_char : q.end_char] == q.quote for q in a.quotes)
    assert any("👩\u200d👩\u200d👧" in q.quote for q in a.quotes)
    assert [a.body[link.start_char : link.end_char] for link in a.links if link.place == "body"] == ["https://example.org/fair"]


# Caption and credit lines are furniture wherever they stand on a line of their own; a sentence
# that merely starts with or contains a photo word stays prose. All text here is made up.
@pytest.mark.parametrize(
    "line, rule",
    [
        ("Image: Reuters", "photo_credit_label"),
        ("Photo: AP/Jane Roe", "photo_credit_label"),
        ("Photo: AP Photo/Jane Roe, File", "photo_credit_label"),
        ("Photograph: Olek Marsh/The Tarrow Ledger.", "photo_credit_label"),
        ("Photo by Jane Roe/Getty Images", "photo_credit_label"),
        ("Photo by Ines Dal Bosco via Getty Images", "photo_credit_label"),
        ("Credit: Jane Roe for The Ledger", "photo_credit_label"),
        ("Image credit: courtesy of the Marsh family", "photo_credit_label"),
        ("Photo credit: @janeroe/Instagram", "photo_credit_label"),
        ("Image: iStock / Getty Images Plus", "photo_credit_label"),
        ("Photo: picture alliance/dpa", "photo_credit_label"),
        ("Photo: Øyvind Lærke/NTB", "photo_credit_label"),
        ("Pictured: Jane Roe and Tomás de la Vega", "photo_credit_label"),
        ("FILE PHOTO: Reuters/Ana Cruz", "photo_credit_label"),
        ("Photo: supplied", "photo_credit_label"),
        ("(Photo by Jane Roe/Getty Images)", "photo_credit"),
        ("(Credit: Ana Cruz/Harbour Images)", "photo_credit"),
    ],
)
def test_a_caption_line_between_paragraphs_is_furniture(line, rule):
    a = split(f"Title\nFirst paragraph of the story.\n{line}\nSecond paragraph of the story.\n")
    assert a.body == "First paragraph of the story.\nSecond paragraph of the story."
    assert a.removed == [(rule, "body", line)]


CAPTION_LABELS = [
    "photo", "photos", "photograph", "photographs", "photography", "photo credit", "photo credits", "photo illustration",
    "file photo", "picture", "pictures", "picture credit", "image", "images", "image credit", "image credits",
    "illustration", "credit", "credits", "pictured", "featured image",
]


def test_every_caption_label_is_read_in_either_case():
    for label in CAPTION_LABELS:
        for written in (label, label.capitalize(), label.upper()):
            a = split(f"Title\nFirst paragraph.\n{written}: Ana Cruz/Harbour Images\nSecond paragraph.\n")
            assert a.body == "First paragraph.\nSecond paragraph.", written


@pytest.mark.parametrize(
    "prose",
    [
        "Photo: the mayor opens the new bridge on Tuesday.",
        "Photos taken at the scene were shared widely on Monday.",
        "Photo by photo, the exhibition shows how the harbour changed.",
        "Photographers said they had not been paid for the festival.",
        "Credit: spreads widened to 300 basis points, the highest since 2020.",
        "Credit Suisse said the sale would close in March.",
        "Pictured: a town in decline, and the people who stayed.",
        "Image: “We were never asked,” said Jane Roe.",
        "Photo by Jane Roe, who has covered the valley for a decade.",
        "Images of the flood, the council said, would be kept as evidence.",
        "The photo: a blurred shot of the pier at dusk.",
        "A photo by Jane Roe/Getty Images won the prize.",
        "Illustrations by local children cover the walls of the ward.",
    ],
)
def test_a_sentence_with_a_photo_word_stays_prose(prose):
    a = split(f"Title\nFirst paragraph.\n{prose}\nLast paragraph.\n")
    assert a.body == f"First paragraph.\n{prose}\nLast paragraph."
    assert a.removed == []


def test_caption_lines_keep_quote_offsets_exact():
    raw = (
        "Harbour reopens\n"
        "“We are open again,” said harbour master Ana Cruz.\n"
        "Photo: Olek Marsh/Tarrow Ledger\n"
        "Image: Reuters\n"
        "Boats returned on Monday. “It feels like summer,” said skipper Tom Reyes.\n"
    )
    a = process_post(raw.encode())
    assert isinstance(a, Article)
    assert a.body == "“We are open again,” said harbour master Ana Cruz.\nBoats returned on Monday. “It feels like summer,” said skipper Tom Reyes."
    assert len(a.quotes) == 2 and all(a.body[q.start_char : q.end_char] == q.quote for q in a.quotes)
    assert [r[0] for r in a.removed] == ["photo_credit_label", "photo_credit_label"]
