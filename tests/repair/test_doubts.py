"""The dictionary's part in repair: misspellings are no rival, names keep their capital,
and a restoration with a real rival word is reported, not silent (issue 15)."""

from __future__ import annotations

import pytest

from kg.model import DamageKind
from kg.repair import damage
from kg.repair.lexicon import Lexicon
from kg.repair.spelling import is_word

M = "\ufffd"


@pytest.mark.parametrize(
    ("word", "french"),
    [
        ("révolution", True),
        ("trés", False),  # wordfreq lists it; it is a misspelling of très
        ("dés", True),
        ("grèce", False),
        ("Grèce", True),
        ("l’armée", True),  # the typographic apostrophe is read as the dictionary's
        ("Tsérételli", False),  # a name is the gazetteer's business, not the dictionary's
    ],
)
def test_is_word(word: str, french: bool) -> None:
    assert is_word(word) is french


# (kind, damaged, repaired, the words reported in the repaired text)
CASES = [
    # a misspelling wordfreq knows is no rival: nothing to report
    (
        "lost-letters",
        f"Il fut tr{M}s las apr{M}s la s{M}ance.",
        "Il fut très las après la séance.",
        [],
    ),
    # a capital inside a sentence asks for the proper noun
    (
        "lost-letters",
        f"Les marins partirent pour la Gr{M}ce.",
        "Les marins partirent pour la Grèce.",
        [],
    ),
    ("lost-letters", f"Il rendit gr{M}ce au comit{M}.", "Il rendit grâce au comité.", []),
    ("lost-letters", f"On attendait {M}mile au port.", "On attendait Émile au port.", []),
    # the likelier reading is written, the other word named in the report
    ("lost-letters", f"Il arriva d{M}s l'aube.", "Il arriva dès l'aube.", ["dès"]),
    # a digit read as a letter: "loi" is written, "lol" is also a word
    ("ocr", "Le vote de la lo1 fut remis.", "Le vote de la loi fut remis.", ["loi"]),
    # two readings as likely: kept as printed and reported
    ("ocr", "Le clérnent se tut.", "Le clérnent se tut.", ["clérnent"]),
    # a rarer word the dictionary vouches for is a part of a glued token, and a word
    ("glued-words", "Il parla avecobstination.", "Il parla avec obstination.", []),
    ("glued-words", "Une obstination rare.", "Une obstination rare.", []),
]


@pytest.mark.parametrize(("kind", "damaged", "repaired", "reported"), CASES)
def test_repaired_and_reported(kind: str, damaged: str, repaired: str, reported: list[str]) -> None:
    got = damage.prepare(damaged, frozenset({DamageKind(kind)}), Lexicon(""))
    assert got.text == repaired
    flags = damage.flags(got.text, got.reported)
    assert [got.text[f.start : f.end] for f in flags] == reported


def test_a_doubt_names_the_other_reading() -> None:
    got = damage.prepare(
        f"Il arriva d{M}s l'aube.", frozenset({DamageKind.LOST_LETTERS}), Lexicon("")
    )
    (flag,) = damage.flags(got.text, got.reported)
    assert flag.kind == "lost-letters" and "dés" in flag.reason
