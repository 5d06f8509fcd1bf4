"""SHACL shapes of shapes/appointments.ttl for what the general appointment rules write:
posts the gazetteer lacks, holders the gazetteer lacks (candidates), org:hasMembership."""

from __future__ import annotations

import pytest

from tests.shapes.test_events_shapes import conforms

CANDIDATE = """
ex:cand a foaf:Person ; rdfs:label "Ivan Zagorodny"@fr ; skos:prefLabel "Ivan Zagorodny"@fr .
"""
MINTED_POST = """
ex:minted a org:Post ; rdfs:label "commandant de la forteresse"@fr ;
    skos:prefLabel "commandant de la forteresse"@fr .
"""
HELD = (
    CANDIDATE
    + MINTED_POST
    + """
ex:ap2 a okg:Appointment ; okg:post ex:minted ; org:member ex:cand ;
    rdfs:label "Ivan Zagorodny : commandant de la forteresse"@fr ;
    schema:startDate "1917-06-29"^^xsd:date .
ex:cand org:hasMembership ex:ap2 .
ex:ev-ap2 oa:hasBody ex:ap2 .
"""
)
HOLDING = (
    CANDIDATE
    + MINTED_POST
    + """
ex:h a okg:PostHolding ; okg:post ex:minted ; org:member ex:cand ;
    rdfs:label "Ivan Zagorodny : commandant de la forteresse"@fr .
ex:cand org:hasMembership ex:h .
ex:ev-h oa:hasBody ex:h .
"""
)
#: the person's membership names someone else
INVERSE_WRONG = HELD.replace(
    "ex:cand org:hasMembership ex:ap2 .", "ex:lenin org:hasMembership ex:ap2 ."
)
#: org:hasMembership to something that is no appointment
INVERSE_NOT_A_MEMBERSHIP = HELD + "ex:cand org:hasMembership ex:post ."
#: a holder that is no person (a body)
HOLDER_A_BODY = HELD.replace("org:member ex:cand", "org:member ex:cc").replace(
    "ex:cand org:hasMembership", "ex:cc org:hasMembership"
)
#: two dates of start
TWO_DATES = HELD.replace(
    '"1917-06-29"^^xsd:date', '"1917-06-29"^^xsd:date , "1917-07-01"^^xsd:date'
)
#: a post that is no org:Post
POST_NOT_A_POST = HELD.replace("ex:minted a org:Post ;", "ex:minted a skos:Concept ;")


@pytest.mark.parametrize("turtle", [HELD, HOLDING], ids=["appointment", "holding"])
def test_conforming(turtle: str) -> None:
    assert conforms(turtle)


@pytest.mark.parametrize(
    "turtle",
    [INVERSE_WRONG, INVERSE_NOT_A_MEMBERSHIP, HOLDER_A_BODY, TWO_DATES, POST_NOT_A_POST],
    ids=["inverse-wrong", "inverse-not-membership", "holder-body", "two-dates", "post-not-post"],
)
def test_violating(turtle: str) -> None:
    assert not conforms(turtle)
