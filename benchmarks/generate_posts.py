"""Write N synthetic raw posts shaped like the bundled samples, for benchmarks.

    python benchmarks/generate_posts.py OUT_DIR -n 10000 [--paragraphs 12] [--seed 0]
        [--per-dir 1000] [--bad-fraction 0.0]

Each post is a title line, about ``paragraphs`` body paragraphs (varied by +/-50%), one per line,
and a feed footer. The body mixes the things the pipeline has to handle: straight and curly
quotes, attribution before and after, split and partial quotes, scare quotes and titles, nested
single quotes, an occasional multi-paragraph quote, embedded tweets, links with and without a
scheme (some with tracking parameters, some in parentheses), header bylines and datelines, and
prose sentences that merely mention "via", "comments" or "subscribe".

Everything is drawn from one ``random.Random(seed)``, so the same arguments give byte-identical
files. All text is synthetic: names, places, companies and feeds are invented.

``generate()`` is importable for benchmarks that want to build their own corpus::

    spec = importlib.util.spec_from_file_location("generate_posts", "benchmarks/generate_posts.py")
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

# --------------------------------------------------------------------------------------------
# Vocabulary. Everything below is invented for this project.
# --------------------------------------------------------------------------------------------

FIRST_F = (
    "Anna Helena Priya Leila Ruth Ines Marta Sunniva Ewa Amara Nadia Greta Ayesha Clara Hanne "
    "Yasmin Odile Lucia Freya Saoirse"
).split()
FIRST_M = (
    "Tomas Marek Jonas Oskar Daniel Kofi Felix Rafael Colin Viktor Pieter Samuel Lukas Idris Bruno "
    "Emil Karel Tariq Matteo Dmitri"
).split()
FIRST = FIRST_F + FIRST_M
LAST = (
    "Berg Vela Brask Novak Qureshi Ekberg Haddad Lind Ainsworth Okonjo Carvalho Mensah Jovanovska "
    "Amankwah Dahl Moreau Kowalczyk Marsh Nwosu Halloran Farouk Vandermeer Lindqvist Adeyemi Rahman "
    "Albrecht Castellanos Campbell Vogt Ferrante Tahir Drachmann Marchetti Krall Ferreira Hussain "
    "Solberg Rossi Byrne Petrov Holm"
).split()
ROLES = (
    "the energy minister", "the finance minister", "the mayor of {place}", "a spokes{sex} for {org}",
    "a spokes{sex} for {company}", "the chief executive of {company}", "the head of {org}",
    "an economist at {company}", "the chair of the {committee}", "a senior official at {org}",
    "the opposition's {topic} spokes{sex}", "a lawyer for the claimants", "the union's general secretary",
    "the club's head coach", "the regional health director", "a forecaster at the weather service",
)
PLACES = (
    "Karvik", "Valmore", "Brenica", "Osterby", "Hollin Moor", "Ashby Cross", "Millbrook",
    "Tarrington", "Calderton", "Port Ellery", "Saltmarsh", "Greystones Vale", "Rensby", "Faircastle",
    "Harwick", "Westmoor", "Kessling", "Dunmore", "Arlow", "Brackenfield", "Lowmere", "Veszna",
)
CITIES = ("VALMORE", "KARVIK", "ORAVA", "KASTEL", "BRENICA", "OSTERBY", "LOWMERE", "HARROWGATE")
ORGS = (
    "the grid operator", "the electoral commission", "the health board", "the competition authority",
    "the statistics office", "the central bank", "the transport ministry", "the regional council",
    "the football federation", "the appeals court", "the weather service", "the data regulator",
)
COMPANIES = (
    "Nordgrid Transmission", "Halvard Securities", "Brightwell Micro", "Lumora", "Arcvolt",
    "Riverbank Capital", "Skylark Air", "Canopy Power", "Ferrovia Nord", "Stonegate Partners",
    "Vaultbridge", "Corvid Research", "Orchard Systems", "Fairway Markets",
)
COMMITTEES = ("budget committee", "transport committee", "health select committee", "audit panel")
SITES = (
    "MacroNotes", "TechLedger", "HousingWatch", "The Slow Lane", "Greenfield Gazette",
    "Clean Build Journal", "The Touchline Daily", "Riverside Echo",
)
FEEDS = (
    "ZeroHedge News", "Reuters: World News", "Reuters: Business News", "Meridian Wire: Energy",
    "Green Energy Digest", "Alpine Traffic: Alerts", "Local Desk", "Markets Live: Europe",
)
DOMAINS = (
    "example-news.com", "city-budget.org", "statistics.gov.uk", "centralbank.example",
    "westernhealth.example", "opencommons-fund.org", "fairfares.example", "gov-energy.example",
    "riverside.example.gov", "lumora-pay.com",
)
SLUGS = (
    "report", "releases", "budget-2022", "winter-outlook", "results", "notice", "guidance/cloud",
    "press/statement", "data/latest", "consultation",
)

TOPICS = {
    # topic: (subjects, title templates)
    "energy": (
        ("the gas price cap", "the new wind farm", "the winter storage plan", "the refinery restart",
         "the heat pump grant scheme"),
        ("{Subject} faces fresh criticism as prices climb", "Grid operator warns over {subject}",
         "Ministers defend {subject} after {num} complaints"),
    ),
    "elections": (
        ("the regional vote", "the new voter register", "the by-election campaign", "the recount",
         "the coalition agreement"),
        ("Opposition calls for delay to {subject}", "{Place} mayors back independent ahead of {subject}",
         "Commission rejects complaints over {subject}"),
    ),
    "sport": (
        ("the title race", "the cup quarter-final", "the new stadium", "the transfer window",
         "the indoor final"),
        ("Late goal keeps {subject} alive", "{Place} Rovers reach {subject}",
         "Coach under pressure after {subject}"),
    ),
    "tech": (
        ("the data leak", "the chip plant", "the app store policy", "the broadband programme",
         "the delivery robot trial"),
        ("{company} under fire over {subject}", "Lessons from {subject}",
         "Regulator opens inquiry into {subject}"),
    ),
    "courts": (
        ("the bribery trial", "the pay reform", "the levy challenge", "the fraud case",
         "the appeal ruling"),
        ("Court suspends {subject}", "Defendant denies charges as {subject} opens",
         "Judges question ministry over {subject}"),
    ),
    "weather": (
        ("the storm", "the flood warning", "the drought order", "the early snowfall",
         "the cold snap"),
        ("{Place} braces for {subject}", "{num} homes evacuated after {subject}",
         "Forecasters warn {subject} could last into the weekend"),
    ),
    "markets": (
        ("the rate decision", "the earnings season", "the currency slide", "the bond sell-off",
         "the crypto freeze"),
        ("Stocks edge higher after {subject}", "Central Bank Holds, Signals \"Patience\" After {subject}",
         "Investors shrug off {subject}"),
    ),
    "health": (
        ("the booster campaign", "the waiting list", "the measles outbreak", "the hospital plan",
         "the night staffing plan"),
        ("Health board expands {subject}", "Doctors warn over {subject}",
         "{num} patients affected by {subject}"),
    ),
}
TOPIC_NAMES = tuple(TOPICS)

QUOTES = (
    "We are watching every number that comes in and we will act when the evidence is clear",
    "Nobody should pretend this is going to be easy",
    "This is a good day for the people of {place}",
    "We have done the work and we stand by the figures",
    "The timetable was always ambitious, but it was never unrealistic",
    "I have heard the concerns and I take them seriously",
    "People deserve straight answers, not press releases",
    "We will keep going until the job is done",
    "This is not the end of the process, it is the start of it",
    "Frankly, we expected more from them",
    "I am not going to speculate about what happens next week",
    "It is too early to say, and anyone who tells you otherwise is guessing",
    "We are asking for patience, not blind trust",
    "Every month of delay costs families in {place} real money",
    "Our members have been very clear about what they want",
    "We made mistakes and we have learned from them",
    "The door is open and it has always been open",
    "What matters now is what happens on the ground",
    "I don't think anyone in {place} will be surprised by this",
    "We can't solve a problem of this size with a single announcement",
    "If the figures change, we will change our minds, and not before",
    "There are {num} people waiting for an answer, and they should get one this month",
    "We were told this would take six months, and here we are {small} months later",
    "Nobody in this building is pretending the last year went well",
    "We need a plan that still works when the weather, the markets and the politics all turn at once",
    "I would rather be honest about the problem than clever about the answer",
    "The people of {place} have been more patient than anyone had a right to expect",
    "We asked for a meeting in {month}, and we are still waiting for a reply",
    "This is a question of fairness, and fairness is not optional",
    "You cannot run a public service on goodwill and overtime forever",
)
FRAGMENTS = (
    "deeply disappointing", "a step in the right direction", "reckless and premature",
    "entirely predictable", "a serious misjudgement", "long overdue", "unworkable in practice",
    "a fair compromise", "frankly baffling", "a wake-up call", "manageable", "too little, too late",
)
SCARE = ("reform", "recovery plan", "grand bargain", "fresh start", "red tape review", "people's budget")
TITLES = ("Northern Line", "The Quiet Harbour", "Glass Valley", "Eleven Winters", "Salt and Iron")
INNER = (
    "Never promise what you can\u2019t deliver", "Count twice, announce once",
    "Listen before you talk", "The last ten minutes are the ones people remember",
    "Nobody reads the second page", "Bad news does not improve with age",
    "Ask the people who have to live with it", "If it isn\u2019t written down, it didn\u2019t happen",
)
NESTED = (  # (words before the inner quote, words after it)
    ("My first boss told me,", "and I still think about that every day"),
    ("When we started, the slogan on the wall said", "and that has not changed"),
    ("An old colleague used to say", "and this week proved him right"),
    ("People keep telling us", "which is easy to say from the outside"),
)
FILLER = (
    "{Org} said {num} people had been affected across {place} and {place2}.",
    "{Subject} has been under discussion since {year}, and was last revised in {month}.",
    "Figures published on {weekday} showed a rise of {pct} percent compared with the same period last year.",
    "Officials expect a final decision before the end of {month}, although several deadlines have already slipped.",
    "In {place}, where the issue has been most visible, local groups have organised {small} public meetings since the summer.",
    "{Org} did not respond to a request for comment on {weekday}.",
    "Analysts at {company} said the market had already priced in most of the change.",
    "About {num} jobs depend directly on {subject}, according to industry estimates.",
    "The plan would cost roughly {money} over five years, according to an independent assessment.",
    "A further update is expected on {weekday}, when {org} publishes its quarterly figures.",
    "Critics say the figures hide wide differences between {place} and the rest of the region.",
    "Turnout, attendance and demand have all risen by about {pct} percent since {year}.",
    "The proposal will be debated in parliament on {weekday}, with a vote expected later in {month}.",
    "Shares in {company} fell {pct} percent in early trading before recovering most of the loss.",
    "Residents in {place} said they had first raised concerns about {subject} in {year}.",
    "A similar scheme in {place} was abandoned after {small} months, following complaints from local businesses.",
    "The figures do not include {place2}, where data collection was suspended in {month}.",
    "{Org} has promised to publish a detailed timetable before the end of the year.",
    "Around {num} households are expected to be affected in the first phase alone.",
    "The last comparable episode, in {year}, took almost {small} months to resolve.",
    "Opposition parties have demanded an independent review, which ministers have so far resisted.",
    "Local newspapers in {place} have covered the story on their front pages for {small} days running.",
    "Officials declined to say how much had already been spent, citing commercial confidentiality.",
    "The regional breakdown shows {place} and {place2} well above the national average.",
)
TRAPS = (
    "Most of the comments submitted via the consultation portal raised the same concern about {subject}.",
    "Residents can subscribe to text alerts via the council's website, which had {num} visitors on {weekday} alone.",
    "{Org} said it had read all {num} comments left on its social media pages before making the change.",
    "Several readers who subscribe to our newsletter wrote in via email to point out that the map was out of date.",
    "Goods arrive in {place} via a single rail line, which was closed for {small} days in {month}.",
)
LINKS = (
    "The full report is available at https://www.{domain}/{year}/12/{dd}/{slug}.html.",
    "Details were published on {domain}/{slug} on {weekday}.",
    "{Org} has put its data online (www.{domain}/{slug}) for anyone who wants to check the numbers.",
    "A summary is at bit.ly/{code6} for readers on mobile.",
    "The announcement (https://www.{domain}/news/{slug}?utm_source=twitter&utm_medium=social) was posted shortly after {hour}:{minute}.",
    "Background documents are at https://{domain}/{slug}?ref=rss&id={id}, along with last year's figures.",
    "The consultation closes on {weekday}; responses can be sent through www.{domain}/{slug}.",
)
TWEETS = (
    "This is the chart that matters. Everything else is noise.",
    "Thread on {subject}: what changed, what didn't, and what to watch next week.",
    "Update from {place}: crews on site since 6am, more information at noon.",
    "Genuinely one of the strangest press conferences I've sat through.",
    "Queues in {place} this morning. Please check before you travel.",
    "Big day for {place}. Thank you to everyone who turned up.",
    "Five questions, five answers on {subject}, in one thread.",
    "Not a great look, honestly.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DOW = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
LABELS = ("news", "politics", "energy", "local", "courts", "sport", "weather", "economy", "health")

QOPEN = ('"', "\u201c")
QCLOSE = ('"', "\u201d")
VERBS_AFTER = ("said", "said", "said", "told reporters", "added", "warned", "insisted", "wrote")
SUBJ, SUBJ_CAP = "\x01", "\x02"  # stand-ins for the post's subject inside pre-rendered sentences


class _Fields(dict[str, str]):
    """Format mapping that invents a value the first time a placeholder is used."""

    __slots__ = ("rng",)
    rng: random.Random

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "place":
            v = rng.choice(PLACES)
        elif key == "place2":
            v = rng.choice(PLACES)
            while v == self["place"]:
                v = rng.choice(PLACES)
        elif key == "num":
            v = f"{rng.randrange(120, 98000):,}"
        elif key == "id":
            v = str(rng.randrange(1000, 99999))
        elif key == "small":
            v = str(rng.randrange(2, 40))
        elif key == "pct":
            v = f"{rng.randrange(1, 40)}.{rng.randrange(10)}"
        elif key == "money":
            v = f"{rng.randrange(2, 900)} million"
        elif key == "year":
            v = str(rng.randrange(2009, 2021))
        elif key == "month":
            v = rng.choice(MONTHS)
        elif key == "weekday":
            v = rng.choice(WEEKDAYS)
        elif key == "org":
            v = rng.choice(ORGS)
        elif key == "Org":
            v = _cap(self["org"])
        elif key == "company":
            v = rng.choice(COMPANIES)
        elif key == "committee":
            v = rng.choice(COMMITTEES)
        elif key == "domain":
            v = rng.choice(DOMAINS)
        elif key == "slug":
            v = rng.choice(SLUGS)
        elif key == "dd":
            v = f"{rng.randrange(1, 29):02d}"
        elif key == "hour":
            v = str(rng.randrange(7, 19))
        elif key == "minute":
            v = f"{rng.randrange(60):02d}"
        elif key == "code6":
            v = "".join(rng.choices(ALNUM, k=6))
        elif key == "subject":
            v = SUBJ
        elif key == "Subject":
            v = SUBJ_CAP
        else:
            raise KeyError(key)
        self[key] = v
        return v


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def _lc(s: str) -> str:
    """Lower-case the first letter unless it is the pronoun "I"."""
    if s.startswith(("I ", "I'", "I\u2019")):
        return s
    return s[0].lower() + s[1:]


def _pick(rng: random.Random, seq):
    """rng.choice, about four times cheaper (it matters at 100,000 posts)."""
    return seq[int(rng.random() * len(seq))]


def _below(rng: random.Random, a: int, b: int | None = None) -> int:
    """rng.randrange(a, b) for small ranges, without the rejection-sampling overhead."""
    if b is None:
        a, b = 0, a
    return a + int(rng.random() * (b - a))


def _render(rng: random.Random, templates: tuple[str, ...], k: int) -> tuple[str, ...]:
    out = []
    for i in range(k):
        f = _Fields()
        f.rng = rng
        out.append(templates[i % len(templates)].format_map(f))
    return tuple(out)


class Pools:
    """Sentences rendered once from the seed, so building a post is mostly picking from lists.

    Rendering every placeholder per post was the slow part (about 350 us a post); with pools a
    post is a few dozen picks and joins, and still varies in names, places, numbers and links.
    """

    def __init__(self, rng: random.Random) -> None:
        groups = tuple(_render(rng, (tpl,), 120) for tpl in FILLER)  # one group per template
        self.filler1 = tuple(s for g in groups for s in g)
        self.filler2 = tuple(_sentences(rng, groups, 2) for _ in range(3000))
        self.narrative = tuple(_sentences(rng, groups, 2 + i % 3) for i in range(3000))
        self.quotes = _render(rng, QUOTES, 1500)
        self.traps = _render(rng, TRAPS, 400)
        self.links = _render(rng, LINKS, 1200)
        self.tweets = _render(rng, TWEETS, 300)


def _sentences(rng: random.Random, groups: tuple[tuple[str, ...], ...], k: int) -> str:
    """k sentences from k different templates, joined into one stretch of prose."""
    return " ".join(rng.choice(g) for g in rng.sample(groups, k))


def _make_speakers(rng: random.Random, k: int, topic: str) -> list[tuple[str, str, str]]:
    """(introduction with role and full name, surname, pronoun) for k invented speakers."""
    out = []
    for _ in range(k):
        pron = _pick(rng, ("he", "she"))
        name = f"{_pick(rng, FIRST_M if pron == 'he' else FIRST_F)} {_pick(rng, LAST)}"
        role = _pick(rng, ROLES)
        role = role.replace("spokes{sex}", "spokesman" if pron == "he" else "spokeswoman")
        if "{" in role:
            role = role.format(place=_pick(rng, PLACES), org=_pick(rng, ORGS),
                               company=_pick(rng, COMPANIES), committee=_pick(rng, COMMITTEES),
                               topic=topic)
        out.append((f"{role}, {name}", name.split(" ", 1)[1], pron))
    return out


class _Post:
    """State for one post: its speakers (introduced once, then by surname) and quote marks."""

    __slots__ = ("rng", "pools", "speakers", "introduced", "qo", "qc")

    def __init__(self, rng: random.Random, pools: Pools, speakers: list, curly: bool) -> None:
        self.rng = rng
        self.pools = pools
        self.speakers = speakers
        self.introduced: set[int] = set()
        self.qo = QOPEN[curly]
        self.qc = QCLOSE[curly]

    def who(self, pronoun_ok: bool = False) -> str:
        """Name a speaker: role and full name the first time ("the mayor of X, Anna Berg,"), then
        the surname, or (when ``pronoun_ok``) sometimes just the pronoun."""
        i = _below(self.rng, len(self.speakers))
        intro, surname, pron = self.speakers[i]
        if i in self.introduced:
            return pron if pronoun_ok and self.rng.random() < 0.4 else surname
        self.introduced.add(i)
        return intro + ","

    def two_quotes(self) -> tuple[str, str]:
        q, rng = self.pools.quotes, self.rng
        a = _pick(rng, q)
        b = _pick(rng, q)
        while b == a:
            b = _pick(rng, q)
        return a, b

    def filler(self, k: int = 1) -> str:
        """One (k=1) or two (k=2) narrative sentences."""
        pool = self.pools.filler1 if k == 1 else self.pools.filler2
        return pool[int(self.rng.random() * len(pool))]

    def paragraph(self) -> str:
        rng = self.rng
        qo, qc = self.qo, self.qc
        r = rng.random()
        if r < 0.22:  # attribution after
            a, b = self.two_quotes()
            return (f"{qo}{a}. {b},{qc} {self.who(True)} {_pick(rng, VERBS_AFTER)}. "
                    + self.filler(_below(rng, 1, 3)))
        if r < 0.34:  # attribution before: "X said: ..." or "According to ..., ..."
            a, b = self.two_quotes()
            if rng.random() < 0.5:
                return f"{_cap(self.who())} said: {qo}{a}. {b}.{qc} " + self.filler()
            return f"According to {_pick(rng, ORGS)}, {qo}{_lc(a)}, and {_lc(b)}.{qc} " + self.filler()
        if r < 0.44:  # split quote
            a, b = self.two_quotes()
            return f"{qo}{a},{qc} {self.who(True)} said. {qo}{b}.{qc} " + self.filler()
        if r < 0.52:  # partial quotes inside paraphrase
            a = _pick(rng, FRAGMENTS)
            b = _pick(rng, FRAGMENTS)
            return (f"{_cap(self.who())} called {SUBJ} {qo}{a}{qc} and described the official "
                    f"response as {qo}{b}{qc}. " + self.filler())
        if r < 0.57:  # scare quotes / titles: nobody's words
            if rng.random() < 0.6:
                return (f"The so-called {qo}{_pick(rng, SCARE)}{qc} was announced in {_pick(rng, MONTHS)} "
                        f"and has been revised twice since. " + self.filler(2))
            return (f"The documentary {qo}{_pick(rng, TITLES)}{qc}, filmed in {_pick(rng, PLACES)}, "
                    f"has been shown in {_below(rng, 3, 90)} cinemas since it was released. "
                    + self.filler())
        if r < 0.61:  # nested single quotes inside double quotes
            so, sc = ("\u2018", "\u2019") if qc == "\u201d" else ("'", "'")
            lead, tail = _pick(rng, NESTED)
            return (f"{qo}{lead} {so}{_pick(rng, INNER)},{sc} {tail},{qc} {self.who(True)} said. "
                    f"{qo}It applies to {SUBJ} as much as anything.{qc} " + self.filler())
        if r < 0.70:  # link in prose
            return self.filler() + " " + _pick(rng, self.pools.links) + " " + self.filler()
        if r < 0.75:  # prose trap: via / comments / subscribe inside a sentence
            return _pick(rng, self.pools.traps) + " " + self.filler()
        return _pick(rng, self.pools.narrative)  # plain narrative, 2-4 sentences

    def block_quote(self) -> list[str]:
        """A quote over 2-3 paragraphs: each opens a mark, only the last one closes."""
        qo, qc = self.qo, self.qc
        n = _below(self.rng, 2, 4)
        lines = [f"{_cap(self.who())} put it this way:"]
        for i in range(n):
            a, b = self.two_quotes()
            lines.append(f"{qo}{a}. {b}.{qc if i == n - 1 else ''}")
        return lines

    def social(self, date: tuple[int, int, int]) -> list[str]:
        rng = self.rng
        y, mo, d = date
        out = []
        if rng.random() < 0.15:  # Instagram-style embed
            first, last = _pick(rng, FIRST), _pick(rng, LAST).replace(" ", "")
            out.append(_pick(rng, self.pools.tweets))
            out.append(f"A post shared by {first} {last} (@{first.lower()}.{last.lower()}) "
                       f"on {MONTHS[mo - 1][:3]} {d}, {y} at {_below(rng, 1, 13)}:"
                       f"{_below(rng, 60):02d} pm PST")
            return out
        for _ in range(1 if rng.random() < 0.75 else 2):
            text = _pick(rng, self.pools.tweets)
            r = rng.random()
            if r < 0.4:
                text += " pic.twitter.com/" + "".join(rng.choices(ALNUM, k=10))
            elif r < 0.7:
                text += " https://t.co/" + "".join(rng.choices(ALNUM, k=10))
            dash = _pick(rng, ("\u2014", "\u2014", "-", "&mdash;"))
            first, last = _pick(rng, FIRST), _pick(rng, LAST)
            out.append(text)
            out.append(f"{dash} {first} {last} (@{first.lower()}_{last.lower().replace(' ', '')}) "
                       f"{MONTHS[mo - 1]} {d}, {y}")
        return out


def _header(rng: random.Random, date: tuple[int, int, int]) -> str | None:
    y, mo, d = date
    r = rng.random()
    if r >= 0.38:
        return None
    name = f"{_pick(rng, FIRST)} {_pick(rng, LAST)}"
    if r < 0.12:
        return (f"{name} {_pick(rng, DOW)}, {mo:02d}/{d:02d}/{y} - "
                f"{_below(rng, 24):02d}:{_below(rng, 60):02d}")
    if r < 0.20:
        return f"Authored by {name} via {_pick(rng, SITES).replace(' ', '')}.com,"
    if r < 0.25:
        return f"Submitted by {name}"
    if r < 0.30:
        return f"By {name} | {MONTHS[mo - 1]} {d}, {y}"
    if r < 0.34:
        return f"Posted by admin on {y}-{mo:02d}-{d:02d}"
    return f"(Photo by {name}/Getty Images)"


def _dateline(rng: random.Random, date: tuple[int, int, int]) -> str:
    _, mo, d = date
    city = _pick(rng, CITIES)
    r = rng.random()
    if r < 0.5:
        return f"{city} (Reuters) - "
    if r < 0.8:
        return f"{city}, {MONTHS[mo - 1][:3]} {d} (Meridian Wire) \u2013 "
    return f"{city} (AP) \u2014 "


def _footer(rng: random.Random, title: str) -> list[str]:
    r = rng.random()
    code = "".join(rng.choices(ALNUM, k=7))
    if r < 0.30:  # ZeroHedge / IFTTT on Blogger
        return [f"https://ift.tt/{code}", f"from {_pick(rng, FEEDS)} https://ift.tt/{code}",
                "via IFTTT", f"{_below(rng, 0, 120)} comments", "Post a Comment"]
    if r < 0.42:  # agency tail + relay with a colon in the feed name
        return [f"(Reporting by {_pick(rng, FIRST)} {_pick(rng, LAST)}; Editing by "
                f"{_pick(rng, FIRST)} {_pick(rng, LAST)})",
                f"from Reuters: {_pick(rng, ('World News', 'Business News', 'Environment'))} "
                f"https://ift.tt/{code}", "via IFTTT"]
    if r < 0.52:
        return ["via Zapier"]
    if r < 0.60:
        return [f"https://dlvr.it/{code[:6]}", "via dlvr.it"]
    if r < 0.74:  # WordPress
        return [f"The post {title} appeared first on {_pick(rng, SITES)}.", "Share this:", "Twitter",
                "Facebook", "Like this:", "Like Loading...", "Related"]
    if r < 0.86:  # Blogger
        n = _below(rng, 0, 6)
        return [f"Labels: {_pick(rng, LABELS)}, {_pick(rng, LABELS)}",
                "No comments:" if n == 0 else f"{n} comments:", "Post a Comment",
                "Newer Post Older Post Home", "Subscribe to: Post Comments (Atom)"]
    if r < 0.93:
        return [f"(Reporting by {_pick(rng, FIRST)} {_pick(rng, LAST)}; Editing by "
                f"{_pick(rng, FIRST)} {_pick(rng, LAST)})"]
    if r < 0.96:
        return ["Follow us on Twitter", "Subscribe to our newsletter", "* * *"]
    return []


def make_post(rng: random.Random, pools: Pools, paragraphs: int = 12) -> str:
    """Return one synthetic post as text, ending in a newline."""
    topic = _pick(rng, TOPIC_NAMES)
    subjects, titles = TOPICS[topic]
    subject = _pick(rng, subjects)
    date = (_pick(rng, (2021, 2022)), _below(rng, 1, 13), _below(rng, 1, 29))
    title = _pick(rng, titles).format(
        subject=subject, Subject=_cap(subject), place=_pick(rng, PLACES), Place=_pick(rng, PLACES),
        num=f"{_below(rng, 20, 5000):,}", company=_pick(rng, COMPANIES))
    post = _Post(rng, pools, _make_speakers(rng, _below(rng, 2, 4), topic), rng.random() < 0.5)

    n = _below(rng, max(1, paragraphs // 2), paragraphs + paragraphs // 2 + 1)
    lines = [title]
    header = _header(rng, date)
    if header:
        lines.append(header)
    first = post.paragraph()
    lines.append(_dateline(rng, date) + first if rng.random() < 0.3 else first)
    social_at = _below(rng, 1, n + 1) if rng.random() < 0.4 else -1
    block_at = _below(rng, 1, n + 1) if rng.random() < 0.12 else -1
    i = 1
    while i < n:
        if i == social_at:
            lines.extend(post.social(date))
        if i == block_at:
            block = post.block_quote()
            lines.extend(block)
            i += len(block) - 1
        else:
            lines.append(post.paragraph())
            i += 1
    lines.extend(_footer(rng, title))
    text = ("\n\n" if rng.random() < 0.08 else "\n").join(lines) + "\n"
    return text.replace(SUBJ, subject).replace(SUBJ_CAP, _cap(subject))


def _bad_bytes(rng: random.Random, pools: Pools, paragraphs: int) -> tuple[str, bytes]:
    r = rng.random()
    if r < 0.34:
        return "empty", b""
    if r < 0.67:
        return "binary", (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(_below(rng, 200, 900))
                          + b"\x00\x00\x00\x00IEND")
    text = make_post(rng, pools, paragraphs)
    # Make sure there is something only cp1252 can express, so the file is not valid UTF-8.
    text = text.replace("\n", "\n\u201cCaf\u00e9 owners are relieved,\u201d one trader said.\n", 1)
    return "cp1252", text.encode("cp1252", errors="replace")


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def generate(out_dir: Path, n: int, paragraphs: int = 12, seed: int = 0, per_dir: int = 1000,
             bad_fraction: float = 0.0) -> dict:
    """Write ``n`` posts under ``out_dir`` in sub-folders of ``per_dir`` files; return a summary
    dict: out_dir, files, bytes, seconds, dirs and bad (counts by kind: empty, binary, cp1252)."""
    if n < 0 or paragraphs < 1 or per_dir < 1 or not 0.0 <= bad_fraction <= 1.0:
        raise ValueError("need n >= 0, paragraphs >= 1, per_dir >= 1 and 0 <= bad_fraction <= 1")
    t0 = time.perf_counter()
    rng = random.Random(seed)
    pools = Pools(rng)
    total = 0
    bad = {"empty": 0, "binary": 0, "cp1252": 0}
    folder = ""
    current = -1
    for i in range(n):
        if i // per_dir != current:
            current = i // per_dir
            folder = os.path.join(out_dir, f"{current:04d}")
            os.makedirs(folder, exist_ok=True)
        name = f"{i:06d}_{rng.getrandbits(64):016x}.txt"
        if bad_fraction and rng.random() < bad_fraction:
            kind, data = _bad_bytes(rng, pools, paragraphs)
            bad[kind] += 1
        else:
            data = make_post(rng, pools, paragraphs).encode("utf-8")
        fd = os.open(os.path.join(folder, name), _WRITE_FLAGS, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        total += len(data)
    return {"out_dir": str(out_dir), "files": n, "bytes": total,
            "seconds": time.perf_counter() - t0, "dirs": current + 1, "bad": bad}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write N synthetic raw posts for benchmarks.")
    p.add_argument("out_dir", type=Path, help="folder to write into (created if missing)")
    p.add_argument("-n", type=int, default=10000, help="number of files (default 10000)")
    p.add_argument("--paragraphs", type=int, default=12,
                   help="mean body paragraphs per post, varied +/-50%% (default 12)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--per-dir", type=int, default=1000, help="files per sub-folder (default 1000)")
    p.add_argument("--bad-fraction", type=float, default=0.0,
                   help="fraction of files that are empty, binary or cp1252 (default 0.0)")
    a = p.parse_args(argv)
    try:
        s = generate(a.out_dir, a.n, a.paragraphs, a.seed, a.per_dir, a.bad_fraction)
    except ValueError as e:
        p.error(str(e))
    print(f"{s['files']} files ({sum(s['bad'].values())} bad) in {s['dirs']} folder(s) under "
          f"{s['out_dir']}: {s['bytes'] / 1e6:.1f} MB in {s['seconds']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
