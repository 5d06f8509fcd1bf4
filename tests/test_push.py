"""``kg push`` against a real ``oxigraph serve`` process on 127.0.0.1."""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from kg import store as kg_store
from kg.errors import DataError, RemoteError
from kg.http import RetryPolicy
from kg.push import GraphPush, add_push_arguments, chunks, push, remote_counts

TRIG = Path(__file__).parent / "wikidata" / "fixtures" / "three-graphs.trig"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
FAST = RetryPolicy(attempts=2, backoff=0.05, max_wait=0.1, timeout=10)
pytestmark = pytest.mark.skipif(not OXIGRAPH.exists(), reason="needs the oxigraph CLI")


class Server:
    """An ``oxigraph serve`` process we can stop and restart on the same port and data."""

    def __init__(self, location: Path) -> None:
        self.location = location
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(OXIGRAPH),
                "serve",
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                requests.get(self.endpoint, params={"query": "ASK {}"}, timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    srv = Server(tmp_path / "remote")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("local") / "store"
    kg_store.build(where, lambda s: s.load(path=str(TRIG), format=ox.RdfFormat.TRIG))
    return where


@pytest.fixture(scope="module")
def local_counts(store_dir) -> dict[str, int]:
    db = kg_store.open_read_only(store_dir)
    return {
        g.value: sum(1 for _ in db.quads_for_pattern(None, None, None, g))
        for g in db.named_graphs()
    }


def _remote(server: Server) -> dict[str, int]:
    return remote_counts(requests.Session(), FAST, server.endpoint)


def test_push_then_push_again_replaces(server, store_dir, local_counts, tmp_path):
    state = tmp_path / "state.json"
    report = push(store_dir, server.endpoint, chunk_size=4, state_path=state, policy=FAST)
    assert report.ok and report.graph_store == server.endpoint.replace("/query", "/store")
    assert len(report.graphs) == 4 and max(g.chunks for g in report.graphs) > 1
    assert _remote(server) == local_counts
    again = push(store_dir, server.endpoint, chunk_size=4, state_path=state, policy=FAST)
    assert again.ok and not any(g.skipped for g in again.graphs)
    assert _remote(server) == local_counts  # replaced, not duplicated
    saved = json.loads(state.read_text())["targets"][report.graph_store]
    assert {e["status"] for e in saved.values()} == {"pushed"}


def test_dead_remote_gives_a_clear_error_and_resume_completes(
    server, store_dir, local_counts, tmp_path
):
    state = tmp_path / "state.json"
    pushed: list[GraphPush] = []

    def kill_after_first(result: GraphPush) -> None:
        pushed.append(result)
        if len(pushed) == 1:
            server.stop()

    with pytest.raises(RemoteError) as failure:
        push(
            store_dir,
            server.endpoint,
            chunk_size=4,
            state_path=state,
            policy=FAST,
            after_graph=kill_after_first,
        )
    message = str(failure.value)
    assert "\n" not in message
    assert f"graph <{sorted(local_counts)[1]}> chunk 1/" in message
    assert "cannot connect" in message and "rerun with --resume" in message
    saved = json.loads(state.read_text())["targets"]
    (entries,) = saved.values()
    assert entries[pushed[0].graph]["status"] == "pushed"
    assert entries[sorted(local_counts)[1]]["status"].startswith("failed at chunk 1/")

    server.start()  # same port, same data
    report = push(
        store_dir, server.endpoint, chunk_size=4, state_path=state, policy=FAST, resume=True
    )
    assert [g.skipped for g in report.graphs] == [True, False, False, False]
    assert report.ok and _remote(server) == local_counts


def test_resume_pushes_a_graph_whose_content_changed(server, store_dir, tmp_path):
    state = tmp_path / "state.json"
    push(store_dir, server.endpoint, state_path=state, policy=FAST)
    data = json.loads(state.read_text())
    for entry in next(iter(data["targets"].values())).values():
        entry["sha256"] = "0" * 64  # as if the local graphs had changed since
    state.write_text(json.dumps(data))
    report = push(store_dir, server.endpoint, state_path=state, policy=FAST, resume=True)
    assert not any(g.skipped for g in report.graphs)


def test_wrong_graph_store_url_is_a_clear_error(server, store_dir, tmp_path):
    wrong = server.endpoint.replace("/query", "/nowhere")
    with pytest.raises(RemoteError, match=r"/nowhere: graph <.*> chunk 1/1: HTTP 404"):
        push(store_dir, server.endpoint, wrong, state_path=tmp_path / "s.json", policy=FAST)


def test_cli_glue(server, store_dir, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_push_arguments(parser)
    ns = parser.parse_args(
        [
            "--store",
            str(store_dir),
            "--endpoint",
            server.endpoint,
            "--state",
            str(tmp_path / "s.json"),
            "--chunk-size",
            "3",
            "--retries",
            "0",
        ]
    )
    assert ns.func(ns) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "counts match"
    assert "graph/reed-10-jours\t" in out


def test_chunks_keep_blank_node_structures_together(store_dir):
    db = kg_store.open_read_only(store_dir)
    graph = ox.NamedNode("https://w3id.org/october1917/graph/reed-10-jours")
    triples = [q.triple for q in db.quads_for_pattern(None, None, None, graph)]
    parts = chunks(triples, 2)
    assert sorted(str(t) for p in parts for t in p) == sorted(map(str, triples))
    with_blank = [
        p
        for p in parts
        if any(isinstance(n, ox.BlankNode) for t in p for n in (t.subject, t.object))
    ]
    assert len(with_blank) == 1 and len(with_blank[0]) == 9  # target, selectors, their triples


def test_auth_and_token_together_are_refused(store_dir, tmp_path):
    with pytest.raises(DataError, match="not both"):
        push(
            store_dir,
            "http://127.0.0.1:9/query",
            auth="u:p",
            token="t",
            state_path=tmp_path / "s.json",
        )


def _response(status: int, body: bytes, **headers: str) -> requests.Response:
    response = requests.Response()
    response.status_code, response._content = status, body
    response.headers.update(headers)
    return response


@pytest.mark.parametrize(
    ("status", "body", "headers", "target", "expected"),
    [
        (401, b"<html><body>Unauthorized</body></html>",
         {"WWW-Authenticate": 'Digest realm="virtuoso"'}, {}, "add --digest"),
        (401, b"", {"WWW-Authenticate": "Basic"}, {}, "--auth USER:PASSWORD"),
        (403, b"<html><head><title>x</title></head><body><h3>SPARQL_UPDATE access denied</h3>"
         b"</body></html>", {}, {}, "SPARQL_UPDATE access denied; the account may not write"),
        (404, b"Not Found", {}, {"derived": True}, "was derived from --endpoint; give"),
        (413, b'{"error": {"status": 413, "type": "body-too-large", "message": "limited"}}',
         {}, {}, "limited; the request body is over the server's limit: lower --chunk-bytes"),
    ],
)  # fmt: skip
def test_errors_are_one_line_with_the_servers_reason_and_a_hint(
    status, body, headers, target, expected
):
    from kg.push import _Target, explain

    line = explain(_response(status, body, **headers), _Target("http://h/store", **target))
    assert "\n" not in line and "<" not in line and expected in line


def test_chunks_respect_a_byte_limit(store_dir):
    db = kg_store.open_read_only(store_dir)
    triples = [q.triple for q in db]
    parts = chunks(triples, 10_000, 2_000)
    assert len(parts) > 1 and sum(map(len, parts)) == len(triples)
    for part in parts:
        size = len(ox.serialize(part, format=ox.RdfFormat.N_TRIPLES))
        assert size <= 2_000 or len({t.subject for t in part}) == 1
