"""Every namespace the project uses, declared once.

Standard vocabularies are plain :class:`rdflib.Namespace` objects; our own
ontology (``ontology/okg.ttl``) is a closed :class:`DefinedNamespace`, so a
typo in a term name fails at import time instead of minting a stray IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Namespace as _RdflibNamespace
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

from kg.config import BASE_IRI


class Namespace(_RdflibNamespace):
    """An rdflib :class:`~rdflib.Namespace` whose attribute terms (``OA.hasBody``) are made
    once: rdflib mints a new, re-validated :class:`URIRef` on every access (~6 µs,
    some 200,000 times per MB of text in the build).  ``NS[name]`` is not cached (it
    carries the build's minted IRIs)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found by plain attribute lookup next time
        return term


SCHEMA = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
DOCO = Namespace("http://purl.org/spar/doco/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
PR = Namespace("http://www.wikidata.org/prop/reference/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")

#: Instance data: every IRI the build mints starts here (see kg.iris).
KG = Namespace(BASE_IRI)
#: Our small ontology.
OKG_IRI = BASE_IRI + "ontology#"
#: The vocabulary of ontology/wikidata-alignment.ttl (mappings read by kg.wikidata_view).
OKGW = Namespace(BASE_IRI + "ontology/wikidata-alignment#")


class OKG(DefinedNamespace):
    """Terms of ``ontology/okg.ttl`` (documented and aligned there)."""

    _NS = Namespace(OKG_IRI)
    _fail = True

    # classes
    Document: URIRef
    TextManifestation: URIRef
    Footnote: URIRef
    NameMention: URIRef
    JulianDateTimeDescription: URIRef
    DayInterval: URIRef
    DateMention: URIRef
    Walkout: URIRef
    Resignation: URIRef
    Appointment: URIRef
    Decree: URIRef
    Unlinked: URIRef
    Candidate: URIRef

    # document and text
    sha256: URIRef
    docId: URIRef
    sourceFormat: URIRef
    footnoteLabel: URIRef
    footnoteCall: URIRef
    dateWritten: URIRef
    printedIn: URIRef

    # names
    surfaceForm: URIRef
    refersTo: URIRef
    nameType: URIRef
    BirthName: URIRef
    Pseudonym: URIRef
    Patronymic: URIRef
    Transliteration: URIRef
    Surname: URIRef
    FullName: URIRef
    InitialsName: URIRef
    mentionCount: URIRef
    wikidataEvidence: URIRef
    candidateKey: URIRef
    cue: URIRef

    # dates
    gregorianDate: URIRef
    julianDate: URIRef
    dateAsStated: URIRef
    calendarAsStated: URIRef
    inferredCalendar: URIRef
    timeOfDay: URIRef
    dateQualifier: URIRef
    rangeEnd: URIRef
    relativeTo: URIRef

    # meetings, votes, appointments, decrees
    decided: URIRef
    chair: URIRef
    vote: URIRef
    unanimous: URIRef
    forCount: URIRef
    againstCount: URIRef
    abstentionCount: URIRef
    votesCast: URIRef
    proposedBy: URIRef
    delegateCount: URIRef
    leftCount: URIRef
    post: URIRef
    broaderPost: URIRef
    vacant: URIRef
    adoptedBy: URIRef
    reportedBy: URIRef
    walkoutFrom: URIRef
    resignedFrom: URIRef

    # works: documents, citations, quotations (ontology/okg-works.ttl)
    NamedDocument: URIRef
    documentType: URIRef
    publishedIn: URIRef
    formerTitle: URIRef
    signatoryCount: URIRef
    speakerDescription: URIRef
    withinQuotation: URIRef
    ReportedSpeech: URIRef
    speechVerb: URIRef
    speechMode: URIRef
    supports: URIRef
    CitedPart: URIRef

    # people, bodies and places (ontology/okg-people.ttl)
    BodyRelation: URIRef
    PoliticalParty: URIRef
    part: URIRef
    whole: URIRef
    relationType: URIRef
    impliedProperty: URIRef
    pairedName: URIRef

    # meetings, votes and decisions, appointments (ontology/okg-events.ttl)
    Meeting: URIRef
    Decision: URIRef
    DelegateCount: URIRef
    PostHolding: URIRef
    ChairRole: URIRef
    referredOnly: URIRef
    inferred: URIRef
    dayFromContext: URIRef
    timeAsStated: URIRef
    placeDescription: URIRef
    absentee: URIRef
    chairDescription: URIRef
    outcome: URIRef
    recurrence: URIRef
    editorialNote: URIRef
    proposedAt: URIRef
    againstDescription: URIRef
    subsetOf: URIRef
    partialActor: URIRef
    holderDescription: URIRef
    appointedBy: URIRef

    # the editorial layer (ontology/okg-editorial.ttl)
    EditorialNote: URIRef
    NoteKind: URIRef
    noteKind: URIRef
    correctedDate: URIRef
    correctedTime: URIRef
    correctAttribution: URIRef
    Sic: URIRef
    Disputed: URIRef
    Contradicted: URIRef
    CorrectedDate: URIRef
    Misattribution: URIRef
    Comment: URIRef
    ComputedDate: URIRef


__all__ = [
    "BIBO",
    "CITO",
    "DCAT",
    "DCTERMS",
    "DOCO",
    "FABIO",
    "FOAF",
    "KG",
    "OA",
    "OKG",
    "OKGW",
    "OPENGOV",
    "ORG",
    "OWL",
    "PQ",
    "PR",
    "PROV",
    "PS",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SEM",
    "SH",
    "SKOS",
    "TIME",
    "VOID",
    "WD",
    "WDT",
    "WIKIBASE",
    "XSD",
    "P",
]

#: Prefixes bound in every serialisation and offered to SPARQL queries.
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "okg": OKG_IRI,
    "okgw": str(OKGW),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "prov": str(PROV),
    "time": str(TIME),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "opengov": str(OPENGOV),
    "fabio": str(FABIO),
    "cito": str(CITO),
    "doco": str(DOCO),
    "bibo": str(BIBO),
    "sem": str(SEM),
    "wd": str(WD),
    "wdt": str(WDT),
    "p": str(P),
    "ps": str(PS),
    "pq": str(PQ),
    "pr": str(PR),
    "wikibase": str(WIKIBASE),
}


#: One prefix per kind of IRI the build mints (see kg.iris), for Turtle and
#: SPARQL shown to people: ``person:lenin`` rather than ``kg:person\\/lenin``.
ENTITY_PREFIXES: dict[str, str] = {
    kind: f"{BASE_IRI}{kind}/"
    for kind in (
        "person", "body", "place", "post", "role", "work", "relation", "day", "doc", "graph",
        "agent",
    )
}  # fmt: skip

_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def turtle_prefixes(iris: Iterable[str], prefixes: dict[str, str] | None = None) -> dict[str, str]:
    """The prefixes (of ``prefixes``, default ours and :data:`ENTITY_PREFIXES`) worth declaring
    for ``iris``: used by one of them, and writing every IRI they match as a plain prefixed
    name.  A prefix that would need an escaped local name (``kg:doc\\/x``, which Virtuoso
    and others reject) is left out, so those IRIs are written in full.

    >>> turtle_prefixes(["https://w3id.org/october1917/person/lenin",
    ...                  "https://w3id.org/october1917/doc/d/text"])
    {'person': 'https://w3id.org/october1917/person/'}
    """
    table = prefixes if prefixes is not None else {**PREFIXES, **ENTITY_PREFIXES}
    used: dict[str, bool] = {}
    for iri in set(iris):
        for name, ns in table.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                plain = _PLAIN_LOCAL.fullmatch(iri[len(ns) :]) is not None
                used[name] = used.get(name, True) and plain
    return {name: table[name] for name in table if used.get(name)}


def _memoize(ns: type[DefinedNamespace]) -> None:
    """Store each declared term of a :class:`DefinedNamespace` as a class attribute, so
    that ``RDF.type`` is a plain lookup instead of the metaclass's ``__getattr__``
    (~3 µs).  The values are the namespace's own (``ns[name]``)."""
    for klass in ns.__mro__:
        for name in getattr(klass, "__annotations__", {}):
            if not name.startswith("_") and name not in vars(ns) and name.isidentifier():
                type.__setattr__(ns, name, ns[name])


for _ns in (OKG, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD):
    _memoize(_ns)
