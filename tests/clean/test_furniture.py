"""The furniture rules are read from TOML: fragments expand, and a mistake in the file is named."""

import pytest

from transforms.clean.furniture import load_rules
from transforms.lexicon import Lexicon, LexiconError


def _lex(tmp_path, text):
    f = tmp_path / "furniture.toml"
    f.write_text(text, encoding="utf-8")
    return Lexicon(f)


def test_fragments_expand_and_lists_are_literal_words(tmp_path):
    lex = _lex(tmp_path, """
[fragments]
hosts = ["a.example", "b.example"]
path = '''/\\S+'''
[rules.short]
where = "footer"
pattern = '''${hosts}${path}'''
description = "a short link"
""")
    (rule,) = load_rules(lex, {})
    assert rule.name == "short" and rule.where == "footer"
    assert rule.pattern.fullmatch("A.example/x") and not rule.pattern.fullmatch("aXexample/x")


def test_a_fragment_given_by_code_is_used(tmp_path):
    lex = _lex(tmp_path, '[fragments]\n[rules.short]\nwhere = "footer"\npattern = "${hosts}/x"\ndescription = "d"\n')
    (rule,) = load_rules(lex, {"hosts": ["c.example"]})
    assert rule.pattern.fullmatch("c.example/x")


@pytest.mark.parametrize(
    "rules, message",
    [
        ('[rules.r]\nwhere = "footer"\npattern = "${missing}"\ndescription = "d"\n', "no fragment 'missing'"),
        ('[rules.r]\nwhere = "middle"\npattern = "x"\ndescription = "d"\n', "acts at 'middle'"),
        ('[rules.r]\nwhere = "footer"\npattern = "x"\ndescription = "d"\n', "fragments no rule uses: spare"),
        ('[rules.r]\nwhere = "footer"\npattern = "(x"\ndescription = "d"\n', "rule 'r'"),
    ],
)
def test_a_mistake_in_the_file_is_named(tmp_path, rules, message):
    spare = 'spare = "y"\n' if "spare" in message else ""
    lex = _lex(tmp_path, f"[fragments]\n{spare}{rules}")
    with pytest.raises(LexiconError, match=message):
        load_rules(lex, {})


def _first_rule(line, rules):
    """What match_line must find: the first rule, in order, whose own pattern matches the line."""
    stripped = line.strip()
    for rule in rules:
        m = rule.pattern.fullmatch(stripped)
        if m:
            return rule.name, m.groupdict()
    return None


def _lines_of_the_fixtures():
    from pathlib import Path

    from transforms.clean.decode import decode_bytes

    root = Path(__file__).resolve().parents[2]
    for path in sorted([*(root / "tests" / "fixtures" / "posts").glob("*.txt"), *(root / "samples" / "posts").rglob("*.txt")]):
        text = decode_bytes(path.read_bytes()).text
        yield from (line for line in (text or "").splitlines() if line.strip())


def test_one_pattern_finds_the_rule_the_loop_over_the_rules_finds():
    from transforms.clean.furniture import ANYWHERE_RULES, FOOTER_RULES, HEADER_RULES, match_line

    lines = [*_lines_of_the_fixtures(), "JANE DOE FRI, 12/03/2021 - 14:25", "Jane Doe Fri, 12/03/2021 - 14:25", "Photo: all rights reserved."]
    found = 0
    for rules in (HEADER_RULES, FOOTER_RULES, ANYWHERE_RULES):
        for line in lines:
            hit = match_line(line, rules)
            assert (None if hit is None else (hit[0].name, hit[1].groupdict())) == _first_rule(line, rules), line
            found += hit is not None
    assert found > 100
