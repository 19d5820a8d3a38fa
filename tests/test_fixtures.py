"""Golden raw posts: each tests/fixtures/posts/NNN_*.txt against its .json (format in the README there)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from transforms.clean.furniture import FOOTER_RULES, RULES
from transforms.clean import CleanPost, clean_post
from transforms.records import Reject

FIXTURES = Path(__file__).parent / "fixtures" / "posts"
CASES = sorted(FIXTURES.glob("*.json"))
RULE_NAMES = {r.name for r in RULES}


def _date(text: str) -> date:
    for fmt in ("%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(text.replace(".", ""), fmt).date()
        except ValueError:
            pass
    raise ValueError(text)


def test_there_are_enough_fixtures():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_post(case: Path):
    want = json.loads(case.read_text(encoding="utf-8"))
    got = clean_post(case.with_suffix(".txt").read_bytes())
    if want.get("reject"):
        assert isinstance(got, Reject), f"expected reject {want['reject']}, got an article"
        assert got.code == want["reject"] and got.reason
        return
    assert isinstance(got, CleanPost), f"unexpected reject: {getattr(got, 'reason', '')}"
    encodings = [want["encoding"], *want.get("encoding_alternatives", [])] if "encoding" in want else None
    if encodings:
        assert got.encoding.replace("_", "-") in {e.replace("_", "-") for e in encodings}
    assert got.title == want["title"]
    if "body" in want:
        assert got.body == want["body"]
    for s in want.get("must", []):
        assert s in got.body
    for s in want.get("must_not", []):
        assert s not in got.body
    for key, value in want.get("meta", {}).items():
        actual = getattr(got, key)
        if isinstance(actual, (datetime, date)):
            actual = actual.isoformat()
        assert actual == value, key
    if "boilerplate_rules" in want:
        assert sorted({r for r, _, _ in got.removed}) == sorted(set(want["boilerplate_rules"]))
        assert set(want["boilerplate_rules"]) <= RULE_NAMES
    if "embeds" in want:
        assert len(got.embeds) == len(want["embeds"])
        for e, w in zip(got.embeds, want["embeds"]):
            assert (e.kind, e.text, e.author, e.handle) == (w["kind"], w["text"], w["author"], w["handle"])
            assert e.date == _date(w["date"])
            assert got.body[e.start_char : e.end_char] == e.text


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_cleaning_twice_equals_cleaning_once(case: Path):
    first = clean_post(case.with_suffix(".txt").read_bytes())
    if isinstance(first, Reject):
        return
    again = clean_post(f"{first.title}\n{first.body}\n".encode())
    assert isinstance(again, CleanPost)
    assert (again.title, again.body) == (first.title, first.body)
    last = first.body.rsplit("\n", 1)[-1]
    assert not any(r.pattern.fullmatch(last) for r in FOOTER_RULES)
