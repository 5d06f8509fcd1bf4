"""``kg export``: the store in a standard RDF format, byte-identical for identical content.

Determinism: blank nodes are relabelled by RDFC-1.0 canonicalisation
(``_:c14n0``, ...), statements are sorted (graph, subject, predicate,
object), and serialisers that group (Turtle, TriG, RDF/XML) get them in that
order, so subjects come out grouped and sorted.  N-Quads and N-Triples are
sorted line by line.  JSON-LD is compacted with the published context
(``kg/data/context.jsonld``, embedded) and its nodes and values sorted.

TriG and N-Quads keep the named graphs; Turtle, N-Triples, RDF/XML and
JSON-LD write the union of the graphs (each distinct triple once).

>>> import io, pyoxigraph as ox
>>> out = io.BytesIO()
>>> export(ox.Store(), "ntriples", out)
0
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg import config, iris
from kg import store as kg_store
from kg.errors import DataError, StoreError
from kg.options import add_store_option
from kg.vocab import PREFIXES

FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml")
QUAD_FORMATS = frozenset({"trig", "nquads"})
PROFILES = {"wikidata": "wikidata"}  # profile -> shared graph it selects
CONTEXT_PATH = config.DATA_DIR / "context.jsonld"
_GROUPING = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def export(
    store: Path | ox.Store,
    fmt: str,
    out: BinaryIO,
    graph: str | None = None,
) -> int:
    """Write the store (or one graph) to ``out`` in ``fmt``; the number of statements written.

    ``graph`` is a document id, a shared graph name (``ontology``,
    ``gazetteer``, ``meta``, ``wikidata``) or a full graph IRI.  Raises
    :class:`DataError` for an unknown format, :class:`StoreError` when the
    store is missing or has no such graph.
    """
    if fmt not in FORMATS:
        raise DataError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    db = kg_store.open_read_only(store) if isinstance(store, Path) else store
    quads = canonical_quads(db, graph_iri(db, graph) if graph else None)
    if fmt in QUAD_FORMATS:
        return _write_quads(quads, fmt, out)
    return _write_triples(_union(quads), fmt, out)


def graph_iri(db: ox.Store, name: str) -> ox.NamedNode:
    """The named graph ``name`` designates; :class:`StoreError` if the store lacks it."""
    iri = ox.NamedNode(name if "://" in name else str(iris.graph(name)))
    if not db.contains_named_graph(iri):
        docs = sorted(
            g.value.rsplit("/", 1)[-1] for g in db.named_graphs() if isinstance(g, ox.NamedNode)
        )
        shown = ", ".join(docs[:12]) + (", ..." if len(docs) > 12 else "")
        hint = "; `kg build` makes it" if name in PROFILES.values() else ""
        raise StoreError(f"no graph {iri.value} in the store (known: {shown or 'none'}){hint}")
    return iri


def canonical_quads(db: ox.Store, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
    """The store's quads (or one graph's), blank nodes canonicalised, sorted."""
    dataset = ox.Dataset(db.quads_for_pattern(None, None, None, graph))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=_sort_key)


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return (graph, str(quad.subject), str(quad.predicate), str(quad.object))


def _union(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    unique = {q.triple for q in quads}
    return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _write_quads(quads: list[ox.Quad], fmt: str, out: BinaryIO) -> int:
    if fmt == "nquads":
        _write_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), out)
    else:
        ox.serialize(quads, out, ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return len(quads)


def _write_triples(triples: list[ox.Triple], fmt: str, out: BinaryIO) -> int:
    if fmt == "ntriples":
        _write_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), out)
    elif fmt == "jsonld":
        out.write(jsonld(triples))
    else:
        ox.serialize(triples, out, _GROUPING[fmt], prefixes=PREFIXES)
    return len(triples)


def _write_lines(data: bytes, out: BinaryIO) -> None:
    lines = sorted(set(data.splitlines()))
    out.write(b"".join(line + b"\n" for line in lines if line))


@functools.cache
def context() -> dict[str, Any]:
    """The published ``@context`` (prefixes kept in step with :data:`kg.vocab.PREFIXES`)."""
    ctx = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    ctx.update(PREFIXES)
    return ctx


def jsonld(triples: list[ox.Triple]) -> bytes:
    """Flattened, compacted JSON-LD of ``triples`` with the published context, sorted.

    Every node is a top-level object of ``@graph``: rdflib's serializer drops
    blank nodes referenced through a term coerced to ``@id``, so the
    converter is asked to visit every subject instead (flattened form).
    """
    import rdflib
    from rdflib.plugins.serializers.jsonld import Converter
    from rdflib.plugins.shared.jsonld.context import Context

    class FlatConverter(Converter):
        def from_graph(self, graph: rdflib.Graph) -> list[Any]:
            nodemap: dict[str, Any] = {}
            for subject in sorted(set(graph.subjects())):
                self.process_subject(graph, subject, nodemap)
            return list(nodemap.values())

    graph = rdflib.Graph()
    for t in triples:  # term by term, so the canonical blank-node labels survive
        graph.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    ctx = copy.deepcopy(context())
    nodes = FlatConverter(Context(ctx), True, False).from_graph(graph)
    document = {"@context": ctx, "@graph": _sorted_json(nodes)}
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Any:
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _sorted_json(value: Any, key: str = "") -> Any:
    """Sort every JSON-LD array except ``@list`` ones (their order is meaning)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


# --------------------------------------------------------------------------- CLI glue


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """Fill the ``export`` sub-parser (and set ``func=run_export``)."""
    parser.set_defaults(func=run_export)
    add_store_option(parser)
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--graph",
        metavar="DOC",
        help="only this document's graph (doc id, shared graph name or IRI)",
    )
    which.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        help="a derived view: wikidata = the Wikidata-shaped graph",
    )


def run_export(ns: argparse.Namespace) -> int:
    """Run ``kg export``; 0.  Raises :class:`StoreError` or :class:`DataError`."""
    graph = PROFILES[ns.profile] if ns.profile else ns.graph
    if ns.output is None:
        export(ns.store, ns.format, sys.stdout.buffer, graph)
        return 0
    tmp = ns.output.with_name(f".{ns.output.name}.part")
    try:
        with tmp.open("wb") as out:
            count = export(ns.store, ns.format, out, graph)
        tmp.replace(ns.output)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"wrote {count} statements to {ns.output}", file=sys.stderr)
    return 0
