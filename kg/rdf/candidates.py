"""Names the gazetteer lacks (:class:`~kg.model.Candidate`) as RDF.

::

    <doc/D/candidate/person-k-riabtsev> a okg:Candidate , okg:Unlinked , foaf:Person ;
        rdfs:label "K. Riabtsev"@fr ; skos:prefLabel "K. Riabtsev"@fr ;
        okg:surfaceForm "K. Riabtsev"@fr , "Riabtsev"@fr ;
        okg:mentionCount 3 ; okg:candidateKey "person-k-riabtsev" ; okg:cue "initials" .
    <doc/D> schema:mentions <doc/D/candidate/person-k-riabtsev> .

Each use has its Web Annotation (``oa:identifying``), like every name mention.  The
class of its kind (foaf:Person, org:Organization, schema:Place, schema:CreativeWork)
says what it is; ``kg entities accept KEY`` turns it into a gazetteer entry.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Literal

from kg import iris
from kg.model import Candidate, EntityKind, Fact
from kg.rdf.context import RdfContext
from kg.rdf.provenance import add_evidence
from kg.vocab import FOAF, OA, OKG, ORG, RDFS, SCHEMA, SKOS

KIND_CLASSES = {
    EntityKind.PERSON: (FOAF.Person, SCHEMA.Person),
    EntityKind.BODY: (ORG.Organization,),
    EntityKind.PLACE: (SCHEMA.Place,),
    EntityKind.WORK: (SCHEMA.CreativeWork,),
    EntityKind.POST: (ORG.Post,),
}


def add_candidate(ctx: RdfContext, fact: Fact) -> None:
    """One unlinked, typed entity of the document, with its forms and every use's evidence."""
    assert isinstance(fact, Candidate)
    node = ctx.typed(ctx.node(fact), OKG.Candidate, OKG.Unlinked, *KIND_CLASSES[fact.kind])
    ctx.add(node, RDFS.label, fact.label, lang="fr")
    ctx.add(node, SKOS.prefLabel, fact.label, lang="fr")
    for form in fact.forms:
        ctx.add(node, OKG.surfaceForm, form, lang="fr")
    ctx.add(node, OKG.mentionCount, Literal(len(fact.mentions)))
    ctx.add(node, OKG.candidateKey, fact.key)
    ctx.add(node, OKG.cue, fact.cue)
    ctx.add(iris.document(ctx.doc_id), SCHEMA.mentions, node)
    for span in fact.mentions or (fact.evidence,):
        add_evidence(ctx.g, node, span, ctx.text, motivation=OA.identifying)


BUILDERS: dict[type, Callable[[RdfContext, Fact], None]] = {Candidate: add_candidate}
