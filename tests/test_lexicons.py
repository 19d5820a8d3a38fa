"""Every lexicon under transforms/ is read by its stage, and no list repeats a word."""

from pathlib import Path

import pytest

import transforms.post  # noqa: F401  (imports every stage, so every lexicon is loaded)
from transforms.lexicon import LOADED, Lexicon, LexiconError

TRANSFORMS = Path(transforms.post.__file__).resolve().parent


def test_every_toml_under_transforms_is_a_loaded_lexicon():
    on_disk = {p.resolve() for p in TRANSFORMS.rglob("*.toml")}
    assert on_disk - set(LOADED) == set(), "lexicon files no stage reads"


@pytest.mark.parametrize("path", sorted(p.resolve() for p in TRANSFORMS.rglob("*.toml")), ids=lambda p: str(p.relative_to(TRANSFORMS)))
def test_a_lexicon_has_no_unused_entry_and_no_repeated_word(path):
    lex = LOADED[path]
    assert lex.unread() == [], f"{path.name}: entries no code reads"
    assert lex.duplicates() == [], f"{path.name}: words listed twice"


def test_the_checks_catch_an_unread_entry_and_a_repeat(tmp_path):
    f = tmp_path / "x.toml"
    f.write_text('[cues]\nsaid = ["said", "told", "said"]\nunused = ["x"]\n', encoding="utf-8")
    lex = Lexicon(f)
    assert lex.words("cues.said") == ["said", "told", "said"]
    assert lex.unread() == ["cues.unused"]
    assert lex.duplicates() == [("cues.said", "said")]
    with pytest.raises(LexiconError, match="no entry 'cues.missing'"):
        lex.get("cues.missing")
