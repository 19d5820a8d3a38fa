"""The gender a first name points to, for pronoun agreement ("she" is not the man named before).

The names are gender-guesser's data (Jörg Michael's name dictionary: about 48,000 first names
of some 50 countries, with every script's letters), installed with the package, so nothing is
fetched at run time. A name counts as ``"f"`` or ``"m"`` only when the dictionary calls it female
or male outright; names it calls mostly one or the other (Terry, Robin, Bernie: the verdicts
pool countries where a name is used differently), androgynous, or does not list have no gender
here, so that a pronoun is left unresolved sooner than resolved against a wrong guess.

Why the file is read here and not through ``gender_guesser.detector.Detector``: a Detector keeps
every name's per-country values and ranks them again at each lookup; building one took 0.56 s
here, where :func:`_tables` takes 0.25 s (pure Python, same machine and file), and a lookup is then
one dict access. It applies the Detector's own rule (the most countries, then the highest
frequencies), once per process, at the first lookup (the flow's warm-up does it before the
workers fork); tests/quotes/test_quote_gender.py checks every name of the file against
``Detector.get_gender``.
"""

from __future__ import annotations

import functools
from importlib import resources

_VERDICT = {"M": "male", "1M": "mostly_male", "?M": "mostly_male", "F": "female", "1F": "mostly_female", "?F": "mostly_female", "?": "andy"}
_SHORT = {"male": "m", "female": "f"}



def _weight(values: str) -> tuple[int, int]:
    """(countries listing the name, sum of their frequency digits): the Detector's ranking."""
    digits = values.replace(" ", "")
    return len(digits), sum(ord(c) - 55 if ord(c) > 64 else ord(c) - 48 for c in digits)


def verdicts(text: str) -> dict[str, str]:
    """Each name's overall verdict (male, mostly_male, female, mostly_female, andy), as the
    Detector gives it without a country, from the dictionary's text."""
    entries: dict[str, dict[str, str]] = {}  # name -> verdict -> country values (the last line wins)
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#=":
            continue
        code, name = line.split(None, 2)[:2]
        verdict = _VERDICT[code]
        values = line[30:-1]
        for variant in (name.replace("+", ""), name.replace("+", " "), name.replace("+", "-")) if "+" in name else (name,):
            entries.setdefault(variant, {})[verdict] = values
    out: dict[str, str] = {}
    for name, by_verdict in entries.items():
        if len(by_verdict) == 1:  # most names: one verdict, kept when any country lists it
            verdict, values = next(iter(by_verdict.items()))
            out[name] = verdict if values.strip() else "andy"
            continue
        best, top = next(iter(by_verdict)), (0, 0)
        for verdict, values in by_verdict.items():
            count, tie = _weight(values)
            if count > top[0] or (count == top[0] and tie > top[1]):
                top, best = (count, tie), verdict
        out[name] = best if top[0] > 0 else "andy"
    return out


@functools.cache
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    """(first name -> "f"/"m" for the outright verdicts, every first name listed), read once."""
    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    every = verdicts(text)
    return {name: _SHORT[v] for name, v in every.items() if v in _SHORT}, frozenset(every)


def first_name_gender(name: str) -> str | None:
    """``"f"``, ``"m"`` or None for a first name as written ("Angela" -> "f")."""
    return _tables()[0].get(name)


def is_first_name(name: str) -> bool:
    """Whether the dictionary lists ``name`` as a first name, of any gender ("Robin", "Åsmund")."""
    return name in _tables()[1]
