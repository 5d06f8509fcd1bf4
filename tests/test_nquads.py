"""The canonical N-Triples/N-Quads formatter: what it writes, both parsers read back unchanged."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import nquads
from kg.errors import KgError

S, P, G = URIRef("https://example.org/s"), URIRef("https://example.org/p"), "https://example.org/g"

# Any text but lone surrogates (not encodable in UTF-8, so not RDF).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
LANG = st.one_of(
    st.from_regex(r"[a-z]{2,3}", fullmatch=True), st.sampled_from(["fr-FR", "de-CH", "ru-Latn"])
)
#: (lexical form, datatype): well-typed lexical forms for the XSD types, any text for the others.
TYPED = st.one_of(
    st.tuples(TEXT, st.sampled_from([None, XSD.string, URIRef("https://x.org/dt")])),
    st.tuples(st.integers().map(str), st.just(XSD.integer)),
    st.tuples(
        st.dates().map(lambda d: d.isoformat()).filter(lambda t: len(t) == 10), st.just(XSD.date)
    ),
)


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (URIRef("https://example.org/a#b"), "<https://example.org/a#b>"),
        (Literal("plain"), '"plain"'),
        (Literal("typed string", datatype=XSD.string), '"typed string"'),
        (Literal("Octobre", lang="fr"), '"Octobre"@fr'),
        (Literal(1917), '"1917"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (Literal(True), '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        (Literal('dit "non"'), '"dit \\"non\\""'),
        (Literal("a\\b"), '"a\\\\b"'),
        (Literal("l1\nl2\r\t\b\f"), '"l1\\nl2\\r\\t\\b\\f"'),
        (Literal("\x00\x1f\x7f\x0b"), '"\\u0000\\u001F\\u007F\\u000B"'),
        (Literal("é — « »"), '"é — « »"'),
        (BNode("b1"), "_:b1"),
    ],
)
def test_terms(node: object, expected: str) -> None:
    assert nquads.term(node) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad", [URIRef("https://example.org/a b"), URIRef("https://x.org/<"), URIRef('x:"')]
)
def test_unwritable_iris_raise(bad: URIRef) -> None:
    with pytest.raises(KgError):
        nquads.term(bad)


def _rdf11(triples: object) -> set:
    """The triples with ``"x"^^xsd:string`` as ``"x"`` (the same RDF 1.1 term; rdflib tells them apart)."""
    return {
        (s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o)
        for s, p, o in triples  # type: ignore[attr-defined]
    }


def _graph(lexical: str, datatype: URIRef | None, lang: str | None) -> tuple[Graph, Literal]:
    lit = Literal(lexical, lang=lang) if lang else Literal(lexical, datatype=datatype)
    g = Graph()
    g.add((S, P, lit))
    g.add((S, P, URIRef("https://example.org/o")))
    return g, lit


@given(TYPED, st.one_of(st.none(), LANG))
def test_rdflib_and_oxigraph_read_back_the_same_terms(
    typed: tuple[str, URIRef | None], lang: str | None
) -> None:
    lexical, datatype = typed
    g, _ = _graph(lexical, datatype, lang)
    lines, named = nquads.statements(g)
    data = nquads.nquads(lines, G)
    assert data.count(b"\n") == 2 and named == {
        "<https://example.org/s>",
        "<https://example.org/o>",
    }
    # one statement per line: no raw line break survives in a literal
    assert all(line.endswith(f"<{G}> .".encode()) for line in data.split(b"\n")[:-1])
    back = Dataset()
    back.parse(data=data.decode(), format="nquads")
    assert _rdf11(back.graph(URIRef(G))) == _rdf11(g)
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    parsed = {q.object for q in quads if isinstance(q.object, ox.Literal)}
    expected = (
        ox.Literal(lexical, language=lang.lower())
        if lang
        else ox.Literal(lexical, datatype=ox.NamedNode(str(datatype or XSD.string)))
    )
    assert {
        ox.Literal(p.value, language=p.language.lower()) if p.language else p for p in parsed
    } == {expected}
    # the same statements, as N-Triples, give the same triples
    assert _rdf11(Graph().parse(data=nquads.ntriples(lines), format="nt")) == _rdf11(g)


@given(TEXT)
def test_canonical_escaping(lexical: str) -> None:
    """Only the c14n escapes: no raw control character, quote or backslash; nothing else escaped."""
    written = nquads.literal(lexical)[1:-1]
    assert not any(ord(c) < 0x20 or c == "\x7f" for c in written)
    unescaped = written.replace("\\\\", "")
    assert '"' not in unescaped.replace('\\"', "")
    if not any(c in lexical for c in '\\"') and all(0x20 <= ord(c) != 0x7F for c in lexical):
        assert written == lexical


def test_a_graph_as_rdflib_would_write_it() -> None:
    """The formatter and rdflib's N-Triples serializer give the same triples for a real graph."""
    from kg import rdf
    from kg.gazetteer import load_gazetteer

    g = rdf.gazetteer_graph(load_gazetteer().entities)
    lines, _ = nquads.statements(g)
    ours = Graph().parse(data=nquads.ntriples(lines), format="nt")
    theirs = Graph().parse(data=g.serialize(format="nt"), format="nt")
    assert set(ours) == set(theirs) == set(g)
    assert len(lines) == len(g)
