"""Footnote references (:class:`Citation`) as CiTO citations (MODELLING.md §3.10).

::

    <doc/D/citation/note-2> a cito:Citation ;
        cito:hasCitingEntity <doc/D/note/2> ;              # the doco:Footnote
        cito:hasCitedEntity <doc/D/cited/note-2> ;         # the pages cited
        cito:hasCitationCharacterisation cito:citesAsSourceDocument ;
        okg:supports <doc/D/quotation/K> .                 # the passage the note supports
    <doc/D/cited/note-2> a okg:CitedPart, bibo:DocumentPart, fabio:Manifestation ;
        bibo:pages "1-3" ; bibo:pageStart "1" ; bibo:pageEnd "3" ;
        schema:exampleOfWork <work/bolsheviks-must-assume-power> ;
        dcterms:isPartOf <doc/D/volume/lenin-oeuvres-4e-ed-russe-26> .
    <doc/D/volume/…> a bibo:Book ; bibo:volume "26" ; dcterms:isPartOf <doc/D/edition/…> .
    <doc/D/edition/…> a fabio:Expression, bibo:Book ; schema:exampleOfWork <work/lenin-oeuvres> ;
        bibo:edition "4e éd. russe" ; dcterms:publisher "…" ; schema:locationCreated "Moscou" ;
        dcterms:issued "1954"^^xsd:gYear ; dcterms:creator <person/lenin> .
    <doc/D> cito:cites <work/bolsheviks-must-assume-power> .

A work the gazetteer lacks keeps the title the note prints: its edition is
``<doc/D/edition/title-<slug>-…>`` with that ``dcterms:title`` and no
``schema:exampleOfWork``; an edition the gazetteer knows gets the printed
title too ("Œuvres complètes" for the gazetteer's *Œuvres*).  A reference
printed inline in the running text is ``<doc/D/citation/ref-n>``, its citing
entity the document itself.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from kg import iris
from kg.model import Citation
from kg.rdf.context import RdfContext
from kg.vocab import BIBO, CITO, DCTERMS, FABIO, OKG, RDFS, SCHEMA, XSD


def add_citation(ctx: RdfContext, fact: Citation) -> None:
    """The citation a footnote makes, the cited part, its volume and edition."""
    node = ctx.typed(ctx.node(fact), CITO.Citation)
    if fact.inline:
        ctx.add(node, RDFS.label, f"référence : {fact.work_title}", lang="fr")
        ctx.add(node, CITO.hasCitingEntity, iris.document(ctx.doc_id))
    else:
        ctx.add(node, RDFS.label, f"note {fact.footnote} : {fact.work_title}", lang="fr")
        ctx.add(node, CITO.hasCitingEntity, iris.footnote(ctx.doc_id, fact.footnote))
    ctx.add(node, CITO.hasCitationCharacterisation, CITO[fact.characterisation or "cites"])
    part = _part(ctx, fact)
    ctx.add(node, CITO.hasCitedEntity, part)
    if fact.cites:
        ctx.add(node, OKG.supports, ctx.node_of(fact.cites))
    if fact.repeats:
        ctx.add(node, DCTERMS.references, ctx.node_of(fact.repeats))
    cited_work = (
        iris.entity("work", fact.work) if fact.work else (ctx.ref(fact.book) if fact.book else None)
    )
    if cited_work is not None:
        ctx.add(iris.document(ctx.doc_id), CITO.cites, cited_work)
    ctx.evidence(node, fact.evidence)


def _part(ctx: RdfContext, fact: Citation) -> URIRef:
    part = ctx.typed(
        ctx.node_for("cited", fact.key), OKG.CitedPart, BIBO.DocumentPart, FABIO.Manifestation
    )
    ctx.add(
        part,
        RDFS.label,
        " ".join(
            x
            for x in (
                fact.work_title,
                fact.volume and f"t. {fact.volume}",
                fact.pages and f"p. {fact.pages}",
            )
            if x
        ),
        lang="fr",
    )
    if fact.work:
        ctx.add(part, SCHEMA.exampleOfWork, iris.entity("work", fact.work))
    if fact.pages:
        ctx.add(part, BIBO.pages, fact.pages)
        bounds = re.findall(r"\d+", fact.pages)
        ctx.add(part, BIBO.pageStart, bounds[0])
        ctx.add(part, BIBO.pageEnd, bounds[-1])
    container = _container(ctx, fact)
    if container is not None:
        ctx.add(part, DCTERMS.isPartOf, container)
    return part


def _container(ctx: RdfContext, fact: Citation) -> URIRef | None:
    """The issue of a periodical, or the volume of an edition (or the edition), the part is printed
    in.
    """
    if fact.container is not None or fact.container_title:
        issue = ctx.typed(
            ctx.node_for("issue", f"{fact.key}-issue"), FABIO.PeriodicalIssue, BIBO.Issue
        )
        ctx.add(
            issue, RDFS.label, f"{fact.container_title} n° {fact.issue}".strip(" n°"), lang="fr"
        )
        ctx.add(issue, BIBO.issue, fact.issue)
        _imprint(ctx, issue, fact)
        if fact.container is not None:
            ctx.add(issue, DCTERMS.isPartOf, ctx.ref(fact.container))
        return issue
    if fact.book is None and not fact.printed_title:
        return None
    if fact.book is not None and fact.work == fact.book.key:
        return None
    # an unlinked title's edition is told apart by its year too (two imprints, one title)
    book = (
        fact.book.key
        if fact.book is not None
        else f"title-{iris.slug(fact.printed_title)}{f'-{fact.year}' if fact.year else ''}"
    )
    edition = ctx.typed(
        ctx.node_for("edition", f"{book}-{fact.edition or 'ed'}"),
        FABIO.Expression,
        BIBO.Book,
    )
    ctx.add(
        edition, RDFS.label, ", ".join(x for x in (fact.work_title, fact.edition) if x), lang="fr"
    )
    ctx.add(edition, DCTERMS.title, fact.printed_title, lang="fr")
    if fact.book is not None:
        ctx.add(edition, SCHEMA.exampleOfWork, ctx.ref(fact.book))
    ctx.add(edition, BIBO.edition, fact.edition)
    if fact.author is not None:
        ctx.add(edition, DCTERMS.creator, ctx.ref(fact.author))
    _imprint(ctx, edition, fact)
    if not fact.volume:
        return edition
    volume = ctx.typed(
        ctx.node_for("volume", f"{book}-{fact.edition or 'ed'}-{fact.volume}"), BIBO.Book
    )
    ctx.add(volume, RDFS.label, f"{fact.work_title}, t. {fact.volume}", lang="fr")
    ctx.add(volume, BIBO.volume, fact.volume)
    ctx.add(volume, DCTERMS.isPartOf, edition)
    if fact.part:
        ctx.add(volume, BIBO.section, fact.part)
    return volume


def _imprint(ctx: RdfContext, node: URIRef, fact: Citation) -> None:
    ctx.add(node, DCTERMS.publisher, fact.publisher)
    ctx.add(node, SCHEMA.locationCreated, fact.place)
    if fact.year is not None:
        ctx.add(node, DCTERMS.issued, Literal(str(fact.year), datatype=XSD.gYear))
