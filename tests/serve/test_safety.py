"""SERVICE/LOAD detection (unit) and the federation allow-list against a real server."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg import query_policy
from kg.query_policy import rebuild
from kg.serve.safety import (
    BadTargetError,
    MalformedError,
    RefusedError,
    check_remote_calls,
    decode_component,
    remote_targets,
    resource_path,
)
from kg.vocab import PREFIXES

from .conftest import running

ALLOWED = "http://allowed.example/sparql"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
        "SELECT * { SERVICE $endpoint { ?s ?p ?o } }",
        "PREFIX e: <http://evil.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * { SERVICE wd:sparql { ?s ?p ?o } }",  # a predeclared prefix
        "SELECT * { SERVICE unknown:x { ?s ?p ?o } }",
        "SELECT * {SERVICE<http://evil.example/sparql>{?s ?p ?o}}",
        "SELECT * { # a comment\n SERVICE # another\n <http://evil.example/sparql> {} }",
        "BASE <http://allowed.example/x/> SELECT * { SERVICE <../other> {} }",
        "SELECT * { FILTER(?a < ?b) SERVICE <http://evil.example/sparql> {} }",
        "SELECT * { ?s ?p 'it''s' . SERVICE <http://evil.example/sparql> {} }",
        'SELECT * { ?s ?p """a " quote""" SERVICE <http://evil.example/sparql> {} }',
        f"SELECT * {{ SERVICE <{ALLOWED}> {{}} SERVICE <http://evil.example/sparql> {{}} }}",
        "LOAD <http://evil.example/data.ttl>",
        "SELECT * { ?s service:x ?o }",  # Oxigraph reads SERVICE:x as SERVICE :x
        "LOAD SILENT <http://evil.example/data.ttl> INTO GRAPH <http://g>",
    ],
)
def test_refused(query):
    with pytest.raises(RefusedError):
        check_remote_calls(query, PREFIXES, [ALLOWED])


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { ?s ?p 'SERVICE <http://evil.example/sparql> {}' }",
        "SELECT * { ?s ?p ?o } # SERVICE <http://evil.example/sparql> {}",
        "SELECT * { ?s <http://x/SERVICE> ?o . ?service ?p ?o . ?s ex:service ?o }",
        f"SELECT * {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT <{ALLOWED}> {{ ?s ?p ?o }} }}",
        "PREFIX a: <http://allowed.example/> SELECT * { SERVICE a:sparql { ?s ?p ?o } }",
        "BASE <http://allowed.example/x/> SELECT * { SERVICE <../sparql> {} }",
        "SELECT * { ?s ?p '''SERVICE <http://evil.example/> ''' }",
    ],
)
def test_allowed(query):
    check_remote_calls(query, PREFIXES, [ALLOWED])


@pytest.mark.parametrize(
    "query",
    [
        r"SELECT * { SERV\u0049CE <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * { ?s ?p 'unterminated }",
        r'SELECT * { ?s ?p "bad \q escape" }',
        r"SELECT * { ?s ?p <http://x/\u003E> }",
        r"SELECT * { ?s ?p '\uD800' }",
        "SELECT * { SERVICE }",
        "SELECT * { SERVICE { ?s ?p ?o } }",
    ],
)
def test_malformed(query):
    with pytest.raises(MalformedError):
        check_remote_calls(query, PREFIXES, [ALLOWED])


@pytest.mark.parametrize(
    ("query", "engine_sees"),
    [
        ("ASK { SERVICE a:sparql {} }", f"ASK {{ SERVICE <{ALLOWED}> {{}} }}"),
        ("ASK { ?s ?p 'a\"b' } # x", 'ASK { ?s ?p """a\\"b""" }    '),
        (r"ASK { ?s ?p '\u0022' }", r'ASK { ?s ?p """\"""" }'),
        (r"ASK { ?s ?p <http://x/\u0041> }", "ASK { ?s ?p <http://x/A>      }"),
    ],
)
def test_the_engine_gets_the_rebuilt_text(query, engine_sees):
    assert rebuild(query, {"a": "http://allowed.example/"}).text == engine_sees


_PIECES = st.sampled_from(
    [
        *("SERVICE", "SILENT", "<http://e/>", "?x", "'", '"', "'''", '"""', r"\u0022", "\\"),
        *("#", "\n", " ", "{", "}", "ex:", "x", "BASE", "PREFIX", "LOAD", "service", r"\'", '\\"'),
    ]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_rebuilding_is_stable(text):
    """Vetting the engine's text again finds the same calls and changes nothing more."""
    try:
        first = rebuild(text, PREFIXES)
    except MalformedError:
        return
    again = rebuild(first.text, PREFIXES)
    assert again.calls == first.calls
    assert again.text == first.text


def test_remote_targets_resolves_prefixes():
    assert remote_targets("PREFIX x: <http://h/> SELECT * { SERVICE x:a\\-b {} }", {}) == [
        ("SERVICE", "http://h/a-b")
    ]


@pytest.mark.parametrize("raw", [b"%zz", b"%C3%28", b"%", b"%e"])
def test_bad_percent_encoding(raw):
    with pytest.raises(BadTargetError):
        decode_component(raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"/person/../etc/passwd",
        b"/person/%2e%2e/x",
        b"/%2E%2E",
        b"/a/./b",
        b"/x%00y",
        b"/a%20b",
        b"/a\\b",
        b"/%3Cscript%3E",
    ],
)
def test_bad_resource_paths(raw):
    with pytest.raises(BadTargetError):
        resource_path(raw)


# --------------------------------------------------------------------------- a real server


class _StandIn(BaseHTTPRequestHandler):
    """A local SPARQL endpoint that answers one row and counts its calls."""

    calls: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length", 0))
        _StandIn.calls.append(self.rfile.read(size).decode())
        body = json.dumps(
            {
                "head": {"vars": ["x"]},
                "results": {"bindings": [{"x": {"type": "literal", "value": "from the stand-in"}}]},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stand_in() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/sparql"
    httpd.shutdown()


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket on 127.0.0.1 that must never see a connection."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.5)
    yield sock
    sock.close()


@pytest.fixture(scope="module")
def fed_server(store_dir, stand_in):
    with running(store_dir, "--allow-service", stand_in, "--workers", "1") as srv:
        yield srv


def _connected(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()
    except TimeoutError:
        return False
    conn.close()
    return True


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX x: <{base}> SELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    ],
)
def test_unlisted_service_is_refused_without_connecting(fed_server, listener, template):
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sparql"
    query = template.format(url=url, base=f"http://127.0.0.1:{port}/")
    status, _, body = fed_server.request("GET", "/sparql?" + urlencode({"query": query}))
    assert status == 403
    assert json.loads(body)["error"]["type"] == "service-refused"
    assert not _connected(listener), "the server connected to a refused SERVICE endpoint"


def test_allow_listed_service_is_called(fed_server, stand_in):
    before = len(_StandIn.calls)
    query = f"SELECT ?x WHERE {{ SERVICE <{stand_in}> {{ ?x ?p ?o }} }}"
    status, _, body = fed_server.request("GET", "/sparql?" + urlencode({"query": query}))
    assert status == 200, body
    rows = json.loads(body)["results"]["bindings"]
    assert rows == [{"x": {"type": "literal", "value": "from the stand-in"}}]
    assert len(_StandIn.calls) == before + 1


def test_service_description_announces_federation(fed_server):
    _, _, body = fed_server.request("GET", "/sparql", headers={"Accept": "application/n-triples"})
    assert b"BasicFederatedQuery" in body


_PLAINISH = st.text(
    st.sampled_from(
        list("SELECT ?s{}()[]<>:/.;,*^|`=!&+-0129 \n\tabSERVICElodLOAD\u017f\u00df'\"#\\")
    ),
    max_size=60,
)


@given(_PLAINISH)
def test_plain_texts_skip_the_tokenizer_exactly(text):
    """A text the shortcut takes is rebuilt, token by token, into itself with no remote
    call and no error: the shortcut changes nothing the engine sees."""
    plain = query_policy._plain(text)
    if plain is None:
        return
    rebuilt = query_policy._rebuilt(text, PREFIXES)
    assert (plain.text, plain.calls) == (rebuilt.text, rebuilt.calls) == (text, ())


def test_plain_shortcut_leaves_remote_calls_to_the_tokenizer():
    for text in ("ASK { SERVICE <http://x/> {} }", "LOAD <http://x/>", "ASK { ſervice <x> {} }"):
        assert query_policy._plain(text) is None
    assert query_policy._plain("ASK {" + "{" * 200 + "}" * 200 + "}") is None
