"""The meetings extractor: sittings, their day and time, place, participants; the narrative clock."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from kg.extract import prepare
from kg.extract.context import Context
from kg.extract.meetings import extract
from kg.gazetteer import load_gazetteer
from kg.model import FactKind, FactRef, Meeting, RepairedText
from kg.pipeline import repaired_text
from kg.seeds import load
from kg.segment import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
KRUPSKAYA = "000_429393bbd9028836"
LENIN = "003_2d74070e7dd118d0"


def context(text: str, doc_id: str = "t") -> Context:
    seg = segment(RepairedText(doc_id, text))
    return prepare(seg, load_gazetteer())


@cache
def document(doc_id: str) -> Context:
    doc = next(d for d in load(SEEDS) if d.doc_id == doc_id)
    seg = segment(repaired_text(doc))
    return prepare(seg, load_gazetteer())


@cache
def meetings(doc_id: str) -> dict[str, Meeting]:
    return {m.key: m for m in extract(document(doc_id))}


def summary(m: Meeting) -> tuple:
    return (
        m.key,
        m.body.key if m.body else None,
        m.date.julian if m.date else None,
        m.time_of_day,
        m.referred_only,
        tuple(sorted(p.key for p in m.participants)),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le 9 (22) octobre il arriva. Le lendemain le Comité Central se réunit et décida, sur la "
            "proposition de Lénine, de déclencher l’insurrection. Zinoviev et Kaménev se prononcèrent contre.",
            [
                (
                    "central-committee-1917-10-10",
                    "central-committee",
                    date(1917, 10, 10),
                    "",
                    True,
                    ("kamenev", "lenin", "zinoviev"),
                )
            ],
        ),
        (
            "Le 25 octobre, dans la matinée, on travailla. A 2 heures 30 se tint une séance du Soviet de Petrograd.",
            [
                (
                    "petrograd-soviet-1917-10-25",
                    "petrograd-soviet",
                    date(1917, 10, 25),
                    "14:30",
                    False,
                    (),
                )
            ],
        ),
        (
            "Dans la soirée du 25 octobre, à 10 heures 45, s’ouvrit le IIe Congrès des Soviets de Russie. "
            "Lénine n’assista pas aux travaux.",
            [
                (
                    "second-congress-of-soviets-1917-10-25",
                    "second-congress-of-soviets",
                    date(1917, 10, 25),
                    "22:45",
                    False,
                    (),
                )
            ],
        ),
        (
            "Ce 1er novembre, une réunion du comité de Petrograd suit celle du comité central. "
            "Lénine propose d'exclure Lounatcharski du parti. Le président de séance et la majorité refusent.",
            [
                (
                    "petrograd-committee-1917-11-01",
                    "petrograd-committee",
                    date(1917, 11, 1),
                    "",
                    False,
                    ("lenin",),
                )
            ],
        ),
        (
            "Le problème a été évoqué à la séance du comité central du 1er octobre (sic !).",
            [
                (
                    "central-committee-1917-10-01",
                    "central-committee",
                    date(1917, 10, 1),
                    "",
                    True,
                    (),
                )
            ],
        ),
        (
            "Ils exigèrent la convocation d’une réunion plénière extraordinaire du Comité Central.",
            [],
        ),
        ("Staline devait se trouver au Comité militaire révolutionnaire, à Smolny.", []),
    ],
)
def test_sentences(text: str, expected: list[tuple]) -> None:
    assert [summary(m) for m in extract(context(text))] == expected


def test_absentees_are_not_participants() -> None:
    (m,) = extract(
        context(
            "Le 29 octobre 1917, rien. En l'absence de Lénine et de Trotsky, le comité central "
            "du Parti bolchevique vote à l'unanimité une proposition de Kamenev, qui juge utile."
        )
    )
    assert [p.key for p in m.absentees] == ["lenin", "trotsky"]
    assert [p.key for p in m.participants] == ["kamenev"]
    assert m.date.julian == date(1917, 10, 29)


def test_relative_days_count_from_the_last_day_given() -> None:
    ctx = context(
        "Le 17 (30) octobre, on approuva. Cinq jours plus tard la réunion des comités de régiments décida."
    )
    days = [(ref.span.text, ref.julian, ref.gregorian) for _, ref in ctx.clock]
    assert days[-1] == ("Cinq jours plus tard", date(1917, 10, 22), date(1917, 11, 4))


def test_a_relative_word_followed_by_a_date_reads_the_date() -> None:
    ctx = context(
        "Le 23 octobre (5 novembre), rien. Le lendemain, 6 novembre, le Gouvernement décida."
    )
    assert [ref.span.text for _, ref in ctx.clock] == [
        "23 octobre (5 novembre)",
        "6 novembre",
    ]


# ------------------------------------------------------------------ the real documents


def test_krupskaya_sittings() -> None:
    found = meetings(KRUPSKAYA)
    assert {k for k, m in found.items() if m.referred_only} >= {
        "central-committee-1917-10-10",
        "central-committee-elargie-1917-10-16",
        "central-committee-1917-10-16",
        "petrograd-soviet-executive-committee-1917-10-13",
        "petrograd-soviet-1917-10-17",
        "regiment-committees-1917-10-22",
    }
    opening = found["second-congress-of-soviets-1917-10-25"]
    assert (opening.date.julian, opening.date.gregorian, opening.time_of_day) == (
        date(1917, 10, 25),
        date(1917, 11, 7),
        "22:45",
    )
    assert [p.key for p in opening.absentees] == ["lenin"]
    resumption = found["second-congress-of-soviets-1917-10-25-reprise"]
    assert (resumption.time_of_day, resumption.date, resumption.part_of) == (
        "15:10",
        None,
        FactRef(FactKind.MEETING, "second-congress-of-soviets-1917-10-25"),
    )
    second = found["second-congress-of-soviets-1917-10-26"]
    assert (second.date.gregorian, second.time_of_day) == (date(1917, 11, 8), "21:00")
    left_srs = found["reunion-left-srs-1917-10-26"]
    assert left_srs.place.key == "smolny"
    assert {p.key for p in left_srs.participants} == {"left-srs", "spiridonova", "lenin"}
    assert left_srs.time_as_stated == "deux heures avant l’ouverture du Congrès"
    mrc = found["military-revolutionary-committee-permanente-1917-10-24"]
    assert (mrc.place.key, mrc.place_note) == ("smolny", "Au deuxième")
    assert {p.key for p in found["bolshevik-fraction"].participants} == {"rahja", "lenin"}
    assert found["vyborg-peoples-court"].place.key == "maison-du-peuple"


def test_lenin_1917_sittings() -> None:
    found = meetings(LENIN)
    assert set(found) == {
        "central-committee-1917-10-29",
        "vikzhel-table-ronde",
        "central-committee-1917-11-01",
        "petrograd-committee-1917-11-01",
        "central-committee-1917-11-02",
        "central-committee-1917-10-01",
    }
    pc = found["petrograd-committee-1917-11-01"]
    assert pc.chair_label == "Le président de séance"
    assert [p.key for p in pc.participants] == ["lenin", "lunacharsky"]
    assert found["central-committee-1917-10-01"].note == "(sic !)"
    assert found["vikzhel-table-ronde"].date is None


def test_evidence_is_the_text() -> None:
    for doc_id in (KRUPSKAYA, LENIN):
        text = document(doc_id).text
        for m in meetings(doc_id).values():
            assert text[m.evidence.start : m.evidence.end] == m.evidence.text
