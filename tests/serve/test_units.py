"""In-process tests of the pieces: negotiation, serialisers, worker, options, ASGI routing."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.query import Result

from kg.config import BASE_IRI
from kg.serve import ServeOptions, add_arguments, options_from_args, worker
from kg.serve import formats as F
from kg.serve.app import App
from kg.serve.cache import AnswerCache
from kg.serve.examples import load, parse_header
from kg.serve.protocol import error_reply
from kg.serve.replies import Failure, Reply

from .conftest import GRAPH, QUERIES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(GRAPH), format=ox.RdfFormat.TRIG)
    return s


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/*", "text/csv"),
        ("text/csv;q=0.1, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        ("application/sparql-results+xml, */*;q=0.1", "application/sparql-results+xml"),
        ("*/*;q=0, text/csv;q=0", None),
        ("image/png", None),
        ("garbage", "application/sparql-results+json"),
    ],
)
def test_negotiate(accept, expected):
    offer = F.negotiate(accept, F.RESULTS)
    assert (offer.media_type if offer else None) == expected


def test_format_names():
    assert F.choose(("junk", "csv"), "image/png", F.RESULTS) is F.CSV_RESULTS
    assert F.choose("json", None, F.GRAPHS) is F.JSONLD
    assert F.choose("ttl", None, F.RESULTS) is None


def _query(store, query, fmt=None, accept=None, max_rows=100, union=True):
    request = {"query": query, "fmt": fmt, "accept": accept, "max_rows": max_rows, "union": union}
    return worker.query(store, request)


@pytest.mark.parametrize(("fmt", "rdflib_fmt"), [("json", "json"), ("xml", "xml"), ("csv", "csv")])
def test_serialisers_parse_back(store, fmt, rdflib_fmt):
    query = "SELECT ?s ?l ?n WHERE { ?s rdfs:label ?l OPTIONAL { ?s okg:forCount ?n } }"
    reply = _query(store, query, fmt=fmt)
    parsed = Result.parse(source=__import__("io").BytesIO(reply.body), format=rdflib_fmt)
    assert len(parsed) == len(
        list(store.query(query, prefixes=worker.PREFIXES, use_default_graph_as_union=True))
    )
    values = {str(row[1]) for row in parsed}
    assert "Lénine" in values and "président de séance" in values


def test_json_terms(store):
    reply = _query(store, 'SELECT ?n ?l WHERE { ?v okg:forCount ?n . BIND("x"@fr AS ?l) }')
    row = json.loads(reply.body)["results"]["bindings"][0]
    assert row["n"] == {
        "type": "literal",
        "value": "10",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert row["l"] == {"type": "literal", "value": "x", "xml:lang": "fr"}


def test_tsv_escapes(store):
    reply = _query(store, 'SELECT ?x WHERE { BIND("a\\tb\\nc" AS ?x) }', fmt="tsv")
    assert reply.body.decode() == '?x\n"a\\tb\\nc"\n'


def test_row_cap(store):
    reply = _query(store, "SELECT * WHERE { ?s ?p ?o }", max_rows=5)
    assert dict(reply.headers)["X-KG-Truncated"] == "true"
    assert len(json.loads(reply.body)["results"]["bindings"]) == 5
    reply = _query(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", max_rows=5)
    assert reply.headers == ()


def test_union_switch(store):
    ask = f"ASK {{ <{BASE_IRI}person/lenin> a foaf:Person }}"
    assert json.loads(_query(store, ask).body)["boolean"] is True
    assert json.loads(_query(store, ask, union=False).body)["boolean"] is False


def test_worker_maps_errors(store):
    failure = worker.handle(
        {"op": "query", "query": "SELECT", "store": "/nonexistent/kg", "max_rows": 1}
    )
    assert isinstance(failure, Failure) and failure.status == 503  # no store path
    worker._stores.path, worker._stores.store = "mem", store
    failure = worker.handle({"op": "query", "query": "SELECT", "store": "mem", "max_rows": 1})
    assert failure.status == 400 and failure.kind == "malformed-query"
    assert re.search(r"\d+:\d+", failure.message)


def test_error_shapes():
    failure = Failure(400, "malformed-query", "error at 1:2")
    body = json.loads(error_reply(failure, None).body)
    assert body == {"error": {"status": 400, "type": "malformed-query", "message": "error at 1:2"}}
    text = error_reply(failure, "text/html,*/*;q=0.8")
    assert text.body == b"400 malformed-query: error at 1:2\n"
    assert error_reply(failure, "application/json, text/plain;q=0.5").content_type.startswith(
        "application/json"
    )


def test_cache_lru():
    cache = AnswerCache(2)
    for key in "abc":
        cache.put(key, Reply(200, "text/plain", key.encode()))
    assert cache.get("a") is None and cache.get("c").body == b"c"
    cache.put("err", Reply(404, "text/plain", b""))
    assert cache.get("err") is None
    off = AnswerCache(0)
    off.put("a", Reply(200, "text/plain", b"a"))
    assert off.get("a") is None


def test_examples():
    assert parse_header("# title: T\n# description: one\n#   two\nSELECT") == ("T", "one two")
    found = load(QUERIES)
    assert [e["name"] for e in found] == ["01-people", "02-meetings", "03-describe-lenin"]
    assert load(Path("/nonexistent")) == []


def test_options_round_trip():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    ns = parser.parse_args(
        [
            "--timeout",
            "3",
            "--allow-service",
            "http://a/",
            "--allow-service",
            "http://b/",
            "--no-union-default-graph",
            "--cors",
            "*",
        ]
    )
    options = options_from_args(ns)
    assert options.timeout == 3.0 and options.allow_service == ("http://a/", "http://b/")
    assert not options.union_default_graph and options.cors == "*"
    assert not options.updates_enabled and ns.host == "127.0.0.1" and ns.port == 7878


def test_docs_cover_every_option():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    doc = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    flags = [s for a in parser._actions for s in a.option_strings if s.startswith("--")]
    missing = [f for f in flags if f != "--help" and f"`{f}" not in doc]
    assert not missing, f"docs/serve.md does not document {missing}"


# --------------------------------------------------------------------------- ASGI in process


def call(
    app: App,
    method: str,
    target: bytes,
    body: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
) -> tuple[int, dict[bytes, bytes], bytes]:
    path, _, query = target.partition(b"?")
    scope = {
        "type": "http",
        "method": method,
        "path": path.decode("latin-1"),
        "raw_path": path,
        "query_string": query,
        "headers": headers or [],
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]


@pytest.fixture
def app(store_dir) -> App:
    return App(store_dir, ServeOptions(queries_dir=QUERIES, max_url=1000))


def test_asgi_routes_without_workers(app):
    status, headers, body = call(app, "GET", b"/query")
    assert status == 200 and BASE_IRI.encode() in body
    assert call(app, "PUT", b"/sparql")[0] == 405
    assert call(app, "GET", b"/sparql?query=" + b"x" * 2000)[0] == 414
    assert call(app, "GET", b"/person/%2e%2e/x")[0] == 400
    assert call(app, "GET", b"/static/nope.js")[0] == 404
    status, headers, _ = call(app, "OPTIONS", b"/store")
    assert status == 204 and headers[b"allow"] == b"GET, HEAD, OPTIONS"
    status, _, body = call(
        app, "POST", b"/update", b"CLEAR ALL", [(b"content-type", b"application/sparql-update")]
    )
    assert status == 403 and json.loads(body)["error"]["type"] == "updates-disabled"
