"""Furniture rules: feed, relay and blog lines around the article.

Rules are data (``furniture.toml`` beside this module). Each has a name, a regex that must
match a whole (stripped) line, and where it may act:
- ``footer``: only inside the trailing block of furniture lines, peeled from the end;
- ``header``: only inside the leading block, right after the title;
- ``edge``: either of the two;
- ``anywhere``: a whole line anywhere in the post (only for lines no prose sentence can be,
  such as a bare photo credit ``(Photo by Jane Roe/Getty Images)``).
A line in the middle of the prose is otherwise never removed, whatever words it contains.

A rule may capture metadata with named groups (``feed``, ``feed_url``, ``via``,
``comments``, ``author``, ``origin``, ``published``, ``published_date``, ``published_text``); the
cleaning stage (``transforms.clean.metadata``) collects them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from transforms.lexicon import Lexicon, LexiconError
from transforms.links.hosts import SHORTENER_HOSTS

Where = Literal["header", "footer", "edge", "anywhere"]
_WHERE = ("header", "footer", "edge", "anywhere")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    where: Where
    pattern: re.Pattern[str]
    description: str

    def acts_on(self, place: str) -> bool:
        """Whether this rule may remove a line found at ``place`` ('header' or 'footer')."""
        return self.where in (place, "edge", "anywhere")


_LEX = Lexicon.beside(__name__, "furniture.toml")
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def _expand(pattern: str, fragments: dict[str, str | list[str]], used: set[str]) -> str:
    """``pattern`` with each ``${name}`` replaced by its fragment (a list: one of its words)."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise LexiconError(f"no fragment {name!r}")
        used.add(name)
        value = fragments[name]
        if isinstance(value, list):
            return "(?:" + "|".join(map(re.escape, value)) + ")"
        return _expand(value, fragments, used)

    return _PLACEHOLDER.sub(one, pattern)


def load_rules(lex: Lexicon, given: dict[str, list[str]]) -> tuple[Rule, ...]:
    """The rules of a furniture lexicon, in order; ``given`` adds fragments from code."""
    fragments: dict[str, str | list[str]] = {**lex.table("fragments"), **given}
    used: set[str] = set()
    rules = []
    for name, spec in lex.table("rules").items():
        if spec["where"] not in _WHERE:
            raise LexiconError(f"{lex.path.name}: rule {name!r} acts at {spec['where']!r}, not one of {_WHERE}")
        flags = 0 if spec.get("case_sensitive") else re.IGNORECASE
        try:
            pattern = re.compile(_expand(spec["pattern"], fragments, used), flags)
        except (LexiconError, re.error) as exc:
            raise LexiconError(f"{lex.path.name}: rule {name!r}: {exc}") from exc
        rules.append(Rule(name, spec["where"], pattern, spec["description"]))
    unused = sorted(set(fragments) - used)
    if unused:
        raise LexiconError(f"{lex.path.name}: fragments no rule uses: {', '.join(unused)}")
    return tuple(rules)


# The one shortener list is the link stage's: a shortlink line is furniture exactly when its
# link is a shortener link (longest first, so the alternation is the same every run).
RULES: tuple[Rule, ...] = load_rules(_LEX, {"shortener_hosts": sorted(SHORTENER_HOSTS, key=lambda h: (-len(h), h))})

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
