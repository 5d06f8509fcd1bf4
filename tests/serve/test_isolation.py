"""Runaway isolation and bad input: lanes, fair queues, limits, timeouts, crashes, recycling."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import re
import signal
import socket
import threading
import time
from urllib.parse import urlencode

import pytest

from kg.serve.cache import AnswerCache
from kg.serve.pool import BusyError, Pool, TimeLimitError
from kg.serve.replies import Reply
from kg.store import generation_of

from .conftest import running, start_server, stop_server

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def _query(store: str, text: str) -> dict[str, object]:
    return {"op": "query", "store": store, "query": text, "max_rows": 10, "fmt": ("json",)}


# --------------------------------------------------------------------------- the pool


def test_one_client_cannot_hold_every_worker_and_queue_time_is_free(store_dir):
    """Client A sends 3 runaways to a 2-worker pool: it gets one worker at a time, so
    client B is served at once; A's queued runaways then still get their whole limit
    (a 504-style TimeLimitError, never a 503-style BusyError)."""
    store = str(generation_of(store_dir))

    async def scenario() -> list[str]:
        pool = Pool(2, timeout=1.5, warmup={"op": "ping", "store": store}, max_wait=30)
        await pool.start()
        order: list[str] = []

        async def a(i: int) -> None:
            try:
                await pool.call(_query(store, RUNAWAY + f" # {i}"), client="A")
            except TimeLimitError:
                order.append(f"A{i}:timeout")
            except BusyError:
                order.append(f"A{i}:busy")

        async def b() -> None:
            await asyncio.sleep(0.2)
            answer = await pool.call({"op": "ping", "store": store}, client="B")
            order.append(f"B:{answer.status}")

        try:
            await asyncio.gather(a(0), a(1), a(2), b())
        finally:
            await pool.close()
        return order

    order = asyncio.run(scenario())
    assert order[0] == "B:204", order
    assert sorted(order[1:]) == ["A0:timeout", "A1:timeout", "A2:timeout"], order


def test_probes_never_take_the_last_worker(store_dir):
    """With ``reserve=1``, a second request of unknown cost (a probe) waits while one
    runs, and a known-light request from a third client is served in the meantime
    by the worker kept free of probes."""
    store = str(generation_of(store_dir))

    async def scenario() -> tuple[int, bool, int]:
        pool = Pool(2, timeout=30, warmup={"op": "ping", "store": store}, reserve=1)
        await pool.start()
        try:
            first = asyncio.ensure_future(pool.call(_query(store, RUNAWAY), client="A", probe=True))
            while not pool._probing:  # A's runaway has its worker
                await asyncio.sleep(0.01)
            second = asyncio.ensure_future(
                pool.call(_query(store, RUNAWAY + " # b"), client="B", probe=True)
            )
            await asyncio.sleep(0)  # B is queued
            light = await pool.call({"op": "ping", "store": store}, client="C")
            waiting = not second.done()
            probing = len(pool._probing)
            first.cancel()
            second.cancel()
            await asyncio.gather(first, second, return_exceptions=True)
            return light.status, waiting, probing
        finally:
            await pool.close()

    status, waiting, probing = asyncio.run(scenario())
    assert status == 204
    assert waiting, "the second probe took the worker kept for light requests"
    assert probing == 1


def test_a_spare_replaces_a_killed_worker_at_once(store_dir):
    """A worker killed at the time limit is replaced by the warm spare before the
    caller even hears of the timeout: the next request needs no new process."""
    store = str(generation_of(store_dir))

    async def scenario() -> tuple[set[int], set[int], int, int]:
        pool = Pool(1, timeout=0.3, warmup={"op": "ping", "store": store}, spares=1)
        await pool.start()
        try:
            spare = {w.pid for w in pool._spare}
            with pytest.raises(TimeLimitError):
                await pool.call(_query(store, RUNAWAY), client="A")
            serving = set(pool.pids())
            idle = len(pool._idle)
            answer = await pool.call({"op": "ping", "store": store}, client="B")
            return spare, serving, idle, answer.status
        finally:
            await pool.close()

    spare, serving, idle, status = asyncio.run(scenario())
    assert len(spare) == 1 and serving == spare and idle == 1
    assert status == 204


def test_a_full_wait_is_busy(store_dir):
    store = str(generation_of(store_dir))

    async def scenario() -> str:
        pool = Pool(1, timeout=3.0, warmup={"op": "ping", "store": store}, max_wait=0.3)
        await pool.start()
        try:
            first = asyncio.ensure_future(pool.call(_query(store, RUNAWAY), client="A"))
            await asyncio.sleep(0.1)
            try:
                await pool.call({"op": "ping", "store": store}, client="B")
            except BusyError as exc:
                return str(exc)
            finally:
                first.cancel()
            return "served"
        finally:
            await pool.close()

    assert "no query worker became free" in asyncio.run(scenario())


def test_cache_is_bounded_in_bytes():
    cache = AnswerCache(1000, max_bytes=1_000_000)
    for i in range(100):
        cache.put(("q", str(i)), Reply(200, "application/json", b"x" * 100_000))
    assert cache.bytes <= 1_000_000 and 5 <= len(cache) <= 10
    cache.put("huge", Reply(200, "application/json", b"x" * 300_000))  # > a quarter
    assert cache.get("huge") is None
    assert cache.get(("q", "99")) is not None


# --------------------------------------------------------------------------- a real server


@pytest.fixture(scope="module")
def guarded(store_dir):
    with running(
        store_dir,
        "--workers",
        "1",
        "--light-workers",
        "1",
        "--read-timeout",
        "1",
        "--idle-timeout",
        "1",
        "--max-worker-calls",
        "5",
    ) as srv:
        yield srv


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
        "ASK " + "{" * 400 + "}" * 400,
        "SELECT (" + "CONCAT(" * 1000 + "'a'" + ")" * 1000 + " AS ?x) {}",
        "SELECT (" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) {}",
        "ASK { " + "[ <http://p> " * 500 + "]" * 500 + " }",
    ],
    ids=["braces", "braces-400", "concat", "parentheses", "brackets"],
)
def test_deep_nesting_is_400_before_evaluation(guarded, query):
    pids = guarded.worker_pids()
    status, _, body = guarded.request(
        "POST", "/sparql", body=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 400, body[:300]
    error = json.loads(body)["error"]
    assert error["type"] == "nesting-too-deep" and "nesting deeper than 128" in error["message"]
    assert guarded.worker_pids() == pids, "a worker died"


@pytest.mark.parametrize("size", [32 * 1024 + 10, 64 * 1024, 100_000, 1_000_000])
def test_long_urls_are_414_json_at_every_size(guarded, size):
    status, headers, body = guarded.request("GET", "/sparql?query=" + "a" * size)
    assert status == 414
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body)["error"]["type"] == "uri-too-long"


def _recv_all(sock: socket.socket, limit: float) -> bytes:
    sock.settimeout(limit)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        pass
    return data


def test_idle_connection_is_closed(guarded):
    with socket.create_connection(("127.0.0.1", guarded.port)) as sock:
        started = time.monotonic()
        assert _recv_all(sock, 5) == b""  # closed by the server, nothing sent
        assert time.monotonic() - started < 4.5


def test_slow_request_gets_408(guarded):
    with socket.create_connection(("127.0.0.1", guarded.port)) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")  # never finished
        data = _recv_all(sock, 5)
    assert data.startswith(b"HTTP/1.1 408"), data[:200]
    assert b'"request-timeout"' in data


def test_kept_alive_connection_is_closed_when_idle(guarded):
    with socket.create_connection(("127.0.0.1", guarded.port)) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
        data = _recv_all(sock, 5)
    assert data.startswith(b"HTTP/1.1 200") and data.count(b"HTTP/1.1") == 1


def test_workers_are_recycled_after_max_calls(guarded):
    before = guarded.worker_pids()
    for i in range(12):
        target = "/sparql?" + urlencode({"query": f"ASK {{ ?s ?p ?o }} # {i}"})
        assert guarded.request("GET", target)[0] == 200
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not (guarded.worker_pids() - before):
        time.sleep(0.1)
    assert guarded.worker_pids() - before, "no worker was replaced"


def test_worker_crash_is_logged_with_its_cause(store_dir):
    """The query lane's worker is killed from outside while it evaluates a runaway: the
    caller gets a 500 and the log names the worker, the signal and the request."""
    server = start_server(
        store_dir, "--workers", "1", "--light-workers", "1", "--timeout", "60", "--log-requests"
    )
    lines: list[str] = []
    took = threading.Event()
    taker: list[int] = []

    def read_log() -> None:  # the server's own word on which worker took the runaway
        assert server.proc.stdout is not None
        for raw in server.proc.stdout:
            line = raw.decode(errors="replace")
            lines.append(line)
            found = re.match(r"kg serve: query worker (\d+) took query 'SELECT \(COUNT", line)
            if found and not taker:
                taker.append(int(found.group(1)))
                took.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    result: list[int] = []

    def ask() -> None:
        conn = server.connection(timeout=90)
        try:
            conn.request("GET", "/sparql?" + urlencode({"query": RUNAWAY}))
            result.append(conn.getresponse().status)
        finally:
            conn.close()

    thread = threading.Thread(target=ask)
    try:
        thread.start()
        # the light-lane try overruns, then the query lane's worker takes it
        assert took.wait(60), "".join(lines)[-2000:]
        busy_pid = taker[0]
        time.sleep(0.2)  # it has read the request and is evaluating
        os.kill(busy_pid, signal.SIGKILL)
        thread.join(60)
        assert result == [500]
    finally:
        stop_server(server)
        reader.join(10)
    log = "".join(lines)
    assert f"worker {busy_pid} killed by signal 9 SIGKILL" in log, log[-2000:]
    assert "while answering query" in log


def test_distinct_runaways_at_once_leave_a_light_worker(store_dir):
    """Four runaways, each a new text, sent together while light requests go on.

    The light lane's budget is made longer than the test (``--light-timeout 60``)
    so a runaway that gets a light worker keeps it: before probes were bounded,
    two of them held both light workers and the entity page below waited past
    ``--queue-timeout`` (503).  Now at most one holds a light worker, and the
    page and a point lookup of a form already answered are served at once.
    """
    server = start_server(
        store_dir,
        *("--workers", "2", "--light-workers", "2", "--timeout", "60"),
        *("--light-timeout", "60", "--queue-timeout", "5", "--cache-size", "0"),
        "--log-requests",
    )
    probes = threading.Event()
    lines: list[str] = []

    def read_log() -> None:
        assert server.proc.stdout is not None
        for raw in server.proc.stdout:
            line = raw.decode(errors="replace")
            lines.append(line)
            if re.match(r"kg serve: light worker \d+ took query 'SELECT \(COUNT", line):
                probes.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    point = "SELECT ?p ?o WHERE {{ <{}> ?p ?o }} LIMIT 5"
    answers: list[int] = []

    def get(target: str, source: str, accept: str = "*/*") -> tuple[int, bytes]:
        """One GET from ``source`` (each 127.x address is another client to the server)."""
        conn = http.client.HTTPConnection(
            "127.0.0.1", server.port, timeout=90, source_address=(source, 0)
        )
        try:
            conn.request("GET", target, headers={"Accept": accept})
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def runaway(n: int) -> None:
        text = RUNAWAY.replace("?", f"?r{n}_")  # a new text and a new form each
        with contextlib.suppress(OSError, http.client.HTTPException):
            answers.append(get("/sparql?" + urlencode({"query": text}), f"127.0.2.{n + 1}")[0])

    threads = [threading.Thread(target=runaway, args=(n,), daemon=True) for n in range(4)]
    try:
        first = point.format("http://example.org/first")
        assert get("/sparql?" + urlencode({"query": first}), "127.0.1.1")[0] == 200
        for t in threads:
            t.start()
        assert probes.wait(30), "".join(lines)[-2000:]
        page = get("/person/lenin", "127.0.1.2", "text/html")
        lookup = point.format("http://example.org/other")
        status = get("/sparql?" + urlencode({"query": lookup}), "127.0.1.3")[0]
        in_flight, done = sum(t.is_alive() for t in threads), list(answers)
    finally:
        stop_server(server)
        reader.join(10)
    assert page[0] == 200, page[1][:300]
    assert status == 200
    assert in_flight == 4 and not done, "the runaways were meant to be still running"
    taken = [
        ln for ln in lines if re.match(r"kg serve: light worker \d+ took query 'SELECT \(C", ln)
    ]
    assert len(taken) == 1, taken
