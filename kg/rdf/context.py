"""What a fact builder needs: the graph, the document and small helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.model import DateRef, Decree, Entity, Fact, FactKind, FactRef, Mention, Span
from kg.rdf.dates import add_when
from kg.rdf.entities import entity_iri
from kg.rdf.provenance import add_evidence
from kg.vocab import RDF


@dataclass(frozen=True)
class RdfContext:
    g: Graph
    doc_id: str
    text: str
    entities: dict[str, Entity]
    #: key → doc_type of the document's named documents (their IRIs go by type)
    document_types: dict[str, str] = field(default_factory=dict)

    def node(self, fact: Fact) -> URIRef:
        """The fact's IRI: ``doc/<doc_id>/<kind>/<key>`` (``kind`` = its FactKind's value);
        a named document's is ``doc/<doc_id>/<type>/<key>`` (decision 0008)."""
        if isinstance(fact, Decree):
            return iris.named_document(self.doc_id, str(fact.doc_type), fact.key)
        return iris.fact(self.doc_id, fact.KIND.value, fact.key)

    def node_of(self, ref: FactRef) -> URIRef:
        """The IRI of the fact ``ref`` points at."""
        if ref.kind is FactKind.DECREE:
            doc_type = self.document_types.get(ref.key, "")
            return iris.named_document(self.doc_id, doc_type, ref.key)
        return iris.fact(self.doc_id, ref.kind.value, ref.key)

    def node_for(self, kind: str, key: str) -> URIRef:
        """A sub-resource of a fact (``motion``, ``ballot``, ``count`` …)."""
        return iris.fact(self.doc_id, kind, key)

    def ref(self, mention: Mention) -> URIRef:
        """The entity a (linked) mention refers to; the document's candidate for a name the
        gazetteer lacks (``candidate:<key>``)."""
        candidate = mention.candidate_key
        if candidate is not None:
            return iris.fact(self.doc_id, FactKind.CANDIDATE.value, candidate)
        return entity_iri(self.entities[mention.key])

    def label(self, mention: Mention) -> str:
        """A short name for the mention: the entity's label, or the name as printed."""
        entity = self.entities.get(mention.key)
        return entity.label_fr if entity is not None else mention.span.text

    def evidence(self, node: URIRef, span: Span) -> URIRef:
        return add_evidence(self.g, node, span, self.text)

    def when(self, node: URIRef, ref: DateRef | None, time_of_day: str | None = None) -> None:
        add_when(self.g, node, ref, self.text, time_of_day)

    def add(
        self,
        s: URIRef,
        p: URIRef,
        o: URIRef | Literal | str | int | bool | None,
        lang: str | None = None,
    ) -> None:
        """Add a triple; plain Python values become literals, ``None`` adds nothing."""
        if o is None or o == "":
            return
        if isinstance(o, Enum):  # VoteResult, DocType, …: their value is the literal
            o = o.value
        if not isinstance(o, URIRef | Literal):
            o = Literal(o, lang=lang) if isinstance(o, str) and lang else Literal(o)
        self.g.add((s, p, o))

    def typed(self, node: URIRef, *types: URIRef) -> URIRef:
        for t in types:
            self.g.add((node, RDF.type, t))
        return node
