"""Stage ``rdf``: linked records → RDF graphs with provenance.

* :func:`document_graph` builds the named graph of one document: the document
  and its text, its footnotes, the names it uses, and every fact (each with a
  Web Annotation citing its span; see :mod:`kg.rdf.provenance`).
* :func:`gazetteer_graph` builds the shared entities' graph.
* :func:`editorial_graph` builds ``graph/editorial``, the historian's notes
  (:mod:`kg.rdf.editorial`).

Fact builders live in one module per kind of fact; :data:`REGISTRY` names,
for every :class:`~kg.model.FactKind`, its record type, its builder and the
class its nodes get (the class its SHACL shape targets and the ontology
documents).  ``tests/test_architecture.py`` fails when a kind lacks any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef

from kg import iris
from kg.errors import KgError
from kg.model import (
    Appointment,
    BodyRelation,
    Candidate,
    Citation,
    Decree,
    DelegateCount,
    EditorialNote,
    Entity,
    Fact,
    FactKind,
    LinkedDocument,
    Meeting,
    Membership,
    NameUsage,
    Quotation,
    ReportedSpeech,
    Resignation,
    SourceDocument,
    Vote,
    Walkout,
)
from kg.rdf import (
    appointments,
    bodies,
    candidates,
    citations,
    documents_facts,
    meetings,
    people,
    quotations,
    votes,
)
from kg.rdf.context import RdfContext
from kg.rdf.dates import add_date_mention
from kg.rdf.documents import add_document, add_footnotes
from kg.rdf.editorial import add_notes
from kg.rdf.entities import add_entities, add_name_usages
from kg.rdf.provenance import attribute_to_rule
from kg.rdf.triples import TripleSet
from kg.vocab import CITO, OKG, ORG, PREFIXES, SCHEMA

Builder = Callable[[RdfContext, Any], None]


@dataclass(frozen=True)
class Registration:
    """One kind of fact: its record, the builder that writes it, the class of its nodes."""

    kind: FactKind
    record: type[Fact]
    builder: Builder
    rdf_class: URIRef  # targeted by a shape in shapes/, documented in ontology/


#: Every kind of fact, in the order of :class:`~kg.model.FactKind`.
REGISTRY: tuple[Registration, ...] = (
    Registration(FactKind.NAME_USAGE, NameUsage, people.add_name_usage, OKG.NameMention),
    Registration(FactKind.MEMBERSHIP, Membership, bodies.add_membership, ORG.Membership),
    Registration(FactKind.BODY_RELATION, BodyRelation, bodies.add_body_relation, OKG.BodyRelation),
    Registration(FactKind.MEETING, Meeting, meetings.add_meeting, OKG.Meeting),
    Registration(FactKind.VOTE, Vote, votes.add_vote, OKG.Decision),
    Registration(
        FactKind.DELEGATE_COUNT, DelegateCount, votes.add_delegate_count, OKG.DelegateCount
    ),
    Registration(FactKind.WALKOUT, Walkout, votes.add_walkout, OKG.Walkout),
    Registration(FactKind.RESIGNATION, Resignation, appointments.add_resignation, OKG.Resignation),
    Registration(FactKind.APPOINTMENT, Appointment, appointments.add_appointment, OKG.Appointment),
    Registration(FactKind.DECREE, Decree, documents_facts.add_document_fact, OKG.NamedDocument),
    Registration(FactKind.CITATION, Citation, citations.add_citation, CITO.Citation),
    Registration(FactKind.QUOTATION, Quotation, quotations.add_quotation, SCHEMA.Quotation),
    Registration(
        FactKind.REPORTED_SPEECH,
        ReportedSpeech,
        quotations.add_reported_speech,
        OKG.ReportedSpeech,
    ),
    Registration(FactKind.CANDIDATE, Candidate, candidates.add_candidate, OKG.Candidate),
)

_BUILDERS: dict[FactKind, Builder] = {r.kind: r.builder for r in REGISTRY}


def new_graph(g: Graph | None = None) -> Graph:
    """``g`` (a new rdflib graph by default) with our prefixes bound."""
    g = Graph() if g is None else g
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def document_graph(doc: SourceDocument, linked: LinkedDocument) -> Graph:
    """All statements extracted from one document, with their evidence.

    A :class:`~kg.rdf.triples.TripleSet`: an rdflib graph without rdflib's store.
    """
    g = new_graph(TripleSet())
    repaired = linked.segmented.repaired
    by_key = {e.key: e for e in linked.entities}
    add_document(g, doc, repaired)
    add_footnotes(g, repaired)
    add_name_usages(g, doc.doc_id, linked.extraction.mentions, by_key, repaired.text)
    for ref in linked.extraction.dates:
        add_date_mention(g, ref, repaired.text)
    types = {f.key: str(f.doc_type) for f in linked.extraction.facts if isinstance(f, Decree)}
    ctx = RdfContext(g, doc.doc_id, repaired.text, by_key, types)
    for fact in linked.extraction.facts:
        builder = _BUILDERS.get(fact.KIND)
        if builder is None:
            raise KgError(f"no RDF builder for {fact.KIND}")
        builder(ctx, fact)
        attribute_to_rule(g, ctx.node(fact), fact.rule or fact.KIND.value)
    return g


def gazetteer_graph(entities: Iterable[Entity]) -> Graph:
    g = new_graph()
    entities = tuple(entities)
    add_entities(g, entities, {e.key: e for e in entities})
    return g


def editorial_graph(
    notes: Iterable[EditorialNote], texts: dict[str, str], entities: Iterable[Entity]
) -> Graph:
    """The historian's notes (``seeds/notes``) as Web Annotations; see :mod:`kg.rdf.editorial`.

    ``texts``: the repaired text of each document a note is anchored in.
    Raises :class:`~kg.errors.DataError` for an unknown document, quote or person.
    """
    g = new_graph()
    people = {e.key: iris.entity(e.kind.value, e.key) for e in entities}
    add_notes(g, notes, texts, people)
    return g
