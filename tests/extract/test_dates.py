from __future__ import annotations

from datetime import date

import pytest

from kg.extract.dates import find_dates, find_times
from kg.extract.rules import load_rules
from kg.model import RepairedText
from kg.segment import segment


def _dates(text: str):
    return find_dates(segment(RepairedText("t", text)), load_rules())


@pytest.mark.parametrize(
    ("text", "julian", "gregorian", "stated"),
    [
        (
            "Le 25 octobre (7 novembre), à 10 heures, un appel.",
            date(1917, 10, 25),
            date(1917, 11, 7),
            "both",
        ),
        ("Le 13 (26) octobre, le Comité.", date(1917, 10, 13), date(1917, 10, 26), "both"),
        ("Le 7 octobre, il écrit.", date(1917, 10, 7), date(1917, 10, 20), "julian"),
        ("Le 1er novembre 1917, il parla.", date(1917, 11, 1), date(1917, 11, 14), "julian"),
        (
            "les 3 et 4 (16 et 17) juillet, une manifestation.",
            date(1917, 7, 3),
            date(1917, 7, 16),
            "both",
        ),
    ],
)
def test_forms(text: str, julian: date, gregorian: date, stated: str) -> None:
    [ref] = _dates(text)
    assert (ref.julian, ref.gregorian, ref.stated_calendar) == (julian, gregorian, stated)
    assert text[ref.span.start : ref.span.end] == ref.span.text


def test_inferred_calendar_is_named() -> None:
    [ref] = _dates("Le 7 octobre, il écrit.")
    assert ref.inferred == "gregorian"
    [dual] = _dates("Le 25 octobre (7 novembre), tout change.")
    assert dual.inferred is None


def test_next_day_picks_the_calendar_where_it_is_the_next_day() -> None:
    refs = _dates(
        "Le 23 octobre (5 novembre), ce Comité nomma. Le lendemain, 6 novembre, le Gouvernement décida."
    )
    assert refs[1].stated_calendar == "gregorian"
    assert refs[1].julian == date(1917, 10, 24)


def test_bare_day_takes_the_narrative_month_not_a_quoted_one() -> None:
    refs = _dates(
        "Le 25 octobre (7 novembre), un appel. « Il tenait le numéro du 19 août. » Dans la soirée du 25, s’ouvrit le Congrès."
    )
    assert [r.span.text for r in refs] == ["25 octobre (7 novembre)", "19 août", "25"]
    assert refs[-1].julian == date(1917, 10, 25)


def test_no_day_is_invented() -> None:
    assert (
        _dates("En 1904, Natanson était proche des idées marxistes. Deux mois s’écoulèrent.") == ()
    )


def test_times() -> None:
    text = "à 10 heures 45, s’ouvrit le Congrès ; la séance de 9 heures du soir"
    assert [t for _, _, t in find_times(text)] == ["10:45", "21:00"]


def test_facts_sharing_a_key_get_distinct_keys() -> None:
    from kg.extract import _unique_keys
    from kg.model import Quotation, Span

    a = Quotation(key="lenin-nous-marchons", evidence=Span("d", 10, 20, "x"), text="x")
    b = Quotation(key="lenin-nous-marchons", evidence=Span("d", 50, 60, "y"), text="y")
    assert [q.key for q in _unique_keys([a, a, b])] == [
        "lenin-nous-marchons",
        "lenin-nous-marchons@50",
    ]
