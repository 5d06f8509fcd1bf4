"""The Wikidata-shaped view follows the editorial notes as Wikidata would: ranks and reasons."""

from __future__ import annotations

from pathlib import Path

from kg.query import run
from kg.store import open_read_only

VIEW = "<https://w3id.org/october1917/graph/wikidata>"
OKG = "https://w3id.org/october1917/ontology#"
CC = "<https://w3id.org/october1917/body/central-committee>"
MRC = "<https://w3id.org/october1917/body/military-revolutionary-committee>"


def ask(store_dir: Path, where: str) -> bool:
    return bool(run(open_read_only(store_dir), f"ASK {{ GRAPH {VIEW} {{ {where} }} }}").result)


def test_the_contradicted_molotov_claim_is_deprecated_with_its_reason(built_store: Path) -> None:
    assert not ask(built_store, f"wd:Q132899 wdt:P463 {CC}")
    assert ask(built_store, f"wd:Q132899 wdt:P463 {MRC}")  # the uncontested claim stays truthy
    assert ask(
        built_store,
        f"""wd:Q132899 p:P463 ?st . ?st ps:P463 {CC} ; wikibase:rank wikibase:DeprecatedRank ;
            pq:P2241 <{OKG}Contradicted> ; prov:wasDerivedFrom/pr:P248 ?doc .
            FILTER NOT EXISTS {{ ?st a wikibase:BestRank }}""",
    )


def test_a_corrected_date_deprecates_the_stated_day(built_store: Path) -> None:
    assert ask(
        built_store,
        f"""?meeting p:P585 ?st . ?st ps:P585 "1917-10-26T00:00:00Z"^^xsd:dateTime ;
            wikibase:rank wikibase:DeprecatedRank ; pq:P2241 <{OKG}CorrectedDate> .
            FILTER(CONTAINS(STR(?meeting), "petrograd-soviet-executive-committee-1917-10-13"))
            FILTER NOT EXISTS {{ ?meeting wdt:P585 "1917-10-26T00:00:00Z"^^xsd:dateTime }}""",
    )


def test_unnoted_claims_keep_the_normal_rank(built_store: Path) -> None:
    assert ask(
        built_store,
        f"wd:Q132899 p:P463 ?st . ?st ps:P463 {MRC} ; wikibase:rank wikibase:NormalRank ; a wikibase:BestRank",
    )
    assert ask(built_store, "wd:P2241 wikibase:qualifier pq:P2241")
