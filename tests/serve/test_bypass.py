"""SSRF: a corpus of SERVICE/LOAD bypass attempts, against ``kg serve`` and ``kg query``.

A real listener on 127.0.0.1 counts connections; none may arrive, whatever
the escapes, comments, prefixes, BASE, variables or case.  The same corpus is
run through the server (with and without an allow-list, so the checker alone
and checker + network-less workers are both exercised) and through
``kg query`` (same two modes).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import generation_of

from .conftest import ROOT, running

LONG = "x" * 100_000

#: ``{u}`` the listener's URL, ``{b}`` its base, ``{p}`` its port.
BYPASSES = [
    'SELECT * WHERE { BIND("\\u0022" AS ?s) SERVICE <{u}> { ?a ?b ?c } BIND("""x""" AS ?t) }',
    "SELECT * WHERE { BIND('\\u0027' AS ?s) SERVICE <{u}> { ?a ?b ?c } BIND('''x''' AS ?t) }",
    'SELECT * WHERE { BIND("\\U00000022" AS ?s) SERVICE <{u}> {} BIND("""x""" AS ?t) }',
    'SELECT * WHERE { BIND("\\"" AS ?s) SERVICE <{u}> {} BIND("\\"" AS ?t) }',
    'SELECT * WHERE { BIND("a\\\\" AS ?s) SERVICE <{u}> {} BIND("b" AS ?t) }',
    "SELECT * WHERE { BIND('''a''b''' AS ?s) SERVICE <{u}> {} }",
    'SELECT * WHERE { BIND("""a""b" """ AS ?s) SERVICE <{u}> {} }',
    'SELECT * { # a comment with a quote "\n SERVICE <{u}> {} # and " another\n }',
    "SELECT * { # comment ended by CR\r SERVICE <{u}> {} }",
    "SELECT * { SERVICE # c\n SILENT # c\n <{u}> # c\n {} }",
    "SELECT * { SERVICEsilent<{u}>{} }",
    "SELECT * { SERVICE<{u}>{?a ?b ?c} }",
    "PREFIX ex: <{b}> SELECT * { SERVICEex:x {} }",
    "PREFIX : <{b}> SELECT * { SERVICE:x {} }",
    "PREFIX wd: <{b}> SELECT * { SERVICE wd:x {} }",
    "PREFIX ex: <{b}> SELECT * { SERVICE ex:x\\. {} }",
    "select * { sErViCe <{u}> {} }",
    "SELECT * { \u017fervice <{u}> {} }",
    "SELECT * { BIND(<{u}> AS ?e) SERVICE ?e {} }",
    "SELECT * { VALUES ?e { <{u}> } SERVICE $e {} }",
    "BASE <{b}> SELECT * { SERVICE <x> {} }",
    "BASE <{b}x> SELECT * { SERVICE <> {} }",
    "BASE <{b}> PREFIX r: <sub/> SELECT * { SERVICE r:x {} }",
    "SELECT * { SERVICE <http://127.0.0.1:{p}/\\u0078> {} }",
    "SELECT * { SERVICE <http\\u003A//127.0.0.1:{p}/x> {} }",
    "SELECT * { SERV\\u0049CE <{u}> {} }",
    "SELECT * { SERVICE <http://localhost:{p}/x> {} }",
    "SELECT * { SERVICE <http://[::ffff:127.0.0.1]:{p}/x> {} }",
    "SELECT * { FILTER EXISTS { SERVICE <{u}> {} } }",
    "SELECT * { OPTIONAL { SERVICE SILENT <{u}> {} } }",
    "SELECT * { ?s ?p 'x'^^<http://a/> . SERVICE <{u}> {} }",
    f"SELECT * {{ BIND('{LONG}' AS ?s) SERVICE <{{u}}> {{}} }}",
    f'SELECT * {{ BIND("""{LONG}\\""" AS ?s) SERVICE <{{u}}> {{}} BIND(""" """ AS ?t) }}',
    "SELECT * { SERVICE <{u}> { ?a ?b ?c ",  # malformed
    "LOAD <{u}>",
    "LOAD SILENT <{u}> INTO GRAPH <http://g/>",
    "SELECT * FROM <{u}> FROM NAMED <{u}> { ?s ?p ?o }",  # no call: FROM names a graph
]


class Listener:
    """A TCP socket on 127.0.0.1 that counts (and drops) every connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def fill(self, template: str) -> str:
        base = f"http://127.0.0.1:{self.port}/"
        return (
            template.replace("{u}", base + "sparql")
            .replace("{b}", base)
            .replace("{p}", str(self.port))
        )


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.sock.close()


@pytest.fixture(scope="module", params=["no-network", "allow-list"])
def guarded_server(request, store_dir):
    """Without --allow-service (network-less workers) and with one (the checker alone)."""
    extra = (
        ("--allow-service", "http://allowed.example/sparql")
        if request.param != "no-network"
        else ()
    )
    with running(store_dir, "--workers", "1", *extra) as srv:
        yield srv


@pytest.mark.parametrize("template", BYPASSES, ids=range(len(BYPASSES)))
def test_server_makes_no_connection(guarded_server, listener, template):
    query = listener.fill(template)
    before = listener.connections
    status, _, body = guarded_server.request(
        "POST", "/sparql", body=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert listener.connections == before, f"the server connected: {status} {body[:200]!r}"
    if "FROM <" in template:
        assert status == 200
        return
    assert status in (400, 403), body[:300]
    error = json.loads(body)["error"]
    assert error["type"] in ("service-refused", "malformed-query"), error


_DRIVER = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from kg.cli import main
    store, extra = sys.argv[1], sys.argv[2:]
    for line in sys.stdin:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["query", "--store", store, *extra, json.loads(line)])
        print(json.dumps([code, err.getvalue()]), flush=True)
    """
)


@pytest.mark.parametrize("mode", ["no-network", "allow-list"])
def test_kg_query_makes_no_connection(store_dir, listener, mode, tmp_path):
    """``kg query`` (the real ``main``, in one process per mode) refuses every attempt."""
    extra = ["--allow-service", "http://allowed.example/sparql"] if mode == "allow-list" else []
    queries = [listener.fill(t) for t in BYPASSES]
    before = listener.connections
    proc = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(store_dir), *extra],
        input="".join(json.dumps(q) + "\n" for q in queries),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert listener.connections == before, "kg query connected to the listener"
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(answers) == len(queries)
    for template, (code, err) in zip(BYPASSES, answers, strict=True):
        if "FROM <" in template:
            assert code == 0, err
            continue
        assert code == 2, (template[:80], err)
        assert err.count("\n") == 1 and err.startswith("kg: error: "), err


def test_network_less_worker_cannot_connect(listener, store_dir):
    """Defence in depth: a worker started with --no-network, handed a SERVICE query
    without any check, fails to connect (the checker is not involved at all)."""
    code = textwrap.dedent(
        f"""
        import pickle, struct, subprocess, sys
        worker = subprocess.Popen([sys.executable, "-m", "kg.serve.worker", "--no-network"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        request = {{"op": "query", "store": {str(generation_of(store_dir))!r}, "max_rows": 10,
                   "query": "SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{}} }}"}}
        data = pickle.dumps(request)
        worker.stdin.write(struct.pack("!I", len(data)) + data)
        worker.stdin.flush()
        (size,) = struct.unpack("!I", worker.stdout.read(4))
        print(pickle.loads(worker.stdout.read(size)))
        worker.stdin.close()
        worker.wait()
        """
    )
    before = listener.connections
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert listener.connections == before
    assert "Permission denied" in proc.stdout, proc.stdout + proc.stderr


def test_forbid_network_blocks_every_socket_family_but_unix(tmp_path: Path):
    code = textwrap.dedent(
        """
        import socket
        from kg.query_policy import forbid_network
        assert forbid_network() is None
        for family in (socket.AF_INET, socket.AF_INET6):
            try:
                socket.socket(family)
            except PermissionError:
                continue
            raise SystemExit(f"family {family} was allowed")
        socket.socketpair()
        print("ok")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "ok", proc.stderr
