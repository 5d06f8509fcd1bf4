"""Every minted IRI resolves under the server: HTML for people, RDF for machines."""

from __future__ import annotations

import json

import pytest
import rdflib

from kg.config import BASE_IRI

LENIN = rdflib.URIRef(BASE_IRI + "person/lenin")
MEETING = "doc/003_2d74070e7dd118d0/meeting/1917-11-14-petrograd-committee"


def test_html_for_browsers(server):
    status, headers, body = server.request(
        "GET",
        "/person/lenin",
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    )
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "<h1>Lenin</h1>" in page
    assert page.index("<h2>Facts</h2>") < page.index("<h2>Evidence</h2>")  # facts first
    assert 'href="http://www.wikidata.org/entity/Q1394"' in page
    assert page.count('class="wikidata"') == 1
    # evidence: the quoted passage of facts with Lenin, with document and offsets
    assert "<mark>Lénine préside la séance du comité de Petrograd</mark>" in page
    assert 'href="/doc/003_2d74070e7dd118d0#c120" title="characters 120–168"' in page
    # facts in plain words, with human labels and local links, each row once
    assert f'href="/{MEETING}"' in page and "Séance du comité de Petrograd" in page
    facts = page[page.index("<h2>Facts</h2>") : page.index("<h2>Evidence</h2>")]
    assert facts.count(f'href="/{MEETING}" title=') == 1
    assert '<p class="types">Person</p>' in page


def test_turtle_by_default_and_by_negotiation(server):
    for accept in (None, "text/turtle", "*/*"):
        status, headers, body = server.request(
            "GET", "/person/lenin", headers={"Accept": accept} if accept else {}
        )
        assert status == 200 and headers["content-type"].startswith("text/turtle")
        g = rdflib.Graph().parse(data=body, format="turtle")
        assert (LENIN, rdflib.RDFS.label, rdflib.Literal("Lénine", lang="fr")) in g
        assert (None, None, LENIN) in g  # incoming statements too


@pytest.mark.parametrize(
    ("target", "accept", "media", "fmt"),
    [
        ("/person/lenin", "application/ld+json", "application/ld+json", "json-ld"),
        ("/person/lenin", "application/n-triples", "application/n-triples", "nt"),
        ("/person/lenin", "application/rdf+xml", "application/rdf+xml", "xml"),
        ("/person/lenin.ttl", "text/html", "text/turtle", "turtle"),
        ("/person/lenin.nt", None, "application/n-triples", "nt"),
        ("/person/lenin.jsonld", None, "application/ld+json", "json-ld"),
        ("/person/lenin?format=ntriples", "text/html", "application/n-triples", "nt"),
    ],
)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
def test_rdf_representations(server, target, accept, media, fmt):
    status, headers, body = server.request(
        "GET", target, headers={"Accept": accept} if accept else {}
    )
    assert status == 200 and headers["content-type"].startswith(media)
    assert (LENIN, rdflib.RDF.type, rdflib.FOAF.Person) in rdflib.Graph().parse(
        data=body, format=fmt
    )


def test_fact_page_shows_its_evidence(server):
    status, _, body = server.request("GET", "/" + MEETING, headers={"Accept": "text/html"})
    assert status == 200 and "Lénine préside la séance" in body.decode()


@pytest.mark.parametrize(
    "path", ["/person/nobody", "/person/lenin.xyz", "/person/nobody.ttl", "/favicon.ico", "/doc"]
)
def test_unknown_is_404(server, path):
    status, _, body = server.request("GET", path)
    assert status == 404 and json.loads(body)["error"]["type"] == "not-found"


def test_406_for_entity(server):
    status, _, _ = server.request("GET", "/person/lenin", headers={"Accept": "image/png"})
    assert status == 406


def test_head(server):
    status, headers, body = server.request("HEAD", "/person/lenin")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_wikidata_evidence_is_one_human_line_below_the_facts():
    import pyoxigraph as ox

    from kg.serve.linkeddata import entity

    st = ox.Store()
    node = ox.NamedNode(BASE_IRI + "person/kamenev")
    evidence = (
        "tom-james-watson/wikitrivia @ 1f0099d, content/queries/famous-revolutionaries-"
        "death-year/rows.json: item Q165854, itemLabel 'Lev Kamenev'; checked 2026-12"
    )
    for p, o in (
        ("http://www.w3.org/2004/02/skos/core#prefLabel", ox.Literal("Kaménev", language="fr")),
        ("http://schema.org/sameAs", ox.NamedNode("http://www.wikidata.org/entity/Q165854")),
        ("https://w3id.org/october1917/ontology#wikidataEvidence", ox.Literal(evidence)),
        ("http://schema.org/description", ox.Literal("Bolshevik", language="en")),
    ):
        st.add(ox.Quad(node, ox.NamedNode(p), o))
    reply = entity(st, {"path": "person/kamenev", "accept": "text/html"})
    page = reply.body.decode()
    line = "Wikidata Q165854, checked against a Wikidata SPARQL export (2026)"
    assert line in page
    facts = page.split("<h2>Facts</h2>")[1]
    assert "rows.json" not in facts.split('class="wikidata-evidence"')[0]  # not a fact
    assert "rows.json" not in page.split("<h2>Facts</h2>")[0]  # nor in the header
    assert facts.index("</section>") < facts.index(line)  # below the facts
    assert page.count(line) == 1
