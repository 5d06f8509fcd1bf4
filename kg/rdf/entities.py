"""Gazetteer entities (the shared ``graph/gazetteer``) and the names a document uses."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.errors import DataError
from kg.gazetteer import DEFAULT_TYPES
from kg.model import Entity, EntityKind, Mention
from kg.rdf.provenance import add_evidence, attribute_to_rule
from kg.vocab import DCTERMS, OA, OKG, ORG, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS


def entity_iri(entity: Entity) -> URIRef:
    return iris.entity(entity.kind.value, entity.key)


def expand(curie: str) -> URIRef:
    """``"org:Post"`` → the full IRI; raises :class:`DataError` on an unknown prefix."""
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES or not local:
        raise DataError(f"gazetteer: type {curie!r} does not use a known prefix")
    return URIRef(PREFIXES[prefix] + local)


def add_entities(g: Graph, entities: Iterable[Entity], by_key: dict[str, Entity]) -> None:
    """Labels, types, aliases, part-of and the Wikidata link of every entity."""
    for e in entities:
        node = entity_iri(e)
        for curie in e.types or DEFAULT_TYPES[e.kind]:
            g.add((node, RDF.type, expand(curie)))
        g.add((node, RDFS.label, Literal(e.label_fr, lang="fr")))
        g.add((node, SKOS.prefLabel, Literal(e.label_fr, lang="fr")))
        if e.label_en:
            g.add((node, SKOS.prefLabel, Literal(e.label_en, lang="en")))
            g.add((node, RDFS.label, Literal(e.label_en, lang="en")))
        for alias in sorted(set(e.aliases) - {e.label_fr}):
            g.add((node, SKOS.altLabel, Literal(alias, lang="fr")))
        if e.description:
            g.add((node, SCHEMA.description, Literal(e.description, lang="en")))
        for title in e.former_titles:  # one work under another title (Rabotchi Pout = Pravda)
            g.add((node, DCTERMS.alternative, Literal(title, lang="fr")))
            g.add((node, OKG.formerTitle, Literal(title, lang="fr")))
        if e.part_of and e.part_of in by_key:
            g.add((node, _part_of_property(e), entity_iri(by_key[e.part_of])))
        if e.broader and e.broader in by_key:
            g.add((node, OKG.broaderPost, entity_iri(by_key[e.broader])))
        if e.wikidata:
            wd = iris.wikidata(e.wikidata)
            g.add((node, SCHEMA.sameAs, wd))
            g.add((node, OWL.sameAs, wd))
            if e.wikidata_evidence:
                g.add((node, OKG.wikidataEvidence, Literal(e.wikidata_evidence)))
        else:
            g.add((node, RDF.type, OKG.Unlinked))


def _part_of_property(e: Entity) -> URIRef:
    """Places are contained in places; units are units of bodies; other bodies are sub-organisations."""
    if e.kind is EntityKind.PLACE:
        return SCHEMA.containedInPlace
    return ORG.unitOf if "org:OrganizationalUnit" in e.types else ORG.subOrganizationOf


def add_name_usages(
    g: Graph, doc_id: str, mentions: Iterable[Mention], by_key: dict[str, Entity], text: str
) -> None:
    """One okg:NameMention per (entity, printed form) with the evidence of its first use."""
    doc = iris.document(doc_id)
    first: dict[tuple[str, str], Mention] = {}
    counts: dict[tuple[str, str], int] = {}
    for m in mentions:
        form = " ".join(m.span.text.split())
        k = (m.key, form)
        first.setdefault(k, m)
        counts[k] = counts.get(k, 0) + 1
    for (key, form), m in first.items():
        entity = by_key[key]
        target = entity_iri(entity)
        node = iris.fact(doc_id, "name", f"{key}-{form}")
        g.add((node, RDF.type, OKG.NameMention))
        g.add((node, OKG.refersTo, target))
        g.add((node, OKG.surfaceForm, Literal(form, lang="fr")))
        g.add((node, OKG.mentionCount, Literal(counts[(key, form)])))
        if m.name_type is not None:
            g.add((node, OKG.nameType, OKG[_NAME_TYPES[m.name_type.value]]))
        g.add((doc, SCHEMA.mentions, target))
        if form != entity.label_fr:
            g.add((target, SKOS.altLabel, Literal(form, lang="fr")))
        add_evidence(g, node, m.span, text, motivation=OA.identifying)
        attribute_to_rule(g, node, "mentions.gazetteer")  # a name form of kg/data/gazetteer.toml


_NAME_TYPES = {
    "surname": "Surname",
    "full": "FullName",
    "initials": "InitialsName",
    "patronymic": "Patronymic",
    "birth-name": "BirthName",
    "pseudonym": "Pseudonym",
    "transliteration": "Transliteration",
}
