"""Speakers, cues and blocks of body quotes (transforms.quotes.attribute, .context)."""

from __future__ import annotations


import pytest

from quote_helpers import by_text, q


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
        # a share of a group speaks for the group; a clause opened by 'while' after the quote's
        # comma is a new statement, not its attribution
        ('Only 40 percent of tenants agreed that the landlord is "quick to fix things," while 70 '
         'percent said the same of the council.', "quick to fix things,", "Only 40 percent of tenants"),
        ('Some 63 percent of members said the club was "right to wait".', "right to wait", "Some 63 percent of members"),
        # ... unless a document reports it: the document is the source
        ('The survey showed that 58 per cent of riders rated the trams as "always late".', "always late", "The survey"),
        # a quoted title in the previous sentence's opening adverbial is no quote of anyone's:
        # that sentence's subject still speaks the next quote
        ('On "Morning Harbour," Councillor Ada Brennan (Ind.), who lost the vote, named the closure as '
         'a reason. "The people of this town are tired of waiting."',
         "The people of this town are tired of waiting.", "Councillor Ada Brennan (Ind.)"),
        ('In her memoir "Salt Roads" the skipper Noor Haddad recalls the storm of 1987. "We lost two boats '
         'that night."', "We lost two boats that night.", "the skipper Noor Haddad"),
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


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ('"It was magical," gushed Helga Lindqvist after the show.', "Helga Lindqvist"),
        ('"Not again," sighed the mayor, Amara Haddad.', "Amara Haddad"),
        ('Tomas Brandt implored the council: "Please wait one more year."', "Tomas Brandt"),
        ('"We are done here," Kiran Roe emailed on Friday.', "Kiran Roe"),
        ('"A fine mess," scoffed Marta Novak.', "Marta Novak"),
        # reported quoting: the quoted person is the speaker, not the outlet that quotes her
        ('The agency quoted Helga Lindqvist as saying, "The port is closed."', "Helga Lindqvist"),
        ('The Harbour Gazette cited Tomas Brandt as saying: "We will appeal."', "Tomas Brandt"),
    ],
)
def test_speech_verbs_of_feature_writing_are_cues(body: str, speaker: str):
    from transforms.post import process_post

    article = process_post(f"Invented headline\n\n{body}\n".encode())
    assert [q.speaker for q in article.quotes] == [speaker]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("title", "body", "speaker"),
    [
        # a headline's role subject is the body's person written with that role
        ('Harbour Chief Says: "The Pier Holds"', 'Harbour chief Ingrid Solvang spoke on Monday. "The pier holds," Solvang said.', "Ingrid Solvang"),
        # a colon right before the quote introduces it, an honorific and surname resolving in the body
        ('Ms. Lindqvist-Obi: "Nobody Warned Us"', '"Nobody warned us," said Marit Lindqvist-Obi, who runs the ferry kiosk.', "Marit Lindqvist-Obi"),
    ],
)
def test_a_headline_speaker_resolves_to_the_bodys_person(title: str, body: str, speaker: str):
    from transforms.post import process_post

    article = process_post(f"{title}\n\n{body}\n".encode())
    assert [q.speaker for q in article.title_quotes] == [speaker]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("title", "speaker"),
    [
        # a group opening the headline, a headline verb, then the quoted fragment
        ("Angry Tenants Rally To 'Save Our Homes'", "Angry Tenants"),
        ("Retired Nurse Reveals 'Exhausting' Years On The Night Ward", "Retired Nurse"),
        # the quote opening the headline, then its subject and verb
        ('"We Will Sail Again": Harbour Crews Vow To Rebuild', "Harbour Crews"),
        # an adverb or clause word opening the headline is nobody, and so is a subject whose verb
        # comes only after the quote
        ("How 'Green' Bonds Show The Market Is Changing", None),
        ("Why The 'Quiet' Budget Shows Nothing", None),
    ],
)
def test_a_headline_subject_speaks_without_the_body_quoting_it(title: str, speaker: str | None):
    from transforms.post import process_post

    article = process_post(f"{title}\n\nThe river rose by a metre overnight and the road was closed.\n".encode())
    assert [q.speaker for q in article.title_quotes] == [speaker]  # type: ignore[union-attr]


def test_a_section_label_before_a_headline_colon_is_nobody():
    from transforms.post import process_post

    article = process_post('Review: "Harbour Lights" is a slow, lovely film about a ferry\n\nThe film opens on Friday.\n'.encode())
    assert [(q.kind, q.speaker_mention) for q in article.title_quotes] == [("scare", None)]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "body, speaker",
    [
        # a name with one long appositive between commas, then the cue
        ("“The river has never been this low in living memory,” Orla Brennan, the chief warden at the "
         "Lough Conn Trust and who also runs the ferry every summer, told the Western Courier.", "Orla Brennan"),
        # an exclamation closed by a capitalised mention with its appositive and a title ("Del.")
        ("“This is a big year for our next senator, Toby Wren!” Wren’s niece, state Del. Marta Pryce "
         "(D-Hollins), shouted to the crowd.", "Marta Pryce"),
        ("“What a night for the club!” The club’s captain, Ines Duarte, said after the match.", "Ines Duarte"),
    ],
)
def test_long_and_capitalised_attributions_after_a_quote(body: str, speaker: str):
    rows = q(body)
    assert rows[0].kind == "direct" and rows[0].speaker == speaker


@pytest.mark.parametrize(
    "body, quote, mention",
    [
        # documents speak with their own verbs; the same verbs said of people are no cue
        ("“The trend is clear and it is getting worse,” the report found.", "The trend is clear and it is getting worse,", "the report"),
        ("“The applicant met county staff on 14 occasions,” lobbying disclosures show.",
         "The applicant met county staff on 14 occasions,", "lobbying disclosures"),
        ("The survey found that voters were “tired of waiting” for the bridge.", "tired of waiting", "The survey"),
        ("“It was empty,” the car was found.", "It was empty,", None),
        # a recording's speaker
        ("“If that pump fails, half the east side has no water,” an engineer is heard saying on the recording.",
         "If that pump fails, half the east side has no water,", "an engineer"),
        # a split quote's second half with its own attribution at the sentence's end
        ("“This just is not right,” Nora Ferris said. “You cut the staff to the bone” to lift the share price, "
         "she said, pointing at the charts.", "You cut the staff to the bone", "she"),
        # the subject of the last clause before 'and said'
        ("Once in my teens, when my uncle mentioned the ghost to me on the coast road, I laughed and said, "
         "“I do not believe in ghosts.”", "I do not believe in ghosts.", "I"),
        # a sentence-initial verb's object is no speaker
        ("Calls his rivals names like “clowns,” and runs a beauty pageant.", "clowns,", None),
        # a fragment's sentence subject that cannot speak
        ("The smaller mines would be placed in a separate “liquidating trust.”", "liquidating trust.", None),
        ("The dock workers accused the board of “sitting on” the report.", "sitting on", "The dock workers"),
    ],
)
def test_sources_and_clauses(body: str, quote: str, mention: str | None):
    assert by_text(q(body), quote).speaker_mention == mention


def test_a_pronoun_after_a_lone_surname_speaker_is_that_speaker():
    from transforms.post import process_post

    body = ('Rep. Adam Brook, the senior member of the committee, urged the mayor to act.\n\n'
            '"We have had floods before," Okafor said after meeting the governor. He did not promise money. '
            '"Our goal is to build well."\n\n'
            'Brook called on the city to "get moving". "Move," he said.')
    article = process_post(f"Invented headline\n\n{body}\n".encode())
    got = {q.quote: (q.speaker_mention, q.speaker) for q in article.quotes}  # type: ignore[union-attr]
    assert got["Our goal is to build well."] == ("He", "Okafor")
    assert got["Move,"] == ("he", "Adam Brook")  # named again since: the index's person
