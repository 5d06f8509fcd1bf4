"""Quotations (:class:`Quotation`) as RDF (MODELLING.md §3.11).

::

    <doc/D/quotation/K> a schema:Quotation, fabio:Quotation ;
        schema:text "…"@fr ;
        schema:creator <person/lenin> ;  # who said or wrote it, never the reporting author
        schema:contributor <person/rykov> ;  # who signed it with the speaker, if several did
        schema:isPartOf <doc/D> ; prov:wasDerivedFrom <doc/D> ;
        prov:wasQuotedFrom <doc/D/<type>/W> ;      # the document it comes from, when known
        okg:withinQuotation <doc/D/quotation/K0> ;  # quoted inside another quotation
        time:hasTime <day/…> .
    <doc/D> cito:includesQuotationFrom <doc/D/<type>/W> .

Reported speech (:class:`ReportedSpeech`), the narrator's words for what was said::

    <doc/D/reportedspeech/K> a okg:ReportedSpeech ;   # ⊑ schema:CommunicateAction
        schema:agent <person/lenin> ;                 # or okg:speakerDescription "…"@fr
        okg:speechVerb "constate"@fr ; okg:speechMode "statement" ;
        schema:text "la situation est mûre"@fr ;      # the reported clause, not a quotation
        schema:isPartOf <doc/D> ; prov:wasDerivedFrom <doc/D> ; time:hasTime <day/…> .
"""

from __future__ import annotations

from kg import iris
from kg.model import Quotation, ReportedSpeech
from kg.rdf.context import RdfContext
from kg.vocab import CITO, FABIO, OKG, PROV, RDFS, SCHEMA


def add_quotation(ctx: RdfContext, fact: Quotation) -> None:
    """One quotation with its speaker, source document and evidence."""
    node = ctx.typed(ctx.node(fact), SCHEMA.Quotation, FABIO.Quotation)
    doc = iris.document(ctx.doc_id)
    ctx.add(node, SCHEMA.text, fact.text, lang="fr")
    words = fact.text.split()
    ctx.add(node, RDFS.label, " ".join(words[:8]) + (" …" if len(words) > 8 else ""), lang="fr")
    if fact.speaker is not None:
        ctx.add(node, SCHEMA.creator, ctx.ref(fact.speaker))
    for other in fact.co_speakers:  # signed or said with the speaker
        ctx.add(node, SCHEMA.contributor, ctx.ref(other))
    ctx.add(node, OKG.speakerDescription, fact.speaker_label, lang="fr")
    ctx.add(node, SCHEMA.isPartOf, doc)
    ctx.add(node, PROV.wasDerivedFrom, doc)
    if fact.work:
        source = ctx.node_of(fact.work)
        ctx.add(node, PROV.wasQuotedFrom, source)
        ctx.add(doc, CITO.includesQuotationFrom, source)
    if fact.within:
        ctx.add(node, OKG.withinQuotation, ctx.node_of(fact.within))
    if fact.footnote:
        ctx.add(node, SCHEMA.citation, iris.footnote(ctx.doc_id, fact.footnote))
    ctx.when(node, fact.date)
    ctx.evidence(node, fact.evidence)


def add_reported_speech(ctx: RdfContext, fact: ReportedSpeech) -> None:
    """One reported statement or proposal with its speaker and evidence."""
    node = ctx.typed(ctx.node(fact), OKG.ReportedSpeech)
    doc = iris.document(ctx.doc_id)
    ctx.add(node, SCHEMA.text, fact.content, lang="fr")
    who = ctx.label(fact.speaker) if fact.speaker else fact.speaker_label
    words = fact.content.split()
    summary = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
    ctx.add(node, RDFS.label, f"{who} {fact.verb} : {summary}", lang="fr")
    if fact.speaker is not None:
        ctx.add(node, SCHEMA.agent, ctx.ref(fact.speaker))
    ctx.add(node, OKG.speakerDescription, fact.speaker_label, lang="fr")
    ctx.add(node, OKG.speechVerb, fact.verb, lang="fr")
    ctx.add(node, OKG.speechMode, fact.mode)
    ctx.add(node, SCHEMA.isPartOf, doc)
    ctx.add(node, PROV.wasDerivedFrom, doc)
    ctx.when(node, fact.date)
    ctx.evidence(node, fact.evidence)
