"""Media types the server speaks, and HTTP content negotiation.

Shared by the HTTP side and the worker processes (no I/O here).

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULTS).media_type
'application/sparql-results+json'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox


@dataclass(frozen=True)
class Offer:
    """One representation the server can produce."""

    media_type: str
    names: tuple[str, ...]  # values accepted by ``format=`` and file suffixes
    rdf: ox.RdfFormat | None = None  # for graphs; None for result formats

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(
            ("+json", "+xml", "/json", "/xml", "/ld+json", "/n-triples", "/n-quads", "/trig")
        )
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


JSON_RESULTS = Offer("application/sparql-results+json", ("json", "srj"))
XML_RESULTS = Offer("application/sparql-results+xml", ("xml", "srx"))
CSV_RESULTS = Offer("text/csv", ("csv",))
TSV_RESULTS = Offer("text/tab-separated-values", ("tsv",))
#: SELECT and ASK answers, in the server's order of preference.
RESULTS = (
    JSON_RESULTS,
    XML_RESULTS,
    CSV_RESULTS,
    TSV_RESULTS,
    Offer("application/json", ("application/json",)),
)

TURTLE = Offer("text/turtle", ("turtle", "ttl"), ox.RdfFormat.TURTLE)
NTRIPLES = Offer("application/n-triples", ("ntriples", "nt"), ox.RdfFormat.N_TRIPLES)
JSONLD = Offer("application/ld+json", ("jsonld", "json"), ox.RdfFormat.JSON_LD)
RDFXML = Offer("application/rdf+xml", ("rdfxml", "rdf", "xml", "owl"), ox.RdfFormat.RDF_XML)
TRIG = Offer("application/trig", ("trig",), ox.RdfFormat.TRIG)
NQUADS = Offer("application/n-quads", ("nquads", "nq"), ox.RdfFormat.N_QUADS)
#: CONSTRUCT and DESCRIBE answers, entity data and graph downloads.
GRAPHS = (
    TURTLE,
    NTRIPLES,
    JSONLD,
    RDFXML,
    TRIG,
    NQUADS,
    Offer("text/plain", ("text",), ox.RdfFormat.N_TRIPLES),
    Offer("application/json", ("application/json",), ox.RdfFormat.JSON_LD),
    Offer("application/x-turtle", ("application/x-turtle",), ox.RdfFormat.TURTLE),
)
HTML = Offer("text/html", ("html", "htm"))
#: An entity page: data first (for */*), HTML for browsers that ask for it.
ENTITY = (TURTLE, HTML, NTRIPLES, JSONLD, RDFXML, TRIG, NQUADS)


@lru_cache(maxsize=512)
def parse_accept(header: str) -> tuple[tuple[str, str, float], ...]:
    """``(type, subtype, q)`` for each media range of an Accept header; junk ranges are skipped."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        kind, _, sub = fields[0].lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub, q))
    return tuple(ranges)


def quality(media_type: str, ranges: tuple[tuple[str, str, float], ...]) -> float:
    """The q an Accept header gives to ``media_type`` (most specific range wins)."""
    kind, _, sub = media_type.partition("/")
    best, specificity = 0.0, -1
    for r_kind, r_sub, q in ranges:
        if r_kind == kind and r_sub == sub:
            score = 2
        elif r_kind == kind and r_sub == "*":
            score = 1
        elif r_kind == "*" and r_sub == "*":
            score = 0
        else:
            continue
        if score > specificity:
            best, specificity = q, score
    return best


def negotiate(accept: str | None, offers: tuple[Offer, ...]) -> Offer | None:
    """The best offer for an Accept header; the first offer when there is none; None: 406."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for offer in offers:
        q = quality(offer.media_type, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def by_name(name: str, offers: tuple[Offer, ...]) -> Offer | None:
    """The offer a ``format=`` value names (a short name or a media type)."""
    name = name.strip().lower()
    for offer in offers:
        if name in offer.names or name == offer.media_type:
            return offer
    return None


def choose(
    fmt: str | tuple[str, ...] | None, accept: str | None, offers: tuple[Offer, ...]
) -> Offer | None:
    """``format=`` first (the browser fallback; the first known of several), then Accept."""
    if not fmt:
        return negotiate(accept, offers)
    names = (fmt,) if isinstance(fmt, str) else fmt
    return next((o for o in (by_name(n, offers) for n in names) if o is not None), None)
