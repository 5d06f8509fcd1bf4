"""The worker pipe (kg.serve.pipe): framing, batches, a worker dying mid-request."""

from __future__ import annotations

import asyncio
import json
import os
import signal

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from kg.serve import results as R
from kg.serve.pipe import Frames, Worker, WorkerCrashedError, frame
from kg.serve.pool import Pool, TimeLimitError
from kg.serve.replies import Failure, Reply
from kg.store import generation_of

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
_objects = st.one_of(
    st.builds(Reply, st.integers(100, 599), st.text(max_size=30), st.binary(max_size=3000)),
    st.builds(Failure, st.integers(400, 599), st.text(max_size=20), st.text(max_size=200)),
    st.dictionaries(st.text(max_size=10), st.text(max_size=50), max_size=5),
)


@given(st.lists(_objects, max_size=6), st.lists(st.integers(1, 4000), max_size=8))
def test_frames_survive_any_split(objects, cuts):
    """However the pipe cuts the bytes, the same objects come out, in order."""
    data = b"".join(frame(o) for o in objects)
    frames, out, at = Frames(), [], 0
    for cut in sorted(cuts):
        out += frames.feed(data[at:cut])
        at = max(at, cut)
    out += frames.feed(data[at:])
    assert out == objects and len(frames) == 0


def test_incomplete_frame_is_held():
    data = frame(Reply(200, "text/plain", b"x" * 100))
    frames = Frames()
    assert frames.feed(data[:-1]) == [] and len(frames) == len(data) - 1
    assert frames.feed(data[-1:]) == [Reply(200, "text/plain", b"x" * 100)]


def _query(store: str, text: str) -> dict[str, object]:
    return {"op": "query", "store": store, "query": text, "max_rows": 10, "fmt": ("json",)}


def test_a_batch_is_answered_in_order(store_dir):
    """Three requests written at once get three answers, in the order sent."""
    store = str(generation_of(store_dir))

    async def scenario() -> list[bytes]:
        worker = await Worker.start(network=False)
        answers: list[bytes] = []
        done = asyncio.get_running_loop().create_future()

        def listen(_: Worker, answer: Reply | Failure | WorkerCrashedError) -> None:
            assert isinstance(answer, Reply)
            answers.append(answer.body)
            if len(answers) == 3:
                done.set_result(None)

        worker.listener = listen
        texts = [f"SELECT ?n WHERE {{ BIND({n} AS ?n) }}" for n in (1, 2, 3)]
        worker.send(b"".join(frame(_query(store, t)) for t in texts), 3)
        await asyncio.wait_for(done, 30)
        await worker.close()
        return answers

    answers = asyncio.run(scenario())
    values = [json.loads(a)["results"]["bindings"][0]["n"]["value"] for a in answers]
    assert values == ["1", "2", "3"]


def test_a_worker_killed_mid_request_is_a_crash_and_the_pool_recovers(store_dir):
    """A worker killed from outside while it evaluates: the caller gets
    WorkerCrashedError naming the signal, and the pool answers the next request."""
    store = str(generation_of(store_dir))

    async def scenario() -> tuple[str, int, int]:
        pool = Pool(1, timeout=30, warmup={"op": "ping", "store": store})
        await pool.start()
        try:
            (pid,) = pool.pids()
            running = asyncio.ensure_future(pool.call(_query(store, RUNAWAY), client="A"))
            await asyncio.sleep(0.3)
            os.kill(pid, signal.SIGKILL)
            try:
                await running
                message = "answered"
            except WorkerCrashedError as exc:
                message = str(exc)
            answer = await pool.call({"op": "ping", "store": store}, client="B")
            return message, answer.status, pool.crashed
        finally:
            await pool.close()

    message, status, crashed = asyncio.run(scenario())
    assert "SIGKILL" in message and status == 204 and crashed == 1


def test_a_batch_behind_a_runaway_is_served_after_the_kill(store_dir):
    """Quick requests batched behind one that overruns are run again on the
    replacement worker: the runaway alone gets TimeLimitError."""
    store = str(generation_of(store_dir))

    async def scenario() -> list[object]:
        pool = Pool(1, timeout=0.5, warmup={"op": "ping", "store": store}, spares=1, batch=4)
        await pool.start()
        try:
            ping = {"op": "ping", "store": store}
            # the first one makes key "k" quick, so the four behind it go as one batch
            calls = [pool.call(ping, client="A", key="k")]
            calls.append(pool.call(_query(store, RUNAWAY), client="A", key="k"))
            calls += [pool.call(ping, client="A", key="k") for _ in range(3)]
            answers = await asyncio.gather(*calls, return_exceptions=True)
            return [*answers, pool.batched]
        finally:
            await pool.close()

    first, runaway, *rest, batched = asyncio.run(scenario())
    assert batched >= 3  # the runaway took the three pings with it (then they ran again)
    assert isinstance(runaway, TimeLimitError)
    assert [getattr(r, "status", r) for r in (first, *rest)] == [204, 204, 204, 204]


def test_json_text_matches_the_json_module():
    """The hand-written SPARQL JSON terms are what json.dumps writes for json_term."""
    terms = [
        ox.NamedNode("http://x/a\u00e9b%22"),
        ox.BlankNode("b0"),
        ox.Literal('say "hi"\n\\ \u2028 \x01'),
        ox.Literal("x", language="fr"),
        ox.Literal("10", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Triple(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o")),
    ]
    for term in terms:
        expected = json.dumps(R.json_term(term), ensure_ascii=False, separators=(",", ":"))
        assert R.json_text(term) == expected


def test_only_quick_requests_may_take_every_worker(store_dir):
    """One client gets one worker of two for requests of unknown cost, both once
    their key is known to be quick (and the rest of its burst is batched)."""
    store = str(generation_of(store_dir))

    async def burst(pool: Pool, key: str | None) -> int:
        ping = {"op": "ping", "store": store}
        calls = [asyncio.ensure_future(pool.call(ping, client="A", key=key)) for _ in range(6)]
        await asyncio.sleep(0)  # every call has been dispatched or queued
        running = len(pool._running)
        assert all(a.status == 204 for a in await asyncio.gather(*calls))
        return running

    async def scenario() -> tuple[int, int, int]:
        pool = Pool(2, timeout=5, warmup={"op": "ping", "store": store}, batch=16)
        await pool.start()
        try:
            unknown = await burst(pool, None)
            await pool.call({"op": "ping", "store": store}, client="A", key="k")  # now quick
            quick = await burst(pool, "k")
            return unknown, quick, pool.batched
        finally:
            await pool.close()

    unknown, quick, batched = asyncio.run(scenario())
    assert unknown == 1 and quick == 2 and batched >= 3  # 2 dispatched at once, 4 batched
