"""Documents the texts name (:class:`Decree` records) as RDF.

::

    <doc/D/decree/decree-on-land> a okg:NamedDocument, schema:Legislation, fabio:Expression ;
        okg:documentType "decree" ; rdfs:label "Décret sur la terre"@fr ;
        dcterms:title "Décret sur la terre"@fr ;  # only a title the text or the gazetteer gives;
        # else dcterms:description "Article du Dielo Naroda"@fr (also the label)
        schema:exampleOfWork <work/decree-on-land> ;  # the gazetteer's work (FRBR work level)
        dcterms:creator <person/lenin> ;                          # wdt:P50 (ontology/okg-works.ttl)
        schema:legislationPassedBy <body/second-congress-of-soviets> ; okg:adoptedBy … ;
        okg:reportedBy <person/lenin> ;
        dcterms:date "1917-11-08"^^xsd:date ; time:hasTime <day/1917-11-08> .
    <work/decree-on-land> dcterms:creator <person/lenin> .  # the work's author, as this text states

The node is ``doc/D/<type>/<key>`` (``kg.iris.named_document``: ``…/fable/…``,
``…/newspaper/…``; decision 0008), "the document as this text describes it"; every statement the
text makes about it is an evidence annotation on it.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.model import Decree, Mention
from kg.rdf.context import RdfContext
from kg.vocab import BIBO, DCTERMS, FABIO, OKG, RDFS, SCHEMA, XSD

#: doc_type → classes (besides okg:NamedDocument).
DOCUMENT_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "decree": (SCHEMA.Legislation, FABIO.Expression, OKG.Decree),
    "resolution": (SCHEMA.Legislation, FABIO.Expression, OKG.Decree),
    "appeal": (FABIO.Expression, SCHEMA.CreativeWork),
    "letter": (FABIO.Letter, BIBO.Letter),
    "note": (FABIO.Letter, BIBO.Letter),
    "order": (FABIO.Expression, SCHEMA.CreativeWork),
    "declaration": (FABIO.Expression, SCHEMA.CreativeWork),
    "mandate": (FABIO.Expression, SCHEMA.CreativeWork),
    "article": (FABIO.Expression, SCHEMA.Article),
    "newspaper": (FABIO.Newspaper, BIBO.Newspaper),
    "periodical": (BIBO.Periodical, SCHEMA.Periodical),
    "fable": (FABIO.Poem, SCHEMA.CreativeWork),
    "memoir": (FABIO.Expression, SCHEMA.CreativeWork),
    "minutes": (FABIO.MeetingReport, SCHEMA.CreativeWork),
    "report": (FABIO.Oration, SCHEMA.CreativeWork),
}
_PASSED = ("decree", "resolution")


def add_document_fact(ctx: RdfContext, fact: Decree) -> None:
    """Describe one named document, its work, authors, adoption and date, with evidence."""
    node = ctx.typed(
        ctx.node(fact), OKG.NamedDocument, *DOCUMENT_CLASSES.get(fact.doc_type, (FABIO.Expression,))
    )
    ctx.add(node, OKG.documentType, fact.doc_type or "work")
    label = fact.title or fact.description or f"{fact.doc_type} {fact.key}"
    ctx.add(node, RDFS.label, label, lang="fr")
    if fact.title:  # a title only when the text (or the gazetteer's work) gives one
        ctx.add(node, DCTERMS.title, fact.title, lang="fr")
    if fact.description:
        ctx.add(node, DCTERMS.description, fact.description, lang="fr")
    work = ctx.ref(fact.work) if fact.work else None
    if work is not None:
        ctx.add(node, SCHEMA.exampleOfWork, work)
    for author in fact.authors:
        ctx.add(node, DCTERMS.creator, ctx.ref(author))
        if work is not None:
            ctx.add(work, DCTERMS.creator, ctx.ref(author))
    for to in fact.recipients:
        ctx.add(node, SCHEMA.recipient, ctx.ref(to))
    _adoption(ctx, node, fact)
    if fact.published_in is not None:
        ctx.add(node, OKG.publishedIn, ctx.ref(fact.published_in))
    if fact.signatory_count is not None:
        ctx.add(node, OKG.signatoryCount, Literal(fact.signatory_count, datatype=XSD.integer))
    if fact.date is not None:
        ctx.when(node, fact.date, fact.date.time_of_day)
        ctx.add(node, DCTERMS.date, Literal(fact.date.gregorian.isoformat(), datatype=XSD.date))
    ctx.evidence(node, fact.evidence)
    for span in fact.more_evidence:
        ctx.evidence(node, span)


def _adoption(ctx: RdfContext, node: URIRef, fact: Decree) -> None:
    if fact.adopted_by is not None:
        body = ctx.ref(fact.adopted_by)
        ctx.add(node, OKG.adoptedBy, body)
        if fact.doc_type in _PASSED:
            ctx.add(node, SCHEMA.legislationPassedBy, body)
            if fact.date is not None:
                ctx.add(
                    node,
                    SCHEMA.legislationDate,
                    Literal(fact.date.gregorian.isoformat(), datatype=XSD.date),
                )
    if fact.reported_by is not None:
        ctx.add(node, OKG.reportedBy, ctx.ref(fact.reported_by))


def work_node(ctx: RdfContext, mention: Mention | None) -> URIRef | None:
    """The gazetteer work a (possibly synthetic) work mention names."""
    return ctx.ref(mention) if mention is not None else None
