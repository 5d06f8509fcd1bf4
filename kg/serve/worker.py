"""A query worker: a child process that owns one store handle.

Started by :mod:`kg.serve.pool` as ``python -m kg.serve.worker``; reads
request frames (:mod:`kg.serve.pipe`: length-prefixed pickled dicts) on stdin
and writes answer frames (a :class:`~kg.serve.replies.Reply` or
:class:`~kg.serve.replies.Failure`) on the original stdout (anything a library prints goes to stderr instead).  Every
answer is serialised completely here, so the HTTP side either has the whole
body or an error: a worker that overruns the time limit is killed, never
asked to stop.

The store is opened read-only, or read-write in update mode (then the pool
has exactly one worker, so only one process ever holds the store), and
reopened when the request names another generation.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import traceback
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.query_policy import forbid_network
from kg.serve import describe, linkeddata, pages
from kg.serve import formats as F
from kg.serve import results as R
from kg.serve.pipe import HEADER, frame
from kg.serve.replies import Failure, Reply
from kg.vocab import PREFIXES

Answer = Reply | Failure


class _Stores:
    """The one store handle of this process, reopened when the generation changes."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.store: ox.Store | None = None

    def get(self, path: str, writable: bool) -> ox.Store:
        if self.store is None or path != self.path:
            self.store = None  # release the previous generation first
            self.store = ox.Store(path) if writable else ox.Store.read_only(path)
            self.path = path
        return self.store


_stores = _Stores()


def handle(request: dict[str, Any]) -> Answer:
    """Evaluate one request (see :mod:`kg.serve.app` for what each op carries)."""
    op = request["op"]
    try:
        store = _stores.get(request["store"], request.get("writable", False))
    except OSError as exc:
        return Failure(503, "store-unavailable", f"cannot open the store: {exc}")
    try:
        if op == "query":
            return query(store, request)
        if op == "update":
            return update(store, request)
        if op == "entity":
            return linkeddata.entity(store, request)
        if op == "page":
            return pages.page(store, request)
        if op == "graph":
            return graph_get(store, request)
        if op == "graph-write":
            return graph_write(store, request)
        if op in ("service", "void"):
            return describe.describe(store, request)
        if op == "ping":
            if "seeds" in request:  # a worker's first request: prepare the document pages
                try:
                    linkeddata.preload(store, request["store"], request["seeds"])
                except Exception:  # the page request will report it
                    traceback.print_exc(file=sys.stderr)
            return Reply(204, "text/plain", b"")
        if op == "parse":
            return parse_only(request)
    except SyntaxError as exc:
        kind = "malformed-update" if op == "update" else "malformed-query"
        if op == "graph-write":
            kind = "malformed-data"
        return Failure(400, kind, str(exc))
    except ValueError as exc:  # an invalid IRI or literal handed to pyoxigraph
        return Failure(400, "bad-request", str(exc))
    except PermissionError as exc:  # a socket refused by forbid_network: no network here
        return Failure(403, "service-refused", f"the query workers have no network: {exc}")
    except (ConnectionError, TimeoutError) as exc:  # an allowed SERVICE endpoint failed
        return Failure(502, "service-failed", f"a SERVICE endpoint failed: {exc}")
    except OSError as exc:  # reading the store failed
        return Failure(500, "evaluation-error", str(exc))
    except RuntimeError as exc:  # the engine refused to evaluate it (an unbound SERVICE…)
        return Failure(400, "evaluation-error", str(exc))
    return Failure(400, "bad-request", f"unknown operation {op!r}")


def parse_only(request: dict[str, Any]) -> Answer:
    """Does the engine parse this text?  Run on an empty in-memory store (never the real one).

    Only asked of a worker without network (see :func:`main`), to tell a
    malformed query (400) from a refused one (403).
    """
    scratch = ox.Store()
    if "update" in request:
        scratch.update(request["update"], prefixes=PREFIXES)
    else:
        scratch.query(request["query"], prefixes=PREFIXES)
    return Reply(204, "text/plain", b"")


def _dataset(store: ox.Store, request: dict[str, Any]) -> dict[str, Any] | Failure:
    defaults = [ox.NamedNode(g) for g in request.get("default_graphs", ())]
    named = [ox.NamedNode(g) for g in request.get("named_graphs", ())]
    for g in (*defaults, *named):
        if not store.contains_named_graph(g):
            return Failure(404, "unknown-graph", f"no graph {g} in this dataset")
    if defaults or named:
        return {"default_graph": defaults, "named_graphs": named}
    return {"use_default_graph_as_union": request.get("union", True)}


def query(store: ox.Store, request: dict[str, Any]) -> Answer:
    """Evaluate a SPARQL query and serialise all of its (capped) answer."""
    dataset = _dataset(store, request)
    if isinstance(dataset, Failure):
        return dataset
    result = store.query(request["query"], prefixes=PREFIXES, **dataset)
    fmt, accept, max_rows = request.get("fmt"), request.get("accept"), request["max_rows"]
    offers = F.GRAPHS if isinstance(result, ox.QueryTriples) else F.RESULTS
    offer = F.choose(fmt, accept, offers)
    if offer is None:
        return _not_acceptable(fmt, accept, offers)
    if isinstance(result, ox.QueryBoolean):
        return R.boolean(bool(result), offer)
    if isinstance(result, ox.QuerySolutions):
        return R.solutions(result, offer, max_rows)
    return R.triples(result, offer, max_rows)


def _not_acceptable(
    fmt: str | tuple[str, ...] | None, accept: str | None, offers: tuple[F.Offer, ...]
) -> Failure:
    asked = (
        f"format={', '.join(fmt) if isinstance(fmt, tuple) else fmt}"
        if fmt
        else f"Accept: {accept}"
    )
    types = ", ".join(dict.fromkeys(o.media_type for o in offers))
    return Failure(406, "not-acceptable", f"cannot answer {asked}; available: {types}")


def update(store: ox.Store, request: dict[str, Any]) -> Answer:
    """Apply a SPARQL Update (atomically: all or nothing) and flush it to disk."""
    store.update(request["update"], prefixes=PREFIXES)
    store.flush()
    return Reply(204, "text/plain", b"")


def graph_get(store: ox.Store, request: dict[str, Any]) -> Answer:
    """Graph Store Protocol GET: one named graph, or the default graph."""
    offer = F.choose(request.get("fmt"), request.get("accept"), F.GRAPHS)
    if offer is None:
        return _not_acceptable(request.get("fmt"), request.get("accept"), F.GRAPHS)
    name = request.get("graph")
    if name is None:
        if request.get("union", True):
            found = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
            return R.graph(sorted(found, key=str), offer)
        return R.graph(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), offer)
    graph = ox.NamedNode(name)
    if not store.contains_named_graph(graph):
        return Failure(404, "unknown-graph", f"no graph <{name}> in this store")
    return R.graph(list(store.quads_for_pattern(None, None, None, graph)), offer)


def graph_write(store: ox.Store, request: dict[str, Any]) -> Answer:
    """Graph Store Protocol PUT (replace), POST (add) and DELETE, in update mode only."""
    method, name = request["method"], request.get("graph")
    graph: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(name) if name else ox.DefaultGraph()
    existed = isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)
    if method == "DELETE":
        if not existed:
            return Failure(404, "unknown-graph", f"no graph <{name}> in this store")
        if isinstance(graph, ox.NamedNode):
            store.remove_graph(graph)
        else:
            store.clear_graph(graph)
    else:
        fmt = ox.RdfFormat.from_media_type(request["content_type"])
        if fmt is None:
            return Failure(
                415, "unsupported-media-type", f"cannot read {request['content_type']} as RDF"
            )
        parsed = ox.parse(request["body"], format=fmt, without_named_graphs=True)
        quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]  # parse first
        if method == "PUT" and existed:
            store.clear_graph(graph)
        store.extend(quads)
    store.flush()
    return Reply(201 if not existed and method != "DELETE" else 204, "text/plain", b"")


# --------------------------------------------------------------------------- the loop


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _read(stream: BinaryIO) -> Any | None:
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    return pickle.loads(stream.read(size))


def _write(stream: BinaryIO, answer: Answer) -> None:
    stream.write(frame(answer))
    stream.flush()


def main() -> None:
    """Serve requests from the parent until stdin closes.

    With ``--no-network`` (the default of ``kg serve`` without
    ``--allow-service``) the process first gives up the right to open network
    sockets, so no query can make it connect anywhere, whatever the checks
    of :mod:`kg.query_policy` let through.
    """
    _die_with_parent()
    for arg in sys.argv[1:]:
        if arg.startswith("--nice="):  # the lane of long queries yields the CPU to the others
            os.nice(int(arg.partition("=")[2]))
    if "--no-network" in sys.argv[1:]:
        why = forbid_network()
        if why is not None:
            print(
                f"kg serve: worker {os.getpid()}: cannot drop network access: {why}",
                file=sys.stderr,
            )
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to stderr, never into the protocol
    inp = sys.stdin.buffer
    while (request := _read(inp)) is not None:
        try:
            answer = handle(request)
        except Exception:  # a bug: answer 500, keep the worker, log the traceback
            traceback.print_exc()
            answer = Failure(500, "internal-error", "the query worker failed; see the server log")
        _write(out, answer)


if __name__ == "__main__":
    main()
