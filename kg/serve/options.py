"""Every option of ``kg serve``, with its default, in one frozen dataclass.

``add_arguments`` declares them on an :mod:`argparse` parser and
``options_from_args`` turns the parsed namespace back into a
:class:`ServeOptions`, so the CLI only wires the two together.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import DEFAULT_SEEDS_DIR, QUERIES_DIR

DEFAULT_TIMEOUT = 10.0  # seconds per query, once a worker has it
DEFAULT_MAX_BODY = 1024 * 1024  # bytes of a request body
DEFAULT_MAX_ROWS = 10_000  # result rows (SELECT) or triples (CONSTRUCT/DESCRIBE)
DEFAULT_MAX_URL = 32 * 1024  # bytes of a request target (path + query string)
DEFAULT_CACHE_SIZE = 256  # answers kept in the LRU
DEFAULT_CACHE_BYTES = 64  # MiB of answers kept in the LRU
DEFAULT_LIGHT_WORKERS = 2
DEFAULT_LIGHT_TIMEOUT = 0.5  # seconds a query may run on the light lane
DEFAULT_QUEUE_TIMEOUT = 30.0  # seconds a request may wait for a worker
DEFAULT_MAX_WORKER_CALLS = 10_000
DEFAULT_MAX_WORKER_RSS = 1024  # MiB
DEFAULT_READ_TIMEOUT = 30.0  # seconds to receive a whole request
DEFAULT_IDLE_TIMEOUT = 15.0  # seconds a kept-alive connection may stay idle
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


@dataclass(frozen=True)
class ServeOptions:
    """How ``kg serve`` behaves; every field is a command-line option.

    >>> ServeOptions().timeout
    10.0
    """

    timeout: float = DEFAULT_TIMEOUT
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    max_body: int = DEFAULT_MAX_BODY
    max_rows: int = DEFAULT_MAX_ROWS
    max_url: int = DEFAULT_MAX_URL
    union_default_graph: bool = True
    cors: str | None = None
    update_token: str | None = None
    allow_service: tuple[str, ...] = ()
    cache_size: int = DEFAULT_CACHE_SIZE
    cache_bytes: int = DEFAULT_CACHE_BYTES
    light_workers: int = DEFAULT_LIGHT_WORKERS
    light_timeout: float = DEFAULT_LIGHT_TIMEOUT
    queue_timeout: float = DEFAULT_QUEUE_TIMEOUT
    max_worker_calls: int = DEFAULT_MAX_WORKER_CALLS
    max_worker_rss: int = DEFAULT_MAX_WORKER_RSS
    read_timeout: float = DEFAULT_READ_TIMEOUT
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    queries_dir: Path = QUERIES_DIR
    seeds_dir: Path = DEFAULT_SEEDS_DIR  # the document pages' texts ($KG_SEEDS)
    license: str | None = None
    log_requests: bool = False

    @property
    def updates_enabled(self) -> bool:
        return bool(self.update_token)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``kg serve`` (``--store``, ``--host`` and ``--port`` included)."""
    from kg.options import add_store_option

    d = ServeOptions()
    add = parser.add_argument
    add_store_option(parser)
    add("--host", default=DEFAULT_HOST, help="address to bind (default: %(default)s)")
    add("--port", type=int, default=DEFAULT_PORT, help="port to bind (default: %(default)s)")
    add(
        "--timeout",
        type=float,
        default=d.timeout,
        help="seconds a query may run once a worker has it; queue wait not included "
        "(default: %(default)s)",
    )
    add(
        "--workers",
        type=int,
        default=d.workers,
        help="worker processes of the query lane (default: CPU count, %(default)s)",
    )
    add(
        "--light-workers",
        type=int,
        default=d.light_workers,
        help="worker processes of the light lane: pages and quick queries (default: %(default)s)",
    )
    add(
        "--light-timeout",
        type=float,
        default=d.light_timeout,
        help="seconds a query may run on the light lane before it moves to the query lane "
        "(default: %(default)s)",
    )
    add(
        "--queue-timeout",
        type=float,
        default=d.queue_timeout,
        help="seconds a request may wait for a free worker before a 503 (default: %(default)s)",
    )
    add(
        "--max-worker-calls",
        type=int,
        default=d.max_worker_calls,
        help="requests a worker answers before it is replaced (default: %(default)s)",
    )
    add(
        "--max-worker-rss",
        type=int,
        default=d.max_worker_rss,
        metavar="MIB",
        help="resident memory past which a worker is replaced (default: %(default)s MiB)",
    )
    add(
        "--read-timeout",
        type=float,
        default=d.read_timeout,
        help="seconds a client has to send a whole request (default: %(default)s)",
    )
    add(
        "--idle-timeout",
        type=float,
        default=d.idle_timeout,
        help="seconds an idle kept-alive connection stays open (default: %(default)s)",
    )
    add(
        "--max-body",
        type=int,
        default=d.max_body,
        help="largest request body in bytes (default: %(default)s)",
    )
    add(
        "--max-rows",
        type=int,
        default=d.max_rows,
        help="result rows or triples before truncation (default: %(default)s)",
    )
    add(
        "--max-url",
        type=int,
        default=d.max_url,
        help="longest request target in bytes (default: %(default)s)",
    )
    add(
        "--no-union-default-graph",
        dest="union_default_graph",
        action="store_false",
        help="the default graph is the store's (empty) default graph, not the union",
    )
    add(
        "--cors",
        metavar="ORIGIN",
        default=None,
        help="send Access-Control-Allow-Origin: ORIGIN (e.g. '*'; default: off)",
    )
    add(
        "--update-token",
        metavar="TOKEN",
        default=None,
        help="enable SPARQL Update and Graph Store writes for 'Authorization: Bearer TOKEN'",
    )
    add(
        "--allow-service",
        metavar="URL",
        action="append",
        default=[],
        help="SERVICE/LOAD endpoint to allow (repeatable), "
        "e.g. https://query.wikidata.org/sparql (default: none)",
    )
    add(
        "--cache-size",
        type=int,
        default=d.cache_size,
        help="answers kept in the in-memory LRU, 0 to disable (default: %(default)s)",
    )
    add(
        "--cache-bytes",
        type=int,
        default=d.cache_bytes,
        metavar="MIB",
        help="memory the answer cache may use, bodies included (default: %(default)s MiB)",
    )
    add(
        "--queries",
        dest="queries_dir",
        type=Path,
        default=d.queries_dir,
        help="folder of example queries (*.rq) shown on the query page (default: %(default)s)",
    )
    add(
        "--seeds",
        type=Path,
        default=d.seeds_dir,
        help="seeds folder: document pages show its repaired texts, and a missing store "
        "is built from it (default: %(default)s, or $KG_SEEDS)",
    )
    add(
        "--license",
        default=None,
        help="licence IRI announced in the VoID/DCAT description "
        "(default: the dcterms:license found in the store)",
    )
    add("--log-requests", action="store_true", help="print an access log line per request")


def options_from_args(ns: argparse.Namespace) -> ServeOptions:
    """The :class:`ServeOptions` of a namespace parsed by a parser given :func:`add_arguments`."""
    return ServeOptions(
        timeout=ns.timeout,
        workers=max(1, ns.workers),
        max_body=ns.max_body,
        max_rows=ns.max_rows,
        max_url=ns.max_url,
        union_default_graph=ns.union_default_graph,
        cors=ns.cors,
        update_token=ns.update_token,
        allow_service=tuple(ns.allow_service),
        cache_size=max(0, ns.cache_size),
        cache_bytes=max(0, ns.cache_bytes),
        light_workers=max(1, ns.light_workers),
        light_timeout=max(0.05, ns.light_timeout),
        queue_timeout=max(0.1, ns.queue_timeout),
        max_worker_calls=max(1, ns.max_worker_calls),
        max_worker_rss=max(16, ns.max_worker_rss),
        read_timeout=max(0.1, ns.read_timeout),
        idle_timeout=max(0.1, ns.idle_timeout),
        queries_dir=ns.queries_dir,
        seeds_dir=ns.seeds,
        license=ns.license,
        log_requests=ns.log_requests,
    )
