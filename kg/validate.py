"""Stage ``validate``: SHACL shapes (pySHACL) plus the evidence check SHACL cannot do.

The shapes are every ``shapes/*.ttl``.  A document's graph is validated
together with the shared gazetteer graph (facts point at entities defined
there); the gazetteer graph is validated once on its own.  After SHACL, every
``oa:TextPositionSelector`` is checked against the repaired text: the text
at those offsets must be the ``oa:exact`` of its ``oa:TextQuoteSelector``.

Speed (see ``docs/scale.md``): pySHACL re-parses a SPARQL-based constraint for
every focus node, and rdflib's parser needs ~0.6 s for the Julian/Gregorian
check of ``shapes/core.ttl``; the data graph handed to pySHACL therefore
prepares each query text once per process (:class:`_PreparedQueries`).  A
document is validated with only the shared entities it references
(:func:`referenced`), not the whole gazetteer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.config import ONTOLOGY_DIR, SHAPES_DIR
from kg.errors import DataError
from kg.vocab import OA, RDF, SH


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str
    violations: int


@cache
def load_shapes(shapes_dir: Path = SHAPES_DIR) -> Graph:
    """Every shapes file, parsed once per process."""
    g = Graph()
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise DataError(f"{shapes_dir}: no SHACL shapes (*.ttl)")
    for path in files:
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser types; report the file
            raise DataError(f"{path}: {exc}") from exc
    return g


@cache
def load_ontology(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    g = Graph()
    for path in sorted(ontology_dir.glob("*.ttl")):
        try:
            g.parse(path, format="turtle")
        except Exception as exc:
            raise DataError(f"{path}: {exc}") from exc
    return g


def validate(data: Graph, shapes: Graph | None = None, *, shared: Graph | None = None) -> Report:
    """SHACL-validate ``data`` (plus the part of ``shared`` it references); pySHACL's report.

    ``data`` is not modified: it is copied, as pySHACL would copy it to add
    the ontology, into a graph that prepares SPARQL constraints once.
    """
    shapes = load_shapes() if shapes is None else shapes
    target = _PreparedQueries()
    for prefix, ns in data.namespaces():
        target.bind(prefix, ns, override=True, replace=True)
    for triple in data:
        target.add(triple)
    if shared is not None:
        for triple in referenced(data, shared):
            target.add(triple)
    conforms, results, text = shacl_validate(
        target,
        shacl_graph=shapes,
        ont_graph=load_ontology(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
        inplace=True,  # ``target`` is ours to change
    )
    violations = len(set(results.subjects(RDF.type, SH.ValidationResult)))
    return Report(bool(conforms), text, violations)


def referenced(data: Graph, shared: Graph) -> Graph:
    """The triples of ``shared`` about nodes ``data`` names, and what those name, transitively.

    Every IRI of ``data`` (subject or object) that is a subject in ``shared``
    starts the walk; the walk follows object IRIs through ``shared``.  A
    shape on a document's fact that reaches an entity (``sh:class``,
    ``sh:node``) sees the same triples as with the whole of ``shared``.
    """
    out = Graph()
    seen: set[URIRef] = set()
    todo = [n for n in set(data.subjects()) | set(data.objects()) if isinstance(n, URIRef)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shared.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, URIRef) and o not in seen:
                todo.append(o)
    return out


class _PreparedQueries(Graph):
    """A graph whose ``query(text)`` parses and translates each query text once per process."""

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Any] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and processor == "sparql":
            initNs = initNs or dict(self.namespaces())
            query_object = _prepare(query_object, frozenset(initNs.items()), kwargs.get("base"))
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


@lru_cache(maxsize=256)
def _prepare(text: str, namespaces: frozenset[tuple[str, Any]], base: str | None) -> Query:
    ns: Mapping[str, Any] = dict(namespaces)
    return prepareQuery(text, initNs=ns, base=base)


def check_evidence(data: Graph, texts: dict[str, str]) -> list[str]:
    """Evidence records whose offsets do not give their quoted span; ``texts``: text IRI → text."""
    problems = []
    for ann, target in data.subject_objects(OA.hasTarget):
        for src in data.objects(target, OA.hasSource):
            text = texts.get(str(src))
            if text is None:
                continue
            for start, end, exact in _selectors(data, target):
                got = text[start:end]
                if got != exact:
                    where = f"{ann}: text[{start}:{end}]"
                    problems.append(f"{where} is {got!r}, evidence says {exact!r}")
    return problems


def _selectors(data: Graph, target: URIRef) -> list[tuple[int, int, str]]:
    """Every (start, end, exact) a target's position and quote selectors combine into."""
    selectors = set(data.objects(target, OA.hasSelector))
    positions = [
        (int(s), int(e))
        for p in selectors
        if (p, RDF.type, OA.TextPositionSelector) in data
        for s in data.objects(p, OA.start)
        for e in data.objects(p, OA.end)
    ]
    exacts = [
        str(x)
        for q in selectors
        if (q, RDF.type, OA.TextQuoteSelector) in data
        for x in data.objects(q, OA.exact)
    ]
    return [(s, e, x) for s, e in positions for x in exacts]
