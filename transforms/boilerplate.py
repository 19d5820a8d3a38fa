"""Registry of boilerplate rules: feed, relay and blog furniture around the article.

Rules are data. Each has a name, a regex that must match a whole (stripped) line, and where
it may act:
- ``footer``: only inside the trailing block of furniture lines, peeled from the end;
- ``header``: only inside the leading block, right after the title.
A line in the middle of the prose is never removed, whatever it contains.

A rule may capture metadata with named groups (``feed``, ``feed_url``, ``via``,
``comments``, ``author``, ``origin``, ``published``); the parser collects them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Where = Literal["header", "footer"]

_SHORTLINK_HOSTS = r"(?:ift\.tt|bit\.ly|dlvr\.it|buff\.ly|ow\.ly|goo\.gl|tinyurl\.com|t\.co|trib\.al|fb\.me|lnkd\.in)"
_URL = r"https?://\S+"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    where: Where
    pattern: re.Pattern[str]
    description: str


def _rule(name: str, where: Where, pattern: str, description: str) -> Rule:
    return Rule(name, where, re.compile(pattern, re.IGNORECASE), description)


RULES: tuple[Rule, ...] = (
    # --- relay (footer) -------------------------------------------------------------
    _rule("shortlink_line", "footer", rf"(?:https?://)?{_SHORTLINK_HOSTS}/\S+", "a line that is only a shortener link"),
    _rule("from_feed", "footer", rf"from (?P<feed>\S.{{0,150}}?) (?P<feed_url>{_URL})", "'from <Feed> <url>' relay credit"),
    _rule("via_service", "footer", r"via (?P<via>IFTTT|Zapier|dlvr\.it|Feedly|Buffer|Hootsuite|WordPress|Blogger)", "'via <service>' relay credit"),
    # --- blog host (footer) ---------------------------------------------------------
    _rule("comment_count", "footer", r"(?P<comments>\d{1,6}|no) comments?:?", "Blogger/WordPress comment counter"),
    _rule("post_a_comment", "footer", r"post a comment", "Blogger comment prompt"),
    _rule("blog_navigation", "footer", r"(?:newer post\s*)?(?:older post\s*)?home", "Blogger navigation"),
    _rule("subscribe_atom", "footer", r"subscribe to:\s*post comments \(atom\)", "Blogger feed link"),
    _rule("labels", "footer", r"labels?:\s.{1,300}", "Blogger labels"),
    _rule("posted_by_at", "footer", r"posted by .{1,80} at \d{1,2}:\d{2}\s*(?:am|pm)?", "Blogger 'Posted by X at 3:14 PM'"),
    _rule("appeared_first", "footer", r"the post .{1,300} appeared first on .{1,120}\.?", "WordPress 'The post … appeared first on …'"),
    _rule("continue_reading", "footer", r"(?:continue reading|read more)\b.{0,300}", "'Continue reading …' / 'Read more' tail"),
    _rule("share_prompt", "footer", r"(?:share this|like this|like loading\.*|related|tweet|share|email|print)\s*:?(?:\s*like loading\.*)?", "share/like widgets"),
    _rule("follow_prompt", "footer", r"(?:follow us|subscribe to our newsletter|sign up for our newsletter|support our journalism|click here)\b.{0,200}", "calls to action"),
    _rule("separator", "footer", r"(?:[*_\-=~]\s*){3,}", "separator line"),
    _rule("ellipsis_tail", "footer", r"\[(?:…|\.\.\.)\]", "'[…]' truncation marker"),
    # --- publisher (header) ---------------------------------------------------------
    _rule(
        "site_byline",
        "header",
        r"(?P<author>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}) (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*, "
        r"(?P<published>\d{2}/\d{2}/\d{4} - \d{2}:\d{2})",
        "site byline with timestamp, e.g. 'Jane Doe Fri, 12/03/2021 - 14:25'",
    ),
    _rule("authored_by", "header", r"(?:authored|written) by (?P<author>.{2,80}?) via (?P<origin>.{2,120}?)[,:]?", "'Authored by X via Y,' opener"),
    _rule("submitted_by", "header", r"submitted by (?P<author>.{2,80}?)[,:]?", "'Submitted by X' opener"),
)

FOOTER_RULES = tuple(r for r in RULES if r.where == "footer")
HEADER_RULES = tuple(r for r in RULES if r.where == "header")


def match_line(line: str, rules: tuple[Rule, ...]) -> tuple[Rule, re.Match[str]] | None:
    """The first rule whose pattern matches the whole stripped line, with its match."""
    stripped = line.strip()
    for rule in rules:
        m = rule.pattern.fullmatch(stripped)
        if m:
            return rule, m
    return None
