"""Source documents, the repaired-text manifestation offsets refer to, footnotes."""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.model import RepairedText, SourceDocument, Span
from kg.rdf.provenance import add_evidence
from kg.vocab import BIBO, DCTERMS, DOCO, FABIO, OKG, PROV, RDF, RDFS, SCHEMA, XSD


def add_document(g: Graph, doc: SourceDocument, repaired: RepairedText) -> URIRef:
    """Describe the document and its repaired text (the target of every evidence)."""
    meta = doc.meta
    node = iris.document(meta.doc_id)
    text = iris.text(meta.doc_id)
    g.add((node, RDF.type, OKG.Document))
    g.add((node, RDF.type, FABIO.Expression))
    g.add((node, RDF.type, SCHEMA.CreativeWork))
    g.add((node, DCTERMS.identifier, Literal(meta.doc_id)))
    g.add((node, OKG.docId, Literal(meta.doc_id)))
    g.add((node, DCTERMS.title, Literal(meta.title, lang=meta.language)))
    g.add((node, RDFS.label, Literal(meta.title, lang=meta.language)))
    g.add((node, DCTERMS.language, Literal(meta.language)))
    g.add((node, OKG.sourceFormat, Literal(meta.format.value)))
    g.add((node, OKG.dateWritten, _date_literal(meta.date_written)))
    if meta.author_key:
        g.add((node, DCTERMS.creator, iris.entity("person", meta.author_key)))
    else:
        g.add((node, DCTERMS.creator, Literal(meta.author)))
    if meta.description:
        g.add((node, DCTERMS.description, Literal(meta.description, lang="en")))
    g.add((node, OKG.printedIn, _edition(g, meta.doc_id, doc)))
    g.add((node, DCTERMS.source, Literal(doc.path.name)))
    g.add((node, FABIO.hasManifestation, text))
    g.add((text, RDF.type, OKG.TextManifestation))
    g.add((text, RDF.type, FABIO.DigitalManifestation))
    g.add((text, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    g.add((text, OKG.sha256, Literal(hashlib.sha256(repaired.text.encode("utf-8")).hexdigest())))
    g.add((text, PROV.wasDerivedFrom, Literal(f"sha256:{doc.sha256}")))
    g.add((text, DCTERMS.extent, Literal(len(repaired.text), datatype=XSD.integer)))
    return node


def _edition(g: Graph, doc_id: str, doc: SourceDocument) -> URIRef:
    ed = doc.meta.edition
    node = iris.part(iris.document(doc_id), "edition")
    g.add((node, RDF.type, FABIO.Manifestation))
    g.add((node, DCTERMS.title, Literal(ed.title, lang=doc.meta.language)))
    if ed.publisher:
        g.add((node, DCTERMS.publisher, Literal(ed.publisher)))
    if ed.place:
        g.add((node, SCHEMA.locationCreated, Literal(ed.place)))
    if ed.year:
        g.add((node, DCTERMS.issued, Literal(str(ed.year), datatype=XSD.gYear)))
    if ed.pages:
        g.add((node, BIBO.pages, Literal(ed.pages)))
    if ed.note:
        g.add((node, RDFS.comment, Literal(ed.note, lang="fr")))
    return node


def add_footnotes(g: Graph, repaired: RepairedText) -> None:
    """Each footnote as a doco:Footnote with its number, body span and call span."""

    doc = iris.document(repaired.doc_id)
    for note in repaired.footnotes:
        node = iris.footnote(repaired.doc_id, note.label)
        g.add((node, RDF.type, DOCO.Footnote))
        g.add((node, RDF.type, OKG.Footnote))
        g.add((node, DCTERMS.isPartOf, doc))
        g.add((node, OKG.footnoteLabel, Literal(note.label)))
        g.add((node, RDFS.label, Literal(f"note {note.label}", lang="fr")))
        body = Span(repaired.doc_id, note.start, note.end, repaired.text[note.start : note.end])
        add_evidence(g, node, body, repaired.text)
        if note.call_start is not None and note.call_end is not None:
            g.add((node, OKG.footnoteCall, Literal(note.call_start, datatype=XSD.integer)))


def _date_literal(value: str) -> Literal:
    if len(value) == 4 and value.isdigit():
        return Literal(value, datatype=XSD.gYear)
    return Literal(value, datatype=XSD.date)
