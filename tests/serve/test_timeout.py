"""The time limit kills a runaway query's worker while other clients keep being served."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from .conftest import running

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def slow_server(store_dir):
    with running(
        store_dir, "--timeout", str(TIMEOUT), "--workers", "2", "--cache-size", "0"
    ) as srv:
        yield srv


def _get(server, query: str) -> tuple[int, dict[str, str], bytes, float]:
    started = time.monotonic()
    status, headers, body = server.request("GET", "/sparql?" + urlencode({"query": query}))
    return status, headers, body, time.monotonic() - started


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_runaway_query_times_out_while_others_are_served(slow_server):
    workers_before = slow_server.worker_pids()
    # 2 on the query lane, 2 on the light lane and its warm spare
    assert len(workers_before) == 5
    with ThreadPoolExecutor(4) as pool:
        runaway = pool.submit(_get, slow_server, RUNAWAY)
        time.sleep(0.3)  # the runaway holds one worker now
        quick = []
        for i in range(10):
            quick.append(_get(slow_server, f"ASK {{ ?s ?p ?o }} # {i}"))
            time.sleep(0.05)
        status, _, body, took = runaway.result()
    assert all(q[0] == 200 for q in quick)
    assert max(q[3] for q in quick) < 1.0, "simple queries waited for the runaway one"
    assert status == 504
    error = json.loads(body)["error"]
    assert error["type"] == "timeout" and "--timeout" in error["message"]
    assert TIMEOUT - 0.1 <= took < TIMEOUT + 3
    # the runaway's workers (its light-lane try, then its query-lane run) were killed
    # (their CPU freed) and replaced
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        gone = [pid for pid in workers_before if not _alive(pid)]
        if len(gone) == 2 and len(slow_server.worker_pids()) == 5:
            break
        time.sleep(0.1)
    assert len(gone) == 2, "a timed-out worker is still running"
    assert len(slow_server.worker_pids() - workers_before) == 2, "no replacement worker"
    assert _get(slow_server, "ASK { ?s ?p ?o } # after")[0] == 200


def test_timeout_is_never_a_truncated_200(slow_server):
    status, headers, _, _ = _get(slow_server, RUNAWAY + " # again")
    assert status == 504 and headers["content-type"].startswith("application/json")
    assert os.cpu_count()
