"""Evidence: a W3C Web Annotation per fact, pointing at the exact span.

::

    <doc/D/evidence/S-E-key> a oa:Annotation ;
        oa:motivatedBy oa:describing ;             # oa:identifying for name mentions
        oa:hasBody <the fact> ;
        oa:hasTarget <doc/D/evidence/S-E-key#target> .
    <…#target> a oa:SpecificResource ; oa:hasSource <doc/D/text> ;
        oa:hasSelector <…#quote>, <…#position> .
    <…#quote> a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .
    <…#position> a oa:TextPositionSelector ; oa:start S ; oa:end E .

Offsets are code points into the repaired text (``kg text DOC``).
"""

from __future__ import annotations

import functools

from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.model import Span
from kg.vocab import DCTERMS, OA, PROV, RDF, RDFS, XSD

CONTEXT = 24  # characters of prefix/suffix kept in TextQuoteSelector


def add_evidence(
    g: Graph, body: URIRef, span: Span, text: str, motivation: URIRef = OA.describing
) -> URIRef:
    """Annotate ``body`` with the span it was read from; return the annotation."""
    ann = iris.evidence(span.doc_id, span.start, span.end, str(body))
    target = iris.fragment(ann, "target")
    quote = iris.fragment(ann, "quote")
    position = iris.fragment(ann, "position")
    g.add((ann, RDF.type, OA.Annotation))
    g.add((ann, OA.motivatedBy, motivation))
    g.add((ann, OA.hasBody, body))
    g.add((ann, OA.hasTarget, target))
    g.add((ann, PROV.wasDerivedFrom, iris.document(span.doc_id)))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, iris.text(span.doc_id)))
    g.add((target, OA.hasSelector, quote))
    g.add((target, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(span.text)))
    g.add((quote, OA.prefix, Literal(text[max(0, span.start - CONTEXT) : span.start])))
    g.add((quote, OA.suffix, Literal(text[span.end : span.end + CONTEXT])))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, offset(span.start)))
    g.add((position, OA.end, offset(span.end)))
    return ann


@functools.lru_cache(maxsize=1 << 16)
def offset(n: int) -> Literal:
    """``n`` as an ``xsd:integer`` literal, made once (a selector's start or end: two per
    annotation, 6 µs each in rdflib).

    >>> offset(12) == Literal(12, datatype=XSD.integer)
    True
    """
    return Literal(n, datatype=XSD.integer)


def attribute_to_rule(g: Graph, body: URIRef, rule: str) -> None:
    """Attribute every evidence annotation of ``body`` to the rule that read it.

    ``rule`` is ``<patterns file stem>.<rule name>`` (a rule of
    ``kg/data/patterns/<stem>.toml``) or, for a pass that does not name its rules yet,
    the fact kind alone (the pass as a whole)::

        <evidence> prov:wasAttributedTo <agent/rule/votes.count-adopted> .
        <agent/rule/votes.count-adopted> a prov:SoftwareAgent ;
            rdfs:label "votes.count-adopted" ; dcterms:source "kg/data/patterns/votes.toml" .
    """
    agent = iris.rule(rule)
    annotations = list(g.subjects(OA.hasBody, body))
    if not annotations:
        return
    for ann in annotations:
        g.add((ann, PROV.wasAttributedTo, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(rule)))
    stem, dot, _ = rule.partition(".")
    if stem == "mentions":
        source = "kg/data/gazetteer.toml"
    else:
        source = f"kg/data/patterns/{stem}.toml" if dot else f"kg/extract (the {stem} pass)"
    g.add((agent, DCTERMS.source, Literal(source)))
