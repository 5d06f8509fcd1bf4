"""Linked Data: every IRI minted under BASE_IRI answers at its path on the server.

``GET /person/lenin`` describes ``<BASE_IRI person/lenin>``: HTML for browsers
(label, types, statements in and out with labels, Wikidata link, and the
evidence — each Web Annotation whose body is the entity or a fact that
mentions it, with its quoted passage, document and offsets), or its
statements as Turtle, N-Triples, JSON-LD, RDF/XML… by content negotiation,
``?format=`` or a file suffix (``/person/lenin.ttl``).  Runs in a worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.config import BASE_IRI, DEFAULT_SEEDS_DIR
from kg.serve import document, moved, page_cache, profile
from kg.serve import formats as F
from kg.serve import results as R
from kg.serve.replies import Failure, Reply

OA = "http://www.w3.org/ns/oa#"
MAX_EVIDENCE = 200


@dataclass
class Evidence:
    annotation: ox.NamedNode | ox.BlankNode
    fact: ox.NamedNode | ox.BlankNode
    exact: str = ""
    source: ox.NamedNode | None = None
    start: str = ""
    end: str = ""
    prefix: str = ""
    suffix: str = ""


@dataclass
class Entity:
    node: ox.NamedNode
    outgoing: list[ox.Triple] = field(default_factory=list)
    incoming: list[ox.Triple] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def entity(store: ox.Store, request: dict[str, Any]) -> Reply | Failure:
    """Describe the entity at ``request["path"]`` (IRI = BASE_IRI + path)."""
    path, fmt = request["path"], request.get("fmt")
    node = ox.NamedNode(BASE_IRI + path)
    if not _exists(store, node):
        stem, dot, suffix = path.rpartition(".")
        offer = F.by_name(suffix, F.ENTITY) if dot and not fmt else None
        if offer is None or not _exists(store, ox.NamedNode(BASE_IRI + stem)):
            gone = moved.redirect(store, path)  # an IRI of a former scheme (decision 0008)
            if gone is not None:
                return gone
            return Failure(404, "not-found", f"no resource <{node.value}> in this dataset")
        node, fmt = ox.NamedNode(BASE_IRI + stem), (suffix,)
    offer = F.choose(fmt, request.get("accept"), F.ENTITY)
    if offer is None:
        types = ", ".join(o.media_type for o in F.ENTITY)
        return Failure(406, "not-acceptable", f"available: {types}")
    headers = (("Link", f'<{node.value}>; rel="canonical"'),)
    if offer is F.HTML:
        page = _document_page(store, node, request) if document.is_document(store, node) else None
        page = page or profile.render(store, _collect(store, node))
        return Reply(200, offer.content_type, page.encode(), headers)
    found = _collect(store, node)
    triples = list(dict.fromkeys([*found.outgoing, *found.incoming]))
    return R.graph(triples, offer, headers)


def _document_page(store: ox.Store, node: ox.NamedNode, request: dict[str, Any]) -> str | None:
    """A document's page, rendered once per generation (:mod:`kg.serve.page_cache`)."""
    seeds = request.get("seeds") or str(DEFAULT_SEEDS_DIR.resolve())
    return page_cache.get(
        request.get("store", ""),
        node.value,
        seeds,
        lambda: document.render(store, _collect(store, node), seeds),
    )


def preload(store: ox.Store, generation: str, seeds_dir: str, budget: float = 5.0) -> int:
    """Render the document pages when a worker starts (within ``budget`` s); how many.

    The first worker of a generation renders and stores them; the next ones
    only read :mod:`kg.serve.page_cache`, so starting a worker stays cheap.
    """
    started, ready = time.monotonic(), 0
    page_cache.prune()
    docs = [q.subject for q in store.quads_for_pattern(None, document.RDF_TYPE, document.DOCUMENT)]
    for node in dict.fromkeys(docs):
        if time.monotonic() - started > budget:
            break
        if isinstance(node, ox.NamedNode) and node.value.startswith(BASE_IRI):
            request = {"store": generation, "seeds": seeds_dir}
            ready += _document_page(store, node, request) is not None
    return ready


def _exists(store: ox.Store, node: ox.NamedNode) -> bool:
    return (
        next(store.quads_for_pattern(node, None, None, None), None) is not None
        or next(store.quads_for_pattern(None, None, node, None), None) is not None
    )


def _collect(store: ox.Store, node: ox.NamedNode) -> Entity:
    found = Entity(node)
    found.outgoing = list(
        dict.fromkeys(q.triple for q in store.quads_for_pattern(node, None, None))
    )
    found.incoming = list(
        dict.fromkeys(q.triple for q in store.quads_for_pattern(None, None, node))
    )
    facts = [
        node,
        *(t.subject for t in found.incoming),
        *(t.object for t in found.outgoing if _is_fact(t.object)),
    ]
    for fact in dict.fromkeys(facts):
        found.evidence += _evidence_of(store, fact)
        if len(found.evidence) >= MAX_EVIDENCE:
            break
    return found


def _is_fact(term: object) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(BASE_IRI + "doc/")


def _one(store: ox.Store, subject: Any, predicate: str) -> Any:
    quad = next(store.quads_for_pattern(subject, ox.NamedNode(OA + predicate), None), None)
    return quad.object if quad else None


def _evidence_of(store: ox.Store, fact: Any) -> list[Evidence]:
    out = []
    has_body = ox.NamedNode(OA + "hasBody")
    for ann in dict.fromkeys(
        q.subject
        for q in store.quads_for_pattern(None, has_body, fact)
        if not isinstance(q.subject, ox.Triple)  # an annotation is a node
    ):
        ev = Evidence(ann, fact)
        for target in {
            q.object
            for q in store.quads_for_pattern(ann, ox.NamedNode(OA + "hasTarget"), None)
            if isinstance(q.object, (ox.NamedNode, ox.BlankNode))
        }:
            ev.source = ev.source or _one(store, target, "hasSource")
            for q in store.quads_for_pattern(target, ox.NamedNode(OA + "hasSelector"), None):
                _read_selector(store, q.object, ev)
        out.append(ev)
    return out


def _read_selector(store: ox.Store, selector: Any, ev: Evidence) -> None:
    for name in ("exact", "prefix", "suffix", "start", "end"):
        value = _one(store, selector, name)
        if value is not None and not getattr(ev, name):
            setattr(ev, name, value.value)


# --------------------------------------------------------------------------- HTML
# (the page itself is kg.serve.profile's, or kg.serve.document's for a document)
