"""A new `kg build` swaps the store link: the running server answers from it."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.store import build

from .conftest import GRAPH, running

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(server) -> int:
    status, _, body = server.request("GET", "/sparql?" + urlencode({"query": COUNT}))
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_new_generation_is_picked_up(tmp_path):
    store = tmp_path / "store"
    build(store, lambda s: s.load(path=str(GRAPH), format=ox.RdfFormat.TRIG))
    with running(store, "--workers", "1") as server:
        before = count(server)  # also cached now

        def more(s: ox.Store) -> None:
            s.load(path=str(GRAPH), format=ox.RdfFormat.TRIG)
            s.add(
                ox.Quad(
                    ox.NamedNode("urn:x:a"),
                    ox.NamedNode("urn:x:b"),
                    ox.Literal("c"),
                    ox.NamedNode("urn:x:g"),
                )
            )

        build(store, more)
        deadline = time.monotonic() + 5
        while count(server) == before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert count(server) == before + 1
