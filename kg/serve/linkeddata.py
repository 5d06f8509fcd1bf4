"""Linked Data: every IRI minted under BASE_IRI answers at its path on the server.

``GET /person/lenin`` describes ``<BASE_IRI person/lenin>``: HTML for browsers
(label, types, statements in and out with labels, Wikidata link, and the
evidence — each Web Annotation whose body is the entity or a fact that
mentions it, with its quoted passage, document and offsets), or its
statements as Turtle, N-Triples, JSON-LD, RDF/XML… by content negotiation,
``?format=`` or a file suffix (``/person/lenin.ttl``).  Runs in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.config import BASE_IRI
from kg.serve import document, profile
from kg.serve import formats as F
from kg.serve import html as H
from kg.serve import results as R
from kg.serve.replies import Failure, Reply
from kg.serve.wikidata_line import evidence_line

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABELS = (
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ox.NamedNode("http://purl.org/dc/terms/title"),
)
SAME_AS = (
    ox.NamedNode("http://schema.org/sameAs"),
    ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
)
OA = "http://www.w3.org/ns/oa#"
WIKIDATA = "http://www.wikidata.org/entity/"
WIKIDATA_EVIDENCE = ox.NamedNode("https://w3id.org/october1917/ontology#wikidataEvidence")
MAX_LINKS = 500  # statements shown per direction on an HTML page
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
            return Failure(404, "not-found", f"no resource <{node.value}> in this dataset")
        node, fmt = ox.NamedNode(BASE_IRI + stem), (suffix,)
    offer = F.choose(fmt, request.get("accept"), F.ENTITY)
    if offer is None:
        types = ", ".join(o.media_type for o in F.ENTITY)
        return Failure(406, "not-acceptable", f"available: {types}")
    found = _collect(store, node)
    headers = (("Link", f'<{node.value}>; rel="canonical"'),)
    if offer is F.HTML:
        page = document.render(store, found) if document.is_document(store, node) else None
        page = page or profile.render(store, found)
        return Reply(200, offer.content_type, page.encode(), headers)
    triples = list(dict.fromkeys([*found.outgoing, *found.incoming]))
    return R.graph(triples, offer, headers)


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
    for ann in dict.fromkeys(q.subject for q in store.quads_for_pattern(None, has_body, fact)):
        ev = Evidence(ann, fact)
        for target in {
            q.object for q in store.quads_for_pattern(ann, ox.NamedNode(OA + "hasTarget"), None)
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


def label(store: ox.Store, term: Any) -> str:
    """The best human label of a term: @en, then @fr, then any; a prefixed name otherwise."""
    if not isinstance(term, ox.NamedNode):
        return term.value if isinstance(term, ox.Literal) else str(term)
    found: dict[str, str] = {}
    for predicate in LABELS:
        for q in store.quads_for_pattern(term, predicate, None):
            if isinstance(q.object, ox.Literal):
                found.setdefault(q.object.language or "", q.object.value)
    for lang in ("en", "fr", ""):
        if lang in found:
            return found[lang]
    return next(iter(found.values()), H.short(term.value))


def _page(store: ox.Store, found: Entity) -> str:
    node = found.node
    title = label(store, node)
    types = [t.object for t in found.outgoing if t.predicate == RDF_TYPE]
    same = dict.fromkeys(
        t.object.value
        for t in found.outgoing
        if t.predicate in SAME_AS and t.object.value.startswith(WIKIDATA)
    )
    parts = [f"<h1>{H.esc(title)}</h1>", f'<p class="iri"><code>{H.esc(node.value)}</code></p>']
    if types:
        parts.append(
            "<p>Type: " + ", ".join(H.link(t.value, label(store, t)) for t in types) + "</p>"
        )
    parts += [
        f'<p>Wikidata: <a class="wikidata" href="{H.esc(u)}">{H.esc(u[len(WIKIDATA) :])}</a></p>'
        for u in same
    ]
    parts.append(H.formats_bar(node.value))
    parts.append(_evidence_html(store, found.evidence))
    facts = [t for t in found.outgoing if t.predicate != WIKIDATA_EVIDENCE]
    parts.append(_statements(store, "Statements", facts, outgoing=True))
    parts += [
        evidence_line(same_as[len(WIKIDATA) :], t.object.value)
        for t in found.outgoing
        if t.predicate == WIKIDATA_EVIDENCE
        for same_as in same
    ]
    parts.append(_statements(store, "Mentioned by", found.incoming, outgoing=False))
    return H.page(title, "\n".join(parts), alternate=node.value)


def _statements(store: ox.Store, heading: str, triples: list[ox.Triple], outgoing: bool) -> str:
    rows = []
    for t in triples[:MAX_LINKS]:
        other = t.object if outgoing else t.subject
        rows.append(
            f"<tr><td>{H.term(t.predicate, label(store, t.predicate))}</td>"
            f"<td>{H.term(other, label(store, other))}</td></tr>"
        )
    more = f"<p>({len(triples) - MAX_LINKS} more not shown)</p>" if len(triples) > MAX_LINKS else ""
    body = "".join(rows) or '<tr><td colspan="2">none</td></tr>'
    return f'<h2>{heading}</h2><table class="statements"><tbody>{body}</tbody></table>{more}'


def _source_label(store: ox.Store, source: ox.NamedNode) -> str:
    """A text manifestation (``doc/<id>/text``) is named by its document's title."""
    own = label(store, source)
    if own != H.short(source.value) or not source.value.endswith("/text"):
        return own
    return label(store, ox.NamedNode(source.value[: -len("/text")]))


def _evidence_html(store: ox.Store, evidence: list[Evidence]) -> str:
    if not evidence:
        return '<h2>Evidence</h2><p class="none">No cited passage.</p>'
    items = []
    for ev in evidence:
        where = H.term(ev.source, _source_label(store, ev.source)) if ev.source else "unknown"
        span = f", characters {H.esc(ev.start)}–{H.esc(ev.end)}" if ev.start else ""
        items.append(
            f'<li class="evidence"><blockquote>{H.esc(ev.prefix)}<mark>{H.esc(ev.exact)}</mark>'
            f"{H.esc(ev.suffix)}</blockquote><p>— {where}{span}; supports "
            f"{H.term(ev.fact, label(store, ev.fact))} "
            f"({H.term(ev.annotation, 'annotation')})</p></li>"
        )
    return f'<h2>Evidence</h2><ul class="evidence">{"".join(items)}</ul>'
