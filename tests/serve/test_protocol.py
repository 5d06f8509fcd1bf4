"""SPARQL 1.1 Protocol against a real server, with real clients."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote, urlencode

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.config import BASE_IRI

PEOPLE = "SELECT ?p ?l WHERE { ?p a foaf:Person ; rdfs:label ?l FILTER(LANG(?l)='en') } ORDER BY ?l"
LENIN = f"<{BASE_IRI}person/lenin>"


def wrapper(server, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_select_json(server):
    data = wrapper(server, PEOPLE, JSON).query().convert()
    labels = [b["l"]["value"] for b in data["results"]["bindings"]]
    assert labels == ["Lenin", "Leon Trotsky", "Nadezhda Krupskaya"]
    assert data["results"]["bindings"][0]["l"]["xml:lang"] == "en"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_xml_and_post(server, method):
    sw = wrapper(server, PEOPLE, XML)
    sw.setMethod(method)
    doc = sw.query().convert()
    assert len(doc.getElementsByTagName("result")) == 3


def test_sparqlwrapper_csv_tsv(server):
    rows = list(csv.reader(io.StringIO(wrapper(server, PEOPLE, CSV).query().convert().decode())))
    assert rows[0] == ["p", "l"] and rows[1] == [f"{BASE_IRI}person/lenin", "Lenin"]
    tsv = wrapper(server, PEOPLE, TSV).query().convert().decode().splitlines()
    assert tsv[0] == "?p\t?l" and tsv[1] == f'{LENIN}\t"Lenin"@en'


def test_sparqlwrapper_ask_and_construct(server):
    assert wrapper(server, f"ASK {{ {LENIN} ?p ?o }}", JSON).query().convert()["boolean"] is True
    turtle = wrapper(server, f"CONSTRUCT {{ {LENIN} ?p ?o }} WHERE {{ {LENIN} ?p ?o }}", TURTLE)
    g = rdflib.Graph().parse(data=turtle.query().convert(), format="turtle")
    assert (
        rdflib.URIRef(BASE_IRI + "person/lenin"),
        rdflib.RDFS.label,
        rdflib.Literal("Lenin", lang="en"),
    ) in g


def test_rdflib_sparqlstore(server):
    store = SPARQLStore(server.url + "/sparql")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(PEOPLE))
    assert [str(r.l) for r in rows] == ["Lenin", "Leon Trotsky", "Nadezhda Krupskaya"]
    assert graph.query(f"ASK {{ {LENIN} a foaf:Person }}").askAnswer is True
    built = graph.query(f"CONSTRUCT {{ {LENIN} ?p ?o }} WHERE {{ {LENIN} ?p ?o }}").graph
    assert len(built) == 6


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_negotiation(server, accept, media):
    status, headers, _ = server.request(
        "GET", "/sparql?" + urlencode({"query": PEOPLE}), headers={"Accept": accept}
    )
    assert status == 200 and headers["content-type"].startswith(media)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/trig", "application/trig"),
        ("application/n-quads", "application/n-quads"),
    ],
)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers
def test_construct_negotiation(server, accept, media):
    query = f"DESCRIBE {LENIN}"
    status, headers, body = server.request(
        "GET", "/sparql?" + urlencode({"query": query}), headers={"Accept": accept}
    )
    assert status == 200 and headers["content-type"].startswith(media)
    fmt = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/ld+json": "json-ld",
        "application/rdf+xml": "xml",
        "application/trig": "trig",
        "application/n-quads": "nquads",
    }
    parsed = rdflib.Dataset().parse(data=body, format=fmt[media])
    assert len(parsed) == 6


def test_format_parameter_is_a_fallback(server):
    q = quote(PEOPLE)
    status, headers, _ = server.request(
        "GET", f"/sparql?query={q}&format=csv", headers={"Accept": "text/html"}
    )
    assert status == 200 and headers["content-type"].startswith("text/csv")
    status, headers, _ = server.request(
        "GET", f"/sparql?query={quote('DESCRIBE ' + LENIN)}&format=jsonld"
    )
    assert headers["content-type"].startswith("application/ld+json")


def test_406_when_nothing_acceptable(server):
    status, _, body = server.request(
        "GET", "/sparql?" + urlencode({"query": PEOPLE}), headers={"Accept": "image/png"}
    )
    assert status == 406
    assert json.loads(body)["error"]["type"] == "not-acceptable"
    status, _, _ = server.request("GET", "/sparql?" + urlencode({"query": PEOPLE, "format": "ttl"}))
    assert status == 406  # SELECT results have no Turtle form


def test_post_sparql_query_body(server):
    status, _, body = server.request(
        "POST",
        "/sparql",
        PEOPLE.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


def test_dataset_parameters(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    gaz = BASE_IRI + "graph/gazetteer"
    q = urlencode({"query": count, "default-graph-uri": gaz})
    _, _, body = server.request("GET", f"/sparql?{q}")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "24"
    q = urlencode(
        [
            ("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
            ("named-graph-uri", gaz),
            ("named-graph-uri", BASE_IRI + "graph/meta"),
        ]
    )
    _, _, body = server.request("GET", f"/sparql?{q}")
    assert len(json.loads(body)["results"]["bindings"]) == 2
    q = urlencode({"query": count, "default-graph-uri": BASE_IRI + "graph/nothing"})
    status, _, body = server.request("GET", f"/sparql?{q}")
    assert status == 404 and json.loads(body)["error"]["type"] == "unknown-graph"


def test_union_default_graph_by_default(server):
    q = urlencode({"query": f"ASK {{ {LENIN} a foaf:Person }}"})
    assert json.loads(server.request("GET", f"/sparql?{q}")[2])["boolean"] is True


def test_malformed_query_400_with_position(server):
    status, headers, body = server.request("GET", "/sparql?" + urlencode({"query": "SELECT * {"}))
    assert status == 400 and headers["content-type"].startswith("application/json")
    error = json.loads(body)["error"]
    assert error["status"] == 400 and error["type"] == "malformed-query"
    assert "1:" in error["message"] and "Traceback" not in error["message"]
    with pytest.raises(QueryBadFormed):
        wrapper(server, "SELECT * {", JSON).query()


def test_error_as_text_when_preferred(server):
    status, headers, body = server.request(
        "GET", "/sparql?" + urlencode({"query": "SELEC"}), headers={"Accept": "text/plain"}
    )
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.decode().startswith("400 malformed-query: ")


def test_row_cap_is_signalled(server):
    q = urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    status, headers, body = server.request("GET", f"/sparql?{q}")
    data = json.loads(body)
    assert status == 200 and headers["x-kg-truncated"] == "true"
    assert headers["x-kg-row-limit"] == "20"
    assert len(data["results"]["bindings"]) == 20 and data["truncated"] is True
    status, headers, body = server.request("GET", f"/sparql?{q}", headers={"Accept": "text/csv"})
    assert headers["x-kg-truncated"] == "true" and len(body.decode().splitlines()) == 21
    q = urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ntriples"})
    status, headers, body = server.request("GET", f"/sparql?{q}")
    assert headers["x-kg-truncated"] == "true" and len(body.decode().splitlines()) == 20
    _, headers, _ = server.request("GET", "/sparql?" + urlencode({"query": PEOPLE}))
    assert "x-kg-truncated" not in headers


def test_cache_reuses_answers(server):
    q = urlencode({"query": PEOPLE + " # cache test"})
    first = server.request("GET", f"/sparql?{q}")
    second = server.request("GET", f"/sparql?{q}")
    assert first[2] == second[2]
    assert "x-kg-cache" not in first[1] and second[1]["x-kg-cache"] == "hit"


def test_service_description(server):
    status, headers, body = server.request("GET", "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(server.url + "/sparql")
    assert (endpoint, rdflib.RDF.type, sd.Service) in g
    assert (endpoint, sd.feature, sd.UnionDefaultGraph) not in g  # a bag, not the RDF merge
    (comment,) = g.objects(next(g.objects(endpoint, sd.defaultDataset)), rdflib.RDFS.comment)
    assert "matches n times" in comment
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Update) not in g
    assert len(list(g.objects(None, sd.namedGraph))) == 6


@pytest.mark.parametrize("path", ["/dataset", "/.well-known/void"])
def test_void_dcat(server, path):
    status, _, body = server.request("GET", path, headers={"Accept": "text/turtle"})
    assert status == 200
    g = rdflib.Graph().parse(data=body, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    ds = rdflib.URIRef(BASE_IRI + "dataset")
    assert int(g.value(ds, void.triples)) == 111
    assert (ds, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")) in g
    linkset = next(g.subjects(rdflib.RDF.type, void.Linkset))
    assert int(g.value(linkset, void.triples)) == 4
    persons = [
        p
        for p in g.objects(ds, void.classPartition)
        if g.value(p, void["class"]) == rdflib.FOAF.Person
    ]
    assert int(g.value(persons[0], void.entities)) == 4
    assert g.value(ds, rdflib.DCTERMS.license) is not None
    assert len(list(g.objects(ds, rdflib.DCTERMS.source))) == 2


def test_dataset_page_for_browsers(server):
    """A browser asking for HTML gets a page (not 406, not raw Turtle); data clients still Turtle."""
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, body = server.request("GET", "/dataset", headers={"Accept": accept})
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert "<dt>Statements</dt><dd>111</dd>" in page
    assert '<td>foaf:Person</td><td class="num">4</td>' in page
    assert page.count('href="/doc/') == 2 and "content-security-policy" in headers
    assert "<script>" not in page
    status, headers, _ = server.request("GET", "/dataset", headers={"Accept": "*/*"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, _, _ = server.request("GET", "/dataset", headers={"Accept": "image/png"})
    assert status == 406


def test_graph_store_get(server):
    gaz = quote(BASE_IRI + "graph/gazetteer", safe="")
    status, _, body = server.request(
        "GET", f"/store?graph={gaz}", headers={"Accept": "application/n-triples"}
    )
    assert status == 200 and len(body.decode().splitlines()) == 24
    status, _, body = server.request("GET", "/store?default", headers={"Accept": "text/turtle"})
    assert status == 200 and len(rdflib.Graph().parse(data=body, format="turtle")) > 100
    status, _, body = server.request("GET", "/store?graph=" + quote(BASE_IRI + "graph/x"))
    assert status == 404 and json.loads(body)["error"]["type"] == "unknown-graph"
    assert server.request("GET", "/store")[0] == 400


def test_browser_asking_html_is_sent_to_the_query_page(server):
    status, headers, _ = server.request(
        "GET", "/sparql?" + urlencode({"query": PEOPLE}), headers={"Accept": "text/html,*/*;q=0.8"}
    )
    assert status == 303 and headers["location"].startswith("/?query=SELECT")


def test_query_page_and_examples(server):
    status, headers, body = server.request("GET", "/query")
    assert status == 200 and b'id="yasqe"' in body and BASE_IRI.encode() in body
    assert "script-src 'self'" in headers["content-security-policy"]
    examples = json.loads(server.request("GET", "/examples.json")[2])
    assert [e["title"] for e in examples][:2] == [
        "People and their Wikidata links",
        "Meetings and who chaired them",
    ]
    assert server.request("GET", "/static/app.js")[0] == 200
    assert server.request("GET", "/static/../app.py")[0] in (400, 404)


def test_cors_is_off_by_default(server):
    _, headers, _ = server.request(
        "GET", "/sparql?" + urlencode({"query": "ASK {}"}), headers={"Origin": "http://example.org"}
    )
    assert "access-control-allow-origin" not in headers
