"""Registry of boilerplate rules: feed, relay and blog furniture around the article.

Rules are data. Each has a name, a regex that must match a whole (stripped) line, and where
it may act:
- ``footer``: only inside the trailing block of furniture lines, peeled from the end;
- ``header``: only inside the leading block, right after the title;
- ``edge``: either of the two;
- ``anywhere``: a whole line anywhere in the post (only for lines no prose sentence can be,
  such as a bare photo credit ``(Photo by Jane Roe/Getty Images)``).
A line in the middle of the prose is otherwise never removed, whatever words it contains.

A rule may capture metadata with named groups (``feed``, ``feed_url``, ``via``,
``comments``, ``author``, ``origin``, ``published``, ``published_date``, ``published_text``); the
parser (``transforms.post``) collects them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Where = Literal["header", "footer", "edge", "anywhere"]

_SHORTLINK_HOSTS = r"(?:ift\.tt|bit\.ly|dlvr\.it|buff\.ly|ow\.ly|goo\.gl|tinyurl\.com|t\.co|trib\.al|fb\.me|lnkd\.in|wp\.me|rebrand\.ly)"
_URL = r"https?://\S+"
_NAME = r"[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|van|von|der|da|di|la|le|bin|al))*"
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_WORDS = rf"{_MONTH} \d{{1,2}},? \d{{4}}"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_CLOCK = r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"
_ZONE = r"(?:[A-Z]{2,4}|UTC[+-]\d{1,2}(?::\d{2})?)"
_STAMP = rf"{_DATE_WORDS}(?:,? (?:at )?{_CLOCK}(?: {_ZONE})?)?"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    where: Where
    pattern: re.Pattern[str]
    description: str

    def acts_on(self, place: str) -> bool:
        """Whether this rule may remove a line found at ``place`` ('header' or 'footer')."""
        return self.where in (place, "edge", "anywhere")


def _rule(name: str, where: Where, pattern: str, description: str, flags: int = re.IGNORECASE) -> Rule:
    return Rule(name, where, re.compile(pattern, flags), description)


RULES: tuple[Rule, ...] = (
    # --- relay (footer) -------------------------------------------------------------
    _rule("shortlink_line", "footer", rf"(?:https?://)?{_SHORTLINK_HOSTS}/\S+", "a line that is only a shortener link"),
    _rule("from_feed", "footer", rf"from (?P<feed>\S.{{0,150}}?) (?P<feed_url>{_URL})", "'from <Feed> <url>' relay credit"),
    _rule(
        "via_service",
        "footer",
        r"via (?P<via>IFTTT|Zapier|dlvr\.it|Feedly|Buffer|Hootsuite|WordPress|Blogger|Make|Integromat|Pipedream|RSS\.app)",
        "'via <service>' relay credit",
    ),
    # --- blog host (footer) ---------------------------------------------------------
    _rule("comment_count", "footer", r"(?P<comments>\d{1,6}|no) comments?:?", "Blogger/WordPress comment counter"),
    _rule("post_a_comment", "footer", r"(?:post a comment|leave a (?:comment|reply)|add comment)", "comment prompt"),
    _rule("blog_navigation", "footer", r"(?:newer post\s*)?(?:older post\s*)?home|(?:previous|next) (?:post|article)\b.{0,200}", "Blogger navigation"),
    _rule("subscribe_atom", "footer", r"subscribe to:\s*post comments \((?:atom|rss)\)", "Blogger feed link"),
    _rule("labels", "footer", r"labels?:\s.{1,300}", "Blogger labels"),
    _rule("tags", "footer", r"(?:tags?|categories|filed under|topics?):\s.{1,300}", "tag and category lists"),
    _rule("posted_by_at", "footer", rf"posted by .{{1,80}} at {_CLOCK}", "Blogger 'Posted by X at 3:14 PM'"),
    _rule("appeared_first", "footer", r"the post .{1,300} appeared first on .{1,120}", "WordPress 'The post … appeared first on …'"),
    _rule(
        "first_appeared",
        "edge",
        r"(?:this (?:article|story|post|piece) (?:first appeared|was (?:first|originally) published) (?:on|at|in|by)|originally published (?:on|at|in|by)) (?P<origin>.{1,200}?)\.?",
        "'This article first appeared on …' / 'Originally published at …'",
    ),
    _rule(
        "continue_reading",
        "footer",
        r"continue reading\b.{0,300}|(?:read more|keep reading|read the (?:full|rest of the) (?:story|article|post))(?: (?:at|on|here) .{1,100}?| here)?\s*[.:»›→>…]*",
        "'Continue reading …' / 'Read more »' tail (a sentence that merely starts 'Read more of …' is prose)",
    ),
    _rule(
        "share_prompt",
        "footer",
        r"(?:share this(?: story| article)?|like this|like loading\.*|related(?: posts| articles| stories)?|tweet|share|email|print|facebook|twitter|whatsapp|linkedin|reddit)\s*:?(?:\s*like loading\.*)?",
        "share/like widgets",
    ),
    _rule(
        "follow_prompt",
        "footer",
        r"(?:follow us|subscribe (?:to|for) (?:our|the) (?:newsletter|daily|weekly|channel|podcast|feed)|sign up (?:for|to) (?:our|the) .{0,40}newsletter|support (?:our|independent) journalism|click here|become a (?:patron|member|subscriber)|donate\b)\b.{0,200}",
        "calls to action",
    ),
    _rule("separator", "edge", r"(?:[*_\-=~•·]\s*){3,}", "separator line"),
    _rule("ellipsis_tail", "footer", r"\[(?:…|\.\.\.)\]", "'[…]' truncation marker"),
    _rule("agency_tail", "footer", r"\((?:(?:additional )?reporting|writing|editing|compiled|research) by .{1,300}\)|additional reporting by .{1,300}", "agency credits: '(Reporting by …; Editing by …)'"),
    _rule(
        "copyright",
        "footer",
        r"(?:©|\(c\)|copyright\s*©?)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\b).{0,200}|©.{1,200}|(?:.{0,200}\.\s*)?all rights reserved\.?",
        "copyright notice: '© 2021 …', 'Copyright 2021 … All rights reserved.' (a year or © is required)",
    ),
    _rule(
        "timestamp_line",
        "footer",
        rf"(?:(?:published|posted)\s*:?\s*(?P<published_text>{_STAMP})|(?:last )?updated\s*:?\s*{_STAMP})",
        "'Published: Dec. 3, 2021 5:12 p.m. ET' / 'Updated: …' at the end (an update time is not a publication time: not read)",
    ),
    # --- publisher (header) ---------------------------------------------------------
    _rule(
        "site_byline",
        "header",
        rf"(?P<author>{_NAME}) (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*, (?P<published>\d{{2}}/\d{{2}}/\d{{4}} - \d{{2}}:\d{{2}})",
        "site byline with timestamp, e.g. 'Jane Doe Fri, 12/03/2021 - 14:25'",
        flags=0,
    ),
    _rule(
        "byline",
        "header",
        rf"(?:by (?P<author>{_NAME})(?:\s*[|,•·–—-]\s*(?P<published_date>{_DATE_WORDS}|{_ISO_DATE}))?"
        rf"|posted by (?P<poster>[\w.' -]{{1,60}}?) on (?P<posted_date>{_DATE_WORDS}|{_ISO_DATE}))",
        "'By Jane Doe | March 3, 2022', 'Posted by admin on 2021-12-03'",
    ),
    _rule(
        "relative_time",
        "header",
        rf"(?:published|updated|posted|last updated)\s*:?\s*\d{{1,3}} (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago"
        rf"|(?:published|posted)\s*:?\s*(?P<published_text>{_STAMP})|(?:last )?updated\s*:?\s*{_STAMP}",
        "'Published 2 hours ago' (no date can be read from it), 'Published: Dec. 3, 2021 5:12 p.m. ET', 'Updated: …' (not read)",
    ),
    _rule("authored_by", "header", r"(?:authored|written) by (?P<author>.{2,80}?) via (?P<origin>.{2,120}?)[,:]?", "'Authored by X via Y,' opener"),
    _rule("submitted_by", "header", r"submitted by (?P<author>.{2,80}?)[,:]?", "'Submitted by X' opener"),
    _rule("via_origin", "header", r"via (?P<origin>[\w.-]+\.[a-z]{2,}[\w./-]*)[,:]?", "'Via Example.com' opener"),
    # --- photos (a caption credit is never prose) -----------------------------------
    _rule(
        "photo_credit",
        "anywhere",
        r"\((?:photo|image|picture|illustration|video|file photo)(?: by| credit:?|:)? [^()]{1,120}\)",
        "parenthesised photo credit, e.g. '(Photo by Jane Roe/Getty Images)', anywhere",
    ),
    _rule(
        "photo_credit_line",
        "edge",
        r"(?:photo|image|picture|credit|photograph|illustration)s?(?: by| credit)?\s*:\s*[\w .,'’&/-]{1,80}",
        "credit line at the edge of the post, e.g. 'Image: Reuters', 'Photo: AP'",
    ),
)

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_LONGEST = 600  # no rule matches a longer line (the longest pattern allows about 450 characters)


class RuleSet(tuple):
    """Rules for one place, plus one pattern matching a line when any of them does: a prose
    line, which is where each peel stops, is then rejected by one regex call, not one per rule."""

    any: re.Pattern[str]


def _rule_set(rules: Iterable[Rule]) -> RuleSet:
    out = RuleSet(rules)
    unnamed = (_NAMED_GROUP.sub("(?:", r.pattern.pattern) for r in out)
    # case-insensitive for all: a superset of what the case-sensitive rules match, which is all
    # a pre-filter needs (each rule still decides for itself in match_line)
    out.any = re.compile("|".join(f"(?:{p})" for p in unnamed), re.IGNORECASE)
    return out


HEADER_RULES = _rule_set(r for r in RULES if r.acts_on("header"))
FOOTER_RULES = _rule_set(r for r in RULES if r.acts_on("footer"))
ANYWHERE_RULES = _rule_set(r for r in RULES if r.where == "anywhere")


def match_line(line: str, rules: RuleSet) -> tuple[Rule, re.Match[str]] | None:
    """The first rule whose pattern matches the whole stripped line, with its match."""
    stripped = line.strip()
    if len(stripped) > _LONGEST or not rules.any.fullmatch(stripped):
        return None
    for rule in rules:
        m = rule.pattern.fullmatch(stripped)
        if m:
            return rule, m
    return None
