"""SHACL shapes of shapes/people.ttl and shapes/bodies.ttl.

One conforming and one violating example each.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.validate import validate

PREFIXES = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix okg: <https://w3id.org/october1917/ontology#> .
@prefix ex: <https://example.org/> .
ex:trotsky a foaf:Person ; rdfs:label "Trotski"@fr ; skos:prefLabel "Trotski"@fr .
ex:cc a org:Organization ; rdfs:label "Comité central"@fr ; skos:prefLabel "Comité central"@fr .
ex:party a org:Organization ; rdfs:label "Parti"@fr ; skos:prefLabel "Parti"@fr .
ex:member a org:Role, skos:Concept ; skos:prefLabel "membre"@fr, "member"@en .
ex:partof a skos:Concept ; skos:prefLabel "part of"@en .
"""

NAME_OK = """
ex:trotsky opengov:otherName ex:n1 .
ex:n1 a opengov:OtherName, okg:NameMention ; rdfs:label "L. Bronstein"@fr ;
    okg:surfaceForm "L. Bronstein"@fr ;
    okg:refersTo ex:trotsky ; okg:nameType okg:BirthName .
ex:a1 oa:hasBody ex:n1 .
"""

MEMBERSHIP_OK = """
ex:m1 a org:Membership ; org:member ex:trotsky ; org:organization ex:cc ; org:role ex:member .
ex:a2 oa:hasBody ex:m1 .
"""

RELATION_OK = """
ex:r1 a okg:BodyRelation ; okg:part ex:cc ; okg:whole ex:party ; okg:relationType ex:partof ;
    okg:impliedProperty org:subOrganizationOf .
ex:a3 oa:hasBody ex:r1 .
"""

ROLE_BAD = """
ex:m1 a org:Membership ; org:member ex:trotsky ; org:organization ex:cc ; org:role ex:nolabel .
ex:nolabel a org:Role .
ex:a2 oa:hasBody ex:m1 .
"""


def conforms(turtle: str) -> bool:
    g = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return validate(g).conforms


@pytest.mark.parametrize("turtle", [NAME_OK, MEMBERSHIP_OK, RELATION_OK])
def test_conforming(turtle: str) -> None:
    assert conforms(turtle)


@pytest.mark.parametrize(
    "turtle",
    [
        NAME_OK.replace("ex:a1 oa:hasBody ex:n1 .", ""),  # no evidence
        NAME_OK.replace(
            "okg:nameType okg:BirthName", "okg:nameType okg:Nickname"
        ),  # unknown name type
        NAME_OK.replace("ex:trotsky opengov:otherName ex:n1 .", ""),  # not linked from the person
        NAME_OK.replace(
            'rdfs:label "L. Bronstein"@fr ;', 'rdfs:label "L. Bronstein" ;'
        ),  # untagged form
        MEMBERSHIP_OK.replace("ex:a2 oa:hasBody ex:m1 .", ""),  # no evidence
        MEMBERSHIP_OK.replace("org:organization ex:cc ;", ""),  # no organization
        MEMBERSHIP_OK.replace(
            "org:member ex:trotsky ;", "org:member ex:trotsky, ex:cc ;"
        ),  # two members
        ROLE_BAD,  # a role without a label
        RELATION_OK.replace("ex:a3 oa:hasBody ex:r1 .", ""),  # no evidence
        RELATION_OK.replace("okg:whole ex:party", "okg:whole ex:cc"),  # part of itself
        RELATION_OK.replace(
            "okg:impliedProperty org:subOrganizationOf .", "."
        ),  # no implied property
    ],
)
def test_violating(turtle: str) -> None:
    assert not conforms(turtle)
