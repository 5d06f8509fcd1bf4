"""RDF for appointments, posts held and resignations (ORG + Popolo, MODELLING §3.8).

::

    <doc/D/appointment/commissar-interior-rykov> a okg:Appointment , org:Membership ;
        org:member <person/rykov> ; org:organization <body/sovnarkom> ;
        opengov:post <post/commissar-interior> ; okg:post <post/commissar-interior> ;
        okg:appointedBy <body/second-congress-of-soviets> ;
        prov:wasGeneratedBy <doc/D/meeting/second-congress-of-soviets-1917-10-26> ;
        schema:startDate "1917-11-08"^^xsd:date ; time:hasTime <day/1917-11-08> .
    <person/rykov> org:holds <post/commissar-interior> .
    <post/commissar-interior> org:postIn <body/sovnarkom> .

The node is also an ``org:Membership`` when both the person and the body
are known.  A post the gazetteer lists is its ``post/<key>`` entity; another is minted
in the document (``doc/D/post/<slug>``) with its label.  A vacant post has
``okg:vacant true`` and no member; unnamed holders get
``okg:holderDescription``.  A post held by apposition ("Teodorovitch,
commissaire au Ravitaillement") is an ``okg:PostHolding``, not an
appointment.  Resignations are ``okg:Resignation`` events.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg import iris
from kg.model import Appointment, Fact, Resignation
from kg.rdf.context import RdfContext
from kg.vocab import OKG, OPENGOV, ORG, PROV, RDFS, SCHEMA, SEM, SKOS


def add_appointment(ctx: RdfContext, fact: Fact) -> None:
    """An ``org:Membership`` holding a post (``okg:Appointment`` when the text says who was named)."""
    assert isinstance(fact, Appointment)
    kind = OKG.Appointment if fact.kind == "appointment" else OKG.PostHolding
    node = ctx.typed(ctx.node(fact), kind)
    if (
        fact.person is not None and fact.body is not None
    ):  # a complete Popolo membership with a post
        ctx.typed(node, ORG.Membership)
    post = _post(ctx, fact)
    ctx.add(node, OPENGOV.post, post)
    ctx.add(node, OKG.post, post)
    holder = fact.person.span.text if fact.person else (fact.holder_label or "poste vacant")
    ctx.add(node, RDFS.label, f"{' '.join(holder.split())} : {fact.post}", lang="fr")
    if fact.person is not None:
        ctx.add(node, ORG.member, ctx.ref(fact.person))
        ctx.add(ctx.ref(fact.person), ORG.hasMembership, node)  # ORG's inverse of org:member
        ctx.add(ctx.ref(fact.person), ORG.holds, post)
    if fact.body is not None:
        ctx.add(node, ORG.organization, ctx.ref(fact.body))
        ctx.add(post, ORG.postIn, ctx.ref(fact.body))
    ctx.add(node, OKG.vacant, Literal(True) if fact.vacant else None)
    ctx.add(node, OKG.holderDescription, fact.holder_label, lang="fr")
    if fact.appointed_by is not None:
        ctx.add(node, OKG.appointedBy, ctx.ref(fact.appointed_by))
        ctx.add(node, PROV.wasAssociatedWith, ctx.ref(fact.appointed_by))
    if fact.meeting:
        ctx.add(node, PROV.wasGeneratedBy, ctx.node_of(fact.meeting))
    ctx.when(node, fact.date)
    ctx.evidence(node, fact.evidence)


def _post(ctx: RdfContext, fact: Appointment) -> URIRef:
    if fact.post_key:
        return iris.entity("post", fact.post_key)
    body = fact.body.key.split("|")[0] if fact.body else ""
    post = ctx.typed(ctx.node_for("post", f"{body} {fact.post}"), ORG.Post)
    ctx.add(post, SKOS.prefLabel, fact.post, lang="fr")
    ctx.add(post, RDFS.label, fact.post, lang="fr")
    return post


def add_resignation(ctx: RdfContext, fact: Fact) -> None:
    """A person leaving a body or a post (``okg:Resignation``)."""
    assert isinstance(fact, Resignation)
    node = ctx.typed(ctx.node(fact), OKG.Resignation, SCHEMA.Event, SEM.Event)
    person = ctx.ref(fact.person)
    left = " ".join(fact.left.span.text.split()) if fact.left else ""
    ctx.add(node, RDFS.label, f"Démission de {fact.person.span.text} ({left})", lang="fr")
    ctx.add(node, SCHEMA.agent, person)
    ctx.add(node, SEM.hasActor, person)
    if fact.left is not None:
        ctx.add(node, OKG.resignedFrom, ctx.ref(fact.left))
    ctx.when(node, fact.date)
    ctx.evidence(node, fact.evidence)
