"""Queries 01-05 (people, names, bodies) on the real built store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.query import run
from kg.store import open_read_only

QUERIES = Path(__file__).resolve().parents[2] / "queries"
KRUPSKAYA = "https://w3id.org/october1917/doc/000_429393bbd9028836"
LENIN = "https://w3id.org/october1917/doc/003_2d74070e7dd118d0"


def rows(store_dir: Path, name: str) -> list[dict[str, str]]:
    path = next(QUERIES.glob(f"{name}-*.rq"))
    answer = run(open_read_only(store_dir), path.read_text(encoding="utf-8"))
    variables = [v.value for v in answer.result.variables]
    return [{v: (s[v].value if s[v] is not None else "") for v in variables} for s in answer.result]


@pytest.mark.parametrize("name", ["01", "02", "03", "04", "05"])
def test_query_is_documented(name: str) -> None:
    text = next(QUERIES.glob(f"{name}-*.rq")).read_text(encoding="utf-8")
    assert text.startswith("# title: ") and "\n# description: " in text


def test_01_name_forms(built_store: Path) -> None:
    found = rows(built_store, "01")
    trotsky = {(r["form"], r["nameType"]) for r in found if r["person"].endswith("/person/trotsky")}
    assert trotsky == {
        ("L. Bronstein", "birth name"),
        ("Trotski", "pseudonym, party name"),
        ("Trotsky", "transliteration variant"),
    }
    assert all(
        r["wikidata"] == "http://www.wikidata.org/entity/Q33391"
        for r in found
        if r["person"].endswith("/person/trotsky")
    )
    lenin = {r["form"]: r["documents"] for r in found if r["person"].endswith("/person/lenin")}
    assert set(lenin["Lénine"].split()) == {KRUPSKAYA, LENIN}
    assert lenin["Vladimir Ilitch"] == KRUPSKAYA


def test_02_pseudonyms(built_store: Path) -> None:
    found = {(r["birthName"], r["pseudonym"]) for r in rows(built_store, "02")}
    assert found == {
        ("Vladimir Oulianov", "Lénine"),
        ("L. Bronstein", "Trotski"),
        ("J. Djougachvili", "Staline"),
        ("G. Oppokov", "Lomov"),
        ("V. Ovséenko", "Antonov"),
        ("I. Skvortsov", "Stépanov"),
        ("N. Avilov", "Glébov"),
    }


def test_03_revolutionary_committee(built_store: Path) -> None:
    found = rows(built_store, "03")
    mrc = {
        r["memberName"] for r in found if r["body"].endswith("/military-revolutionary-committee")
    }
    centre = {
        r["memberName"]: (r["sinceGregorian"], r["sinceJulian"])
        for r in found
        if r["body"].endswith("/military-revolutionary-centre")
    }
    assert mrc == {"Staline", "Sverdlov", "Molotov", "Dzerjinski", "Boubnov"}
    both = ("1917-10-29", "1917-10-16")  # Gregorian, Julian: each date says its calendar
    assert centre == {"Staline": both, "Sverdlov": both, "Dzerjinski": both}


def test_04_body_hierarchy(built_store: Path) -> None:
    found = {
        (r["part"].rsplit("/", 1)[1], r["relation"], r["whole"].rsplit("/", 1)[1])
        for r in rows(built_store, "04")
    }
    assert ("military-revolutionary-committee", "organ of", "petrograd-soviet") in found
    assert ("military-revolutionary-committee", "directed by", "central-committee") in found
    assert ("sovnarkom-single-management-commission", "part of", "sovnarkom") in found
    assert ("fofanova-flat", "located in", "vyborg-district") in found
    assert ("novaya-zhizn", "newspaper of", "gorky") in found


def test_05_party_affiliations(built_store: Path) -> None:
    found = {(r["memberName"], r["partyName"]) for r in rows(built_store, "05")}
    assert ("Erlich", "menchéviks") in found
    assert ("Kamkov", "socialistes-révolutionnaires de gauche") in found
    assert ("Natanson", "Parti socialiste-révolutionnaire") in found
    assert ("Kichkine", "Parti constitutionnel-démocrate") in found
    assert ("Margarita Fofanova", "Parti bolchévik") in found
    assert not any(name == "Mejraiontsy" for name, _ in found)  # people only
