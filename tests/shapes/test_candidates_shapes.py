"""shapes/candidates.ttl: a conforming and a violating example of a candidate."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.model import Span
from kg.rdf.provenance import add_evidence
from kg.validate import validate
from kg.vocab import OKG, RDF

PREFIXES = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix okg: <https://w3id.org/october1917/ontology#> .
@prefix : <https://w3id.org/october1917/test/> .
"""

TEXT = "Le lieutenant Abramovitch arriva."

CANDIDATE = """
:c a okg:Candidate , okg:Unlinked , foaf:Person ;
    rdfs:label "Abramovitch"@fr ; skos:prefLabel "Abramovitch"@fr ;
    okg:surfaceForm "Abramovitch"@fr ; okg:mentionCount 1 ;
    okg:candidateKey "person-abramovitch" ; okg:cue "title" .
"""


def conforms(ttl: str, with_evidence: bool = True) -> bool:
    g = Graph()
    g.parse(data=PREFIXES + ttl, format="turtle")
    if with_evidence:
        node = URIRef("https://w3id.org/october1917/test/c")
        add_evidence(g, node, Span("t", 14, 25, TEXT[14:25]), TEXT)
    g.add((iris.text("t"), RDF.type, OKG.TextManifestation))
    g.add((iris.text("t"), OKG.sha256, Literal("0" * 64)))
    return validate(g).conforms


def test_conforming() -> None:
    assert conforms(CANDIDATE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('okg:candidateKey "person-abramovitch"', 'okg:candidateKey "Person Abramovitch"'),
        ('okg:candidateKey "person-abramovitch"', 'okg:candidateKey "ship-abramovitch"'),
        ("okg:mentionCount 1", "okg:mentionCount 0"),
        ('okg:surfaceForm "Abramovitch"@fr ;', ""),
        ('rdfs:label "Abramovitch"@fr ;', 'rdfs:label "Abramovitch"@fr , "Abramovich"@fr ;'),
        ('okg:cue "title" .', 'okg:cue "title" ; owl:sameAs <http://www.wikidata.org/entity/Q1> .'),
        ("foaf:Person ;", "okg:Thing ;"),  # no class of its kind
    ],
)
def test_violating(old: str, new: str) -> None:
    assert old in CANDIDATE
    assert not conforms(CANDIDATE.replace(old, new, 1))


def test_a_candidate_without_evidence_violates() -> None:
    assert not conforms(CANDIDATE, with_evidence=False)
