"""The document page: metadata, the repaired text with every fact's span highlighted.

The store holds a document's metadata, its annotations (Web Annotation
selectors with offsets into the *repaired* text) and the SHA-256 of that
text, but not the text itself.  The page repairs the seed document again
(``kg serve --seeds``, or ``$KG_SEEDS``, default ``seeds/``; prepared when a
worker starts and kept in ``$KG_CACHE/texts``, the rendered page in
:mod:`kg.serve.page_cache`) and uses it only when its SHA-256 is the
one the graph recorded, so every offset points where the build pointed;
otherwise it lists the quoted passages alone.

Each highlighted span is a ``<mark>`` (focusable, ``Enter`` or click opens
it) naming the facts it supports; ``static/document.js`` shows them with
their entities beside the text.  Footnote calls link to their notes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import seeds
from kg.cache import DEFAULT_CACHE_DIR
from kg.config import BASE_IRI, DEFAULT_SEEDS_DIR
from kg.errors import KgError
from kg.model_text import Footnote, RepairedText
from kg.repair import repair
from kg.serve import html as H
from kg.serve.editorial import for_document, notes_html
from kg.serve.profile import Reader, evidence_html
from kg.vocab import PREFIXES

N = ox.NamedNode
DOCUMENT = N(PREFIXES["okg"] + "Document")
RDF_TYPE = N(PREFIXES["rdf"] + "type")

_SPANS = """
SELECT ?ann ?body ?start ?end ?exact WHERE {
  ?ann oa:hasTarget ?t ; oa:hasBody ?body . ?t oa:hasSource <%s> ; oa:hasSelector ?sel .
  ?sel oa:start ?start ; oa:end ?end .
  OPTIONAL { ?t oa:hasSelector/oa:exact ?exact }
} ORDER BY ?start
"""
_META = (
    ("dcterms:creator", "By"),
    ("okg:dateWritten", "Written"),
    ("dcterms:language", "Language"),
    ("okg:printedIn", "Printed in"),
    ("dcterms:source", "Seed file"),
    ("okg:sourceFormat", "Source format"),
    ("cito:cites", "Cites"),
)


def is_document(store: ox.Store, node: ox.NamedNode) -> bool:
    return next(store.quads_for_pattern(node, RDF_TYPE, DOCUMENT), None) is not None


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    facts: tuple[int, ...]


_TEXTS = DEFAULT_CACHE_DIR / "texts"  # repaired texts by SHA-256, shared by every worker


@lru_cache(maxsize=64)
def repaired(seeds_dir: str, doc_id: str, sha256: str) -> RepairedText | None:
    """The repaired text of ``doc_id`` if it still hashes to ``sha256`` (cached per worker).

    Read from the text cache (``$KG_CACHE/texts/<sha256>.json``) when an
    earlier worker wrote it (the SHA-256 of the text is checked again), else
    repaired from the seeds and written there for the next worker.
    """
    cached = _read_cached(doc_id, sha256)
    if cached is not None:
        return cached
    try:
        docs = seeds.load(Path(seeds_dir))
    except (KgError, OSError):
        return None
    for doc in docs:
        if doc.doc_id == doc_id:
            text = repair(doc)
            digest = hashlib.sha256(text.text.encode("utf-8")).hexdigest()
            if digest != sha256:
                return None
            _write_cached(text, sha256)
            return text
    return None


def _read_cached(doc_id: str, sha256: str) -> RepairedText | None:
    try:
        data = json.loads((_TEXTS / f"{sha256}.json").read_text(encoding="utf-8"))
        text = data["text"]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha256:
            return None
        notes = tuple(Footnote(*f) for f in data["footnotes"])
        return RepairedText(doc_id, text, notes, body_end=int(data["body_end"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cached(text: RepairedText, sha256: str) -> None:
    """Only what the page uses: the text, its footnotes and where the notes begin."""
    data = {
        "text": text.text,
        "footnotes": [[f.label, f.start, f.end, f.call_start, f.call_end] for f in text.footnotes],
        "body_end": text.body_end,
    }
    with contextlib.suppress(OSError):  # a read-only cache folder: repair again next time
        _TEXTS.mkdir(parents=True, exist_ok=True)
        tmp = _TEXTS / f".{sha256}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, _TEXTS / f"{sha256}.json")


def spans(store: ox.Store, text_iri: str) -> tuple[list[Span], list[Any]]:
    """Non-overlapping segments of the text, each with the facts covering it."""
    facts: dict[str, int] = {}
    ranges = []
    result = store.query(_SPANS % text_iri, prefixes=PREFIXES, use_default_graph_as_union=True)
    for row in result:  # type: ignore[union-attr]
        index = facts.setdefault(row["body"].value, len(facts))
        ranges.append((int(row["start"].value), int(row["end"].value), index))
    events: dict[int, list[tuple[int, int]]] = {}
    for start, end, index in ranges:
        if end > start:
            events.setdefault(start, []).append((1, index))
            events.setdefault(end, []).append((-1, index))
    active: dict[int, int] = {}
    segments, previous = [], None
    for point in sorted(events):  # a sweep over the boundaries
        if previous is not None and active:
            segments.append(Span(previous, point, tuple(sorted(active))))
        for delta, index in events[point]:
            active[index] = active.get(index, 0) + delta
            if not active[index]:
                del active[index]
        previous = point
    return segments, [N(iri) for iri in facts]


def _marked(
    text: str, lo: int, hi: int, segments: list[Span], calls: dict[int, tuple[int, str]]
) -> str:
    """``text[lo:hi]`` as HTML with its fact segments and footnote calls."""
    out, pos = [], lo
    starts = set()
    events = sorted(
        [(s.start, s.end, "span", s) for s in segments if lo <= s.start and s.end <= hi]
        + [(c, end, "call", label) for c, (end, label) in calls.items() if lo <= c < hi]
    )
    for start, end, kind, what in events:
        if start < pos:
            continue
        out.append(H.esc(text[pos:start]))
        chunk = H.esc(text[start:end])
        if kind == "call":
            out.append(
                f'<a class="fn-call" id="call-{H.esc(what)}" href="#fn-{H.esc(what)}">{chunk}</a>'
            )
        else:
            ident = f' id="c{start}"' if start not in starts else ""
            starts.add(start)
            assert not isinstance(what, str)  # a "span" event carries its segment
            facts = " ".join(map(str, what.facts))
            out.append(
                f'<mark class="fact"{ident} tabindex="0" data-facts="{facts}">{chunk}</mark>'
            )
        pos = end
    out.append(H.esc(text[pos:hi]))
    return "".join(out)


def _facts_json(reader: Reader, facts: list[Any]) -> str:
    """What a click on a span shows: each fact, its kind and the entities it is about."""
    refers = N(PREFIXES["okg"] + "refersTo")
    out = []
    for fact in facts:
        kinds = [reader.label(t) for t in reader.objects(fact, RDF_TYPE)]
        about = (
            reader.objects(fact, refers)
            or [
                q.object
                for q in reader.store.quads_for_pattern(fact, None, None)
                if isinstance(q.object, ox.NamedNode)
                and q.object.value.startswith(BASE_IRI)
                and "/doc/" not in q.object.value
                and q.predicate != RDF_TYPE
            ][:4]
        )
        named = reader.literals(
            fact, (N(PREFIXES["rdfs"] + "label"), N(PREFIXES["schema"] + "name"))
        )
        label = next(iter(named.values()), "") or (kinds[0] if kinds else "fact")
        out.append(
            {
                "label": label,
                "href": H.local_href(fact.value),
                "kind": ", ".join(dict.fromkeys(kinds)),
                "about": [
                    {"label": reader.label(a, ("fr", "en", "")), "href": H.local_href(a.value)}
                    for a in dict.fromkeys(about)
                ],
            }
        )
    return json.dumps(out, ensure_ascii=False).replace("</", "<\\/")


def _metadata(reader: Reader, node: ox.NamedNode) -> str:
    rows = []
    for key, word in _META:
        prefix, local = key.split(":")
        values = reader.objects(node, N(PREFIXES[prefix] + local))
        if values:
            shown = "; ".join(H.term(v, reader.label(v, ("fr", "en", ""))) for v in values[:20])
            rows.append(f"<dt>{word}</dt><dd>{shown}</dd>")
    return f'<dl class="statements meta">{"".join(rows)}</dl>'


def render(store: ox.Store, found: Any, seeds_dir: str | None = None) -> str | None:
    """The page of a document (``None`` if ``found`` has no text manifestation).

    Its text comes from ``seeds_dir`` (``kg serve --seeds``; default ``$KG_SEEDS`` or ``seeds``).
    """
    reader = Reader(store)
    node = found.node
    text_node = reader.first(node, N(PREFIXES["fabio"] + "hasManifestation"))
    if text_node is None:
        return None
    sha = reader.first(text_node, N(PREFIXES["okg"] + "sha256"))
    doc_id = reader.first(node, N(PREFIXES["dcterms"] + "identifier"))
    text = None
    if sha is not None and doc_id is not None:
        text = repaired(seeds_dir or str(DEFAULT_SEEDS_DIR.resolve()), doc_id.value, sha.value)
    title = reader.label(node, ("fr", "en", ""))
    description = reader.literals(node, (N(PREFIXES["dcterms"] + "description"),))
    head = (
        f'<header class="entity"><h1 lang="fr">{H.esc(title)}</h1>'
        + (
            f'<p class="description">{H.esc(next(iter(description.values())))}</p>'
            if description
            else ""
        )
        + _metadata(reader, node)
        + H.formats_bar(node.value)
        + "</header>"
        + notes_html(for_document(store, node))
    )
    if text is None:
        note = (
            '<p class="note">The repaired text is not available to this server (its seed '
            "file is missing or changed since the build); the quoted passages follow.</p>"
        )
        body = (
            head
            + note
            + evidence_html(
                reader, found.evidence, {n: f"ev{n}" for n in range(len(found.evidence))}
            )
        )
        return H.page(title, body, alternate=node.value)
    segments, facts = spans(store, text_node.value)
    calls = {
        f.call_start: (f.call_end, f.label)
        for f in text.footnotes
        if f.call_start is not None and f.call_end is not None
    }
    body_end = text.body_end if text.body_end >= 0 else len(text.text)
    notes = "".join(
        f'<li id="fn-{H.esc(f.label)}" value="{H.esc(f.label) if f.label.isdigit() else ""}">'
        f"{_marked(text.text, f.start, f.end, segments, {})}"
        + (
            f' <a class="back" href="#call-{H.esc(f.label)}" aria-label="back to the call">↩</a>'
            if f.call_start is not None
            else ""
        )
        + "</li>"
        for f in text.footnotes
    )
    body = (
        head + f'<p class="lead">{len(facts)} facts and mentions are highlighted; select one '
        "(click, or Tab then Enter) to see what it supports.</p>"
        + '<div class="reader"><article class="text" lang="fr">'
        + _marked(text.text, 0, body_end, segments, calls)
        + (f'<h2>Notes</h2><ol class="notes">{notes}</ol>' if notes else "")
        + '</article><aside id="fact-panel" class="fact-panel" aria-live="polite" tabindex="-1">'
        "<p>Select a highlighted passage.</p></aside></div>"
        + f'<script type="application/json" id="facts-data">{_facts_json(reader, facts)}</script>'
    )
    return H.page(title, body, alternate=node.value, scripts=("pages.js", "document.js"))
