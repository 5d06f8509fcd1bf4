"""``kg push`` with its defaults into ``kg serve --update-token``: chunks fit the body limit."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import store as kg_store
from kg.errors import RemoteError
from kg.http import RetryPolicy
from kg.push import DEFAULT_CHUNK_BYTES, chunks, push
from kg.serve.options import DEFAULT_MAX_BODY

from .conftest import running

TOKEN = "s3cret-push"
FAST = RetryPolicy(attempts=1, backoff=0.05, max_wait=0.1, timeout=30)


def test_default_chunks_fit_under_the_default_body_limit(built_store):
    assert DEFAULT_CHUNK_BYTES < DEFAULT_MAX_BODY
    db = kg_store.open_read_only(built_store)
    for graph in db.named_graphs():
        triples = [q.triple for q in db.quads_for_pattern(None, None, None, graph)]
        for part in chunks(triples, 50_000, DEFAULT_CHUNK_BYTES):
            assert len(ox.serialize(part, format=ox.RdfFormat.N_TRIPLES)) <= DEFAULT_CHUNK_BYTES


def test_push_the_real_graph_with_defaults(built_store, tmp_path):
    target = tmp_path / "target"
    kg_store.build(target, lambda s: None)
    local = kg_store.open_read_only(built_store)
    with running(target, "--update-token", TOKEN) as srv:
        state = tmp_path / "state.json"
        report = push(built_store, f"{srv.url}/sparql", token=TOKEN, state_path=state, policy=FAST)
        assert report.ok, report.mismatches
        assert max(g.chunks for g in report.graphs) > 1  # the document graph is over 1 MiB
        assert sum(report.remote_counts.values()) == len(local)
        with pytest.raises(RemoteError) as failure:
            push(built_store, f"{srv.url}/sparql", token="wrong", state_path=state, policy=FAST)
    message = str(failure.value)
    assert "\n" not in message and "HTTP 403" in message and "wrong update token" in message
    assert "--update-token" in message
