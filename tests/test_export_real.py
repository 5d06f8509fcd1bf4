"""Every export format round-trips the real graph term for term (lists, dateTimes, graphs).

Two independent parsers read each export back: pyoxigraph's, whose terms are
compared with the store's after RDFC-1.0 canonicalisation (so a literal's
lexical form, e.g. ``…Z``, must survive exactly), and rdflib's, compared by
graph isomorphism.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.compare import to_isomorphic

from kg import store as kg_store
from kg.export import FORMATS, QUAD_FORMATS, canonical_quads, export

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
OXIGRAPH = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RDFLIB = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "nt"}
RDFLIB |= {"jsonld": "json-ld", "rdfxml": "xml"}
LIST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


@pytest.fixture(scope="module")
def db(built_store) -> ox.Store:
    return kg_store.open_read_only(built_store)


@pytest.fixture(scope="module")
def exports(db) -> dict[str, bytes]:
    found = {}
    for fmt in FORMATS:
        out = io.BytesIO()
        export(db, fmt, out)
        found[fmt] = out.getvalue()
    return found


def _canonical(statements) -> list[str]:
    dataset = ox.Dataset(statements)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def _expected(db: ox.Store, fmt: str) -> list[str]:
    quads = canonical_quads(db)
    if fmt in QUAD_FORMATS:
        return _canonical(quads)
    return _canonical(ox.Quad(t.subject, t.predicate, t.object) for t in {q.triple for q in quads})


def test_the_real_graph_has_lists_and_datetimes(db):
    quads = list(db)
    assert sum(q.predicate.value == LIST for q in quads) >= 10
    datetimes = [q.object.value for q in quads if getattr(q.object, "datatype", None)]
    assert any(v.endswith("Z") for v in datetimes)
    assert any(
        isinstance(q.object, ox.Literal) and q.object.datatype.value == DATETIME for q in quads
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_oxigraph_reads_back_every_term(db, exports, fmt):
    got = _canonical(ox.parse(exports[fmt], format=OXIGRAPH[fmt]))
    want = _expected(db, fmt)
    assert len(got) == len(want)
    assert got == want


@pytest.mark.parametrize("fmt", FORMATS)
def test_rdflib_reads_back_an_isomorphic_dataset(exports, fmt):
    got, want = Dataset(), Dataset()
    got.parse(data=exports[fmt], format=RDFLIB[fmt])
    want.parse(data=exports["nquads" if fmt in QUAD_FORMATS else "ntriples"], format="nquads")
    assert len(got) == len(want)
    graphs = {str(g.identifier): to_isomorphic(g) for g in got.graphs() if len(g)}
    expected = {str(g.identifier): to_isomorphic(g) for g in want.graphs() if len(g)}
    assert graphs.keys() == expected.keys()
    assert all(graphs[k] == expected[k] for k in expected)


def test_jsonld_is_1_1_with_lists_and_exact_datetimes(exports):
    text = exports["jsonld"].decode()
    doc = json.loads(text)
    assert doc["@context"]["@version"] == 1.1
    assert '"@list"' in text
    assert '"@type": "xsd:dateTime"' in text and 'Z"' in text
    assert '"rdf:first"' not in text  # every list of the graph is well formed
    assert all("@graph" in g for g in doc["@graph"])  # one object per named graph


def test_context_terms_match_the_stored_datatypes(db, exports):
    """A typed term is used for every value of its property (no value falls back)."""
    doc = json.loads(exports["jsonld"])
    context = doc["@context"]
    nodes = [n for g in doc["@graph"] for n in g["@graph"]]
    for term, definition in context.items():
        if isinstance(definition, dict) and definition.get("@type") not in (None, "@id"):
            assert any(term in n for n in nodes), term
            assert not any(definition["@id"] in n for n in nodes), term


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_turtle_names_need_no_escapes(exports, fmt):
    text = exports[fmt].decode()
    assert "\\/" not in text
    assert "@prefix person: <https://w3id.org/october1917/person/> ." in text
