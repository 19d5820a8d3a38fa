"""Whole articles, properties, row fields, the headline and the annotated sets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quote_helpers import KINDS, ROOT, SHARED, extract_quotes, q


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


SEED = SHARED / "seeds" / "000_b011d7168288c4b4.txt"
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
    from transforms.quotes.headline import headline_quotes

    body = "Harbour master Ingrid Solberg said the storm was the worst in years."
    got = headline_quotes('Solberg Says Storm Was "Worst In Decades"', body)
    assert [(r.quote, r.kind, r.speaker, r.speaker_mention) for r in got] == [
        ("Worst In Decades", "partial", "Ingrid Solberg", "Solberg")]
    assert headline_quotes('Critics Pan So-Called "Harbour Deal"')[0].kind == "scare"
    assert headline_quotes('Town Cheers The Film "Northern Tides"')[0].kind == "title"
    assert headline_quotes("") == [] and headline_quotes("No quotes here") == []


# --------------------------------------------------------------------------------------------
# the project's annotated set (tests/fixtures/quotes): gold is well formed and scores hold
# --------------------------------------------------------------------------------------------
FIXTURES = ROOT / "tests" / "fixtures" / "quotes"


def _eval_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_quotes", ROOT / "benchmarks" / "eval_quotes.py")
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


FIXTURES2 = ROOT / "tests" / "fixtures" / "quotes2"


def test_own2_set_gold_is_well_formed():
    """The second own set (international names, organisations and documents as sources, mixed-gender
    pronoun chains, headline-case and colon cues): offsets slice exactly, scare/title have no speaker."""
    arts = _eval_module().load_own(FIXTURES2)
    assert len(arts) >= 40
    golds = [g for a in arts for g in a["quotes"]]
    assert len(golds) >= 160
    for a in arts:
        for g in a["quotes"]:
            assert a["text"][g["start"] : g["end"]] == g["quote"]
            assert g["kind"] in ("direct", "partial", "block", "social", "scare", "title")
            if g["kind"] in ("scare", "title"):
                assert g["speaker"] is None and g["canon"] is None
            else:
                assert g["speaker"], (a["id"], g["quote"])


def test_eval_tokens_are_words_of_any_script():
    """The scorer's word tokens are letters of any script: a Greek or Cyrillic name matches itself,
    and a name cut at a non-ASCII letter does not match the whole one."""
    ev = _eval_module()
    assert ev.speaker_right("Παπαδόπουλος", "Νίκος Παπαδόπουλος")
    assert ev.speaker_right("Ковалёва", "Ковалёва, who is 17")
    assert not ev.speaker_right("Recep Tayyip Erdo", "Erdoğan")


# floors a little below the figures measured when the set was written (see the module report);
# a drop below them is a regression
OWN_FLOORS = {"span_f1": 95.0, "speaker_acc": 92.0, "e2e_f1": 92.0, "kind_acc": 94.0, "canon_acc": 80.0}


# the second own set: the acceptance figures of its issue (end-to-end and speaker accuracy >= 95)
OWN2_FLOORS = {"span_f1": 97.0, "speaker_acc": 95.0, "e2e_f1": 95.0, "kind_acc": 95.0, "canon_acc": 80.0}


@pytest.mark.parametrize(("folder", "floors"), [(FIXTURES, OWN_FLOORS), (FIXTURES2, OWN2_FLOORS)], ids=["own", "own2"])
def test_own_set_scores_hold(folder, floors):
    ev = _eval_module()
    r = ev.score(ev.load_own(folder))
    low = {k: round(r[k], 1) for k, floor in floors.items() if r[k] < floor}
    assert not low, f"below floor: {low}"


DEV = SHARED / "eval" / "quotes-dev.jsonl"


@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not available")
def test_dev_set_scores_hold():
    import json

    ev = _eval_module()
    arts = [json.loads(x) for x in DEV.read_text(encoding="utf-8").splitlines() if x.strip()]
    r = ev.score(arts)
    # the dev-set targets of the speaker issue: end-to-end F1 >= 90, speaker accuracy >= 94
    assert r["span_f1"] >= 95.0 and r["e2e_f1"] >= 90.0 and r["speaker_acc"] >= 94.0, r
