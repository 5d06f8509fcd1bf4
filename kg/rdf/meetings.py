"""RDF for sittings (:class:`~kg.model.Meeting`).

::

    <doc/D/meeting/central-committee-1917-10-10> a schema:Event , sem:Event , okg:Meeting ;
        rdfs:label "Séance du Comité central, 10 (23) octobre 1917"@fr ;
        schema:organizer <body/central-committee> ; sem:hasActor <body/central-committee> ;
        schema:startDate "1917-10-23"^^xsd:date ; time:hasTime <day/1917-10-23> ;
        okg:timeOfDay "22:45:00"^^xsd:time ; okg:timeAsStated "10 heures 45"@fr ;
        schema:location <place/smolny> ; okg:placeDescription "Au deuxième"@fr ;
        schema:attendee <person/lenin> ; okg:absentee <person/trotsky> ;
        sem:hasActor [ a sem:Role ; rdf:value <person/…> ; sem:roleType okg:ChairRole ] ;
        okg:chairDescription "Le président de séance"@fr ;
        okg:outcome "la liste … fut ébauchée"@fr ; okg:referredOnly true ;
        okg:inferred true ; okg:dayFromContext true ;
        schema:superEvent <the sitting a resumption continues> .

A congress is both a body and an event (MODELLING P13): the event's
``schema:organizer`` is the congress as an organisation.  Decisions link
back with ``okg:decided`` (built by :mod:`kg.rdf.votes`).  ``okg:inferred`` (only
when true) marks a sitting no sentence narrates, implied by a decision of its body
that day; ``okg:dayFromContext`` (only when true) a day carried from the narrative.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.model import Fact, Meeting
from kg.rdf.context import RdfContext
from kg.vocab import OKG, RDF, RDFS, SCHEMA, SEM, XSD


def add_meeting(ctx: RdfContext, fact: Fact) -> None:
    """One ``schema:Event`` per sitting, with its evidence."""
    assert isinstance(fact, Meeting)
    node = ctx.typed(ctx.node(fact), SCHEMA.Event, SEM.Event, OKG.Meeting)
    ctx.add(node, RDFS.label, fact.label, lang="fr")
    ctx.add(node, SCHEMA.name, fact.label, lang="fr")
    if fact.body is not None:
        body = ctx.ref(fact.body)
        ctx.add(node, SCHEMA.organizer, body)
        ctx.add(node, SEM.hasActor, body)
    if fact.place is not None:
        ctx.add(node, SCHEMA.location, ctx.ref(fact.place))
        ctx.add(node, SEM.hasPlace, ctx.ref(fact.place))
    ctx.add(node, OKG.placeDescription, fact.place_note, lang="fr")
    _when(ctx, node, fact)
    for person in fact.participants:
        ctx.add(node, SCHEMA.attendee, ctx.ref(person))
        ctx.add(node, SEM.hasActor, ctx.ref(person))
    for person in fact.absentees:
        ctx.add(node, OKG.absentee, ctx.ref(person))
    if fact.chair is not None:
        _chair(ctx, node, fact)
    ctx.add(node, OKG.chairDescription, fact.chair_label, lang="fr")
    for outcome in fact.decisions:
        ctx.add(node, OKG.outcome, outcome, lang="fr")
    ctx.add(node, OKG.referredOnly, Literal(fact.referred_only))
    if fact.inferred:
        ctx.add(node, OKG.inferred, Literal(True))
    if fact.day_from_context:
        ctx.add(node, OKG.dayFromContext, Literal(True))
    if fact.part_of:
        ctx.add(node, SCHEMA.superEvent, ctx.node_of(fact.part_of))
    ctx.add(node, OKG.recurrence, fact.recurrence, lang="fr")
    ctx.add(node, OKG.editorialNote, fact.note, lang="fr")
    ctx.evidence(node, fact.evidence)


def _when(ctx: RdfContext, node: URIRef, fact: Meeting) -> None:
    if fact.date is not None:
        ctx.when(node, fact.date, fact.time_of_day or None)
    elif fact.time_of_day:
        ctx.add(node, OKG.timeOfDay, Literal(f"{fact.time_of_day}:00", datatype=XSD.time))
    ctx.add(node, OKG.timeAsStated, fact.time_as_stated, lang="fr")


def _chair(ctx: RdfContext, node: URIRef, fact: Meeting) -> None:
    assert fact.chair is not None
    person = ctx.ref(fact.chair)
    role = ctx.typed(ctx.node_for("role", f"{fact.key}-chair"), SEM.Role)
    ctx.add(role, RDF.value, person)
    ctx.add(role, SEM.roleType, OKG.ChairRole)
    ctx.add(node, SEM.hasActor, role)
    ctx.add(node, OKG.chair, person)
