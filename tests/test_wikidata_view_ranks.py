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


def _meeting_store(how: str | None) -> object:
    """One sitting of ours whose day the text states approximately (or relative, or plainly)."""
    import pyoxigraph as ox

    from kg.validate import load_ontology
    from kg.wikidata_view import ONTOLOGY_GRAPH, build_view

    qualifier = f'; okg:dateQualifier "{how}"' if how else ""
    trig = f"""
@prefix okg: <{OKG}> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <http://schema.org/> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/october1917/doc/x/> .
<https://w3id.org/october1917/graph/x> {{
  :meeting-m a okg:Meeting ; schema:startDate "1917-03-15"^^xsd:date ; time:hasTime :day .
  :date-d a okg:DateMention ; okg:refersTo :day {qualifier} .
  :evidence-1 oa:hasBody :meeting-m ; oa:hasTarget :t1 .
  :t1 oa:hasSource :text ; oa:hasSelector :p1 . :p1 oa:start 0 ; oa:end 60 .
  :evidence-2 oa:hasBody :date-d ; oa:hasTarget :t2 .
  :t2 oa:hasSource :text ; oa:hasSelector :p2 . :p2 oa:start 16 ; oa:end 30 .
}}"""
    st = ox.Store()
    st.load(trig.encode(), format=ox.RdfFormat.TRIG)
    st.load(
        load_ontology().serialize(format="nt", encoding="utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ONTOLOGY_GRAPH,
    )
    build_view(st)
    return st


def _circumstance(how: str | None) -> tuple[str, int]:
    st = _meeting_store(how)
    (row,) = list(
        st.query(  # type: ignore[attr-defined]
            f"""SELECT ?c ?prec WHERE {{ GRAPH {VIEW} {{
              ?m <http://www.wikidata.org/prop/P585> ?st .
              ?st <http://www.wikidata.org/prop/statement/value/P585>
                  /<http://wikiba.se/ontology#timePrecision> ?prec .
              OPTIONAL {{ ?st <http://www.wikidata.org/prop/qualifier/P1480> ?c }} }} }}"""
        )
    )
    return (row["c"].value if row["c"] is not None else "", int(row["prec"].value))


def test_an_approximate_day_is_circa_with_month_precision() -> None:
    assert _circumstance("approximate") == ("http://www.wikidata.org/entity/Q5727902", 10)
    assert _circumstance("relative") == (OKG + "ComputedDate", 11)
    assert _circumstance(None) == ("", 11)


def test_a_relative_day_of_the_seeds_says_it_was_computed(built_store: Path) -> None:
    assert ask(
        built_store,
        f"?m p:P585 ?st . ?st pq:P1480 <{OKG}ComputedDate> . "
        'FILTER(CONTAINS(STR(?m), "regiment-committees"))',
    )
