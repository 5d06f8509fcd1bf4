"""Every shipped query parses with rdflib's SPARQL 1.1 parser and answers the same on
``oxigraph serve --union-default-graph`` (loaded with ``kg push``) as on the embedded store."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib.plugins.sparql import prepareQuery

from kg.config import QUERIES_DIR
from kg.http import RetryPolicy
from kg.push import push
from kg.query import run
from kg.store import open_read_only

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
QUERIES = sorted(QUERIES_DIR.glob("*.rq"))
LOCAL = [q for q in QUERIES if "SERVICE" not in q.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem[:2])
def test_query_parses_with_rdflib_and_has_no_escaped_local_names(path):
    text = path.read_text(encoding="utf-8")
    assert "\\/" not in text
    prepareQuery(text)  # raises on anything but standard SPARQL 1.1


@pytest.fixture(scope="module")
def remote(built_store, tmp_path_factory) -> Iterator[str]:
    if not OXIGRAPH.exists():
        pytest.skip("needs the oxigraph CLI (the `oxigraph` package of the test extra)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    location = tmp_path_factory.mktemp("oxigraph")
    command = [str(OXIGRAPH), "serve", "--location", str(location / "db")]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                requests.get(endpoint, params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        policy = RetryPolicy(attempts=1, timeout=60)
        report = push(built_store, endpoint, state_path=location / "state.json", policy=policy)
        assert report.ok
        yield endpoint
    finally:
        process.kill()
        process.wait(timeout=10)


def _key(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    if term["type"] == "bnode":
        return "_:"
    if term["type"] == "uri":
        return f"<{term['value']}>"
    suffix = f"@{term['xml:lang']}" if "xml:lang" in term else f"^^{term.get('datatype', '')}"
    return f'"{term["value"]}"{suffix}'


def _local_key(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    string = term.datatype.value == "http://www.w3.org/2001/XMLSchema#string"
    suffix = f"@{term.language}" if term.language else f"^^{'' if string else term.datatype.value}"
    return f'"{term.value}"{suffix}'


@pytest.mark.parametrize("path", LOCAL, ids=lambda p: p.stem[:2])
def test_query_answers_the_same_on_oxigraph_serve(path, built_store, remote):
    text = path.read_text(encoding="utf-8")
    answer = run(open_read_only(built_store), text)
    names = [v.value for v in answer.result.variables]
    local = sorted(tuple(_local_key(row[n]) for n in names) for row in answer.result)
    response = requests.post(
        remote,
        data={"query": text},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["head"]["vars"] == names
    got = sorted(tuple(_key(b.get(n)) for n in names) for b in body["results"]["bindings"])
    assert got == local
    assert local, f"{path.name} answers nothing on the built store"
