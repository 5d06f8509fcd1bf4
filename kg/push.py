"""``kg push``: upload every named graph to a SPARQL 1.1 store, resumably.

Each graph goes over the SPARQL 1.1 Graph Store HTTP Protocol: the first
chunk is ``PUT ?graph=<iri>`` (so a re-push replaces the graph instead of
duplicating it), the following chunks ``POST ?graph=<iri>``.  Chunks never
split a blank-node structure: triples sharing blank nodes travel together,
since each request is parsed as a document of its own.  A chunk holds at
most ``chunk_size`` triples and ``chunk_bytes`` bytes, under the body limit
of the target (``kg serve`` takes 1 MiB by default, ``--max-body``).  Bodies are N-Triples
sent as ``text/turtle``, which every Graph Store implementation reads.

Then the remote counts are compared with ours (``SELECT ?g (COUNT(*) AS ?n)
WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g`` on the query endpoint).

A state file (``.kg/push-state.json``) records, per graph store, the graphs
pushed and the SHA-256 of their canonical content; ``resume=True`` skips
those already pushed unchanged, so a rerun after a failure continues where
it stopped (:mod:`kg.push_state`).  Graphs deleted locally are not deleted
remotely.  A refused request raises a :class:`~kg.errors.RemoteError` that says
why and what to try (:mod:`kg.push_explain`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import HTTPDigestAuth

from kg import store as kg_store
from kg.errors import DataError, RemoteError
from kg.export import canonical_quads
from kg.http import RetryPolicy, send
from kg.options import add_retry_options, add_store_option, retry_policy
from kg.push_explain import _Target, explain
from kg.push_state import _State

DEFAULT_STATE = Path(".kg/push-state.json")
DEFAULT_CHUNK = 50_000
DEFAULT_CHUNK_BYTES = 900_000  # under kg serve's default 1 MiB body limit
COUNT_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class GraphPush:
    """What happened to one graph."""

    graph: str
    triples: int
    chunks: int
    skipped: bool = False  # already pushed unchanged (resume)


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graph_store: str
    graphs: tuple[GraphPush, ...]
    remote_counts: dict[str, int] = field(default_factory=dict)
    mismatches: tuple[str, ...] = ()  # "<iri>: 12 local, 11 remote"

    @property
    def ok(self) -> bool:
        return not self.mismatches


def default_graph_store(endpoint: str) -> str:
    """Oxigraph's Graph Store URL beside its query endpoint.

    >>> default_graph_store("http://localhost:7878/query")
    'http://localhost:7878/store'
    >>> default_graph_store("http://localhost:7878")
    'http://localhost:7878/store'
    """
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    path = f"{head}/store" if last in {"query", "sparql"} else f"{path}/store"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def push(
    store_dir: Path | ox.Store,
    endpoint: str,
    graph_store: str | None = None,
    auth: str | None = None,
    token: str | None = None,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    resume: bool = False,
    state_path: Path = DEFAULT_STATE,
    policy: RetryPolicy | None = None,
    verify: bool = True,
    after_graph: Callable[[GraphPush], None] | None = None,
    digest: bool = False,
) -> PushReport:
    """Upload every named graph of the store to ``graph_store``; check counts on ``endpoint``.

    ``auth`` is ``"user:password"`` (HTTP Basic, or Digest with ``digest=True``
    as Virtuoso's ``/sparql-graph-crud-auth`` wants); ``token`` a bearer token.
    Raises :class:`DataError` for bad options, :class:`kg.errors.StoreError`
    for a missing store and :class:`RemoteError` naming the graph and chunk
    when the remote fails (the state then lets ``resume=True`` continue).
    """
    if chunk_size < 1:
        raise DataError(f"chunk size must be at least 1 triple, not {chunk_size}")
    if chunk_bytes < 1024:
        raise DataError(f"chunk bytes must be at least 1024, not {chunk_bytes}")
    db = kg_store.open_read_only(store_dir) if isinstance(store_dir, Path) else store_dir
    target = graph_store or default_graph_store(endpoint)
    session = _session(auth, token, digest)
    policy = policy or RetryPolicy()
    state = _State(state_path, target)
    pushed = []
    for graph in sorted(g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode)):
        triples = [q.triple for q in canonical_quads(db, ox.NamedNode(graph))]
        content_hash = _digest(triples)
        if resume and state.done(graph, content_hash):
            result = GraphPush(graph, len(triples), 0, skipped=True)
        else:
            parts = chunks(triples, chunk_size, chunk_bytes)
            where = _Target(target, derived=graph_store is None, digest=digest, auth=bool(auth))
            result = _push_graph(session, policy, where, graph, parts, state, content_hash)
        pushed.append(result)
        if after_graph:
            after_graph(result)
    report = PushReport(endpoint, target, tuple(pushed))
    return _verify(session, policy, report) if verify else report


def _session(auth: str | None, token: str | None, digest: bool = False) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "october-kg push (python-requests)"
    if auth and token:
        raise DataError("give --auth or --token, not both")
    if auth:
        user, sep, password = auth.partition(":")
        if not sep:
            raise DataError("--auth expects USER:PASSWORD")
        session.auth = HTTPDigestAuth(user, password) if digest else (user, password)
    elif token:
        session.headers["Authorization"] = f"Bearer {token}"
    return session


def _digest(triples: list[ox.Triple]) -> str:
    return hashlib.sha256(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").hexdigest()


def chunks(
    triples: list[ox.Triple], size: int, max_bytes: int | None = None
) -> list[list[ox.Triple]]:
    """Split into chunks of at most ``size`` triples and ``max_bytes`` bytes of N-Triples.

    A blank-node structure is never split, so one larger than the limits
    travels alone in a chunk of its own.
    """
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for t in triples:
        nodes = [n for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if len(nodes) == 2:
            parent[root(nodes[0])] = root(nodes[1])
        elif nodes:
            root(nodes[0])
    units: dict[object, list[ox.Triple]] = {}
    for i, t in enumerate(triples):
        blank = next((n for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)), None)
        units.setdefault(root(blank) if blank else i, []).append(t)
    out: list[list[ox.Triple]] = [[]]
    used = 0
    for unit in units.values():
        weight = sum(len(str(t).encode("utf-8")) + 3 for t in unit)  # "<s> <p> <o> .\n"
        full = len(out[-1]) + len(unit) > size or (
            max_bytes is not None and used + weight > max_bytes
        )
        if out[-1] and full:
            out.append([])
            used = 0
        out[-1].extend(unit)
        used += weight
    return out


def _push_graph(
    session: requests.Session,
    policy: RetryPolicy,
    target: _Target,
    graph: str,
    parts: list[list[ox.Triple]],
    state: _State,
    digest: str,
) -> GraphPush:
    triples = [t for part in parts for t in part]
    for number, part in enumerate(parts, start=1):
        where = f"{target.url}: graph <{graph}> chunk {number}/{len(parts)}"
        body = ox.serialize(part, format=ox.RdfFormat.N_TRIPLES)
        try:
            response = send(
                session,
                "PUT" if number == 1 else "POST",
                target.url,
                policy,
                what=where,
                params={"graph": graph},
                data=body,
                headers={"Content-Type": "text/turtle; charset=utf-8"},
            )
        except RemoteError as exc:
            state.record(graph, digest, len(triples), f"failed at chunk {number}/{len(parts)}")
            raise RemoteError(f"{exc}; rerun with --resume to continue") from None
        if response.status_code not in (200, 201, 204):
            state.record(graph, digest, len(triples), f"failed at chunk {number}/{len(parts)}")
            raise RemoteError(f"{where}: {explain(response, target)}")
    state.record(graph, digest, len(triples), "pushed")
    return GraphPush(graph, len(triples), len(parts))


def remote_counts(session: requests.Session, policy: RetryPolicy, endpoint: str) -> dict[str, int]:
    """Triples per named graph, as the remote SPARQL endpoint counts them.

    Raises :class:`RemoteError` when the query fails or its answer is not SPARQL JSON.
    """
    response = send(
        session,
        "GET",
        endpoint,
        policy,
        what=f"{endpoint} (count query)",
        params={"query": COUNT_QUERY},
        headers={"Accept": "application/sparql-results+json"},
    )
    if response.status_code != 200:
        raise RemoteError(f"{endpoint}: count query failed: {explain(response, _Target(endpoint))}")
    try:
        rows = response.json()["results"]["bindings"]
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
    except (ValueError, KeyError, TypeError) as exc:
        raise RemoteError(f"{endpoint}: count query answer is not SPARQL JSON ({exc})") from None


def _verify(session: requests.Session, policy: RetryPolicy, report: PushReport) -> PushReport:
    counts = remote_counts(session, policy, report.endpoint)
    mismatches = tuple(
        f"<{g.graph}>: {g.triples} local, {counts.get(g.graph, 0)} remote"
        for g in report.graphs
        if counts.get(g.graph, 0) != g.triples
    )
    return PushReport(report.endpoint, report.graph_store, report.graphs, counts, mismatches)


def render(report: PushReport) -> Iterable[str]:
    """One line per graph, then the count check."""
    for g in report.graphs:
        what = "unchanged, skipped" if g.skipped else f"{g.chunks} chunk{'s' * (g.chunks != 1)}"
        yield f"{g.graph}\t{g.triples} triples\t{what}"
    yield from (f"count mismatch {m}" for m in report.mismatches)
    if report.remote_counts or report.mismatches:
        yield "counts match" if report.ok else f"{len(report.mismatches)} graph(s) differ"


# --------------------------------------------------------------------------- CLI glue


def add_push_arguments(parser: argparse.ArgumentParser) -> None:
    """Fill the ``push`` sub-parser (and set ``func=run_push``)."""
    parser.set_defaults(func=run_push)
    add_store_option(parser)
    parser.add_argument(
        "--endpoint",
        required=True,
        help="SPARQL query endpoint, e.g. http://localhost:7878/query (oxigraph serve) "
        "or http://localhost:7878/sparql (kg serve)",
    )
    parser.add_argument(
        "--graph-store",
        help="Graph Store Protocol URL (default: Oxigraph's "
        "/store beside the endpoint; Fuseki: /DS/data, see docs/linked-data.md)",
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--auth", metavar="USER:PASSWORD", help="HTTP Basic credentials")
    who.add_argument(
        "--token",
        default=os.environ.get("KG_PUSH_TOKEN"),
        help="bearer token (default: $KG_PUSH_TOKEN)",
    )
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=DEFAULT_CHUNK,
        help=f"at most this many triples per request (default: {DEFAULT_CHUNK})",
    )
    parser.add_argument(
        "--chunk-bytes",
        type=int,
        default=DEFAULT_CHUNK_BYTES,
        help="at most this many bytes per request body, under the server's limit "
        f"(default: {DEFAULT_CHUNK_BYTES}; kg serve accepts 1 MiB unless --max-body)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="skip graphs the state file says were pushed unchanged",
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=DEFAULT_STATE,
        help=f"push state file (default: {DEFAULT_STATE})",
    )
    parser.add_argument("--no-verify", action="store_true", help="skip the remote count check")
    parser.add_argument("--digest", action="store_true", help="HTTP Digest for --auth (Virtuoso)")
    add_retry_options(parser, timeout=60.0)


def run_push(ns: argparse.Namespace) -> int:
    """Run ``kg push``: 0 when the counts match, 1 when they do not.

    Raises :class:`RemoteError`, :class:`kg.errors.StoreError` or :class:`DataError`.
    """
    policy = retry_policy(ns)
    report = push(
        ns.store,
        ns.endpoint,
        ns.graph_store,
        ns.auth,
        ns.token,
        chunk_size=ns.chunk_size,
        chunk_bytes=ns.chunk_bytes,
        resume=ns.resume,
        state_path=ns.state,
        policy=policy,
        verify=not ns.no_verify,
        digest=ns.digest,
    )
    for line in render(report):
        print(line)
    return 0 if report.ok else 1
