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
    line, which is where each peel stops, is then rejected by one regex call, not one per rule.
    Each rule is a named group of that pattern (``r<index>``), in order, so a furniture line is
    matched by the pattern of the one rule that wins, not tried against every rule before it.
    ``starts``: the characters a line any rule can match may start with (see ``starts`` in
    furniture.toml); ``None`` when some rule does not say."""

    any: re.Pattern[str]
    starts: frozenset[str] | None


def _rule_set(rules: Iterable[Rule], starts: dict[str, str]) -> RuleSet:
    out = RuleSet(rules)
    # Each rule keeps its own case rule inside the one pattern ('(?-i:…)' for a case-sensitive
    # rule), so the pattern matches exactly the lines one of the rules does. An alternation tries
    # its branches in order and takes the first that can match the whole line: the group that
    # took part is the first rule that matches, the one the loop over the rules would find.
    branches = []
    for i, r in enumerate(out):
        p = _NAMED_GROUP.sub("(?:", r.pattern.pattern)
        branches.append(f"(?P<r{i}>{p})" if r.pattern.flags & re.IGNORECASE else f"(?P<r{i}>(?-i:{p}))")
    out.any = re.compile("|".join(branches), re.IGNORECASE)
    out.starts = frozenset("".join(starts[r.name] for r in out)) if all(r.name in starts for r in out) else None
    return out


_STARTS = {name: spec["starts"] for name, spec in _LEX.table("rules").items() if "starts" in spec}
HEADER_RULES = _rule_set((r for r in RULES if r.acts_on("header")), _STARTS)
FOOTER_RULES = _rule_set((r for r in RULES if r.acts_on("footer")), _STARTS)
ANYWHERE_RULES = _rule_set((r for r in RULES if r.where == "anywhere"), _STARTS)


def match_line(line: str, rules: RuleSet) -> tuple[Rule, re.Match[str]] | None:
    """The first rule whose pattern matches the whole stripped line, with its match."""
    stripped = line.strip()
    if len(stripped) > _LONGEST:
        return None
    m = rules.any.fullmatch(stripped)
    if m is None or m.lastgroup is None:
        return None
    rule = rules[int(m.lastgroup[1:])]
    hit = rule.pattern.fullmatch(stripped)  # its own match, for the metadata its groups carry
    return (rule, hit) if hit else None
