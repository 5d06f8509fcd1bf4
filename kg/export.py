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
import contextlib
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
from kg.vocab import PREFIXES, RDF, XSD, turtle_prefixes

FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml")
QUAD_FORMATS = frozenset({"trig", "nquads", "jsonld"})
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
        _write_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", out)
    elif fmt == "jsonld":
        out.write(jsonld(quads))
    else:
        ox.serialize(quads, out, ox.RdfFormat.TRIG, prefixes=used_prefixes(quads))
    return len(quads)


def _write_triples(triples: list[ox.Triple], fmt: str, out: BinaryIO) -> int:
    if fmt == "ntriples":
        _write_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", out)
    else:
        ox.serialize(triples, out, _GROUPING[fmt], prefixes=used_prefixes(triples))
    return len(triples)


def used_prefixes(
    statements: Iterable[ox.Quad] | Iterable[ox.Triple], prefixes: dict[str, str] | None = None
) -> dict[str, str]:
    """The prefixes of :func:`kg.vocab.turtle_prefixes` for the IRIs of ``statements``:
    ``person:lenin``, never ``kg:person\\/lenin``."""
    iris = {
        term.value
        for st in statements
        for term in (st.subject, st.predicate, st.object, getattr(st, "graph_name", None))
        if isinstance(term, ox.NamedNode)
    }
    return turtle_prefixes(iris, prefixes)


def _write_lines(data: bytes, out: BinaryIO) -> None:
    lines = sorted(set(data.splitlines()))
    out.write(b"".join(line + b"\n" for line in lines if line))


@functools.cache
def context() -> dict[str, Any]:
    """The published ``@context`` (prefixes kept in step with :data:`kg.vocab.PREFIXES`)."""
    ctx: dict[str, Any] = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    ctx.update(PREFIXES)
    return ctx


_FIRST, _REST, _NIL, _TYPE = (str(RDF[n]) for n in ("first", "rest", "nil", "type"))
_XSD_STRING = str(XSD.string)
Term = ox.NamedNode | ox.BlankNode | ox.Literal


def jsonld(statements: list[ox.Quad] | list[ox.Triple]) -> bytes:
    """JSON-LD 1.1 of ``statements``, compacted with the published context, sorted.

    Quads keep their graphs: each named graph is an object ``{"@id": graph,
    "@graph": [nodes]}`` of the top-level ``@graph``.  Every node is a
    top-level object of its graph (flattened form), except the cells of
    well-formed RDF lists, written as ``{"@list": [...]}`` where the list is
    used.  Literals keep their exact lexical form (``"…Z"`` stays ``"…Z"``):
    a context term is used only when its type coercion matches the value's
    datatype, otherwise the property is a compact IRI and the value an
    explicit ``{"@value", "@type"}`` object.
    """
    ctx = context()
    writer = _JsonLd(ctx)
    default: list[ox.Triple] = []
    graphs: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
    for st in statements:
        if isinstance(st, ox.Triple) or isinstance(st.graph_name, ox.DefaultGraph):
            default.append(st if isinstance(st, ox.Triple) else st.triple)
        else:
            graphs.setdefault(st.graph_name, []).append(st.triple)
    top = writer.nodes(default)
    for name, triples in graphs.items():
        top.append({"@id": writer.node_id(name), "@graph": writer.nodes(triples)})
    document = {"@context": ctx, "@graph": _sorted_json(top)}
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


class _JsonLd:
    """Compaction of RDF terms against one context (no JSON-LD processor needed)."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self.prefixes = sorted(
            ((k, v) for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))),
            key=lambda kv: len(kv[1]),
            reverse=True,
        )
        self.terms: dict[tuple[str, str | None], str] = {}  # (property, coercion) -> term
        for name, definition in sorted(ctx.items()):
            if isinstance(definition, dict) and "@id" in definition:
                prop = self.expand(definition["@id"])
                coercion = definition.get("@type")
                if coercion and coercion != "@id":
                    coercion = self.expand(coercion)
                self.terms.setdefault((prop, coercion), name)

    def expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return next((ns + local for p, ns in self.prefixes if p == prefix), curie)

    def compact(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def node_id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.compact(term.value)

    def nodes(self, triples: list[ox.Triple]) -> list[dict[str, Any]]:
        by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
        for t in triples:
            by_subject.setdefault(t.subject, []).append(t)  # type: ignore[arg-type]
        self.lists = _lists(by_subject, triples)
        cells = {cell for items in self.lists.values() for cell in items[1]}
        return [
            self._node(subject, props)
            for subject, props in by_subject.items()
            if subject not in cells
        ]

    def _node(self, subject: ox.NamedNode | ox.BlankNode, props: list[ox.Triple]) -> dict[str, Any]:
        node: dict[str, Any] = {"@id": self.node_id(subject)}
        for t in props:
            if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode):
                node.setdefault("@type", []).append(self.compact(t.object.value))
                continue
            if isinstance(t.object, ox.Triple):  # RDF 1.2 triple terms: none in our graphs
                raise ValueError(f"JSON-LD 1.1 cannot write the triple term {t.object}")
            key, value = self._value(t.predicate.value, t.object)
            node.setdefault(key, []).append(value)
        return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in node.items()}

    def _value(self, prop: str, obj: Term) -> tuple[str, Any]:
        if isinstance(obj, ox.BlankNode) and obj in self.lists:
            return self._key(prop, None), {"@list": [self._item(i) for i in self.lists[obj][0]]}
        if isinstance(obj, ox.NamedNode | ox.BlankNode):
            term = self.terms.get((prop, "@id"))
            return (term, self.node_id(obj)) if term else (self._key(prop, None), self._item(obj))
        if not obj.language and obj.datatype.value != _XSD_STRING:
            term = self.terms.get((prop, obj.datatype.value))
            if term:
                return term, obj.value
        return self._key(prop, None), self._item(obj)

    def _key(self, prop: str, coercion: str | None) -> str:
        return self.terms.get((prop, coercion)) or self.compact(prop)

    def _item(self, obj: Term) -> Any:
        """A value in explicit form (valid under any term)."""
        if isinstance(obj, ox.BlankNode) and obj in self.lists:
            return {"@list": [self._item(i) for i in self.lists[obj][0]]}
        if isinstance(obj, ox.NamedNode | ox.BlankNode):
            return {"@id": self.node_id(obj)}
        if obj.language:
            return {"@language": obj.language, "@value": obj.value}
        if obj.datatype.value == _XSD_STRING:
            return obj.value
        return {"@type": self.compact(obj.datatype.value), "@value": obj.value}


def _lists(
    by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]], triples: list[ox.Triple]
) -> dict[ox.BlankNode, tuple[list[Term], list[ox.BlankNode]]]:
    """Well-formed RDF lists by head: (items, cells).  Other rdf:first/rest stay as nodes.

    A cell is a blank node with exactly one ``rdf:first``, one ``rdf:rest`` and
    nothing else, used exactly once as an object; a list ends with ``rdf:nil``.
    """
    uses: dict[ox.BlankNode, int] = {}
    for t in triples:
        if isinstance(t.object, ox.BlankNode):
            uses[t.object] = uses.get(t.object, 0) + 1

    def cell(node: Term) -> ox.Triple | None:
        props = by_subject.get(node, []) if isinstance(node, ox.BlankNode) else []
        preds = sorted(t.predicate.value for t in props)
        if preds != [_FIRST, _REST] or uses.get(node, 0) != 1:  # type: ignore[arg-type]
            return None
        return next(t for t in props if t.predicate.value == _REST)

    found: dict[ox.BlankNode, tuple[list[Term], list[ox.BlankNode]]] = {}
    for t in triples:
        head = t.object
        if t.predicate.value == _REST or not isinstance(head, ox.BlankNode) or cell(head) is None:
            continue
        items: list[Term] = []
        cells: list[ox.BlankNode] = []
        node: Any = head
        while node != ox.NamedNode(_NIL):
            rest = cell(node)
            if rest is None:
                break
            first = next(x for x in by_subject[node] if x.predicate.value == _FIRST)
            items.append(first.object)  # type: ignore[arg-type]  # no triple terms here
            cells.append(node)
            node = rest.object
        else:
            found[head] = (items, cells)
    return found


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
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="RDF syntax (default: from the -o file's extension, else trig, "
        "which keeps the named graphs)",
    )
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


_EXTENSIONS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}


def format_for(output: Path | None) -> str:
    """The format a file name asks for; ``trig`` (lossless: named graphs kept) otherwise.

    >>> format_for(Path("october1917.nt")), format_for(None)
    ('ntriples', 'trig')
    """
    return _EXTENSIONS.get(output.suffix.lower(), "trig") if output else "trig"


def run_export(ns: argparse.Namespace) -> int:
    """Run ``kg export``; 0.  Raises :class:`StoreError` or :class:`DataError`."""
    graph = PROFILES[ns.profile] if ns.profile else ns.graph
    fmt = ns.format or format_for(ns.output)
    if ns.output is None:
        export(ns.store, fmt, sys.stdout.buffer, graph)
        return 0
    tmp = ns.output.with_name(f".{ns.output.name}.part")
    try:
        with tmp.open("wb") as out:
            count = export(ns.store, fmt, out, graph)
        tmp.replace(ns.output)
    except OSError as exc:  # a missing folder, no permission, a full disk
        raise DataError(f"{ns.output}: cannot write the export: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    print(f"wrote {count} statements to {ns.output}", file=sys.stderr)
    return 0
