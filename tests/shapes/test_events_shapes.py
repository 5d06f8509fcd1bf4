"""SHACL shapes of shapes/meetings.ttl, shapes/votes.ttl and shapes/appointments.ttl.

One conforming and at least one violating example per shape.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.validate import validate

PREFIXES = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <http://schema.org/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix okg: <https://w3id.org/october1917/ontology#> .
@prefix ex: <https://example.org/> .
ex:lenin a foaf:Person ; rdfs:label "Lénine"@fr ; skos:prefLabel "Lénine"@fr .
ex:trotsky a foaf:Person ; rdfs:label "Trotski"@fr ; skos:prefLabel "Trotski"@fr .
ex:cc a org:OrganizationalUnit ; rdfs:label "Comité central"@fr ; skos:prefLabel "Comité central"@fr .
ex:congress a org:Organization ; rdfs:label "IIe Congrès"@fr ; skos:prefLabel "IIe Congrès"@fr .
ex:mensheviks a org:Organization ; rdfs:label "menchéviks"@fr ; skos:prefLabel "menchéviks"@fr .
ex:council a org:FormalOrganization ; rdfs:label "Conseil"@fr ; skos:prefLabel "Conseil"@fr .
ex:post a org:Post ; rdfs:label "commissaire"@fr ; skos:prefLabel "commissaire"@fr .
ex:m1 a okg:Meeting ; rdfs:label "Séance du Comité central"@fr ; okg:referredOnly false ;
    schema:organizer ex:cc ; schema:startDate "1917-11-14"^^xsd:date .
ex:ev-m1 oa:hasBody ex:m1 .
"""

MEETING_OK = "ex:m1 schema:attendee ex:lenin ; okg:absentee ex:trotsky ; okg:chair ex:lenin ."
MEETING_INFERRED_OK = (
    "ex:m1 schema:attendee ex:council ; okg:inferred true ; okg:dayFromContext true ."
)
MEETING_INFERRED_FALSE = "ex:m1 okg:inferred false ."
MEETING_INFERRED_NOT_BOOLEAN = 'ex:m1 okg:inferred "oui" .'
MEETING_DAY_FROM_CONTEXT_TWICE = "ex:m1 okg:dayFromContext true , false ."
MEETING_ATTENDEE_NOT_AGENT = "ex:m1 schema:attendee ex:post ."
MEETING_NO_FLAG = """
ex:m2 a okg:Meeting ; rdfs:label "Séance"@fr . ex:ev-m2 oa:hasBody ex:m2 ."""
MEETING_NO_EVIDENCE = """
ex:m2 a okg:Meeting ; rdfs:label "Séance"@fr ; okg:referredOnly true ."""
MEETING_ATTENDEE_ABSENT = "ex:m1 schema:attendee ex:trotsky ; okg:absentee ex:trotsky ."
MEETING_ORGANIZER_PERSON = "ex:m1 schema:organizer ex:lenin ."
CHAIR_ROLE_OK = "ex:m1 sem:hasActor ex:role . ex:role a sem:Role ; rdf:value ex:lenin ; sem:roleType okg:ChairRole ."
CHAIR_ROLE_BAD = "ex:m1 sem:hasActor ex:role . ex:role a sem:Role ; rdf:value ex:lenin ."

DECISION = """
ex:d1 a okg:Decision , opengov:VoteEvent ; opengov:motion ex:mo1 ; opengov:result opengov:Pass ;
    schema:superEvent ex:m1 ; okg:forCount "10"^^xsd:integer ; okg:againstCount "4"^^xsd:integer ;
    opengov:count ex:c1 ; opengov:vote ex:b1 .
ex:ev-d1 oa:hasBody ex:d1 .
ex:mo1 a opengov:Motion ; schema:text "s'oppose à l'interruption des pourparlers"@fr .
ex:c1 a opengov:Count , opengov:YesCount ; opengov:option "yes" ; opengov:value "10"^^xsd:integer .
ex:b1 a opengov:Vote ; opengov:voter ex:lenin ; opengov:option "no" ; opengov:voteEvent ex:d1 .
"""
DECISION_NO_RESULT = DECISION.replace("opengov:result opengov:Pass ;", "")
DECISION_BAD_RESULT = DECISION.replace("opengov:Pass", '"adopted"')
VOTE_EVENT_EMPTY = """
ex:d2 a okg:Decision , opengov:VoteEvent ; opengov:motion ex:mo1 ; opengov:result opengov:Pass .
ex:ev-d2 oa:hasBody ex:d2 .
ex:mo1 a opengov:Motion ; schema:text "motion"@fr .
"""
COUNT_NEGATIVE = DECISION.replace(
    'opengov:value "10"^^xsd:integer', 'opengov:value "-3"^^xsd:integer'
)
COUNT_NOT_INTEGER = DECISION.replace('opengov:value "10"^^xsd:integer', 'opengov:value "dix"')
MOTION_NO_TEXT = DECISION.replace(
    """ ; schema:text "s'oppose à l'interruption des pourparlers"@fr""", ""
)
BALLOT_NO_VOTER = DECISION.replace("opengov:voter ex:lenin ;", "")

ROLL_CALL = """
ex:d3 a okg:Decision , opengov:VoteEvent ; opengov:motion ex:mo3 ; opengov:result opengov:Fail ;
    okg:forCount "1"^^xsd:integer ; okg:againstCount "2"^^xsd:integer ;
    okg:abstentionCount "1"^^xsd:integer ; okg:votesCast "4"^^xsd:integer ;
    schema:description "la motion fut repoussée par 2 voix contre 1 et 1 abstention"@fr ;
    opengov:vote ex:b3 , ex:b4 , ex:b5 .
ex:ev-d3 oa:hasBody ex:d3 .
ex:mo3 a opengov:Motion ; schema:text "la motion"@fr .
ex:b3 a opengov:Vote ; opengov:voter ex:lenin ; opengov:option "yes" ; opengov:voteEvent ex:d3 .
ex:b4 a opengov:Vote ; opengov:voter ex:trotsky ; opengov:option "no" ; opengov:voteEvent ex:d3 .
ex:b5 a opengov:Vote ; opengov:voter ex:kamenev ; opengov:option "abstain" ; opengov:voteEvent ex:d3 .
ex:kamenev a foaf:Person ; rdfs:label "Kamenev"@fr ; skos:prefLabel "Kamenev"@fr .
"""
ROLL_CALL_TWO_SIDES = ROLL_CALL.replace(
    "opengov:voter ex:trotsky ; opengov:option", "opengov:voter ex:lenin ; opengov:option"
)
ROLL_CALL_TOO_MANY_FOR = ROLL_CALL.replace('okg:forCount "1"', 'okg:forCount "0"')
ABSTAINERS_TOO_MANY = ROLL_CALL.replace('okg:abstentionCount "1"', 'okg:abstentionCount "0"')
ABSTENTIONS_NEGATIVE = ROLL_CALL.replace('okg:abstentionCount "1"', 'okg:abstentionCount "-1"')
ABSTENTIONS_TWICE = ROLL_CALL.replace(
    'okg:abstentionCount "1"^^xsd:integer',
    'okg:abstentionCount "1"^^xsd:integer , "2"^^xsd:integer',
)

COUNTS = """
ex:m1 okg:delegateCount ex:t , ex:p1 , ex:p2 .
ex:t a okg:DelegateCount ; rdf:value "670"^^xsd:integer . ex:ev-t oa:hasBody ex:t .
ex:p1 a okg:DelegateCount ; opengov:group ex:cc ; rdf:value "300"^^xsd:integer . ex:ev-p1 oa:hasBody ex:p1 .
ex:p2 a okg:DelegateCount ; opengov:group ex:mensheviks ; rdf:value "68"^^xsd:integer ;
    okg:subsetOf ex:p1 . ex:ev-p2 oa:hasBody ex:p2 .
"""
COUNT_PART_TOO_BIG = COUNTS.replace('"68"', '"368"')
COUNT_ORPHAN = """
ex:o a okg:DelegateCount ; rdf:value "3"^^xsd:integer . ex:ev-o oa:hasBody ex:o ."""

WALKOUT = """
ex:w a okg:Walkout ; sem:hasActor ex:mensheviks ; okg:walkoutFrom ex:m1 ; okg:leftCount "50"^^xsd:integer .
ex:ev-w oa:hasBody ex:w .
"""
WALKOUT_NO_GROUP = WALKOUT.replace("sem:hasActor ex:mensheviks ;", "")

APPOINTMENT = """
ex:ap a okg:Appointment , org:Membership ; okg:post ex:post ; org:member ex:lenin ; org:organization ex:council ;
    rdfs:label "Lénine : commissaire"@fr .
ex:ev-ap oa:hasBody ex:ap .
"""
VACANT = """
ex:va a okg:Appointment ; okg:post ex:post ; okg:vacant true ; org:organization ex:council ;
    rdfs:label "poste vacant : commissaire"@fr .
ex:ev-va oa:hasBody ex:va .
"""
VACANT_WITH_MEMBER = VACANT.replace("okg:vacant true ;", "okg:vacant true ; org:member ex:lenin ;")
APPOINTMENT_NO_POST = APPOINTMENT.replace("okg:post ex:post ;", "")
APPOINTMENT_NOBODY = """
ex:nb a okg:PostHolding ; okg:post ex:post ; rdfs:label "?"@fr . ex:ev-nb oa:hasBody ex:nb ."""

RESIGNATION = """
ex:r a okg:Resignation ; schema:agent ex:trotsky ; okg:resignedFrom ex:cc . ex:ev-r oa:hasBody ex:r ."""
RESIGNATION_FROM_POST = RESIGNATION.replace("ex:cc", "ex:post")
RESIGNATION_FROM_PERSON = RESIGNATION.replace("okg:resignedFrom ex:cc", "okg:resignedFrom ex:lenin")
RESIGNATION_TWO_PEOPLE = RESIGNATION.replace(
    "schema:agent ex:trotsky", "schema:agent ex:trotsky , ex:lenin"
)


def conforms(turtle: str) -> bool:
    g = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return validate(g).conforms


@pytest.mark.parametrize(
    "turtle",
    [
        MEETING_OK,
        MEETING_INFERRED_OK,
        CHAIR_ROLE_OK,
        DECISION,
        ROLL_CALL,
        COUNTS,
        WALKOUT,
        APPOINTMENT,
        VACANT,
        RESIGNATION,
        RESIGNATION_FROM_POST,
    ],
)
def test_conforming(turtle: str) -> None:
    assert conforms(turtle)


@pytest.mark.parametrize(
    "turtle",
    [
        MEETING_NO_FLAG,
        MEETING_NO_EVIDENCE,
        MEETING_ATTENDEE_ABSENT,
        MEETING_ORGANIZER_PERSON,
        MEETING_INFERRED_FALSE,
        MEETING_INFERRED_NOT_BOOLEAN,
        MEETING_DAY_FROM_CONTEXT_TWICE,
        MEETING_ATTENDEE_NOT_AGENT,
        CHAIR_ROLE_BAD,
        DECISION_NO_RESULT,
        DECISION_BAD_RESULT,
        VOTE_EVENT_EMPTY,
        COUNT_NEGATIVE,
        COUNT_NOT_INTEGER,
        MOTION_NO_TEXT,
        BALLOT_NO_VOTER,
        ROLL_CALL_TWO_SIDES,
        ROLL_CALL_TOO_MANY_FOR,
        ABSTAINERS_TOO_MANY,
        ABSTENTIONS_NEGATIVE,
        ABSTENTIONS_TWICE,
        COUNT_PART_TOO_BIG,
        COUNT_ORPHAN,
        WALKOUT_NO_GROUP,
        VACANT_WITH_MEMBER,
        APPOINTMENT_NO_POST,
        APPOINTMENT_NOBODY,
        RESIGNATION_FROM_PERSON,
        RESIGNATION_TWO_PEOPLE,
    ],
)
def test_violating(turtle: str) -> None:
    assert not conforms(turtle)


def test_party_sum_above_the_total_is_only_a_warning() -> None:
    g = Graph().parse(data=PREFIXES + COUNTS.replace('"670"', '"100"'), format="turtle")
    report = validate(g)
    assert report.conforms and "outnumber the total" in report.text
