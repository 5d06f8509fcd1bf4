"""Queries 12-17 (documents, citations, quotations) on the real built store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.query import run
from kg.store import open_read_only

QUERIES = Path(__file__).resolve().parents[2] / "queries"
BASE = "https://w3id.org/october1917/"
KRUPSKAYA = BASE + "doc/000_429393bbd9028836"
LENIN_SPEECH = BASE + "doc/003_2d74070e7dd118d0"


def rows(store_dir: Path, name: str) -> list[dict[str, str]]:
    path = next(QUERIES.glob(f"{name}-*.rq"))
    answer = run(open_read_only(store_dir), path.read_text(encoding="utf-8"))
    variables = [v.value for v in answer.result.variables]
    return [{v: (s[v].value if s[v] is not None else "") for v in variables} for s in answer.result]


@pytest.mark.parametrize("name", ["12", "13", "14", "15", "16", "17"])
def test_query_is_documented(name: str) -> None:
    text = next(QUERIES.glob(f"{name}-*.rq")).read_text(encoding="utf-8")
    assert text.startswith("# title: ") and "\n# description: " in text and "PREFIX " in text


def test_12_cited_works(built_store: Path) -> None:
    found = rows(built_store, "12")
    notes = {(r["doc"], r["footnote"]) for r in found}
    assert {(KRUPSKAYA, n) for n in ("2", "3", "5", "6", "7", "8", "10", "14", "16", "17")} <= notes
    assert (LENIN_SPEECH, "1") in notes
    note2 = next(r for r in found if r["doc"] == KRUPSKAYA and r["footnote"] == "2")
    assert note2["work"] == BASE + "work/bolsheviks-must-assume-power"
    assert (note2["volume"], note2["pages"], note2["edition"]) == ("26", "1-3", "4e éd. russe")
    note3 = next(r for r in found if r["doc"] == KRUPSKAYA and r["footnote"] == "3")
    assert (note3["year"], note3["publisher"], note3["place"]) == (
        "1954",
        "Éditions en langues étrangères",
        "Moscou",
    )
    assert note3["supports"].startswith(KRUPSKAYA + "/quotation/lenin-pour-reussir")


def test_13_lenin_quotations(built_store: Path) -> None:
    found = rows(built_store, "13")
    texts = {r["text"] for r in found}
    assert "Il faut rompre les pourparlers." in texts
    assert "Croyez-vous que quelqu’un parmi nous la possède, cette expérience ?" in texts
    assert not any(t.startswith("Comme la guerre") for t in texts)  # Marx's words, quoted by Lenin
    assert not any(t.startswith("il n'y a pas de quoi") for t in texts)  # Kamenev's
    rupture = next(r for r in found if r["text"] == "Il faut rompre les pourparlers.")
    assert (rupture["gregorian"], rupture["julian"]) == ("1917-11-14", "1917-11-01") and int(
        rupture["end"]
    ) - int(rupture["start"]) == len(rupture["text"])
    assert len({r["quotation"] for r in found}) >= 15


def test_14_congress_decrees(built_store: Path) -> None:
    found = {r["title"]: r for r in rows(built_store, "14")}
    assert {
        "Décret sur la terre",
        "Décret sur la paix",
        "Décret sur le contrôle ouvrier",
        "Abolition de la peine de mort au front",
        "Décret sur la formation du gouvernement ouvrier et paysan",
    } <= set(found)
    assert found["Décret sur le contrôle ouvrier"]["contested"] == "contradicted"
    assert found["Décret sur la terre"]["contested"] == ""
    land = found["Décret sur la terre"]
    assert (land["gregorian"], land["julian"], land["reporter"], land["drafter"]) == (
        "1917-11-08",
        "1917-10-26",
        "Lénine",
        "Lénine",
    )


def test_15_works_by_author(built_store: Path) -> None:
    found = rows(built_store, "15")
    lenin = {r["title"] for r in found if r["author"] == BASE + "person/lenin"}
    assert {
        "Décret sur la terre",
        "Conseils d'un absent",
        "Le marxisme et l'insurrection",
        "Les bolcheviks doivent prendre le pouvoir",
        "Les bolcheviks garderont-ils le pouvoir ?",
    } <= lenin
    assert all(
        r["authorWikidata"] == "http://www.wikidata.org/entity/Q1394"
        for r in found
        if r["author"] == BASE + "person/lenin"
    )
    assert any(
        r["author"] == BASE + "person/krylov"
        and r["title"] == "Le cygne, le brochet et l'écrevisse"
        for r in found
    )


def test_16_documents_in_date_order(built_store: Path) -> None:
    found = rows(built_store, "16")
    dates = [r["gregorian"] for r in found]
    assert dates == sorted(dates)
    appeal = next(r for r in found if r["title"] == "Aux citoyens de Russie")
    assert (appeal["gregorian"], appeal["julian"], appeal["type"]) == (
        "1917-11-07",
        "1917-10-25",
        "appeal",
    )
    assert any(
        r["type"] == "letter" and r["julian"] == "1917-11-07" and r["authors"] == "Léonide Krassine"
        for r in found
    )
    assert any(r["type"] == "minutes" and r["julian"] == "1917-11-01" for r in found)


def test_17_quotations_and_sources(built_store: Path) -> None:
    found = rows(built_store, "17")
    appeal = next(
        r for r in found if r["quote"].startswith("Le Gouvernement provisoire est renversé")
    )
    assert (appeal["speaker"], appeal["source"], appeal["footnote"]) == (
        "Comité militaire révolutionnaire",
        "Aux citoyens de Russie",
        "8",
    )
    tver = next(r for r in found if r["quote"] == "Arrêtez-les tous !")
    assert (
        tver["speaker"] == ""
        and tver["speakerDescription"] == "Un délégué de Tver au congrès des soviets"
    )
    conseils = next(r for r in found if r["quote"].startswith("… l’insurrection armée"))
    assert (
        conseils["work"] == BASE + "work/advice-of-an-onlooker"
        and conseils["sourceType"] == "letter"
    )
