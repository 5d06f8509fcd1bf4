"""The one canonical N-Triples / N-Quads formatter of the build (no rdflib serializer).

Every graph the build writes (a document's named graph, the shared graphs)
and every graph it validates goes through :func:`statements`: one string
``"<s> <p> <o>"`` per triple, which :func:`ntriples` ends with ``" .\\n"``
and :func:`nquads` with ``" <graph> .\\n"``.  Formatting each triple once
serves both the validator and the store.

Terms are written in canonical N-Triples (RDF 1.1 / RDF 1.2 c14n): a
literal's ``\\b \\t \\n \\f \\r " \\`` as escapes, the other control
characters as ``\\u00XX``, everything else as UTF-8; no ``^^xsd:string``;
language tags as given.  An IRI that N-Triples cannot carry raises
:class:`~kg.errors.KgError` (our IRIs are minted in :mod:`kg.iris`, so that is
a bug, not bad input).

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("http://x/s"), URIRef("http://x/p"), Literal('a "b"\\n', lang="fr")))
>>> nquads(statements(g)[0], "http://x/g")
b'<http://x/s> <http://x/p> "a \\\\"b\\\\"\\\\n"@fr <http://x/g> .\\n'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ECHAR = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"'}
_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        **{chr(c): _ECHAR.get(c, f"\\u{c:04X}") for c in (*range(0x20), 0x22, 0x7F)},
    }
)
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal in canonical N-Triples.

    >>> literal("1917", "http://www.w3.org/2001/XMLSchema#gYear")
    '"1917"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    text = lexical.translate(_ESCAPES) if _NEEDS_ESCAPE.search(lexical) else lexical
    if lang:
        return f'"{text}"@{lang}'
    if datatype is None or datatype == XSD_STRING:
        return f'"{text}"'
    return f'"{text}"^^{iri(datatype)}'


def iri(value: str) -> str:
    """``<value>``; raises :class:`KgError` for an IRI N-Triples cannot write."""
    if _BAD_IRI.search(value):
        raise KgError(f"not an IRI N-Triples can write: {value!r}")
    return f"<{value}>"


def term(node: Node) -> str:
    """One rdflib term in canonical N-Triples."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        dt = node.datatype
        return literal(str(node), None if dt is None else str(dt), node.language)
    if isinstance(node, BNode):
        if not _BNODE_LABEL.fullmatch(str(node)):
            raise KgError(f"not a blank node label N-Triples can write: {node!r}")
        return f"_:{node}"
    raise KgError(f"not an RDF term: {node!r}")


def statements(g: Graph) -> tuple[list[str], set[str]]:
    """Every triple of ``g`` as ``"s p o"`` (no terminator), and the IRIs it names as subject or object.

    IRIs are formatted once each (they repeat: a document names a few
    thousand nodes in tens of thousands of triples).
    """
    seen: dict[Node, str] = {}
    named: set[str] = set()
    out = []
    for s, p, o in g:
        fs = seen.get(s)
        if fs is None:
            fs = seen[s] = term(s)
        fp = seen.get(p)
        if fp is None:
            fp = seen[p] = term(p)
        if isinstance(o, URIRef):
            fo = seen.get(o)
            if fo is None:
                fo = seen[o] = term(o)
            named.add(fo)
        else:
            fo = term(o)
        if isinstance(s, URIRef):
            named.add(fs)
        out.append(f"{fs} {fp} {fo}")
    return out, named


def ntriples(lines: Iterable[str]) -> str:
    """The statements as an N-Triples document."""
    return "".join(f"{line} .\n" for line in lines)


def nquads(lines: Iterable[str], graph_iri: str) -> bytes:
    """The statements as N-Quads in the named graph ``graph_iri``, UTF-8."""
    tail = f" {iri(str(graph_iri))} .\n"
    return "".join(f"{line}{tail}" for line in lines).encode("utf-8")
