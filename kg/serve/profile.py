"""The entity page for reading: who or what it is, the facts in plain words, the evidence.

Built from the statements :mod:`kg.serve.linkeddata` collected (the same ones
its Turtle and JSON-LD give):

1. the name, the forms of the name the texts use, a short description, the
   Wikidata item with the public evidence of the link, the data downloads;
2. the facts, grouped by kind ("Positions and memberships", "Meetings
   attended", "Votes cast", "Quotations", "Works"…), each the fact's own label
   in the words of the text with its date in both calendars and a small link
   to its evidence; the entity's own statements in plain words after them;
3. the evidence: the passages that support them, grouped by document, in text
   order, cut at word boundaries, folded by default.

Rows are never repeated: a fact appears once per group, a statement once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from kg.config import BASE_IRI
from kg.serve import html as H
from kg.serve.editorial import for_entity, notes_html
from kg.serve.wikidata_line import evidence_line
from kg.vocab import PREFIXES

N = ox.NamedNode
NS = PREFIXES
RDF_TYPE = N(NS["rdf"] + "type")
SKOS_PREF, SKOS_ALT = N(NS["skos"] + "prefLabel"), N(NS["skos"] + "altLabel")
RDFS_LABEL = N(NS["rdfs"] + "label")
TIME = N(NS["time"] + "hasTime")
GREGORIAN, JULIAN = N(NS["okg"] + "gregorianDate"), N(NS["okg"] + "julianDate")
DESCRIPTIONS = (N(NS["schema"] + "description"), N(NS["dcterms"] + "description"))
WIKIDATA = "http://www.wikidata.org/entity/"
_NETWORKED = {
    NS["foaf"] + "Person",
    NS["org"] + "Organization",
    NS["org"] + "OrganizationalUnit",
}
CONTEXT = 90  # characters of text kept either side of a quoted passage

#: Incoming links ``?fact <predicate> <entity>``, by the group they are listed in.
GROUPS: dict[str, str] = {
    "org:member": "Positions and memberships",
    "org:organization": "Members and posts",
    "schema:attendee": "Meetings attended",
    "okg:absentee": "Meetings missed",
    "opengov:voter": "Votes cast",
    "okg:proposedBy": "Motions proposed",
    "okg:appointedBy": "Appointments made",
    "schema:organizer": "Meetings and decisions",
    "okg:adoptedBy": "Decrees adopted",
    "schema:legislationPassedBy": "Decrees adopted",
    "okg:resignedFrom": "Resignations",
    "schema:agent": "Acts",
    "schema:creator": "Quotations and words",
    "dcterms:creator": "Works and documents",
    "okg:reportedBy": "Reports",
    "dcterms:subject": "Subject of",
    "org:unitOf": "Units",
    "org:subOrganizationOf": "Sub-bodies",
    "okg:broaderPost": "Particular posts of this kind",
    "schema:mentions": "Mentioned in",
    "sem:hasActor": "Other events",
}
#: Links never shown as facts: names, types and the machinery of evidence and Wikidata.
HIDDEN_IN = {"okg:refersTo", "oa:hasBody", "okg:supports", "prov:wasAssociatedWith"}
HIDDEN_OUT = {
    "rdf:type",
    "skos:prefLabel",
    "skos:altLabel",
    "rdfs:label",
    "schema:name",
    "dcterms:title",
    "schema:sameAs",
    "owl:sameAs",
    "schema:description",
    "dcterms:description",
    "opengov:otherName",
    "okg:wikidataEvidence",
    "sem:hasActor",
}
#: Plain words for the entity's own statements (else the ontology's label, else the name).
WORDS = {
    "org:holds": "holds the post",
    "org:unitOf": "part of",
    "org:subOrganizationOf": "part of",
    "org:classification": "kind",
    "schema:attendee": "attended by",
    "schema:organizer": "held by",
    "schema:startDate": "date",
    "schema:superEvent": "part of",
    "schema:isPartOf": "in",
    "schema:text": "text",
    "schema:creator": "by",
    "dcterms:creator": "by",
    "dcterms:language": "language",
    "dcterms:source": "source file",
    "dcterms:date": "date",
    "time:hasTime": "day",
    "org:member": "who",
    "org:organization": "body",
    "org:role": "role",
    "opengov:post": "post",
    "okg:post": "post",
    "opengov:voteEvent": "in the vote",
    "opengov:option": "voted",
    "opengov:motion": "motion",
    "opengov:result": "result",
    "opengov:vote": "ballot",
    "prov:wasGeneratedBy": "made at",
    "prov:wasDerivedFrom": "from",
    "prov:wasQuotedFrom": "quoted from",
    "schema:citation": "cited in",
    "cito:cites": "cites",
    "cito:includesQuotationFrom": "quotes from",
    "fabio:hasManifestation": "text",
    "schema:mentions": "mentions",
}


@dataclass
class Item:
    node: Any
    text: str
    date: str = ""  # Gregorian, for sorting
    when: str = ""  # HTML, both calendars


def qname(iri: str) -> str:
    short = H.short(iri)
    return short if short != iri else iri


def humanise(iri: str) -> str:
    """``okg:proposedBy`` → ``proposed by``."""
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).replace("_", " ").lower()


class Reader:
    """Labels and dates looked up once per page."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._labels: dict[str, str] = {}

    def objects(self, subject: Any, predicate: ox.NamedNode) -> list[Any]:
        return list(
            dict.fromkeys(q.object for q in self.store.quads_for_pattern(subject, predicate, None))
        )

    def first(self, subject: Any, predicate: ox.NamedNode) -> Any:
        q = next(self.store.quads_for_pattern(subject, predicate, None), None)
        return q.object if q else None

    def literals(self, subject: Any, predicates: Iterable[ox.NamedNode]) -> dict[str, str]:
        found: dict[str, str] = {}
        for p in predicates:
            for o in self.objects(subject, p):
                if isinstance(o, ox.Literal):
                    found.setdefault(o.language or "", o.value)
        return found

    def label(self, term: Any, prefer: tuple[str, ...] = ("en", "fr", "")) -> str:
        if isinstance(term, ox.Literal):
            return term.value
        if not isinstance(term, ox.NamedNode):
            return str(term)
        key = term.value + "|" + ",".join(prefer)
        if key not in self._labels:
            names = (SKOS_PREF, RDFS_LABEL, N(NS["schema"] + "name"), N(NS["dcterms"] + "title"))
            found = self.literals(term, names)
            best = next((found[lang] for lang in prefer if lang in found), None)
            self._labels[key] = best or next(iter(found.values()), "") or self._fallback(term)
        return self._labels[key]

    def _fallback(self, term: ox.NamedNode) -> str:
        if term.value.startswith(WIKIDATA):
            return term.value[len(WIKIDATA) :]
        if term.value.startswith(BASE_IRI):
            return humanise(term.value).replace("-", " ")
        return humanise(term.value)

    def day(self, node: Any) -> tuple[str, str]:
        """``(gregorian, julian)`` of a fact: its own day, else its meeting's or event's."""
        for via in (None, "prov:wasGeneratedBy", "schema:superEvent", "opengov:voteEvent"):
            holders = [node]
            if via:
                prefix, local = via.split(":")
                holders = self.objects(node, N(NS[prefix] + local))
            for holder in holders:
                day = self.first(holder, TIME)
                if day is not None:
                    g, j = self.first(day, GREGORIAN), self.first(day, JULIAN)
                    if g is not None:
                        return g.value, j.value if j is not None else ""
        return "", ""


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when(gregorian: str, julian: str) -> str:
    """Both calendars: ``8 Nov 1917 <small>(26 Oct O.S.)</small>``."""

    def fmt(iso: str, year: bool = True) -> str:
        parts = iso.split("-")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            return iso
        text = f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]}"
        return f"{text} {parts[0]}" if year else text

    if not gregorian:
        return ""
    old = f' <small class="os">({H.esc(fmt(julian, False))} O.S.)</small>' if julian else ""
    return f'<time datetime="{H.esc(gregorian)}">{H.esc(fmt(gregorian))}</time>{old}'


def _evidence_link(ids: list[str]) -> str:
    if not ids:
        return ""
    return f' <a class="ev-link" href="#{ids[0]}" title="the passage that supports it">evidence</a>'


def names_html(reader: Reader, node: ox.NamedNode, outgoing: list[ox.Triple]) -> str:
    """The name forms the graph knows, with the kind of name when the text says it."""
    forms: dict[tuple[str, str], str] = {}
    for t in outgoing:
        if t.predicate in (SKOS_PREF, SKOS_ALT, RDFS_LABEL) and isinstance(t.object, ox.Literal):
            kind = "preferred" if t.predicate == SKOS_PREF else "also"
            forms.setdefault((t.object.value, t.object.language or ""), kind)
    other = N(NS["opengov"] + "otherName")
    for name in reader.objects(node, other):
        kind_node = reader.first(name, N(NS["okg"] + "nameType"))
        text = reader.first(name, RDFS_LABEL)
        if text is not None:
            key = (text.value, text.language or "")
            kind = reader.label(kind_node).lower() if kind_node is not None else "also"
            if forms.get(key) in (None, "also"):
                forms[key] = kind
    if not forms:
        return ""
    items = "".join(
        f'<li><span lang="{H.esc(lang)}">{H.esc(text)}</span>'
        f"{f' <small>({H.esc(kind)})</small>' if kind not in ('also',) else ''}</li>"
        for (text, lang), kind in sorted(
            forms.items(), key=lambda kv: (kv[1] != "preferred", kv[0])
        )
    )
    return f'<section class="names"><h2>Names</h2><ul class="inline">{items}</ul></section>'


def head_html(reader: Reader, node: ox.NamedNode, outgoing: list[ox.Triple]) -> str:
    title = reader.label(node)
    french = reader.label(node, ("fr", ""))
    types = list(dict.fromkeys(reader.label(t.object) for t in outgoing if t.predicate == RDF_TYPE))
    description = reader.literals(node, DESCRIPTIONS)
    desc = description.get("en") or next(iter(description.values()), "")
    parts = [f"<h1>{H.esc(title)}</h1>"]
    if french != title:
        parts.append(f'<p class="subtitle" lang="fr">{H.esc(french)}</p>')
    if desc:
        parts.append(f'<p class="description">{H.esc(desc)}</p>')
    if types:
        parts.append(f'<p class="types">{H.esc(" · ".join(types[:4]))}</p>')
    same = [
        t.object.value
        for t in outgoing
        if t.predicate.value.endswith("sameAs")
        and isinstance(t.object, ox.NamedNode)
        and t.object.value.startswith(WIKIDATA)
    ]
    for iri in dict.fromkeys(same):  # the evidence is one line below the facts
        parts.append(
            f'<p class="wikidata">Wikidata: <a href="{H.esc(iri)}" rel="external">'
            f"{H.esc(iri[len(WIKIDATA) :])}</a></p>"
        )
    parts.append(H.formats_bar(node.value))
    if any(
        t.predicate == RDF_TYPE
        and isinstance(t.object, ox.NamedNode)
        and t.object.value in _NETWORKED
        for t in outgoing
    ):
        parts.append(
            f'<p class="views"><a href="/network?focus={H.esc(quote(node.value, safe=""))}">'
            'See in the network</a> · <a href="/timeline">Timeline</a></p>'
        )
    return f'<header class="entity">{"".join(parts)}</header>'


def facts_html(
    reader: Reader, incoming: list[ox.Triple], evidence_ids: dict[str, list[str]]
) -> str:
    """Facts pointing at the entity, each in the first group it belongs to (``GROUPS`` order);
    facts that read the same (same words, same day) share one row and their evidence."""
    order = list(dict.fromkeys(GROUPS.values()))
    best: dict[str, str] = {}
    for t in incoming:
        key = qname(t.predicate.value)
        if key in HIDDEN_IN or not isinstance(t.subject, ox.NamedNode):
            continue
        group = GROUPS.get(key) or f"As {humanise(t.predicate.value)}"
        old = best.get(t.subject.value)
        rank = order.index(group) if group in order else len(order)
        if old is None or rank < (order.index(old) if old in order else len(order)):
            best[t.subject.value] = group
    groups: dict[str, dict[tuple[str, str], Item]] = defaultdict(dict)
    ids: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for iri, group in best.items():
        node = N(iri)
        gregorian, julian = reader.day(node)
        text = reader.label(node, ("fr", "en", ""))
        if group == "Votes cast":
            option = reader.first(node, N(NS["opengov"] + "option"))
            event = reader.first(node, N(NS["opengov"] + "voteEvent"))
            text = f"{option.value if option else '?'} — {reader.label(event, ('fr', 'en', ''))}"
        groups[group].setdefault(
            (text, gregorian), Item(node, text, gregorian, when(gregorian, julian))
        )
        ids[(group, text, gregorian)] += evidence_ids.get(iri, [])
    out = []
    for name in sorted(groups, key=lambda g: order.index(g) if g in order else len(order)):
        items = sorted(groups[name].values(), key=lambda i: (i.date or "9999", i.text.lower()))
        lis = "".join(
            f"<li>{f'<span class=when>{i.when}</span> ' if i.when else ''}"
            f"{H.link(i.node.value, i.text)}{_evidence_link(ids[(name, i.text, i.date)])}</li>"
            for i in items
        )
        body = f'<ul class="facts">{lis}</ul>'
        if len(items) > 12:
            body = f"<details><summary>{len(items)} items</summary>{body}</details>"
        out.append(f'<section class="group"><h3>{H.esc(name)}</h3>{body}</section>')
    return "".join(out)


def statements_html(
    reader: Reader, outgoing: list[ox.Triple], evidence_ids: dict[str, list[str]]
) -> str:
    """The entity's own statements in plain words, one row per predicate."""
    rows: dict[str, dict[str, str]] = {}
    for t in outgoing:
        key = qname(t.predicate.value)
        if key in HIDDEN_OUT or key.split(":")[0] in ("p", "wdt", "ps", "pq", "pr", "okgw"):
            continue
        word = WORDS.get(key) or reader.label(t.predicate)
        if word == H.short(t.predicate.value):
            word = humanise(t.predicate.value)
        o = t.object
        if isinstance(o, ox.NamedNode):
            if o == TIME:
                continue
            shown = H.link(o.value, reader.label(o, ("fr", "en", "")))
            shown += _evidence_link(evidence_ids.get(o.value, []))
        elif isinstance(o, ox.Literal):
            shown = f'<span class="literal">{H.esc(o.value)}</span>'
        else:
            continue
        rows.setdefault(word, {}).setdefault(shown, shown)
    if not rows:
        return ""
    dl = "".join(
        f"<dt>{H.esc(word)}</dt><dd>{'; '.join(values)}</dd>" for word, values in rows.items()
    )
    return f'<section class="group"><h3>Statements</h3><dl class="statements">{dl}</dl></section>'


def cut(prefix: str, suffix: str) -> tuple[str, str]:
    """Context either side of a passage, cut at word boundaries (the stored context
    is cut by length, so its outer words may be partial).

    >>> cut("aysans du 19 août ", "et la suite du te")
    ('…du 19 août ', 'et la suite du…')
    """
    prefix, suffix = prefix[-CONTEXT:], suffix[:CONTEXT]
    if prefix and not prefix[0].isspace() and " " in prefix:
        prefix = "…" + prefix.split(" ", 1)[1].lstrip()
    if suffix and not suffix[-1].isspace() and " " in suffix:
        suffix = suffix.rsplit(" ", 1)[0] + "…"
    return prefix, suffix


def evidence_html(reader: Reader, evidence: list[Any], ids: dict[int, str]) -> str:
    """Passages grouped by document, in text order, folded; one row per passage."""
    by_source: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for n, ev in enumerate(evidence):
        source = ev.source.value if ev.source is not None else ""
        by_source[source].append((n, ev))
    if not by_source:
        return '<section class="evidence"><h2>Evidence</h2><p class="none">No cited passage.</p></section>'
    parts = []
    for source, found in by_source.items():
        doc = source[: -len("/text")] if source.endswith("/text") else source
        title = reader.label(N(doc), ("fr", "en", "")) if doc else "unknown source"
        passages: dict[tuple[str, str], list[tuple[int, Any]]] = {}
        for n, ev in sorted(found, key=lambda p: (int(p[1].start or 0), int(p[1].end or 0))):
            passages.setdefault((ev.start, ev.end), []).append((n, ev))
        items = []
        for (start, end), evs in passages.items():
            ev = evs[0][1]
            before, after = cut(ev.prefix, ev.suffix)
            anchors = "".join(f'<span id="{ids[n]}"></span>' for n, _ in evs)
            supports = ", ".join(
                dict.fromkeys(
                    H.link(e.fact.value, reader.label(e.fact, ("fr", "en", ""))) for _, e in evs
                )
            )
            at = f"{H.local_href(doc)}#c{H.esc(start)}" if doc and start else ""
            span = f"characters {start}–{end}"
            where = f' <a class="in-text" href="{at}" title="{span}">in the text</a>' if at else ""
            items.append(
                f'<li class="evidence">{anchors}<blockquote lang="fr">{H.esc(before)}'
                f"<mark>{H.esc(ev.exact)}</mark>{H.esc(after)}</blockquote>"
                f'<p class="supports">supports {supports}{where}</p></li>'
            )
        parts.append(
            f'<details class="source"><summary>{H.esc(title)} '
            f"<small>({len(items)} passage{'s' if len(items) != 1 else ''})</small></summary>"
            f'<ol class="evidence">{"".join(items)}</ol></details>'
        )
    return f'<section class="evidence" id="evidence"><h2>Evidence</h2>{"".join(parts)}</section>'


def wikidata_evidence_html(reader: Reader, node: Any, outgoing: list[ox.Triple]) -> str:
    """Why each Wikidata link holds: one human line per link, the record folded behind it."""
    why = reader.first(node, N(NS["okg"] + "wikidataEvidence"))
    if why is None:
        return ""
    qids = dict.fromkeys(
        t.object.value[len(WIKIDATA) :]
        for t in outgoing
        if t.predicate.value.endswith("sameAs")
        and isinstance(t.object, ox.NamedNode)
        and t.object.value.startswith(WIKIDATA)
    )
    return "".join(evidence_line(qid, why.value) for qid in qids)


def render(store: ox.Store, found: Any) -> str:
    """The HTML page of ``found`` (a :class:`kg.serve.linkeddata.Entity`)."""
    reader = Reader(store)
    ids = {n: f"ev{n}" for n in range(len(found.evidence))}
    by_fact: dict[str, list[str]] = defaultdict(list)
    for n, ev in enumerate(found.evidence):
        by_fact[ev.fact.value].append(ids[n])
    body = (
        head_html(reader, found.node, found.outgoing)
        + names_html(reader, found.node, found.outgoing)
        + '<section class="facts"><h2>Facts</h2>'
        + facts_html(reader, found.incoming, by_fact)
        + statements_html(reader, found.outgoing, by_fact)
        + "</section>"
        + wikidata_evidence_html(reader, found.node, found.outgoing)
        + notes_html(for_entity(store, found.node, found.evidence, found.incoming))
        + evidence_html(reader, found.evidence, ids)
    )
    return H.page(reader.label(found.node), body, alternate=found.node.value)
