"""Names of every cased script, whole: letters outside ASCII, inner capitals, particles, hyphens
and apostrophes never cut a name, and the role is split off the whole name (invented examples)."""

from __future__ import annotations

import re

import pytest

from transforms.post import process_post
from transforms.quotes import letters, names

CASES = [
    # (text of the post's body, speaker, role) for the post's first quote
    ('"We will not back down," Turkish President Ahmet Kerem Doğanay said on Tuesday.', "Ahmet Kerem Doğanay", "Turkish President"),
    ('"The yard stays open," said Tadeusz Wałęcki, the former shipyard chief.', "Tadeusz Wałęcki", "the former shipyard chief"),
    ('Foreign minister Greta Möllinger said: "The talks failed."', "Greta Möllinger", "Foreign minister"),
    ('"The border is open," Rep. Daniel McQuarrie said in a statement.', "Daniel McQuarrie", "Rep."),
    ('"It is cold," said Søren Ødegård.', "Søren Ødegård", None),
    ('"We stay," said Łucja Ślęzak.', "Łucja Ślęzak", None),
    ('"Quiet," said Ökkeş Şenyurt, the mayor.', "Ökkeş Şenyurt", "the mayor"),
    ('"No," said Siobhán O\'Dwyer-Keane.', "Siobhán O'Dwyer-Keane", None),
    ('"We rebuild," said Colm D\'Arcy, the harbour master.', "Colm D'Arcy", "the harbour master"),
    ('"It works," said Ana de la Fuentes, the engineer.', "Ana de la Fuentes", "the engineer"),
    ('"Fine," said Pieter van der Hoeven.', "Pieter van der Hoeven", None),
    ('"Enough," said Karim al-Hadidi.', "Karim al-Hadidi", None),
    ('"A new law," said MacKenna DeLuca-Ruiz.', "MacKenna DeLuca-Ruiz", None),
    ('"The port reopens," said Νίκος Σταυρίδης, the harbour master.', "Νίκος Σταυρίδης", "the harbour master"),
    ('"The plant closes," said Ірина Коваленко, the plant manager.', "Ірина Коваленко", "the plant manager"),
    ('"Fine," Mr. Tomas Okafor, the fire chief, said.', "Tomas Okafor", "the fire chief"),  # an honorific is no role
    ('"Prices rise," said Mu\u0308nir Yılmaz.', "M\u00fcnir Yılmaz", None),  # decomposed: cleaning composes it
]


@pytest.mark.parametrize(("body", "speaker", "role"), CASES)
def test_a_name_outside_ascii_or_with_inner_capitals_is_whole(body: str, speaker: str, role: str | None):
    article = process_post(f"Invented headline\n\n{body}\n".encode())
    assert not isinstance(article, type(None)) and hasattr(article, "quotes")
    quote = article.quotes[0]
    assert (quote.speaker, quote.speaker_role) == (speaker, role)


def test_a_later_surname_resolves_to_the_full_name():
    body = 'Foreign minister Greta Möllinger said: "The talks failed." Later Möllinger added, "We will try again."'
    article = process_post(f"Invented headline\n\n{body}\n".encode())
    assert [(q.speaker, q.speaker_mention) for q in article.quotes] == [("Greta Möllinger", "Foreign minister Greta Möllinger"), ("Greta Möllinger", "Möllinger")]


def test_name_tokens_never_end_inside_a_word():
    text = "We saw Daniel McQuarrie, Ahmet Doğanay and Łucja Ślęzak near Nieuw-Vennep with DeLuca-Ruiz."
    found = [name for _, name in names.person_names(text)]
    assert {"Daniel McQuarrie", "Ahmet Doğanay", "Łucja Ślęzak", "DeLuca-Ruiz"} <= set(found)
    for name in found:  # every name found is made of whole words of the text
        assert re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text), name


def test_the_letter_classes_hold_every_cased_letter_of_the_bmp():
    upper, lower = re.compile(f"[{letters.UPPER}]"), re.compile(f"[{letters.LOWER}]")
    for cp in range(0x10000):
        c = chr(cp)
        assert bool(upper.fullmatch(c)) == c.istitle(), hex(cp)
        if c.islower():
            assert lower.fullmatch(c), hex(cp)
    assert not upper.fullmatch("1") and not lower.fullmatch("_") and not lower.fullmatch(" ")
    assert letters.cased("[A-Za-z0-9]") == f"[{letters.UPPER}{letters.LOWER}0-9]"


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        # a capitalised noun before a first name opens the sentence, it is no part of the name
        ('Ferryman Åke Lindholm was angry. "They knew," Lindholm said.', ["Åke Lindholm"]),
        ('"Wait," said Curator Ingrid Solvang.', ["Ingrid Solvang"]),
        # a run ending in a place word is no person for a pronoun to stand for
        ('Leila Haddad toured Marrow Bay on Monday. "I am proud," she said.', ["Leila Haddad"]),
        # a sentence opener is nobody: the speaker is the one the inverted cue names
        ('Yes, the night was long, said organiser Tadhg Ó Briain, "but we stayed."', ["Tadhg Ó Briain"]),
        # particles inside names
        ('"We stayed," said Sorcha Ní Bhriain. "We went," said Nuno dos Santos. "Fine," said Ahmed ibn Rashid.',
         ["Sorcha Ní Bhriain", "Nuno dos Santos", "Ahmed ibn Rashid"]),
    ],
)
def test_words_that_are_no_name_stay_out_of_names(body: str, speakers: list[str | None]):
    article = process_post(f"Invented headline\n\n{body}\n".encode())
    assert [q.speaker for q in article.quotes] == speakers  # type: ignore[union-attr]
