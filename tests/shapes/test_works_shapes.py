"""shapes/works.ttl and shapes/quotations.ttl: a conforming and a violating example per shape."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.model import Span
from kg.rdf.provenance import add_evidence
from kg.validate import validate
from kg.vocab import OKG, RDF

TEST = "https://w3id.org/october1917/test/"

PREFIXES = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <http://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix doco: <http://purl.org/spar/doco/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix okg: <https://w3id.org/october1917/ontology#> .
@prefix : <https://w3id.org/october1917/test/> .
"""

TEXT = "x" * 40


def evidence(body: str, n: int) -> str:
    """A marker replaced by a real Web Annotation (kg.rdf.provenance) when the example is parsed."""
    return f"\n# EVIDENCE {body} {n}\n"


def with_evidence(g: Graph, ttl: str) -> Graph:
    for line in ttl.splitlines():
        if line.startswith("# EVIDENCE "):
            _, _, body, n = line.split()
            node = URIRef(TEST + body.lstrip(":"))
            add_evidence(g, node, Span("t", int(n), int(n) + 1, TEXT[int(n) : int(n) + 1]), TEXT)
    text = iris.text("t")
    g.add((text, RDF.type, OKG.TextManifestation))
    g.add((text, OKG.sha256, Literal("0" * 64)))
    return g


DECREE = """
:decree a okg:NamedDocument , okg:Decree ; rdfs:label "Décret sur la terre"@fr ; okg:documentType "decree" ;
    schema:exampleOfWork :work ; dcterms:creator :lenin ; okg:adoptedBy :congress ;
    dcterms:date "1917-11-08"^^xsd:date ; okg:signatoryCount "242"^^xsd:integer .
""" + evidence(":decree", 1)

DOC = """
:doc a okg:Document ; dcterms:title "Les journées d'Octobre"@fr ; okg:docId "t" ; dcterms:language "fr" ;
    dcterms:creator :krupskaya ; okg:printedIn :edition ;
    <http://purl.org/spar/fabio/hasManifestation> <https://w3id.org/october1917/doc/t/text> .
"""

CITATION = (
    DOC
    + """
:note a doco:Footnote ; dcterms:isPartOf :doc .
:cit a cito:Citation ; cito:hasCitingEntity :note ; cito:hasCitedEntity :part ;
    cito:hasCitationCharacterisation cito:citesAsSourceDocument .
:part a okg:CitedPart ; rdfs:label "Œuvres, t. 26, p. 1-3"@fr ; bibo:pages "1-3" ; bibo:pageStart "1" ; bibo:pageEnd "3" ;
    dcterms:isPartOf :volume .
:volume bibo:volume "26" ; dcterms:isPartOf :edition .
:edition dcterms:issued "1954"^^xsd:gYear .
"""
    + evidence(":cit", 2)
)

#: A reference printed inline in the running text: the document itself cites.
INLINE_CITATION = CITATION.replace("cito:hasCitingEntity :note", "cito:hasCitingEntity :doc")

QUOTATION = (
    DOC
    + """
:q a schema:Quotation ; schema:text "Il faut rompre les pourparlers."@fr ; schema:creator :lenin ;
    schema:isPartOf :doc ; prov:wasQuotedFrom :decree .
"""
    + DECREE
    + evidence(":q", 3)
)

REPORTED = (
    DOC
    + """
:r a okg:ReportedSpeech ; schema:text "la situation est mûre pour l’insurrection"@fr ;
    okg:speechVerb "constate"@fr ; okg:speechMode "statement" ; schema:agent :lenin ;
    schema:isPartOf :doc .
"""
    + evidence(":r", 4)
)


def conforms(ttl: str) -> bool:
    g = Graph()
    g.parse(data=PREFIXES + ttl, format="turtle")
    return validate(with_evidence(g, ttl)).conforms


@pytest.mark.parametrize("example", [DECREE, CITATION, INLINE_CITATION, QUOTATION, REPORTED])
def test_conforming(example: str) -> None:
    assert conforms(example)


@pytest.mark.parametrize(
    ("example", "old", "new"),
    [
        (DECREE, 'okg:documentType "decree"', 'okg:documentType "pamphlet"'),
        (DECREE, '"242"^^xsd:integer', '"-3"^^xsd:integer'),
        (DECREE, 'rdfs:label "Décret sur la terre"@fr ;', ""),
        (DECREE, "# EVIDENCE :decree 1", "# EVIDENCE :other 1"),  # no evidence
        (CITATION, "cito:hasCitingEntity :note ;", ""),
        (CITATION, "cito:citesAsSourceDocument", "<http://example.org/cites>"),
        (CITATION, 'bibo:pageStart "1"', 'bibo:pageStart "p. 1"'),
        (
            CITATION,
            ':volume bibo:volume "26" ; dcterms:isPartOf :edition .',
            ':volume bibo:volume "t. 26" .',
        ),
        (CITATION, '"1954"^^xsd:gYear', '"1954"'),
        (CITATION, "cito:hasCitingEntity :note", "cito:hasCitingEntity :volume"),  # not a note
        (QUOTATION, 'schema:text "Il faut rompre les pourparlers."@fr ;', ""),
        (QUOTATION, "schema:creator :lenin ;", "schema:creator :lenin , :trotsky ;"),
        (QUOTATION, "schema:isPartOf :doc ;", "schema:isPartOf :elsewhere ;"),
        (QUOTATION, "# EVIDENCE :q 3", "# EVIDENCE :nothing 3"),
        (REPORTED, 'okg:speechMode "statement"', 'okg:speechMode "rumour"'),
        (REPORTED, 'okg:speechVerb "constate"@fr ;', ""),
        (REPORTED, "schema:agent :lenin ;", "schema:agent :lenin , :trotsky ;"),
        (REPORTED, 'schema:text "la situation est mûre pour l’insurrection"@fr ;', ""),
        (REPORTED, "# EVIDENCE :r 4", "# EVIDENCE :nothing 4"),
    ],
)
def test_violating(example: str, old: str, new: str) -> None:
    assert old in example
    assert not conforms(example.replace(old, new, 1))
