"""The evaluation script's error classes (benchmarks/eval_quotes.py), on invented mentions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("eval_quotes", Path(__file__).resolve().parents[1] / "benchmarks" / "eval_quotes.py")
assert _SPEC and _SPEC.loader
eval_quotes = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(eval_quotes)


@pytest.mark.parametrize(
    ("pred", "gold", "cls"),
    [
        (None, "Tomas Brandt", "no_speaker"),
        ("Tomas Brandt", None, "speaker_where_none"),
        ("she", "Helga Lindqvist", "pronoun_for_name"),
        ("Helga Lindqvist", "she", "name_for_pronoun"),
        ("She", "I", "wrong_pronoun"),
        ("Ahmet Doğ", "President Ahmet Doğanay", "cut_name"),
        ("the company", "Harbour Board chair Ada Roe", "description"),
        ("Already", "Tomas Brandt", "wrong_name"),
    ],
)
def test_a_wrong_speaker_is_classed(pred, gold, cls):
    assert eval_quotes.speaker_error_class(pred, gold) == cls


def test_the_own_set_reports_its_error_classes():
    r = eval_quotes.score(eval_quotes.load_own(), mode="pipeline")
    wrong = r["matched"] - round(r["speaker_acc"] * r["matched"] / 100)
    assert sum(v for k, v in r["error_classes"].items() if k.startswith("speaker: ")) == wrong
    assert sum(v for k, v in r["error_classes"].items() if k.startswith("missed: ")) == r["gold"] - r["matched"]
    assert sum(v for k, v in r["error_classes"].items() if k.startswith("spurious: ")) == r["predicted"] - r["matched"]
