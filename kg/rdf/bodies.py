"""RDF for memberships and stated relations between bodies.

A :class:`~kg.model.Membership` is a W3C ORG ``org:Membership`` (member,
organization, role, and ``org:memberDuring`` when the text dates its
beginning), plus the unqualified ``org:memberOf`` (and ``org:headOf`` for a
heading role)::

    <doc/D/membership/egorova-secretary-vyborg-district-committee> a org:Membership ;
        org:member <person/egorova> ; org:organization <body/vyborg-district-committee> ;
        org:role <role/secretary> .
    <role/secretary> a org:Role, skos:Concept ; skos:prefLabel "secrétaire"@fr, "secretary"@en .

A :class:`~kg.model.BodyRelation` is a qualified ``okg:BodyRelation`` node
(``okg:part``, ``okg:whole``, ``okg:relationType``) carrying the evidence,
plus the unqualified triple its type implies (``org:subOrganizationOf``,
``org:unitOf``, ``org:linkedTo``, ``schema:containedInPlace``,
``schema:publisher``; see ``[relations]`` in ``kg/data/patterns/bodies.toml``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rdflib import Literal, URIRef

from kg import iris
from kg.errors import DataError
from kg.extract.rules import RuleFile, load_rules
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import BodyRelation, Fact, Membership, Mention
from kg.rdf.context import RdfContext
from kg.rdf.dates import add_date_mention
from kg.rdf.entities import entity_iri, expand
from kg.vocab import OKG, ORG, RDFS, SCHEMA, SKOS, TIME


def _bodies_rules() -> RuleFile:
    """The roles, relations and parties of ``bodies.toml`` (their labels go into the graph)."""
    return load_rules()["bodies"]


@cache
def _gazetteer() -> Gazetteer:
    """The packaged gazetteer: a party's whole may be an entity the document does not name."""
    return load_gazetteer()


def _concept(ctx: RdfContext, kind: str, key: str, table: dict[str, Any]) -> URIRef:
    """A shared concept node (``role/<key>``, ``relation/<key>``) with its labels."""
    entry = table.get(key)
    if entry is None:
        raise DataError(f"kg/data/patterns/bodies.toml: no [{kind}s.{key}]")
    node = ctx.typed(iris.entity(kind, key), SKOS.Concept)
    for lang in ("fr", "en"):
        ctx.add(node, SKOS.prefLabel, Literal(entry[lang], lang=lang))
        ctx.add(node, RDFS.label, Literal(entry[lang], lang=lang))
    return node


def _parties(ctx: RdfContext, mention: Mention) -> None:
    """Type as ``okg:PoliticalParty`` the listed parties among a body and what it is part of."""
    parties = set(_bodies_rules().get("parties", {}).get("keys", ()))
    key, seen = mention.key, set()
    while key and key not in seen:
        seen.add(key)
        found = _gazetteer().get(key)
        if found is None:
            return
        if key in parties:
            ctx.typed(entity_iri(found), OKG.PoliticalParty)
        key = found.part_of


def add_membership(ctx: RdfContext, fact: Fact) -> None:
    """``org:Membership`` with member, organization, role, evidence and optional beginning."""
    assert isinstance(fact, Membership)
    roles = _bodies_rules()["roles"]
    node = ctx.typed(ctx.node(fact), ORG.Membership)
    member, body = ctx.ref(fact.member), ctx.ref(fact.body)
    ctx.add(node, ORG.member, member)
    ctx.add(node, ORG.organization, body)
    role_key = fact.role or "member"
    role = ctx.typed(_concept(ctx, "role", role_key, roles), ORG.Role)
    ctx.add(node, ORG.role, role)
    ctx.add(member, ORG.memberOf, body)
    if roles[role_key].get("head"):
        ctx.add(member, ORG.headOf, body)
    if fact.date is not None:
        interval = ctx.typed(ctx.node_for("membership-interval", fact.key), TIME.Interval)
        ctx.add(interval, TIME.hasBeginning, add_date_mention(ctx.g, fact.date, ctx.text))
        ctx.add(node, ORG.memberDuring, interval)
    _parties(ctx, fact.body)
    ctx.evidence(node, fact.evidence)


def add_body_relation(ctx: RdfContext, fact: Fact) -> None:
    """``okg:BodyRelation`` with part, whole, type and evidence, plus the implied triple."""
    assert isinstance(fact, BodyRelation)
    relations = _bodies_rules()["relations"]
    node = ctx.typed(ctx.node(fact), OKG.BodyRelation)
    part, whole = ctx.ref(fact.part), ctx.ref(fact.whole)
    ctx.add(node, OKG.part, part)
    ctx.add(node, OKG.whole, whole)
    relation = _concept(ctx, "relation", fact.relation, relations)
    ctx.add(node, OKG.relationType, relation)
    entry = relations[fact.relation]
    curie = entry["property"]
    if "unit_property" in entry and "org:OrganizationalUnit" in ctx.entities[fact.part.key].types:
        curie = entry["unit_property"]
    ctx.add(node, OKG.impliedProperty, expand(curie))
    ctx.add(part, expand(curie), whole)
    if fact.address:
        ctx.add(part, SCHEMA.address, Literal(fact.address, lang="fr"))
    _parties(ctx, fact.part)
    _parties(ctx, fact.whole)
    ctx.evidence(node, fact.evidence)
