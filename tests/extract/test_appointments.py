"""The appointments extractor: the first Council of People's Commissars, other posts, resignations."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from kg.extract.appointments import extract, normalise
from kg.model import Appointment, FactKind, FactRef, Resignation
from tests.extract.test_meetings import KRUPSKAYA, LENIN, context, document

FIRST_COUNCIL = {
    ("chairman-of-sovnarkom", "lenin"),
    ("commissar-interior", "rykov"),
    ("commissar-agriculture", "milyutin"),
    ("commissar-labour", "shlyapnikov"),
    ("military-naval-committee-member", "antonov-ovseyenko"),
    ("military-naval-committee-member", "krylenko"),
    ("military-naval-committee-member", "dybenko"),
    ("commissar-trade-industry", "nogin"),
    ("commissar-education", "lunacharsky"),
    ("commissar-finance", "skvortsov-stepanov"),
    ("commissar-foreign-affairs", "trotsky"),
    ("commissar-justice", "lomov"),
    ("commissar-food", "teodorovich"),
    ("commissar-posts-telegraphs", "avilov"),
    ("commissar-nationalities", "stalin"),
    ("commissar-transport", None),
}


@cache
def facts(doc_id: str) -> tuple:
    return extract(document(doc_id))


def appointments(found: tuple) -> list[Appointment]:
    return [f for f in found if isinstance(f, Appointment)]


def test_normalise_ignores_accents_apostrophes_and_plurals() -> None:
    assert normalise("commissaire du peuple à l’Agriculture") == normalise(
        "commissaire du peuple à l'Agriculture"
    )
    assert normalise("aux Postes et Télégraphe") == normalise("aux Postes et Télégraphes")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vladimir Oulianov (Lénine) fut nommé Président du Conseil des commissaires du peuple, A. Rykov, "
            "commissaire du peuple aux Affaires intérieures ; V. Milioutine, à l’Agriculture ; "
            "N. Krylenko et P. Dybenko constituèrent le Comité des affaires militaires et navales.",
            {
                ("chairman-of-sovnarkom", "lenin"),
                ("commissar-interior", "rykov"),
                ("commissar-agriculture", "milyutin"),
                ("military-naval-committee-member", "krylenko"),
                ("military-naval-committee-member", "dybenko"),
            },
        ),
        (
            "N. Kichkine, ministre. Le 25 octobre (7 novembre), il fut nommé dictateur de Petrograd et nanti de pouvoirs.",
            # "N. Kichkine, ministre": a post held by apposition, with no gazetteer key
            {("dictator-of-petrograd", "kishkin"), ("", "kishkin")},
        ),
        (
            "Chliapnikov, commissaire au Travail, se solidarise avec eux, mais reste à son poste.",
            {("commissar-labour", "shlyapnikov")},
        ),
    ],
)
def test_sentences(text: str, expected: set[tuple]) -> None:
    """An elliptic post ("à l'Agriculture") needs a full post before it in the list."""
    found = {
        (a.post_key, a.person.key if a.person else None)
        for a in appointments(extract(context(text)))
    }
    assert found == expected


def test_an_apposition_is_a_post_held_not_an_appointment() -> None:
    (holding,) = appointments(
        extract(context("Chliapnikov, commissaire au Travail, reste à son poste."))
    )
    assert (holding.kind, holding.date) == ("holding", None)
    assert not [
        f
        for f in extract(context("Chliapnikov, commissaire au Travail, reste à son poste."))
        if isinstance(f, Resignation)
    ]


# ------------------------------------------------------------------ the real documents


def test_first_council_of_peoples_commissars() -> None:
    council = [
        a
        for a in appointments(facts(KRUPSKAYA))
        if a.meeting == FactRef(FactKind.MEETING, "second-congress-of-soviets-1917-10-26")
    ]
    assert {(a.post_key, a.person.key if a.person else None) for a in council} == FIRST_COUNCIL
    assert all(
        a.date.julian == date(1917, 10, 26) and a.date.gregorian == date(1917, 11, 8)
        for a in council
    )
    (vacant,) = (a for a in council if a.vacant)
    assert (vacant.post_key, vacant.person, vacant.body.key) == (
        "commissar-transport",
        None,
        "sovnarkom",
    )
    bodies = {a.post_key: a.body.key for a in council}
    assert bodies["commissar-interior"] == "sovnarkom"
    assert bodies["military-naval-committee-member"] == "military-naval-committee"


def test_other_appointments() -> None:
    found = {a.key: a for a in appointments(facts(KRUPSKAYA))}
    kishkin = found["dictator-of-petrograd-kishkin"]
    assert kishkin.date.gregorian == date(1917, 11, 7)
    commissars = found["mrc-unit-commissar-des-commissaires"]
    assert (commissars.person, commissars.holder_label, commissars.date.julian) == (
        None,
        "des commissaires",
        date(1917, 10, 23),
    )
    (krupskaya,) = (a for a in found.values() if a.person and a.person.key == "krupskaya")
    assert (krupskaya.appointed_by.key, krupskaya.body.key) == (
        "lenin",
        "sovnarkom-single-management-commission",
    )


def test_resignations_of_4_november() -> None:
    found = {
        (r.person.key, r.left.key)
        for r in facts(LENIN)
        if isinstance(r, Resignation) and r.date.julian == date(1917, 11, 4)
    }
    assert found == {
        ("kamenev", "central-committee"),
        ("zinoviev", "central-committee"),
        ("rykov", "central-committee"),
        ("milyutin", "central-committee"),
        ("nogin", "central-committee"),
        ("rykov", "sovnarkom"),
        ("milyutin", "sovnarkom"),
        ("nogin", "sovnarkom"),
        ("teodorovich", "sovnarkom"),
        ("kamenev", "chairman-of-cec"),
    }


def test_kamenev_leaves_the_central_committee_on_10_october() -> None:
    (r,) = (r for r in facts(KRUPSKAYA) if isinstance(r, Resignation))
    assert (r.person.key, r.left.key, r.date.julian) == (
        "kamenev",
        "central-committee",
        date(1917, 10, 10),
    )


def test_posts_held_in_1917_11() -> None:
    held = {
        (a.post_key, a.person.key if a.person else a.holder_label)
        for a in appointments(facts(LENIN))
    }
    assert held == {
        ("commissar-food", "teodorovich"),
        ("commissar-labour", "shlyapnikov"),
        ("chairman-of-cec", "kamenev"),
        ("", "Le président de séance"),
    }
