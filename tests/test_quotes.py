"""Tests for transforms.quotes / transforms.attribution (invented sentences only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.clean.embeds import find_embeds
from transforms.document import Document, paragraphs
from transforms.quotes.body import body_quotes
from transforms.quotes.mentions import attribution_after, subject_before
from transforms.quotes.spans import find_quote_spans
from transforms.quotes.speakers import NameIndex
from transforms.records import Quote


def extract_quotes(body: str) -> list[Quote]:
    """The body's quotes of a post whose body is ``body``, its document built as the cleaning stage does."""
    paras = paragraphs(body)
    return body_quotes(Document("", body, paras, find_embeds(body, paras)))[0]

KINDS = {"direct", "partial", "block", "social", "scare", "title"}


def q(body: str) -> list[Quote]:
    rows = extract_quotes(body)
    for r in rows:
        assert body[r.start_char : r.end_char] == r.quote
        assert r.kind in KINDS
    return rows


def by_text(rows: list[Quote], text: str) -> Quote:
    hits = [r for r in rows if r.quote == text]
    assert hits, f"{text!r} not in {[r.quote for r in rows]}"
    return hits[0]


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


# --------------------------------------------------------------------------------------------
# attribution cases
# --------------------------------------------------------------------------------------------
INTRO = "Harbour master Ingrid Solberg has run the port for a decade. "


@pytest.mark.parametrize(
    "body, quote, kind, speaker, mention, cue",
    [
        # attribution after
        (INTRO + "“The pier will reopen in May,” Solberg said.", "The pier will reopen in May,", "direct",
         "Ingrid Solberg", "Solberg", "said"),
        ('"Nobody was hurt," said Tomas Brandt, the fire chief.', "Nobody was hurt,", "direct",
         "Tomas Brandt", "Tomas Brandt, the fire chief", "said"),
        ("“We lost two boats,” the town’s deputy mayor, Elena Moreau, told reporters on Friday.",
         "We lost two boats,", "direct", "Elena Moreau", "the town’s deputy mayor, Elena Moreau", "told"),
        ("“Why now?” she asked.", "Why now?", "direct", None, "she", "asked"),
        ('"The road is closed", according to the Weather Office.', "The road is closed", "direct",
         "the Weather Office", "the Weather Office", "according to"),
        # attribution before
        ("Regional governor Kofi Haddad said: “We need a new breakwater.”", "We need a new breakwater.",
         "direct", "Kofi Haddad", "Regional governor Kofi Haddad", "said"),
        ("According to the Coast Guard, “Three vessels were damaged.”", "Three vessels were damaged.",
         "direct", "the Coast Guard", "the Coast Guard", "according to"),
        # lower-case start after the intro: a fragment; a definite description is its own speaker
        ("According to the coastguard, “three vessels were damaged.”", "three vessels were damaged.",
         "partial", "the coastguard", "the coastguard", "according to"),
        # a role description resolves to the person introduced with that role
        ("Judge Miriam Osei heard the case. “You took the money,” the judge told him.", "You took the money,",
         "direct", "Miriam Osei", "the judge", "told"),
        # an unnamed individual stays unresolved
        ("“It is closed,” a spokesman said.", "It is closed,", "direct", None, "a spokesman", "said"),
        ("In a statement on Monday, the Rail Ministry said: “Services resume tomorrow.”",
         "Services resume tomorrow.", "direct", "the Rail Ministry", "the Rail Ministry", "said"),
        # partial quotes inside paraphrase
        ("The Harbour Board called the proposal “reckless and premature”, and asked for a review.",
         "reckless and premature", "partial", "The Harbour Board", "The Harbour Board", "called"),
        ("Port chief Ingrid Solberg on Tuesday said in Bergen that crews showed “remarkable courage” in the storm.",
         "remarkable courage", "partial", "Ingrid Solberg", "Port chief Ingrid Solberg", "said"),
        ("Mayor Elena Moreau warned of “lasting damage” if the dunes were not protected.",
         "lasting damage", "partial", "Elena Moreau", "Mayor Elena Moreau", "warned"),
        ("A clerk who “moves the buoys at night” will be fined, Moreau said.",
         "moves the buoys at night", "partial", "Moreau", "Moreau", "said"),  # surname only: as written
        # participle cue: the sentence subject speaks
        ("Jane Okafor had mocked the plan, saying anyone who backs it “has never seen a winter storm.”",
         "has never seen a winter storm.", "partial", "Jane Okafor", "Jane Okafor", "saying"),
        # transcript line inside a quote
        ('"HOST: Will the ferry run on Sunday?', "HOST: Will the ferry run on Sunday?", "block", "HOST", "HOST", ":"),
    ],
)
def test_attribution_cases(body, quote, kind, speaker, mention, cue):
    row = by_text(q(body), quote)
    assert (row.kind, row.speaker, row.speaker_mention, row.cue) == (kind, speaker, mention, cue)


@pytest.mark.parametrize(
    "body, speakers",
    [
        # split quote: the second half inherits
        ("“The storm was the worst in years,” said Marta Lindqvist, a fisherman. “We stayed ashore.”",
         ["Marta Lindqvist", "Marta Lindqvist"]),
        ('"We rebuilt it once," he said, "and we will rebuild it again."',
         [None, None]),
        # pronoun -> most recent full-name person before it
        ("Engineer Rafael Silva inspected the hull. “It is cracked,” he said. “It cannot sail.”",
         ["Rafael Silva", "Rafael Silva"]),
        # surname -> full name introduced earlier
        ("Yuki Tanaka runs the museum. Later, “The roof leaks,” Tanaka said.", ["Yuki Tanaka"]),
        # role stripped from the canonical name
        ("Deputy Foreign Minister Jonas Brandt told the assembly: “We are ready.”", ["Jonas Brandt"]),
        # backwards: "A." "B," she said.
        ("Amara Novak spoke first. “We waited.” “We waited for hours,” Novak said.", ["Amara Novak", "Amara Novak"]),
    ],
)
def test_speaker_resolution(body, speakers):
    rows = [r for r in q(body) if r.kind != "scare"]
    assert [r.speaker for r in rows] == speakers
    assert all(r.kind == "direct" for r in rows)


def test_block_after_colon_and_continuation():
    body = (
        "Council leader Priya Okafor was blunt about the budget:\n"
        "“We cannot pay for both the pier and the school roof.\n"
        "“One of them has to wait until next year.”\n"
        "The council will vote on Thursday."
    )
    rows = q(body)
    assert [r.kind for r in rows] == ["block", "block"]
    assert {r.speaker for r in rows} == {"Priya Okafor"}


def test_block_continues_previous_speaker():
    body = (
        "“The lighthouse stays open,” Harbour master Ingrid Solberg said, praising the volunteers.\n"
        "“On the contrary, we will extend its hours in the winter.”\n"
        "Tourism has grown every year since 2015."
    )
    rows = q(body)
    assert rows[0].kind == "direct" and rows[1].kind == "block"
    assert rows[1].speaker == "Ingrid Solberg" and rows[1].speaker_mention == "Harbour master Ingrid Solberg"


def test_multiparagraph_rows_share_speaker():
    body = (
        "“The first ferry leaves at six.\n\n"
        "“The second one leaves at nine,” said Kofi Haddad, the operator.\n\n"
        "Tickets are sold at the pier."
    )
    rows = q(body)
    assert [r.quote for r in rows] == ["The first ferry leaves at six.", "The second one leaves at nine,"]
    assert rows[1].speaker == "Kofi Haddad"


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


# --------------------------------------------------------------------------------------------
# an invented article with the same anatomy as a syndicated post
# --------------------------------------------------------------------------------------------
ARTICLE = """On Monday port officials in Northhaven warned that a storm surge could overwhelm the sea wall.
"Our models show every scenario, including the worst," the region's emergency chief, Marta Lindqvist, told the council on Monday. "The surge is most likely on Thursday night." She said about 4,000 homes were at risk.
The Weather Office called the forecast "alarming but manageable", and urged residents to stay calm.
Transport Minister Jonas Brandt on Sunday said in Oslo that neighbouring towns had offered "tremendous help" with sandbags.
In her latest briefing Tuesday, deputy mayor Elena Moreau said the wall would hold:
"The wall was rebuilt in 2019 and tested twice," Moreau said, rejecting calls for an evacuation.
"On the other hand, the harbour road will close at noon. We cannot risk it."
Sandbags piled high along the harbour road this morning. pic.twitter.com/Zx81Qw
— Kofi Haddad (@kofihaddad) March 2, 2022
Transport Minister Jonas Brandt warned of "serious disruption" if the surge arrived at high tide.
Meanwhile, the town remains on alert: "Crews worked through the night to raise the barriers," Radio Nord reported of the preparations. "Two of the four pumps were repaired by dawn, the crews said."
Critics of the so-called "sea wall tax" stayed quiet."""


def test_invented_article():
    rows = q(ARTICLE)
    got = [(r.kind, r.speaker, r.speaker_mention, r.cue) for r in rows]
    assert got == [
        ("direct", "Marta Lindqvist", "the region's emergency chief, Marta Lindqvist", "told"),
        ("direct", "Marta Lindqvist", "the region's emergency chief, Marta Lindqvist", "told"),
        ("partial", "The Weather Office", "The Weather Office", "called"),
        ("partial", "Jonas Brandt", "Transport Minister Jonas Brandt", "said"),
        ("direct", "Elena Moreau", "Moreau", "said"),
        ("block", "Elena Moreau", "Moreau", "said"),
        ("social", "Kofi Haddad", "Kofi Haddad (@kofihaddad)", "tweeted"),
        ("partial", "Jonas Brandt", "Transport Minister Jonas Brandt", "warned"),
        ("direct", "Radio Nord", "Radio Nord", "reported"),
        ("direct", "Radio Nord", "Radio Nord", "reported"),
        ("scare", None, None, None),
    ]
    tweet = rows[6]
    assert tweet.quote == "Sandbags piled high along the harbour road this morning."


SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_b011d7168288c4b4.txt"
_FOOTER = re.compile(r"(?:https?://(?:ift\.tt|bit\.ly|dlvr\.it)/\S+|from .+ https?://\S+|via \w+|\d+ comments?|Post a Comment)$")


@pytest.mark.skipif(not SEED.exists(), reason="seed post not available")
def test_seed_post():
    lines = SEED.read_text(encoding="utf-8").split("\n")[1:]  # first line is the title
    while lines and (not lines[-1].strip() or _FOOTER.match(lines[-1].strip())):
        lines.pop()
    body = "\n".join(lines)
    rows = q(body)
    summary = [(r.kind, r.speaker, r.cue) for r in rows if r.kind != "scare"]
    assert summary[:2] == [("direct", "Oleksii Reznikov", "told")] * 2
    assert rows[0].speaker_mention == "Ukraine's defense minister, Oleksii Reznikov"
    assert ("partial", "The Kremlin", "called") in summary
    assert [s for s in summary if s[1] == "Antony Blinken"] == [
        ("partial", "Antony Blinken", "said"), ("partial", "Antony Blinken", "warned")]
    assert [s[0] for s in summary if s[1] == "Sergey Lavrov"] == ["direct", "block"]
    assert ("social", "Nick Wadhams", "tweeted") in summary
    bbc = [r for r in rows if r.speaker_mention == "BBC"]
    assert bbc and all(r.cue == "reported" and r.kind == "direct" for r in bbc)
    assert not any(r.quote.endswith(("pic.twitter.com", "RypogEMcAC")) for r in rows)


# --------------------------------------------------------------------------------------------
# property: never raises, offsets always slice back, quotes never cross paragraphs
# --------------------------------------------------------------------------------------------
_ALPHABET = st.sampled_from(list("ab Zq.,:;!?-—\n\"“”«»‘’'()@") + ["said", "he", " Jane Roe ", "(@jr) May 1, 2020", "pic.twitter.com/x"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_property_offsets_slice_back(body):
    rows = extract_quotes(body)
    for r in rows:
        assert 0 <= r.start_char < r.end_char <= len(body)
        assert body[r.start_char : r.end_char] == r.quote
        assert r.kind in KINDS
        assert "\n" not in r.quote
        assert r.speaker is None or r.speaker.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_property_any_text(body):
    for r in extract_quotes(body):
        assert body[r.start_char : r.end_char] == r.quote


# --------------------------------------------------------------------------------------------
# v2 fields: role, context, social handle/date, headline quotes, straight singles
# --------------------------------------------------------------------------------------------
def test_role_context_and_social_fields():
    rows = q(ARTICLE)
    first = rows[0]
    assert first.speaker_role == "the region's emergency chief"
    sent = ARTICLE[first.context_start : first.context_end]
    assert sent.startswith('"Our models') and sent.endswith("told the council on Monday.")
    assert rows[3].speaker_role == "Transport Minister"
    tweet = rows[6]
    assert (tweet.social_handle, tweet.social_date) == ("@kofihaddad", "March 2, 2022")
    assert ARTICLE[tweet.context_start : tweet.context_end].endswith("March 2, 2022")
    block = rows[5]
    assert ARTICLE[block.context_start : block.context_end] == '"On the other hand, the harbour road will close at noon. We cannot risk it."'
    for r in rows:
        assert r.context_start <= r.start_char and r.end_char <= r.context_end


def test_straight_single_quotes_top_level():
    rows = q("'We will open on Monday,' said harbour master Ingrid Solberg. The ferry's engine is fine.")
    assert [(r.quote, r.speaker, r.kind) for r in rows] == [("We will open on Monday,", "Ingrid Solberg", "direct")]
    assert q("It was the '90s and rock'n'roll ruled the teachers' union.") == []


def test_headline_quotes():
    from transforms.quotes.headline import headline_quotes as extract_headline_quotes

    body = "Harbour master Ingrid Solberg said the storm was the worst in years."
    got = extract_headline_quotes('Solberg Says Storm Was "Worst In Decades"', body)
    assert [(r.quote, r.kind, r.speaker, r.speaker_mention) for r in got] == [
        ("Worst In Decades", "partial", "Ingrid Solberg", "Solberg")]
    assert extract_headline_quotes('Critics Pan So-Called "Harbour Deal"')[0].kind == "scare"
    assert extract_headline_quotes('Town Cheers The Film "Northern Tides"')[0].kind == "title"
    assert extract_headline_quotes("") == [] and extract_headline_quotes("No quotes here") == []


# --------------------------------------------------------------------------------------------
# the project's annotated set (tests/fixtures/quotes): gold is well formed and scores hold
# --------------------------------------------------------------------------------------------
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quotes"


def _eval_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_quotes", Path(__file__).resolve().parents[1] / "benchmarks" / "eval_quotes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_own_set_gold_is_well_formed():
    arts = _eval_module().load_own(FIXTURES)
    assert len(arts) >= 30
    golds = [g for a in arts for g in a["quotes"]]
    assert len(golds) >= 150
    assert {g["kind"] for g in golds} == {"direct", "partial", "block", "social", "scare", "title"}
    for a in arts:
        for g in a["quotes"]:
            assert a["text"][g["start"] : g["end"]] == g["quote"]
            if g["kind"] in ("scare", "title"):
                assert g["speaker"] is None and g["canon"] is None


# floors a little below the figures measured when the set was written (see the module report);
# a drop below them is a regression
OWN_FLOORS = {"span_f1": 95.0, "speaker_acc": 92.0, "e2e_f1": 92.0, "kind_acc": 94.0, "canon_acc": 80.0}


def test_own_set_scores_hold():
    ev = _eval_module()
    r = ev.score(ev.load_own(FIXTURES))
    low = {k: round(r[k], 1) for k, floor in OWN_FLOORS.items() if r[k] < floor}
    assert not low, f"below floor: {low}"


DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "quotes-dev.jsonl"


@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not available")
def test_dev_set_scores_hold():
    import json

    ev = _eval_module()
    arts = [json.loads(x) for x in DEV.read_text(encoding="utf-8").splitlines() if x.strip()]
    r = ev.score(arts)
    assert r["span_f1"] >= 93.0 and r["e2e_f1"] >= 85.0 and r["speaker_acc"] >= 92.0, r


# --------------------------------------------------------------------------------------------
# attribution rules added for speaker accuracy (invented sentences)
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, quote, mention",
    [
        # a question/exclamation closed by a short 'Name cue' clause
        ('“Who pays for the pier?” Lindqvist demanded. “Nobody will say.”', "Who pays for the pier?", "Lindqvist"),
        ('"What a day for the harbour!" Okafor shouted to the crowd.', "What a day for the harbour!", "Okafor"),
        ('"Did you see the wave?" she yells as the boat turns.', "Did you see the wave?", "she"),
        # a participle after a comma takes the sentence's subject, not the last noun
        ('Marta Brandt criticised the ferry plans for Oslo and Bergen, saying “the timetable is a joke.”',
         "the timetable is a joke.", "Marta Brandt"),
        # 'United States' is not a cue
        ('Jonas Novak is telling the fishermen that the United States fleet is “outdated” again.',
         "outdated", "Jonas Novak"),
        # a dash-separated aside before the subject
        ('When the mayor cut the budget ― as happened twice this year ― Haddad replied, “That is my job.”',
         "That is my job.", "Haddad"),
        # an adverbial phrase with no comma before the subject
        ('In a radio interview Moreau declared “the lighthouse will stay open.”',
         "the lighthouse will stay open.", "Moreau"),
        # lower-case role words and a party tag before the name
        ('"Budgets are not optional," panel Chairman Rep. Kofi Silva (R-Maine) said after the vote.',
         "Budgets are not optional,", "panel Chairman Rep. Kofi Silva (R-Maine)"),
        ('The plan "is the only sensible choice," retired Navy captain Elena Tanaka said.',
         "is the only sensible choice,", "retired Navy captain Elena Tanaka"),
        # name, description, description: the name and its own description
        ('Yuki Haddad, the minister of ports of Norland, a member of the Harbour Board, said the closure '
         '"cannot go on forever."', "cannot go on forever.", "Yuki Haddad, the minister of ports of Norland"),
        # more inverting cues: '…," reported the Gazette'
        ('The fleet is “older than ever,” reported the Harbour Gazette.', "older than ever,", "the Harbour Gazette"),
        # the previous sentence's final attribution names the speaker of a quote opening a sentence
        ('The board may wait until spring, Silva said. "We have no money for the pier this year."',
         "We have no money for the pier this year.", "Silva"),
    ],
)
def test_speaker_rules(body, quote, mention):
    assert by_text(q(body), quote).speaker_mention == mention


def test_but_he_said_that_is_a_new_statement():
    body = ('Amara Lindqvist, the harbour master, said the radar did not give "a clear picture of the storm," '
            'but he said that the logs support the crew.')
    assert by_text(q(body), "a clear picture of the storm,").speaker_mention == "Amara Lindqvist, the harbour master"


def test_name_before_beats_pronoun_after_and_split_half_takes_pronoun():
    body = ('Councillor Priya Novak scolded him: “The ferry is late every day,” she said. '
            '“Nobody in the town believes the timetable.”')
    rows = q(body)
    assert by_text(rows, "The ferry is late every day,").speaker_mention == "Councillor Priya Novak"
    second = by_text(rows, "Nobody in the town believes the timetable.")
    assert second.speaker_mention == "she" and second.speaker == "Priya Novak"


def test_continued_paragraph_keeps_its_own_attribution():
    body = ('“The pier has stood for a century. It will stand for another.\n\n'
            '“I have never seen a storm like this,” Rafael Moreau said.')
    rows = q(body)
    assert by_text(rows, "I have never seen a storm like this,").speaker_mention == "Rafael Moreau"


def test_split_quote_across_a_quoted_show_title():
    body = ('“The port is safe,” Tomas Okafor, the harbour chief, said on Radio North’s “Morning Tide.” '
            '“We checked every mooring twice.”')
    rows = q(body)
    assert by_text(rows, "Morning Tide.").kind == "title"
    assert by_text(rows, "We checked every mooring twice.").speaker_mention == "Tomas Okafor, the harbour chief"


def test_colon_block_after_a_dated_sentence():
    body = "On May 6, 2015, Ingrid Silva made the following remark:\n\n“The ferry will run all winter.”"
    assert by_text(q(body), "The ferry will run all winter.").speaker_mention == "Ingrid Silva"


# --------------------------------------------------------------------------------------------
# hand-tuned patterns agree with the plain patterns they replace (speed work must not change a row)
# --------------------------------------------------------------------------------------------
_PLAIN_ABBREV_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:Mr|Mrs|Ms|Dr|Prof|Rev|Sen|Rep|Reps|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Cmdr|"
    r"St|Jr|Sr|Inc|Corp|Co|Ltd|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|No|vs|[A-Z])\.(?=[\s,)A-Za-z-])"
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
