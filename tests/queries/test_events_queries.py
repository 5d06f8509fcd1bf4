"""Queries 06-11 and 24 (meetings, votes, delegates, appointments, resignations, inferred
sittings) on the real built store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.query import run
from kg.store import open_read_only

QUERIES = Path(__file__).resolve().parents[2] / "queries"
WD = "http://www.wikidata.org/entity/"


def rows(store_dir: Path, name: str) -> list[dict[str, str]]:
    path = next(QUERIES.glob(f"{name}-*.rq"))
    answer = run(open_read_only(store_dir), path.read_text(encoding="utf-8"))
    variables = [v.value for v in answer.result.variables]
    return [{v: (s[v].value if s[v] is not None else "") for v in variables} for s in answer.result]


@pytest.mark.parametrize("name", ["06", "07", "08", "09", "10", "11", "24"])
def test_query_is_documented(name: str) -> None:
    text = next(QUERIES.glob(f"{name}-*.rq")).read_text(encoding="utf-8")
    assert text.startswith("# title: ") and "\n# description: " in text and "PREFIX " in text


def test_06_central_committee_vote_of_1_november(built_store: Path) -> None:
    found = rows(built_store, "06")
    counted = next(r for r in found if r["for"])
    assert (counted["for"], counted["against"], counted["result"]) == ("10", "4", "Pass")
    assert set(counted["namedAgainst"].split(", ")) == {"Lénine", "Trotski"}
    assert "interruption des pourparlers" in counted["motion"]
    trotsky = next(r for r in found if r["proposer"] == "Trotski")
    assert "mettre fin à des pourparlers" in trotsky["motion"]


def test_07_first_council_of_peoples_commissars(built_store: Path) -> None:
    found = rows(built_store, "07")
    people = {r["personName"] for r in found if r["personName"]}
    assert len(people) == 15 and {"Lénine", "Trotski", "Staline", "Rykov", "Dybenko"} <= people
    wikidata = {r["personName"]: r["personWikidata"] for r in found if r["personWikidata"]}
    assert wikidata["Lénine"] == WD + "Q1394" and wikidata["Trotski"] == WD + "Q33391"
    assert wikidata["Staline"] == WD + "Q855"
    (vacant,) = (r for r in found if r["vacant"] == "true")
    assert (vacant["post"].endswith("/post/commissar-transport"), vacant["personName"]) == (
        True,
        "",
    )
    assert {(r["julian"], r["gregorian"]) for r in found} == {("1917-10-26", "1917-11-08")}


def test_08_sittings_in_date_order(built_store: Path) -> None:
    found = rows(built_store, "08")
    dated = [r for r in found if r["gregorian"]]
    assert [r["gregorian"] for r in dated] == sorted(r["gregorian"] for r in dated)
    opening = next(
        r for r in found if r["meeting"].endswith("second-congress-of-soviets-1917-10-25")
    )
    assert (opening["julian"], opening["gregorian"], opening["time"], opening["timeAsPrinted"]) == (
        "1917-10-25",
        "1917-11-07",
        "22:45:00",
        "10 heures 45",
    )
    resumption = next(r for r in found if r["meeting"].endswith("-reprise"))
    assert (resumption["time"], resumption["gregorian"]) == ("15:10:00", "")
    assert found.index(resumption) > found.index(dated[-1])  # undated sittings come last


def test_09_second_congress_delegates_and_walkout(built_store: Path) -> None:
    found = rows(built_store, "09")
    delegates = {r["groupName"]: int(r["count"]) for r in found if r["kind"] == "delegates"}
    assert delegates == {
        "": 670,
        "Parti bolchévik": 300,
        "Parti socialiste-révolutionnaire": 193,
        "menchéviks": 68,
        "socialistes-révolutionnaires de gauche": 169,
    }
    (walkout,) = (r for r in found if r["kind"] == "walked out")  # one row, not one per group
    assert set(walkout["groupName"].split(", ")) == {
        "socialistes-révolutionnaires de droite",
        "menchéviks",
        "Bund",
    }
    assert walkout["partly"] == "mencheviks-internationalistes"
    assert walkout["count"] == "50"  # the total of the walkout


def test_10_resignations_of_4_november(built_store: Path) -> None:
    found = {(r["personName"], r["leftName"]) for r in rows(built_store, "10")}
    cc = {p for p, left in found if left == "Comité central"}
    government = {p for p, left in found if left == "Conseil des commissaires du peuple"}
    assert cc == {"Kaménev", "Zinoviev", "Rykov", "Milioutine", "Noguine"}
    assert government == {"Rykov", "Milioutine", "Noguine", "Teodorovitch"}
    assert ("Kaménev", "Président du Comité exécutif central des soviets") in found
    assert not any(p == "Chliapnikov" for p, _ in found)  # he stayed at his post


def test_11_sittings_only_referred_to(built_store: Path) -> None:
    found = {r["meeting"].rsplit("/", 1)[1]: r for r in rows(built_store, "11")}
    cc = found["central-committee-1917-10-10"]
    assert (cc["julian"], cc["gregorian"]) == ("1917-10-10", "1917-10-23")
    assert "déclencher l’insurrection" in cc["decisions"]
    assert "central-committee-1917-10-01" in found  # "(sic !)"
    assert "second-congress-of-soviets-1917-10-25" not in found  # narrated, not only referred to


def test_24_sittings_inferred_from_decisions(built_store: Path) -> None:
    found = rows(built_store, "24")
    government = next(r for r in found if r["body"].endswith("/body/provisional-government"))
    assert (government["julian"], government["gregorian"]) == ("1917-10-24", "1917-11-06")
    assert government["dayFromContext"] == "false"  # « Le lendemain, 6 novembre » prints it
    assert "traduire en justice" in government["decisions"]
    assert "Gouvernement provisoire" in government["evidence"]
    every_sitting = {r["meeting"] for r in rows(built_store, "08")}
    assert {r["meeting"] for r in found} <= every_sitting  # 08 lists them too, in order
