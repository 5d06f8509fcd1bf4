"""The editorial layer as RDF: each historian's note a W3C Web Annotation.

::

    <note/F/K> a oa:Annotation, okg:EditorialNote ;
        oa:motivatedBy oa:assessing ;          # oa:editing, oa:commenting (by kind)
        okg:noteKind okg:Contradicted ;
        dcterms:creator "…" ; dcterms:created "2026-12-02"^^xsd:date ;
        dcterms:source <note/F/K#source> ; schema:about <doc/D> ;
        oa:hasBody <note/F/K#body> ;
        oa:hasTarget <the fact> .              # or <note/F/K#target>, a text span
    <…#body> a oa:TextualBody ; rdf:value "…"@en ; dcterms:language "en" ;
        okg:correctedDate <day/…> ; okg:correctedTime "03:10:00"^^xsd:time ;
        okg:correctAttribution <person/engels> .
    <…#source> a dcterms:BibliographicResource ; dcterms:bibliographicCitation "…" .
    <…#target> a oa:SpecificResource ; oa:hasSource <doc/D/text> ;
        oa:hasSelector <…#quote>, <…#position> .

The notes live in their own named graph, ``graph/editorial``; the facts they
sit beside are not changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.calendar import julian_to_gregorian
from kg.errors import DataError
from kg.model import EditorialNote, NoteKind
from kg.notes import where as note_where
from kg.rdf.dates import add_day_of
from kg.rdf.provenance import CONTEXT
from kg.vocab import DCTERMS, OA, OKG, RDF, RDFS, SCHEMA, XSD

#: The note kind's concept, and the Web Annotation motivation it has.
KINDS: dict[NoteKind, tuple[URIRef, URIRef]] = {
    NoteKind.SIC: (OKG.Sic, OA.assessing),
    NoteKind.DISPUTED: (OKG.Disputed, OA.assessing),
    NoteKind.CONTRADICTED: (OKG.Contradicted, OA.assessing),
    NoteKind.CORRECTED_DATE: (OKG.CorrectedDate, OA.editing),
    NoteKind.MISATTRIBUTION: (OKG.Misattribution, OA.editing),
    NoteKind.COMMENT: (OKG.Comment, OA.commenting),
}


def add_notes(
    g: Graph, notes: Iterable[EditorialNote], texts: Mapping[str, str], people: Mapping[str, URIRef]
) -> None:
    """Add every note to ``g``.

    ``texts`` maps a document id to its repaired text (quotes are found
    there), ``people`` a gazetteer key to its entity IRI (for
    ``attributed_to``).  Raises :class:`DataError` naming the note when its
    document, quote or person is unknown, or a quote is ambiguous.
    """
    for note in notes:
        add_note(g, note, texts, people)


def add_note(
    g: Graph, note: EditorialNote, texts: Mapping[str, str], people: Mapping[str, URIRef]
) -> URIRef:
    """One note; returns its IRI (see :func:`add_notes` for what it raises)."""
    ann = iris.note(note.file, note.key)
    where = note_where(str(ann))
    if note.anchor.document not in texts:
        raise DataError(f"{where}: document: no seed document {note.anchor.document!r}")
    body = iris.fragment(ann, "body")
    concept, motivation = KINDS[note.kind]
    g.add((ann, RDF.type, OA.Annotation))
    g.add((ann, RDF.type, OKG.EditorialNote))
    g.add((ann, RDFS.label, Literal(f"{note.kind.value}: {note.key}")))
    g.add((ann, OA.motivatedBy, motivation))
    g.add((ann, OKG.noteKind, concept))
    g.add((ann, DCTERMS.creator, Literal(note.creator)))
    g.add((ann, DCTERMS.created, Literal(note.created.isoformat(), datatype=XSD.date)))
    g.add((ann, SCHEMA.about, iris.document(note.anchor.document)))
    g.add((ann, OA.hasBody, body))
    g.add((body, RDF.type, OA.TextualBody))
    g.add((body, RDF.value, Literal(note.comment, lang=note.language)))
    g.add((body, DCTERMS.language, Literal(note.language)))
    g.add((body, DCTERMS.format, Literal("text/plain")))
    if note.source:
        source = iris.fragment(ann, "source")
        g.add((ann, DCTERMS.source, source))
        g.add((source, RDF.type, DCTERMS.BibliographicResource))
        g.add((source, DCTERMS.bibliographicCitation, Literal(note.source)))
        if note.source_url:
            g.add((source, RDFS.seeAlso, URIRef(note.source_url)))
    _corrections(g, body, note, people, where)
    g.add((ann, OA.hasTarget, _target(g, ann, note, texts[note.anchor.document], where)))
    return ann


def _corrections(
    g: Graph, body: URIRef, note: EditorialNote, people: Mapping[str, URIRef], where: str
) -> None:
    if note.corrected_julian is not None:
        julian = note.corrected_julian
        g.add((body, OKG.correctedDate, add_day_of(g, julian, julian_to_gregorian(julian))))
    if note.corrected_time is not None:
        g.add((body, OKG.correctedTime, Literal(f"{note.corrected_time}:00", datatype=XSD.time)))
    if note.attributed_to is not None:
        if note.attributed_to not in people:
            raise DataError(f"{where}: attributed_to: no gazetteer entry {note.attributed_to!r}")
        g.add((body, OKG.correctAttribution, people[note.attributed_to]))


def _target(g: Graph, ann: URIRef, note: EditorialNote, text: str, where: str) -> URIRef:
    """The fact's IRI, or a span of the document's text (both selectors, as evidence has)."""
    anchor = note.anchor
    if anchor.fact is not None:
        return URIRef(anchor.fact)
    assert anchor.quote is not None
    start = find_quote(text, anchor.quote, anchor.occurrence, where)
    end = start + len(anchor.quote)
    target, quote, position = (iris.fragment(ann, n) for n in ("target", "quote", "position"))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, iris.text(anchor.document)))
    g.add((target, OA.hasSelector, quote))
    g.add((target, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(anchor.quote)))
    g.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT) : start])))
    g.add((quote, OA.suffix, Literal(text[end : end + CONTEXT])))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(start, datatype=XSD.integer)))
    g.add((position, OA.end, Literal(end, datatype=XSD.integer)))
    return target


def find_quote(text: str, quote: str, occurrence: int | None, where: str = "") -> int:
    """Where ``quote`` starts in ``text`` (its ``occurrence``-th time; unique when ``None``).

    Raises :class:`DataError` when it is absent, repeated without an
    occurrence, or has fewer occurrences.

    >>> find_quote("le 13 et le 13", "13", 2)
    12
    """
    starts, i = [], text.find(quote)
    while i >= 0:
        starts.append(i)
        i = text.find(quote, i + 1)
    if not starts:
        raise DataError(f"{where}: quote: not in the document's text (see `kg text DOC`)")
    if occurrence is None and len(starts) > 1:
        raise DataError(f"{where}: quote: found {len(starts)} times; add occurrence = N")
    if occurrence is not None and occurrence > len(starts):
        raise DataError(f"{where}: occurrence: the quote is found only {len(starts)} times")
    return starts[(occurrence or 1) - 1]
