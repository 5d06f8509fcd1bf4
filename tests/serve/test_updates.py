"""Update mode (--update-token): bearer auth, SPARQL Update, GSP writes, LOAD allow-list; CORS."""

from __future__ import annotations

import json
import socket
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest

from kg.store import open_read_only

from .conftest import make_store, running

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE = "application/sparql-update"
GRAPH = "http://example.org/graph/test"


@pytest.fixture(scope="module")
def rw_server(tmp_path_factory):
    store = make_store(tmp_path_factory.mktemp("rw-store"))
    with running(store, "--update-token", TOKEN, "--cors", "*") as srv:
        yield srv


def ask(server, query: str) -> bool:
    status, _, body = server.request("GET", "/sparql?" + urlencode({"query": query}))
    assert status == 200, body
    return bool(json.loads(body)["boolean"])


def test_update_needs_the_bearer_token(rw_server):
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }"
    status, headers, body = rw_server.request("POST", "/update", insert, {"Content-Type": UPDATE})
    assert status == 401 and headers["www-authenticate"].startswith("Bearer")
    assert json.loads(body)["error"]["type"] == "unauthorized"
    status, _, body = rw_server.request(
        "POST", "/update", insert, {"Content-Type": UPDATE, "Authorization": "Bearer nope"}
    )
    assert status == 403 and json.loads(body)["error"]["type"] == "forbidden"
    assert not ask(rw_server, "ASK { <http://example.org/a> ?p ?o }")


def test_update_with_token_is_visible_at_once(rw_server):
    query = "ASK { <http://example.org/b> ?p ?o }"
    assert not ask(rw_server, query)  # now in the answer cache
    insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/b> <urn:p> 2 } }"
    status, _, _ = rw_server.request("POST", "/sparql", insert, {"Content-Type": UPDATE, **AUTH})
    assert status == 204
    assert ask(rw_server, query)  # the write changed the cache key
    form = urlencode({"update": "DELETE WHERE { GRAPH ?g { <http://example.org/b> ?p ?o } }"})
    status, _, _ = rw_server.request(
        "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded", **AUTH}
    )
    assert status == 204 and not ask(rw_server, query)


def test_malformed_update(rw_server):
    status, _, body = rw_server.request(
        "POST", "/update", "INSERT DATA {", {"Content-Type": UPDATE, **AUTH}
    )
    assert status == 400 and json.loads(body)["error"]["type"] == "malformed-update"


def test_load_from_unlisted_url_is_refused_without_connecting(rw_server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        sock.settimeout(0.5)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/data.ttl"
        status, _, body = rw_server.request(
            "POST", "/update", f"LOAD <{url}>", {"Content-Type": UPDATE, **AUTH}
        )
        assert status == 403 and json.loads(body)["error"]["type"] == "service-refused"
        with pytest.raises(TimeoutError):
            sock.accept()


def test_graph_store_writes(rw_server):
    target = "/store?graph=" + quote(GRAPH, safe="")
    turtle = "<http://example.org/s> <http://example.org/p> <http://example.org/o> ."
    nt = {"Content-Type": "text/turtle", **AUTH}
    assert rw_server.request("PUT", target, turtle, {"Content-Type": "text/turtle"})[0] == 401
    assert rw_server.request("PUT", target, turtle, nt)[0] == 201
    status, _, body = rw_server.request("GET", target, headers={"Accept": "application/n-triples"})
    assert status == 200 and body.decode().count("\n") == 1
    more = "<http://example.org/s> <http://example.org/p> <http://example.org/o2> ."
    assert rw_server.request("POST", target, more, nt)[0] == 204
    _, _, body = rw_server.request("GET", target, headers={"Accept": "application/n-triples"})
    assert body.decode().count("\n") == 2
    assert rw_server.request("PUT", target, turtle, nt)[0] == 204  # replaces
    _, _, body = rw_server.request("GET", target, headers={"Accept": "application/n-triples"})
    assert body.decode().count("\n") == 1
    status, _, _ = rw_server.request("PUT", target, "x", {"Content-Type": "image/png", **AUTH})
    assert status == 415
    status, _, _ = rw_server.request("PUT", target, "<broken", nt)
    assert status == 400
    assert rw_server.request("DELETE", target, headers=AUTH)[0] == 204
    assert rw_server.request("DELETE", target, headers=AUTH)[0] == 404
    assert rw_server.request("GET", target)[0] == 404


def test_service_description_announces_update(rw_server):
    _, _, body = rw_server.request("GET", "/sparql", headers={"Accept": "application/n-triples"})
    assert b"SPARQL11Update" in body


def test_cors_headers(rw_server):
    _, headers, _ = rw_server.request(
        "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "http://example.org"}
    )
    assert headers["access-control-allow-origin"] == "*"
    assert "X-KG-Truncated" in headers["access-control-expose-headers"]
    status, headers, _ = rw_server.request(
        "OPTIONS",
        "/sparql",
        headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204 and "POST" in headers["access-control-allow-methods"]
    assert "Authorization" in headers["access-control-allow-headers"]


def test_updates_reach_the_store_on_disk(tmp_path):
    store = make_store(tmp_path)
    with running(store, "--update-token", TOKEN) as srv:
        insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/c> <urn:p> 3 } }"
        assert srv.request("POST", "/update", insert, {"Content-Type": UPDATE, **AUTH})[0] == 204
    reopened = open_read_only(store)
    assert any(
        True
        for _ in reopened.quads_for_pattern(ox.NamedNode("http://example.org/c"), None, None, None)
    )
