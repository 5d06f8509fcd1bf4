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


@pytest.mark.parametrize(
    ("text", "julian", "gregorian", "stated"),
    [
        # a year printed with a day holds for the dates after it
        (
            "Le 3 (16) janvier 1918, une note. Le 9 (22) janvier, la réponse.",
            date(1918, 1, 9),
            date(1918, 1, 22),
            "both",
        ),
        # a month printed with its year sets the year too
        (
            "En janvier 1918, tout change. Le 12 janvier, un appel.",
            date(1918, 1, 12),
            None,
            "julian",
        ),
        # the narrative passes from December into January: the next year
        (
            "Le 20 décembre 1917, un décret. Le 4 (17) janvier, une séance.",
            date(1918, 1, 4),
            date(1918, 1, 17),
            "both",
        ),
        # after 1/14 February 1918 a single date is Gregorian
        (
            "Au printemps de 1918, en mars 1918. Le 3 mars, la paix.",
            date(1918, 2, 18),
            None,
            "gregorian",
        ),
        ("Le 20 février 1918 au soir, l'offensive.", date(1918, 2, 7), None, "gregorian"),
        # before the switch it stays Julian
        ("Le 31 janvier 1918, dernier jour julien.", date(1918, 1, 31), None, "julian"),
        # a dual date across the year end
        (
            "En décembre 1917, le froid. Le 19 décembre (1er janvier), une fête.",
            date(1917, 12, 19),
            date(1918, 1, 1),
            "both",
        ),
    ],
)
def test_years_and_the_calendar_change(text, julian, gregorian, stated) -> None:
    ref = _dates(text)[-1]
    assert (ref.julian, ref.stated_calendar) == (julian, stated)
    if gregorian is not None:
        assert ref.gregorian == gregorian


def test_a_year_inside_a_quotation_does_not_move_the_narrative() -> None:
    refs = _dates(
        "Le 2 novembre 1917, il lut : « Le 5 mars 1905, nous étions là. » Le 4 novembre, fin."
    )
    assert refs[-1].julian == date(1917, 11, 4)


def test_a_bare_year_is_not_a_date_year() -> None:
    refs = _dates("Comme en 1905, le 9 novembre, les ouvriers.")
    assert refs[-1].julian == date(1917, 11, 9)
