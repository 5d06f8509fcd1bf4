"""A W3C Reconciliation Service API (version 0.2) on ``kg serve``, for OpenRefine.

Two services over the same index of the graph's people, bodies, places,
works, posts and meetings, each matched on every name form the texts print
(labels, aliases, birth names, pseudonyms, the surface forms of the mentions):

==============================  =============================================
``/reconcile``                  identifiers of this graph (``person/lenin``);
                                every candidate linked to Wikidata names its QID
``/reconcile/wikidata``         Wikidata QIDs as the identifier space
                                (``Q1394``): linked entities only
``…/preview?id=ID``             an HTML preview of one entity (for an iframe)
``…/suggest/entity?prefix=``    auto-completion of entities (``&type=``),
``…/suggest/type``, ``…/suggest/property``  of types and properties
==============================  =============================================

``GET`` answers the service manifest; ``GET ?queries=`` or ``POST
queries=`` (form) a reconciliation query batch (``query``, ``type``,
``limit``, ``properties`` with ``pid`` ``wikidata`` or ``name``,
``type_strict``).  Scores run from 0 to 100: 100 the exact form, 95 the form
folded (accents, case, the usual romanisations of Russian, Cyrillic), lower for
partial and fuzzy matches; ``match`` is true for a unique candidate at 95 or
more.  Bad input is a 400 with the reason.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from kg import iris
from kg.config import BASE_IRI
from kg.gazetteer import normalize_form
from kg.serve.protocol import HttpError, Request, method_not_allowed
from kg.serve.replies import Reply
from kg.wikidata.items import skeleton

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
JSON = "application/json; charset=utf-8"
FORM = "application/x-www-form-urlencoded"
MATCH_SCORE = 95
DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERIES = 5, 50, 200

#: Reconciliation types: id -> name.  Gazetteer entities by their IRI's kind, meetings by class.
TYPES: dict[str, str] = {
    "person": "Person",
    "body": "Body (party, committee, soviet, government)",
    "place": "Place",
    "work": "Work (decree, letter, newspaper, book)",
    "post": "Post",
    "meeting": "Meeting (sitting)",
}
PROPERTIES = {
    "wikidata": "Wikidata QID (e.g. Q1394): the candidate must be linked to it",
    "name": "another name form of the same entity (e.g. a birth name)",
}
_KIND_PREFIXES = {str(iris.entity(kind, "")): kind for kind in TYPES if kind != "meeting"}
_INDEX_QUERY = f"""
SELECT ?e ?name ?pref ?meeting ?qid ?description WHERE {{
  {{ ?e skos:prefLabel ?name BIND(true AS ?pref) }}
  UNION {{ ?e skos:altLabel|rdfs:label ?name }}
  UNION {{ ?mention okg:refersTo ?e ; okg:surfaceForm ?name }}
  UNION {{ ?e schema:sameAs ?qid FILTER(STRSTARTS(STR(?qid), "{WIKIDATA_ENTITY}")) }}
  UNION {{ ?e schema:description ?description }}
  UNION {{ ?e a okg:Meeting BIND(true AS ?meeting) }}
  FILTER(STRSTARTS(STR(?e), "{BASE_IRI}"))
}}"""


@dataclass
class Record:
    """One reconcilable entity of the graph."""

    iri: str
    types: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)  # normalised form -> form as printed
    label_fr: str = ""
    label_en: str = ""
    qid: str = ""
    description: str = ""

    @property
    def key(self) -> str:
        return self.iri[len(BASE_IRI) :]

    @property
    def name(self) -> str:
        return self.label_fr or self.label_en or next(iter(self.names.values()), self.key)


def build_index(rows: Iterable[dict[str, Any]]) -> dict[str, Record]:
    """Records from the SPARQL JSON bindings of the index query, by IRI."""
    records: dict[str, Record] = {}
    for row in rows:
        iri = row["e"]["value"]
        record = records.setdefault(iri, Record(iri))
        kind = next((k for p, k in _KIND_PREFIXES.items() if iri.startswith(p)), None)
        if kind is not None:
            record.types.add(kind)
        if "meeting" in row:
            record.types.add("meeting")
        if "qid" in row:
            record.qid = row["qid"]["value"][len(WIKIDATA_ENTITY) :]
        if "description" in row and not record.description:
            record.description = row["description"]["value"]
        if "name" in row:
            name, lang = row["name"]["value"], row["name"].get("xml:lang", "")
            record.names.setdefault(normalize_form(name), name)
            preferred = "pref" in row
            if lang == "fr" and (preferred or not record.label_fr):
                record.label_fr = name if preferred or not record.label_fr else record.label_fr
            elif lang == "en" and (preferred or not record.label_en):
                record.label_en = name
    return {iri: r for iri, r in records.items() if r.types and r.names}


# --------------------------------------------------------------------------- scoring


def score(query: str, record: Record) -> float:
    """How well ``query`` names ``record`` (0-100), the best over its name forms.

    >>> r = Record("x", names={"oulianov": "Oulianov", "lénine": "Lénine"})
    >>> score("Oulianov", r), score("Ulyanov", r), score("Lenine", r)
    (100.0, 95.0, 95.0)
    """
    exact = normalize_form(query)
    if exact in record.names:
        return 100.0
    mine = skeleton(query)
    best = 0.0
    for form in record.names.values():
        theirs = skeleton(form)
        if not mine or not theirs:
            continue
        if mine == theirs:
            return 95.0
        best = max(best, _partial(mine, theirs))
    return round(best, 1)


def _partial(mine: tuple[str, ...], theirs: tuple[str, ...]) -> float:
    words_q = {w for w in mine if len(w) > 1}
    words_n = {w for w in theirs if len(w) > 1}
    common = words_q & words_n
    overlap = 85.0 * 2 * len(common) / (len(words_q) + len(words_n)) if common else 0.0
    fuzzy = 90.0 * difflib.SequenceMatcher(None, " ".join(mine), " ".join(theirs)).ratio()
    return max(overlap, fuzzy if fuzzy >= 70 else 0.0)


# --------------------------------------------------------------------------- the service


@dataclass(frozen=True)
class Service:
    """One of the two services: our identifiers, or Wikidata's."""

    path: str
    wikidata: bool

    def ident(self, record: Record) -> str:
        return record.qid if self.wikidata else record.key

    def records(self, index: dict[str, Record]) -> list[Record]:
        return [r for r in index.values() if r.qid or not self.wikidata]

    def find(self, index: dict[str, Record], ident: str) -> Record | None:
        return next((r for r in self.records(index) if self.ident(r) == ident), None)

    def manifest(self, base: str) -> dict[str, Any]:
        view = "https://www.wikidata.org/wiki/{{id}}" if self.wikidata else f"{base}/{{{{id}}}}"
        name = "October 1917 knowledge graph" + (" (Wikidata QIDs)" if self.wikidata else "")

        def suggest(kind: str) -> dict[str, str]:
            return {"service_url": base, "service_path": f"{self.path}/suggest/{kind}"}

        return {
            "versions": ["0.1", "0.2"],
            "name": name,
            "identifierSpace": WIKIDATA_ENTITY if self.wikidata else BASE_IRI,
            "schemaSpace": "http://www.wikidata.org/prop/direct/"
            if self.wikidata
            else "https://w3id.org/october1917/ontology#",
            "documentation": f"{base}/",
            "view": {"url": view},
            "preview": {
                "url": f"{base}{self.path}/preview?id={{{{id}}}}",
                "width": 420,
                "height": 140,
            },
            "defaultTypes": [{"id": t, "name": n} for t, n in TYPES.items()],
            "suggest": {
                "entity": suggest("entity"),
                "type": suggest("type"),
                "property": suggest("property"),
            },
        }

    def candidates(self, index: dict[str, Record], query: dict[str, Any]) -> list[dict[str, Any]]:
        """The ranked candidates of one reconciliation query (already checked)."""
        wanted = _types(query.get("type"))
        strict = query.get("type_strict", "any")
        limit = min(int(query.get("limit") or DEFAULT_LIMIT), MAX_LIMIT)
        text = str(query.get("query", ""))
        scored = []
        for record in self.records(index):
            if wanted and not (
                wanted <= record.types if strict == "all" else wanted & record.types
            ):
                continue
            points = score(text, record) if text else 50.0
            points += _property_points(record, query.get("properties") or [])
            if points >= 40:
                scored.append((min(points, 100.0), record))
        scored.sort(key=lambda pair: (-pair[0], pair[1].name, pair[1].iri))
        top = [p for p, _ in scored[:2]]
        unique = bool(top) and top[0] >= MATCH_SCORE and (len(top) == 1 or top[1] < top[0])
        return [
            self.result(record, points, match=unique and i == 0)
            for i, (points, record) in enumerate(scored[:limit])
        ]

    def result(self, record: Record, points: float, match: bool) -> dict[str, Any]:
        return {
            "id": self.ident(record),
            "name": record.name,
            "description": describe(record),
            "score": points,
            "match": match,
            "type": [{"id": t, "name": TYPES[t]} for t in sorted(record.types)],
        }

    def suggest_entities(
        self, index: dict[str, Record], prefix: str, type_id: str | None
    ) -> list[dict[str, Any]]:
        wanted = _types(type_id)
        key, folded = normalize_form(prefix), " ".join(skeleton(prefix))
        exact = [r for r in self.records(index) if self.ident(r).casefold() == key]
        if exact:  # an identifier given as the prefix
            return [self.suggestion(r) for r in exact]
        found = []
        for record in self.records(index):
            if wanted and not wanted & record.types:
                continue
            if self.ident(record).casefold() == key or any(
                _starts(form, key, folded) for form in record.names.values()
            ):
                found.append(record)
        found.sort(key=lambda r: (r.name.casefold(), r.iri))
        return [self.suggestion(r) for r in found]

    def suggestion(self, record: Record) -> dict[str, Any]:
        return {
            "id": self.ident(record),
            "name": record.name,
            "description": describe(record),
            "notable": [{"id": t, "name": TYPES[t]} for t in sorted(record.types)],
        }


def describe(record: Record) -> str:
    """The candidate's description: what it is, and its Wikidata QID when linked."""
    parts = [record.label_en] if record.label_en and record.label_en != record.name else []
    if record.description:
        parts.append(record.description)
    if record.qid:
        parts.append(f"Wikidata {record.qid}")
    return " — ".join(parts)


def _starts(form: str, key: str, folded: str) -> bool:
    norm = normalize_form(form)
    words = norm.split()
    if norm.startswith(key) or any(w.startswith(key) for w in words):
        return True
    return len(folded) > 2 and " ".join(skeleton(form)).startswith(folded)


def _types(value: Any) -> set[str]:
    if value is None or value == "":
        return set()
    values = [value] if isinstance(value, str) else list(value)
    unknown = [v for v in values if v not in TYPES]
    if unknown:
        raise HttpError(
            400, "bad-request", f"unknown type {unknown[0]!r}; types: {', '.join(TYPES)}"
        )
    return set(values)


def _property_points(record: Record, properties: list[dict[str, Any]]) -> float:
    points = 0.0
    for prop in properties:
        values = prop["v"] if isinstance(prop["v"], list) else [prop["v"]]
        texts = [str(v.get("id", "")) if isinstance(v, dict) else str(v) for v in values]
        if prop["pid"] == "wikidata":
            points += 10.0 if record.qid and record.qid in texts else -100.0
        elif prop["pid"] == "name":
            points += 5.0 if any(score(t, record) >= MATCH_SCORE for t in texts) else -20.0
    return points


def check_batch(batch: Any) -> dict[str, dict[str, Any]]:
    """The query batch, or a 400 naming what is wrong with it."""
    if not isinstance(batch, dict) or not batch:
        raise HttpError(400, "bad-request", "queries: expected a JSON object of queries")
    if len(batch) > MAX_QUERIES:
        raise HttpError(400, "bad-request", f"queries: at most {MAX_QUERIES} queries per batch")
    for name, query in batch.items():
        if not isinstance(query, dict) or not (query.get("query") or query.get("properties")):
            raise HttpError(400, "bad-request", f"queries.{name}: needs 'query' or 'properties'")
        extra = set(query) - {"query", "type", "limit", "properties", "type_strict"}
        if extra:
            raise HttpError(
                400, "bad-request", f"queries.{name}: unknown field {sorted(extra)[0]!r}"
            )
        if "query" in query and not isinstance(query["query"], str):
            raise HttpError(400, "bad-request", f"queries.{name}.query: expected a string")
        limit = query.get("limit", DEFAULT_LIMIT)
        if not isinstance(limit, int | float) or isinstance(limit, bool) or limit < 1:
            raise HttpError(400, "bad-request", f"queries.{name}.limit: expected a positive number")
        if query.get("type_strict", "any") not in ("any", "should", "all"):
            raise HttpError(400, "bad-request", f"queries.{name}.type_strict: any, should or all")
        for prop in query.get("properties") or []:
            if not isinstance(prop, dict) or prop.get("pid") not in PROPERTIES or "v" not in prop:
                raise HttpError(
                    400,
                    "bad-request",
                    f"queries.{name}.properties: pid one of {', '.join(PROPERTIES)}, with v",
                )
    return batch


# --------------------------------------------------------------------------- HTTP


SERVICES = (Service("/reconcile/wikidata", True), Service("/reconcile", False))


def handles(path: str) -> bool:
    """Whether ``path`` belongs to the reconciliation services."""
    return path == "/reconcile" or path.startswith("/reconcile/")


async def route(app: Any, req: Request, path: str) -> Reply:
    """Answer one request under ``/reconcile``."""
    service = next(s for s in SERVICES if path == s.path or path.startswith(s.path + "/"))
    rest = path[len(service.path) :]
    if rest == "" and req.method == "POST":
        if req.media_type != FORM:
            raise HttpError(415, "unsupported-media-type", f"POST {FORM} with queries=")
        body = (await req.body(app.options.max_body)).decode("utf-8", "replace")
        req.params = req.params + parse_qsl(body, keep_blank_values=True)
    elif req.method not in ("GET", "HEAD"):
        raise method_not_allowed(req.method, ("GET", "HEAD", "POST", "OPTIONS"))
    base = app.base_url(req)
    if rest == "":
        queries = req.param("queries")
        if queries is None:
            return _json(service.manifest(base))
        try:
            batch = check_batch(json.loads(queries))
        except json.JSONDecodeError as exc:
            raise HttpError(400, "bad-request", f"queries: not JSON ({exc.msg})") from None
        index = await load_index(app)
        return _json({name: {"result": service.candidates(index, q)} for name, q in batch.items()})
    if rest == "/preview":
        return await _preview(app, service, req.param("id") or "")
    if rest in ("/suggest/entity", "/suggest/type", "/suggest/property"):
        prefix = req.param("prefix") or ""
        if rest == "/suggest/entity":
            index = await load_index(app)
            found = service.suggest_entities(index, prefix, req.param("type"))
        else:
            options = TYPES if rest == "/suggest/type" else PROPERTIES
            low = prefix.casefold()
            found = [
                {"id": k, "name": n}
                for k, n in options.items()
                if k.startswith(low)
                or any(w.startswith(low) for w in re.findall(r"\w+", n.casefold()))
            ]
        cursor = _cursor(req.param("cursor"))
        return _json({"result": found[cursor : cursor + 20]})
    raise HttpError(404, "not-found", f"no reconciliation resource {path}")


async def load_index(app: Any) -> dict[str, Record]:
    """The index of the current store generation (one SPARQL query, cached with the answers)."""
    request = {
        "op": "query",
        "query": _INDEX_QUERY,
        "fmt": ("json",),
        "accept": "application/sparql-results+json",
        "union": True,
        "max_rows": 1_000_000,
    }
    reply = await app.run(request, ("reconcile-index",))
    cached = _INDICES.get(reply.body)
    if cached is None:
        _INDICES.clear()
        cached = _INDICES[reply.body] = build_index(json.loads(reply.body)["results"]["bindings"])
    return cached


_INDICES: dict[bytes, dict[str, Record]] = {}


async def _preview(app: Any, service: Service, ident: str) -> Reply:
    record = service.find(await load_index(app), ident)
    if record is None:
        raise HttpError(404, "not-found", f"no entity {ident!r} in this service")
    kinds = ", ".join(TYPES[t] for t in sorted(record.types))
    forms = ", ".join(sorted(record.names.values())[:12])
    qid = (
        f'<p>Wikidata <a href="https://www.wikidata.org/wiki/{record.qid}">{record.qid}</a></p>'
        if record.qid
        else "<p>not linked to Wikidata</p>"
    )
    page = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{html.escape(record.name)}</title></head>"
        "<body>"
        f"<strong>{html.escape(record.name)}</strong> <em>({html.escape(kinds)})</em>"
        f"<p>{html.escape(describe(record))}</p><p>Forms: {html.escape(forms)}</p>{qid}"
        "</body></html>"
    )
    return Reply(200, "text/html; charset=utf-8", page.encode("utf-8"))


def _cursor(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        raise HttpError(400, "bad-request", "cursor: expected an integer") from None


def _json(data: Any) -> Reply:
    return Reply(200, JSON, json.dumps(data, ensure_ascii=False).encode("utf-8"))
