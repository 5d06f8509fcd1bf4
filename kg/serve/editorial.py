"""The historian's notes (``graph/editorial``) on entity and document pages.

A page shows, beside the facts as the text states them, the notes that sit
beside them: on an entity page the notes anchored to the entity, to one of its
facts, or to a span inside the evidence of one of them; on a document page
every note about the document.  The claim is never hidden: the note is added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg import iris
from kg.serve import html as H
from kg.vocab import PREFIXES

_QUERY = f"""
PREFIX oa: <{PREFIXES["oa"]}>
PREFIX okg: <{PREFIXES["okg"]}>
PREFIX rdf: <{PREFIXES["rdf"]}>
PREFIX rdfs: <{PREFIXES["rdfs"]}>
PREFIX dcterms: <{PREFIXES["dcterms"]}>
PREFIX schema: <{PREFIXES["schema"]}>
SELECT ?note ?kind ?comment ?creator ?created ?target ?doc ?source ?text ?start ?end ?exact
       ?greg ?jul ?time ?author WHERE {{
  GRAPH <{iris.graph("editorial")}> {{
    ?note a okg:EditorialNote ; okg:noteKind ?k ; oa:hasBody ?body ; oa:hasTarget ?target ;
        dcterms:creator ?creator ; dcterms:created ?created ; schema:about ?doc .
    ?body rdf:value ?comment .
    OPTIONAL {{ ?note dcterms:source/dcterms:bibliographicCitation ?source }}
    OPTIONAL {{ ?target oa:hasSource ?text ; oa:hasSelector ?q , ?p .
               ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }}
    OPTIONAL {{ ?body okg:correctedDate ?day . ?day okg:gregorianDate ?greg ; okg:julianDate ?jul }}
    OPTIONAL {{ ?body okg:correctedTime ?time }}
    OPTIONAL {{ ?body okg:correctAttribution ?author }}
  }}
  OPTIONAL {{ GRAPH ?g {{ ?k rdfs:label ?kind FILTER(LANG(?kind) = "en") }} }}
}} ORDER BY ?note
"""


@dataclass(frozen=True)
class Note:
    iri: str
    kind: str
    comment: str
    creator: str
    created: str
    target: str
    document: str
    source: str = ""
    text: str = ""  # the text manifestation of a span anchor
    start: int = -1
    end: int = -1
    exact: str = ""
    corrected: str = ""  # "1917-10-25 (Julian 1917-10-12)", a time, or both
    author: str = ""  # the right author's IRI (misattribution)


def all_notes(store: ox.Store) -> list[Note]:
    """Every note of the store (``[]`` when it has no editorial graph)."""
    out = []
    for row in store.query(_QUERY):  # type: ignore[union-attr]
        v = {k: (row[k].value if row[k] is not None else "") for k in _VARIABLES}
        corrected = " ".join(
            part
            for part in (
                f"{v['greg']} (Julian {v['jul']})" if v["greg"] else "",
                f"at {v['time'][:5]}" if v["time"] else "",
            )
            if part
        )
        out.append(
            Note(
                v["note"],
                v["kind"] or "note",
                v["comment"],
                v["creator"],
                v["created"],
                v["target"],
                v["doc"],
                v["source"],
                v["text"],
                int(v["start"]) if v["start"] else -1,
                int(v["end"]) if v["end"] else -1,
                v["exact"],
                corrected,
                v["author"],
            )
        )
    return out


_VARIABLES = [
    "note",
    "kind",
    "comment",
    "creator",
    "created",
    "target",
    "doc",
    "source",
    "text",
    "start",
    "end",
    "exact",
    "greg",
    "jul",
    "time",
    "author",
]


def for_entity(
    store: ox.Store, node: ox.NamedNode, evidence: Iterable[Any], incoming: Iterable[ox.Triple] = ()
) -> list[Note]:
    """Notes on ``node``, on a fact about it (``incoming``) or it has evidence for, or on a
    span inside that evidence."""
    evidence = list(evidence)
    facts = (
        {node.value}
        | {ev.fact.value for ev in evidence}
        | {t.subject.value for t in incoming if not isinstance(t.subject, ox.Triple)}
    )
    spans = [
        (ev.source.value, int(ev.start), int(ev.end))
        for ev in evidence
        if ev.source is not None and ev.start and ev.end
    ]
    return [
        n
        for n in all_notes(store)
        if n.target in facts
        or (n.text and any(n.text == s and a <= n.start and n.end <= b for s, a, b in spans))
    ]


def for_document(store: ox.Store, node: ox.NamedNode) -> list[Note]:
    return [n for n in all_notes(store) if n.document == node.value]


def notes_html(notes: list[Note]) -> str:
    """The "Editorial notes" section ("" when there is none)."""
    if not notes:
        return ""
    items = []
    for n in notes:
        claim = f'<q lang="fr">{H.esc(n.exact)}</q> ' if n.exact else ""
        target = "" if n.exact else f'on <a href="{H.esc(n.target)}">{H.esc(_short(n.target))}</a> '
        extra = f"<p>Corrected: {H.esc(n.corrected)}</p>" if n.corrected else ""
        if n.author:
            extra += (
                f'<p>Right author: <a href="{H.esc(n.author)}">{H.esc(_short(n.author))}</a></p>'
            )
        source = f"<p>Source: <cite>{H.esc(n.source)}</cite></p>" if n.source else ""
        items.append(
            f'<li class="editorial-note" id="{H.esc(n.iri.rsplit("/", 1)[1])}">'
            f"<p><strong>{H.esc(n.kind)}</strong> {target}{claim}</p>"
            f"<p>{H.esc(n.comment)}</p>{extra}{source}"
            f'<p class="attribution">{H.esc(n.creator)}, {H.esc(n.created)} · '
            f'<a href="{H.esc(n.iri)}">note</a></p></li>'
        )
    return (
        '<section class="editorial" id="editorial-notes"><h2>Editorial notes</h2>'
        "<p>What a historian notes beside the text's claims (the claims themselves are kept "
        f"as the text states them).</p><ol>{''.join(items)}</ol></section>"
    )


def _short(iri: str) -> str:
    return iri.rsplit("/", 2)[-2] + "/" + iri.rsplit("/", 1)[-1]
