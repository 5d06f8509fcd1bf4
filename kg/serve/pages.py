"""The reading pages that are not one entity: home, browse lists, timeline, network.

==========================  ==================================================
``/``                       what the graph holds (counts) and the ways in
``/browse/<kind>``          a sortable list: people, bodies, meetings,
                            documents, quotations, decrees, works, places
``/timeline``               meetings and dated events (both calendars)
``/network``                people and bodies (memberships, appointments)
``/timeline.json``          the timeline's items, ``/network.json`` its graph
==========================  ==================================================

Runs in a query worker (op ``page``), like the entity pages of
:mod:`kg.serve.linkeddata`; every list comes from one SPARQL query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.serve import html as H
from kg.serve.replies import Failure, Reply
from kg.vocab import PREFIXES

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
FIXED = ("/", "/browse", "/timeline", "/network", "/timeline.json", "/network.json")


def handles(path: str) -> bool:
    """Whether ``path`` is one of these pages (checked before any store access)."""
    return path in FIXED or (path.startswith("/browse/") and path[len("/browse/") :] in KINDS)


def page(store: ox.Store, request: dict[str, Any]) -> Reply | Failure:
    path = request["path"]
    if path in ("/", "/browse"):
        return Reply(200, HTML, home(store).encode())
    if path.startswith("/browse/"):
        return Reply(200, HTML, browse(store, KINDS[path[len("/browse/") :]]).encode())
    if path == "/timeline":
        return Reply(200, HTML, _view_page("Timeline", "timeline").encode())
    if path == "/network":
        return Reply(200, HTML, _view_page("Network", "network").encode())
    if path == "/timeline.json":
        return Reply(200, JSON, json.dumps(timeline(store), ensure_ascii=False).encode())
    if path == "/network.json":
        return Reply(200, JSON, json.dumps(network(store), ensure_ascii=False).encode())
    return Failure(404, "not-found", f"no page {path}")


def rows(store: ox.Store, sparql: str) -> list[dict[str, Any]]:
    """Solutions as dicts of terms (absent variables left out)."""
    result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in result]


def value(row: dict[str, Any], name: str, default: str = "") -> str:
    term = row.get(name)
    return term.value if term is not None else default


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class Column:
    var: str
    title: str
    link: str | None = None  # the variable holding the IRI this cell links to
    numeric: bool = False


@dataclass(frozen=True)
class Kind:
    name: str  # the path segment
    title: str
    intro: str
    query: str  # one row per item, already in reading order
    columns: tuple[Column, ...]
    count: str  # the class counted on the home page (a SPARQL pattern on ?s)


_NAME = '{ ?s skos:prefLabel ?name FILTER(LANG(?name) = "fr") } UNION { ?s rdfs:label ?name }'
_WIKIDATA = "OPTIONAL { ?s schema:sameAs ?wd FILTER(STRSTARTS(STR(?wd), STR(wd:))) }"
_DAY = "OPTIONAL { ?s time:hasTime ?day . ?day okg:gregorianDate ?greg ; okg:julianDate ?jul }"

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "people",
            "People",
            "Everyone the documents name, with the Wikidata item when one is vouched for.",
            "SELECT ?s (SAMPLE(?n) AS ?name) (SAMPLE(?d) AS ?description) (SAMPLE(?w) AS ?wd) "
            "(COUNT(DISTINCT ?doc) AS ?docs) WHERE { ?s a foaf:Person . "
            'OPTIONAL { ?s skos:prefLabel ?n FILTER(LANG(?n) = "fr") } '
            "OPTIONAL { ?s schema:description ?d } "
            "OPTIONAL { ?s schema:sameAs ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) } "
            "OPTIONAL { ?doc schema:mentions ?s } } GROUP BY ?s ORDER BY LCASE(?name)",
            (
                Column("name", "Name", "s"),
                Column("description", "Description"),
                Column("docs", "Documents", numeric=True),
                Column("wd", "Wikidata", "wd"),
            ),
            "?s a foaf:Person",
        ),
        Kind(
            "bodies",
            "Bodies",
            "Parties, committees, soviets and their sections, with the body each is part of.",
            "SELECT ?s (SAMPLE(?n) AS ?name) (SAMPLE(?pl) AS ?parentName) (SAMPLE(?p) AS ?parent) "
            "(COUNT(DISTINCT ?m) AS ?members) (SAMPLE(?w) AS ?wd) WHERE { "
            "{ ?s a org:Organization } UNION { ?s a org:OrganizationalUnit } "
            'OPTIONAL { ?s skos:prefLabel ?n FILTER(LANG(?n) = "fr") } '
            "OPTIONAL { ?s org:unitOf|org:subOrganizationOf ?p . "
            '  ?p skos:prefLabel ?pl FILTER(LANG(?pl) = "fr") } '
            "OPTIONAL { ?ms org:organization ?s ; org:member ?m } "
            "OPTIONAL { ?s schema:sameAs ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) } "
            "} GROUP BY ?s ORDER BY LCASE(?name)",
            (
                Column("name", "Name", "s"),
                Column("parentName", "Part of", "parent"),
                Column("members", "Members named", numeric=True),
                Column("wd", "Wikidata", "wd"),
            ),
            "{ ?s a org:Organization } UNION { ?s a org:OrganizationalUnit }",
        ),
        Kind(
            "meetings",
            "Meetings and sittings",
            "In date order. Dates are given in both calendars: Gregorian (new style) and "
            "Julian (old style, used in Russia until February 1918, 13 days behind).",
            "SELECT ?s (SAMPLE(?n) AS ?name) (SAMPLE(?g) AS ?greg) (SAMPLE(?j) AS ?jul) "
            "(SAMPLE(?ol) AS ?organizer) (SAMPLE(?o) AS ?org) (COUNT(DISTINCT ?a) AS ?attendees) "
            "WHERE { ?s a okg:Meeting . OPTIONAL { ?s schema:name|rdfs:label ?n } "
            "OPTIONAL { ?s time:hasTime ?day . ?day okg:gregorianDate ?g ; okg:julianDate ?j } "
            "OPTIONAL { ?s schema:organizer ?o . ?o skos:prefLabel ?ol "
            'FILTER(LANG(?ol) = "fr") } OPTIONAL { ?s schema:attendee ?a } } '
            "GROUP BY ?s ORDER BY (!BOUND(?greg)) ?greg LCASE(?name)",
            (
                Column("greg", "Gregorian"),
                Column("jul", "Julian"),
                Column("name", "Meeting", "s"),
                Column("organizer", "Body", "org"),
                Column("attendees", "Attendees named", numeric=True),
            ),
            "?s a okg:Meeting",
        ),
        Kind(
            "documents",
            "Documents",
            "The source texts of the graph, each with its repaired text and highlighted facts.",
            "SELECT ?s (SAMPLE(?t) AS ?title) (SAMPLE(?cl) AS ?creatorName) (SAMPLE(?c) AS ?creator) "
            "(SAMPLE(?dw) AS ?written) (SAMPLE(?lang) AS ?language) WHERE { ?s a okg:Document . "
            "OPTIONAL { ?s dcterms:title ?t } OPTIONAL { ?s okg:dateWritten ?dw } "
            "OPTIONAL { ?s dcterms:language ?lang } "
            "OPTIONAL { ?s dcterms:creator ?c . ?c skos:prefLabel ?cl "
            'FILTER(LANG(?cl) = "fr") } } GROUP BY ?s ORDER BY ?written',
            (
                Column("title", "Title", "s"),
                Column("creatorName", "By", "creator"),
                Column("written", "Written"),
                Column("language", "Language"),
            ),
            "?s a okg:Document",
        ),
        Kind(
            "quotations",
            "Quotations",
            "Words the documents quote, with who said or wrote them.",
            "SELECT ?s (SAMPLE(?l) AS ?text) (SAMPLE(?cl) AS ?speaker) (SAMPLE(?c) AS ?creator) "
            "(SAMPLE(?dt) AS ?docTitle) (SAMPLE(?d) AS ?doc) WHERE { ?s a schema:Quotation . "
            "OPTIONAL { ?s rdfs:label ?l } OPTIONAL { ?s schema:creator ?c . "
            '?c skos:prefLabel ?cl FILTER(LANG(?cl) = "fr") } '
            "OPTIONAL { ?s schema:isPartOf ?d . ?d dcterms:title ?dt } } "
            "GROUP BY ?s ORDER BY LCASE(?speaker) ?s",
            (
                Column("text", "Quotation", "s"),
                Column("speaker", "By", "creator"),
                Column("docTitle", "In", "doc"),
            ),
            "?s a schema:Quotation",
        ),
        Kind(
            "decrees",
            "Decrees",
            "Decrees and resolutions, with the body that adopted them.",
            "SELECT ?s (SAMPLE(?t) AS ?title) (SAMPLE(?g) AS ?greg) (SAMPLE(?j) AS ?jul) "
            "(SAMPLE(?bl) AS ?bodyName) (SAMPLE(?b) AS ?body) WHERE { ?s a okg:Decree . "
            "OPTIONAL { ?s dcterms:title|rdfs:label ?t } "
            "OPTIONAL { ?s time:hasTime ?day . ?day okg:gregorianDate ?g ; okg:julianDate ?j } "
            "OPTIONAL { ?s okg:adoptedBy ?b . ?b skos:prefLabel ?bl "
            'FILTER(LANG(?bl) = "fr") } } GROUP BY ?s ORDER BY ?greg',
            (
                Column("greg", "Gregorian"),
                Column("jul", "Julian"),
                Column("title", "Decree", "s"),
                Column("bodyName", "Adopted by", "body"),
            ),
            "?s a okg:Decree",
        ),
        Kind(
            "works",
            "Works",
            "Books, articles, letters and newspapers the documents cite.",
            "SELECT ?s (SAMPLE(COALESCE(?fr, ?t)) AS ?title) (SAMPLE(?al) AS ?authorName) "
            "(SAMPLE(?a) AS ?author) WHERE { ?s a fabio:Work . "
            "OPTIONAL { ?s dcterms:title|skos:prefLabel|rdfs:label ?t } "
            "OPTIONAL { ?s dcterms:title|skos:prefLabel|rdfs:label ?fr FILTER(LANG(?fr) = 'fr') } "
            "OPTIONAL { ?s dcterms:creator ?a . ?a skos:prefLabel ?al "
            'FILTER(LANG(?al) = "fr") } } GROUP BY ?s ORDER BY LCASE(?title)',
            (Column("title", "Title", "s"), Column("authorName", "By", "author")),
            "?s a fabio:Work",
        ),
        Kind(
            "places",
            "Places",
            "Places the documents name.",
            "SELECT ?s (SAMPLE(?n) AS ?name) (SAMPLE(?w) AS ?wd) WHERE { ?s a schema:Place . "
            'OPTIONAL { ?s skos:prefLabel ?n FILTER(LANG(?n) = "fr") } '
            "OPTIONAL { ?s schema:sameAs ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) } "
            "} GROUP BY ?s ORDER BY LCASE(?name)",
            (Column("name", "Name", "s"), Column("wd", "Wikidata", "wd")),
            "?s a schema:Place",
        ),
    )
}


def _cell(row: dict[str, Any], col: Column) -> str:
    text = value(row, col.var)
    if col.link and col.link in row and isinstance(row[col.link], ox.NamedNode):
        iri = row[col.link].value
        shown = text or (iri.rsplit("/", 1)[-1] if col.var == col.link else H.short(iri))
        if col.var == "wd":
            shown = iri.rsplit("/", 1)[-1]
        return f"<td>{H.link(iri, shown)}</td>"
    if col.numeric:
        return f'<td class="num">{H.esc(text or "0")}</td>'
    return f"<td>{H.esc(text)}</td>"


def table(columns: tuple[Column, ...], found: list[dict[str, Any]], caption: str) -> str:
    """A sortable table (``static/pages.js`` sorts it; the order served is the reading order)."""
    head = "".join(
        f'<th scope="col"{" data-type=num" if c.numeric else ""}>'
        f'<button type="button" class="sort">{H.esc(c.title)}</button></th>'
        for c in columns
    )
    body = "".join("<tr>" + "".join(_cell(r, c) for c in columns) + "</tr>" for r in found)
    return (
        f'<div class="table-wrap"><table class="sortable list"><caption>{H.esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def browse(store: ox.Store, kind: Kind) -> str:
    found = rows(store, kind.query)
    body = (
        f"<h1>{H.esc(kind.title)}</h1><p class=lead>{H.esc(kind.intro)}</p>"
        '<p><label>Filter <input type="search" class="filter-rows" '
        'aria-controls="list"></label></p>' + table(kind.columns, found, f"{len(found)} items")
    )
    return H.page(kind.title, body, scripts=("pages.js",))


# --------------------------------------------------------------------------- home


def home(store: ox.Store) -> str:
    cards = []
    for kind in KINDS.values():
        n = rows(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {kind.count} }}")
        count = value(n[0], "n", "0") if n else "0"
        cards.append(
            f'<li><a href="/browse/{kind.name}"><span class="count">{H.esc(count)}</span> '
            f"{H.esc(kind.title)}</a></li>"
        )
    evidence = rows(store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a oa:Annotation }")
    body = (
        "<h1>October 1917 knowledge graph</h1>"
        '<p class="lead">People, bodies, meetings, votes, decrees and quotations of the '
        "October Revolution, extracted from French texts, each fact with the passage that "
        f"supports it ({H.esc(value(evidence[0], 'n', '0'))} cited passages, {len(store)} "
        "statements).</p>"
        f'<ul class="cards">{"".join(cards)}</ul>'
        '<ul class="ways"><li><a href="/timeline">Timeline</a> of meetings and events in both '
        'calendars</li><li><a href="/network">Network</a> of people and bodies</li>'
        '<li><a href="/query">Query</a> the graph in SPARQL, with examples</li>'
        '<li><a href="/dataset">Dataset description</a> (VoID) and the '
        '<a href="/sparql">endpoint</a></li></ul>'
    )
    return H.page("Home", body)


# --------------------------------------------------------------------------- timeline

_TIMELINE = (
    "SELECT ?s (SAMPLE(?n) AS ?name) ?greg ?jul (SAMPLE(?k) AS ?kind) "
    "(SAMPLE(?stated) AS ?statedCal) (SAMPLE(?inf) AS ?inferredCal) WHERE { "
    "?s a schema:Event ; time:hasTime ?day . ?day okg:gregorianDate ?greg ; okg:julianDate ?jul . "
    "OPTIONAL { ?s schema:name|rdfs:label ?n } "
    "OPTIONAL { ?s a ?k FILTER(?k IN (okg:Meeting, opengov:VoteEvent, okg:Decision, "
    "okg:Resignation, okg:Walkout)) } "
    "OPTIONAL { ?m okg:refersTo ?day ; okg:calendarAsStated ?stated . "
    "OPTIONAL { ?m okg:inferredCalendar ?inf } } "
    "} GROUP BY ?s ?greg ?jul ORDER BY ?greg"
)
_KIND_NAMES = {
    "Meeting": "meeting",
    "VoteEvent": "vote",
    "Decision": "decision",
    "Resignation": "resignation",
    "Walkout": "walkout",
}


def timeline(store: ox.Store) -> list[dict[str, Any]]:
    """Dated events: both calendars, which one the text states and which is computed."""
    out = []
    for r in rows(store, _TIMELINE):
        kind = _KIND_NAMES.get(value(r, "kind").rsplit("#", 1)[-1], "event")
        stated = value(r, "statedCal")
        out.append(
            {
                "iri": r["s"].value,
                "href": H.local_href(r["s"].value),
                "name": value(r, "name") or H.short(r["s"].value),
                "kind": kind,
                "gregorian": value(r, "greg"),
                "julian": value(r, "jul"),
                "stated": stated or "none",  # "none": the date itself was inferred
                "inferred": value(r, "inferredCal") or ("both" if not stated else ""),
            }
        )
    return out


# --------------------------------------------------------------------------- network

_MEMBERS = (
    "SELECT DISTINCT ?p ?b ?kind ?rl WHERE { ?x org:member ?p ; org:organization ?b . "
    "?p a foaf:Person . BIND(IF(EXISTS { ?x a okg:Appointment }, 'appointment', "
    "'membership') AS ?kind) OPTIONAL { ?x org:role ?r . ?r skos:prefLabel|rdfs:label ?rl } }"
)
_UNITS = "SELECT DISTINCT ?a ?b WHERE { ?a org:unitOf|org:subOrganizationOf ?b }"
_LABELS = (
    "SELECT ?s (SAMPLE(?l) AS ?label) ?type WHERE { VALUES ?type { foaf:Person org:Organization "
    "org:OrganizationalUnit } ?s a ?type . OPTIONAL { ?s skos:prefLabel ?l "
    'FILTER(LANG(?l) = "fr") } } GROUP BY ?s ?type'
)


def network(store: ox.Store) -> dict[str, list[dict[str, Any]]]:
    """People and bodies as nodes; memberships, appointments and sub-bodies as edges."""
    nodes: dict[str, dict[str, Any]] = {}
    for r in rows(store, _LABELS):
        iri = r["s"].value
        group = "person" if r["type"].value.endswith("Person") else "body"
        nodes.setdefault(
            iri,
            {
                "id": iri,
                "label": value(r, "label") or iri.rsplit("/", 1)[-1],
                "group": group,
                "href": H.local_href(iri),
            },
        )
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows(store, _MEMBERS):
        key = (r["p"].value, r["b"].value, value(r, "kind"))
        edge = edges.setdefault(key, {"from": key[0], "to": key[1], "kind": key[2], "roles": []})
        role = value(r, "rl")
        if role and role not in edge["roles"]:
            edge["roles"].append(role)
    for r in rows(store, _UNITS):
        key = (r["a"].value, r["b"].value, "part-of")
        edges.setdefault(key, {"from": key[0], "to": key[1], "kind": "part-of", "roles": []})
    used = {e["from"] for e in edges.values()} | {e["to"] for e in edges.values()}
    return {
        "nodes": [n for iri, n in nodes.items() if iri in used],
        "edges": [e for e in edges.values() if e["from"] in nodes and e["to"] in nodes],
    }


def _view_page(title: str, view: str) -> str:
    intro = {
        "timeline": "Meetings and dated events. Each date is shown in the Gregorian calendar "
        "(new style) and the Julian (old style, 13 days behind in 1917); the calendar the text "
        "does not state is computed and marked ≈. Drag to move, scroll or pinch to zoom; "
        "select an item to open it.",
        "network": "People and the bodies they belonged to or were appointed to, and the bodies "
        "each is part of. Select a node to open its page; the list below gives the same links.",
    }[view]
    body = (
        f'<h1>{title}</h1><p class="lead">{intro}</p>'
        f'<div id="{view}" class="view" data-source="/{view}.json" tabindex="0" '
        f'aria-label="{title}"></div><p id="{view}-selected" aria-live="polite"></p>'
        f'<details class="view-list-wrap"><summary>The same as a list</summary>'
        f'<div id="{view}-list" class="view-list"></div></details>'
    )
    return H.page(
        title,
        body,
        scripts=("vendor/vis.min.js", f"{view}.js"),
        styles=("vendor/vis.min.css",),
    )
