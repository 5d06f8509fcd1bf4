"""The documents extractor: decrees, letters, appeals, newspapers … as Decree records."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kg.extract import prepare
from kg.extract.context import Context
from kg.extract.documents import extract
from kg.gazetteer import load_gazetteer
from kg.model import Decree, Footnote, RepairedText
from kg.pipeline import repaired_text
from kg.seeds import load
from kg.segment import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DOC_KRUPSKAYA = "000_429393bbd9028836"
DOC_LENIN = "003_2d74070e7dd118d0"


def context(text: str, footnotes: tuple[Footnote, ...] = ()) -> Context:
    seg = segment(RepairedText("t", text, footnotes))
    return prepare(seg, load_gazetteer())


@cache
def real(doc_id: str) -> dict[str, Decree]:
    doc = next(d for d in load(SEEDS) if d.doc_id == doc_id)
    seg = segment(repaired_text(doc))
    ctx = prepare(seg, load_gazetteer())
    return {d.key: d for d in extract(ctx)}


def keys(mentions: object) -> list[str]:
    return [m.key for m in mentions]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "key", "doc_type", "expected"),
    [
        (
            "Le 26 octobre (8 novembre), le décret sur la terre, présenté par Lénine, fut adopté par le Congrès.",
            "decree-on-land",
            "decree",
            {
                "reported_by": "lenin",
                "adopted_by": "second-congress-of-soviets",
                "julian": "1917-10-26",
            },
        ),
        (
            "Au Congrès, les décrets sur la terre, sur la paix, sur le contrôle ouvrier furent adoptés.",
            "decree-on-workers-control",
            "decree",
            {"adopted_by": "second-congress-of-soviets"},
        ),
        (
            "Le 25 octobre (7 novembre), à 10 heures, un appel « Aux citoyens de Russie » émanant du "
            "Comité militaire révolutionnaire du Soviet de Petrograd, fut mis sous presse.",
            "appeal-to-citizens-of-russia",
            "appeal",
            {
                "authors": ["military-revolutionary-committee"],
                "julian": "1917-10-25",
                "time": "10:00",
            },
        ),
        (
            "Trotski hésitait. Le 7 octobre, il écrit au Comité Central.",
            "letter-trotsky-to-central-committee",
            "letter",
            {"authors": ["trotsky"], "julian": "1917-10-07"},
        ),
        (
            "L’auteur fait allusion à la fable de Krylov « Le cygne, le brochet et l’écrevisse ».",
            "swan-pike-crawfish",
            "fable",
            {"authors": ["krylov"]},
        ),
        (
            "Le Comité militaire révolutionnaire ne l’arrêta pas, bien qu’il en eût l’ordre signé par Dybenko et Krylenko.",
            "order-dybenko-krylenko-ordre-signe-par-dybenko-et-krylenko",
            "order",
            {"authors": ["dybenko", "krylenko"]},
        ),
    ],
)
def test_statements(text: str, key: str, doc_type: str, expected: dict[str, object]) -> None:
    found = {d.key: d for d in extract(context(text))}
    assert key in found, sorted(found)
    d = found[key]
    assert d.doc_type == doc_type
    assert d.evidence.text == text[d.evidence.start : d.evidence.end]
    if "authors" in expected:
        assert keys(d.authors) == expected["authors"]
    if "reported_by" in expected:
        assert d.reported_by is not None and d.reported_by.key == expected["reported_by"]
    if "adopted_by" in expected:
        assert d.adopted_by is not None and d.adopted_by.key == expected["adopted_by"]
    if "julian" in expected:
        assert d.date is not None and d.date.julian.isoformat() == expected["julian"]
    if "time" in expected:
        assert d.date is not None and d.date.time_of_day == expected["time"]


def test_scare_quotes_and_future_decrees_are_not_documents() -> None:
    text = "Un décret allait être adopté sur l’abolition de la propriété privée. Notre « garde bourgeoise » recula."
    assert [d for d in extract(context(text)) if d.doc_type == "decree"] == []


def test_decrees_of_the_second_congress() -> None:
    found = real(DOC_KRUPSKAYA)
    adopted = {
        k
        for k, d in found.items()
        if d.adopted_by and d.adopted_by.key == "second-congress-of-soviets"
    }
    assert {
        "decree-on-land",
        "decree-on-peace",
        "decree-on-workers-control",
        "death-penalty-abolition",
        "decree-formation-of-government",
    } <= adopted
    land = found["decree-on-land"]
    assert keys(land.authors) == ["lenin"] and land.reported_by.key == "lenin"  # type: ignore[union-attr]
    assert (land.date.julian.isoformat(), land.date.gregorian.isoformat()) == (
        "1917-10-26",
        "1917-11-08",
    )  # type: ignore[union-attr]
    assert any(
        d.doc_type == "resolution" and not d.title and "composition bolchevique" in d.description
        for d in found.values()
    )


def test_letters_of_krupskaya() -> None:
    found = real(DOC_KRUPSKAYA)
    sept = found[
        "bolsheviks-must-assume-power"
    ]  # identified by its footnote (Œuvres, t. 26, pp. 1-3)
    assert keys(sept.recipients) == ["central-committee", "petrograd-committee"]
    assert sept.date.julian.isoformat() == "1917-09-13"  # type: ignore[union-attr]
    assert "marxism-and-insurrection" in found
    north = found["letter-lenin-to-northern-region-congress"]
    assert (north.date.julian.isoformat(), north.date.stated_calendar) == ("1917-10-08", "both")  # type: ignore[union-attr]
    assert len(north.more_evidence) == 2
    # issue 14: the letters of 7 and 8 October go to the party's bodies, not the whole party
    assert keys(north.recipients) == ["northern-region-congress"]
    city = found[
        "letter-lenin-to-petrograd-city-conference-central-committee-local-committee-petrograd-committee"
    ]
    assert "bolshevik-party" not in keys(city.recipients) and len(city.recipients) == 4
    note = found["note-lenin-fofanova"]
    assert note.doc_type == "note" and keys(note.recipients) == ["fofanova"]
    assert found["advice-of-an-onlooker"].doc_type == "letter"


def test_mandate_newspapers_and_declaration() -> None:
    found = real(DOC_KRUPSKAYA)
    mandate = found["peasant-mandate"]
    assert mandate.signatory_count == 242
    assert mandate.published_in.key == "peasants-izvestia"  # type: ignore[union-attr]
    assert mandate.date.julian.isoformat() == "1917-08-19"  # type: ignore[union-attr]
    assert {"pravda", "soldatskaya-pravda", "peasants-izvestia"} <= {
        k for k, d in found.items() if d.doc_type == "newspaper"
    }
    declaration = next(d for d in found.values() if d.doc_type == "declaration")
    assert keys(declaration.authors) == ["right-srs", "mensheviks", "bund"]


def test_documents_of_lenins_speech() -> None:
    found = real(DOC_LENIN)
    assert keys(found["letter-on-expelling-zinoviev-kamenev"].authors) == ["lenin"]
    assert found["can-the-bolsheviks-retain-state-power"].doc_type == "article"
    assert keys(found["novaya-zhizn"].authors) == ["gorky"]
    minutes = found["petrograd-committee-minutes"]
    assert minutes.published_in.key == "bulletin-of-the-opposition"  # type: ignore[union-attr]
    assert keys(minutes.authors) == ["petrograd-committee"]
    krasin = next(d for d in found.values() if d.authors and d.authors[0].key == "krasin")
    assert krasin.doc_type == "letter" and krasin.date.julian.isoformat() == "1917-11-07"  # type: ignore[union-attr]
    assert {"pravda", "delo-naroda", "novaya-zhizn"} <= set(found)  # Rabotchi Pout is Pravda


def test_keys_are_unique_and_evidence_exact() -> None:
    for doc_id in (DOC_KRUPSKAYA, DOC_LENIN):
        doc = next(d for d in load(SEEDS) if d.doc_id == doc_id)
        text = repaired_text(doc).text
        for d in real(doc_id).values():
            for span in (d.evidence, *d.more_evidence):
                assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("text", "description"),
    [
        (
            "Ce jour-là, le Dielo Naroda a écrit que le congrès était une farce.",
            "Article du Dielo Naroda",
        ),
        (
            "Il a rappelé la polémique qui s’est engagée dans les colonnes du Dielo Naroda.",
            "Polémique dans le Dielo Naroda",
        ),
    ],
)
def test_an_untitled_document_gets_a_description_not_a_title(text: str, description: str) -> None:
    """Issue 14: only a title the text prints is a title; a made-up phrase is a description."""
    (found,) = [d for d in extract(context(text)) if d.doc_type == "article"]
    assert (found.title, found.description) == ("", description)


def test_a_printed_title_stays_the_title() -> None:
    text = "Lénine cita la fable de Krylov « Le cygne, le brochet et l'écrevisse » au comité."
    (fable,) = [d for d in extract(context(text)) if d.doc_type == "fable"]
    assert fable.title == "Le cygne, le brochet et l'écrevisse" and fable.description == ""


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        (
            "Le 3 octobre, Lénine adressa une lettre aux bolchéviks, membres du Comité de Petrograd.",
            ["petrograd-committee"],
        ),
        ("Le 3 octobre, Lénine adressa une lettre aux bolchéviks.", ["bolshevik-party"]),
    ],
)
def test_a_generic_addressee_only_when_no_precise_one(text: str, recipients: list[str]) -> None:
    (letter,) = [d for d in extract(context(text)) if d.doc_type == "letter"]
    assert keys(letter.recipients) == recipients
