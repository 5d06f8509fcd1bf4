"""Counts a curator wants after a build: graphs, entities (linked or not), facts by kind, evidence."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg import iris
from kg.query import compact
from kg.vocab import PREFIXES

_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())

_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_GAZETTEER = f"<{iris.graph('gazetteer')}>"  # a full IRI: no `kg:graph\/…` escape in a query
_ENTITIES = (
    _PREFIXES
    + f"""
SELECT ?kind (COUNT(DISTINCT ?e) AS ?all) (COUNT(DISTINCT ?linked) AS ?wd) WHERE {{
  GRAPH {_GAZETTEER} {{ ?e skos:prefLabel ?l }}
  BIND(REPLACE(STR(?e), "^.*/([a-z]+)/[^/]+$", "$1") AS ?kind)
  OPTIONAL {{ GRAPH {_GAZETTEER} {{ ?e schema:sameAs ?q }} BIND(?e AS ?linked) }}
}} GROUP BY ?kind ORDER BY ?kind"""
)
_FACTS = (
    _PREFIXES
    + """
SELECT ?type (COUNT(DISTINCT ?f) AS ?n) WHERE {
  ?a a oa:Annotation ; oa:hasBody ?f . ?f a ?type .
} GROUP BY ?type ORDER BY DESC(?n) ?type"""
)
_EVIDENCE = _PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?a a oa:Annotation }"


@dataclass(frozen=True)
class Stats:
    graphs: tuple[tuple[str, int], ...]
    entities: tuple[tuple[str, int, int], ...]  # kind, all, linked to Wikidata
    facts: tuple[tuple[str, int], ...]  # class (compact IRI), facts with evidence
    evidence: int


def stats(store: ox.Store) -> Stats:
    """Count what the store holds (the default graph is the union of named graphs)."""

    def rows(q: str) -> list[ox.QuerySolution]:
        solutions = store.query(q, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        return list(solutions)

    graphs = tuple((compact(r["g"].value), int(r["n"].value)) for r in rows(_GRAPHS))
    entities = tuple(
        (r["kind"].value, int(r["all"].value), int(r["wd"].value)) for r in rows(_ENTITIES)
    )
    facts = tuple((compact(r["type"].value), int(r["n"].value)) for r in rows(_FACTS))
    [ev] = rows(_EVIDENCE)
    return Stats(graphs, entities, facts, int(ev["n"].value))


def render(s: Stats) -> str:
    out = ["graphs"] + [f"  {g:<45} {n:>7} triples" for g, n in s.graphs]
    out.append("entities (gazetteer)          all  linked  unlinked")
    out += [f"  {k:<25} {a:>6} {w:>7} {a - w:>9}" for k, a, w in s.entities]
    total, linked = sum(a for _, a, _ in s.entities), sum(w for _, _, w in s.entities)
    out.append(f"  {'total':<25} {total:>6} {linked:>7} {total - linked:>9}")
    out.append(f"facts with evidence, by class ({s.evidence} evidence records)")
    out += [f"  {t:<45} {n:>6}" for t, n in s.facts]
    return "\n".join(out) + "\n"
