"""The ASGI application: routing, store generations, the answer cache, CORS.

========================  ===============================================
``/``                     the home page (with ``?query=``: the query page)
``/query``                the query page (YASGUI; ``?query=`` runs on load)
``/browse/<kind>``        lists of people, bodies, meetings, documents… (:mod:`.pages`)
``/timeline``, ``/network``  the timeline and the network views (and their ``.json``)
``/static/<file>``        scripts, style sheets and the bundled ``vendor/`` libraries
``/examples.json``        the example queries of ``--queries``
``/sparql``               SPARQL 1.1 Protocol (+ Service Description on GET)
``/update``               SPARQL Update (only with ``--update-token``)
``/store``                Graph Store Protocol (``?graph=IRI`` or ``?default``)
``/dataset``              VoID/DCAT description (also ``/.well-known/void``)
``/reconcile``            W3C Reconciliation Service API 0.2 (:mod:`kg.serve.reconcile`)
anything else             the Linked Data page of ``BASE_IRI + path``
========================  ===============================================
"""

from __future__ import annotations

import asyncio
import contextvars
import html
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any

from kg.config import BASE_IRI
from kg.errors import StoreError
from kg.query_policy import Vetted, shape, template
from kg.serve import endpoints, examples, pages, reconcile
from kg.serve.cache import AnswerCache
from kg.serve.options import ServeOptions
from kg.serve.pool import BusyError, Pool, TimeLimitError, WorkerCrashedError
from kg.serve.protocol import (
    HttpError,
    Receive,
    Request,
    Scope,
    Send,
    error_reply,
    method_not_allowed,
    send_reply,
)
from kg.serve.replies import Failure, Reply
from kg.serve.safety import BadTargetError, resource_path
from kg.store import generation_of
from kg.vocab import PREFIXES

log = logging.getLogger("kg.serve")
STATIC_DIR = Path(__file__).parent / "static"
_STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'"
)
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
_GENERATION_CHECK = 0.5  # seconds between two looks at the store link
_LIGHT_OPS = {"entity", "service", "void", "ping", "parse"}
_HEAVY_TEXTS = 4096  # query texts remembered as too slow for the light lane
_FAST_FORMS = 4096  # query forms (:func:`kg.query_policy.template`) seen answered quickly
_LIGHT_SPARES = 1  # warm light workers kept ready to replace a killed one at once
_LIGHT_BATCH = 16  # quick requests sent to a light worker in one write, at most
_CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("client", default="")


class App:
    """``kg serve`` as an ASGI 3 application (run by uvicorn, see :func:`kg.serve.serve`)."""

    def __init__(self, store_dir: Path, options: ServeOptions) -> None:
        self.store_dir, self.options = store_dir, options
        self.cache = AnswerCache(options.cache_size, options.cache_bytes * 2**20)
        self.pool: Pool | None = None  # long queries, graph downloads (and all, in update mode)
        self.light: Pool | None = None  # entity pages, descriptions, a first try of each query
        self._heavy_texts: dict[str, None] = {}  # queries that overran the light lane
        self._fast_forms: dict[str, None] = {}  # query forms answered within the light budget
        self.writes = 0  # bumped by every successful write: part of every cache key
        self._generation, self._checked = "", 0.0
        self.static = {
            p.relative_to(STATIC_DIR).as_posix(): (_STATIC_TYPES[p.suffix], p.read_bytes())
            for p in STATIC_DIR.rglob("*")
            if p.suffix in _STATIC_TYPES
        }
        page_type, page = self.static["index.html"]
        base = html.escape(BASE_IRI, quote=True).encode()
        prefixes = html.escape(json.dumps(PREFIXES), quote=True).encode()
        page = page.replace(b"{{BASE_IRI}}", base).replace(b"{{PREFIXES}}", prefixes)
        self.static["index.html"] = (page_type, page)
        self.examples = examples.as_json(options.queries_dir)
        self.seeds = str(options.seeds_dir.resolve())  # sent with every request

    # ------------------------------------------------------------------ store and workers

    def generation(self) -> str:
        """The current generation folder, looked up at most every half second."""
        now = time.monotonic()
        if now - self._checked > _GENERATION_CHECK or not self._generation:
            try:
                self._generation = str(generation_of(self.store_dir))
            except StoreError as exc:
                raise HttpError(503, "store-unavailable", str(exc)) from None
            self._checked = now
        return self._generation

    async def start(self) -> None:
        o = self.options
        warmup = {
            "op": "ping",
            "store": self.generation(),
            "writable": o.updates_enabled,
        }
        pages = {**warmup, "seeds": self.seeds}  # document pages prepared
        common: dict[str, Any] = {  # Pool's keyword options
            "network": bool(o.allow_service),  # no SERVICE allowed: workers without network
            "max_wait": o.queue_timeout,
            "max_calls": o.max_worker_calls,
            "max_rss": o.max_worker_rss * 2**20,
            "trace": o.log_requests,
        }
        if o.updates_enabled:  # one process may hold the store read-write: one worker, one lane
            self.pool = Pool(1, o.timeout, pages, name="query", per_client=1, **common)
            await self.pool.start()
            return
        # long queries run at a lower CPU priority, in their own lane
        self.pool = Pool(o.workers, o.timeout, warmup, name="query", nice=10, **common)
        self.light = Pool(
            o.light_workers,
            o.timeout,
            pages,
            name="light",
            reserve=1,  # queries of unknown cost never take the last light worker
            spares=_LIGHT_SPARES,
            batch=_LIGHT_BATCH,
            **common,
        )
        await asyncio.gather(self.pool.start(), self.light.start())

    async def stop(self) -> None:
        for pool in (self.pool, self.light):
            if pool is not None:
                await pool.close()

    async def _call(self, request: dict[str, Any], vetted: Vetted | None) -> Reply | Failure:
        """Run on the right lane: pages and small queries on the light one.

        A query first gets ``--light-timeout`` seconds on the light lane; past
        that it is stopped and run again on the query lane for the rest of its
        ``--timeout`` (so it is stopped after ``--timeout`` seconds of work in
        all), and its text goes straight there from then on.  (Clients are not
        marked: many users may share one address.)  Texts are compared without
        comments and extra whitespace (:func:`kg.query_policy.shape`).

        A query whose *form* (:func:`kg.query_policy.template`: the text with
        IRIs, strings and numbers blanked) was answered within the budget
        before may take any light worker.  Any other is a *probe*: it never
        takes the last light worker free of probes, so entity pages and known
        quick queries keep one, however many new runaways arrive at once.  A
        form whose query overruns is not trusted any more.
        """
        assert self.pool is not None
        client, op = _CLIENT.get(), request["op"]
        if self.light is None or (op not in _LIGHT_OPS and op != "query"):
            return await self.pool.call(request, client=client)
        if op != "query":
            return await self.light.call(request, client=client, key=op)
        # a comment or spaces added do not make it new (``vetted`` read the text once)
        text = vetted.shape if vetted else shape(request["query"])
        if text in self._heavy_texts:
            self._heavy_texts[text] = self._heavy_texts.pop(text)  # most recently seen last
            return await self.pool.call(request, client=client)
        form = vetted.form if vetted else template(request["query"])
        known = form in self._fast_forms
        budget = min(self.options.light_timeout, self.options.timeout)
        try:
            answer = await self.light.call(
                request, client=client, timeout=budget, probe=not known, key=form
            )
        except TimeLimitError:
            self._fast_forms.pop(form, None)
            self._heavy_texts[text] = None
            while len(self._heavy_texts) > _HEAVY_TEXTS:
                self._heavy_texts.pop(next(iter(self._heavy_texts)))
            if self.options.timeout <= budget:
                raise
            return await self.pool.call(
                request, client=client, timeout=self.options.timeout - budget
            )
        self._fast_forms.pop(form, None)
        self._fast_forms[form] = None  # most recently answered last
        while len(self._fast_forms) > _FAST_FORMS:
            self._fast_forms.pop(next(iter(self._fast_forms)))
        return answer

    async def run(
        self,
        request: dict[str, Any],
        cache_key: tuple[Any, ...] | None,
        vetted: Vetted | None = None,
    ) -> Reply:
        """Evaluate on a worker (or answer from the cache); errors become :class:`HttpError`.

        ``vetted``: the checked query (:func:`kg.query_policy.check`), whose
        ``shape`` and ``form`` choose the lane.
        """
        assert self.pool is not None
        request["store"] = self.generation()
        request["writable"] = self.options.updates_enabled
        request["seeds"] = self.seeds
        cached = cache_key is not None and self.cache.size > 0
        key = (cache_key, request["store"], self.writes) if cached else None
        if key is not None and (hit := self.cache.get(key)) is not None:
            return hit._replace(headers=(*hit.headers, ("X-KG-Cache", "hit")))
        try:
            answer = await self._call(request, vetted)
        except BusyError as exc:
            raise HttpError(503, "busy", f"{exc}; try again", (("Retry-After", "1"),)) from None
        except TimeLimitError:
            raise HttpError(
                504,
                "timeout",
                f"the request ran past the time limit of "
                f"{self.options.timeout:g} s (kg serve --timeout) and was "
                "stopped",
            ) from None
        except WorkerCrashedError as exc:
            raise HttpError(
                500, "worker-crashed", f"{exc}; it was restarted (see the server log)"
            ) from None
        if isinstance(answer, Failure):
            raise HttpError(*answer)
        if key is not None:
            self.cache.put(key, answer)
        return answer

    def wrote(self) -> None:
        self.writes += 1

    def base_url(self, request: Request) -> str:
        host = request.headers.get("host", "")
        return f"http://{host}" if _HOST.match(host) else "http://localhost"

    # ------------------------------------------------------------------ ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.start()
                except (OSError, HttpError) as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        _CLIENT.set((scope.get("client") or ("",))[0])
        accept = None
        try:
            request = Request.from_scope(scope, receive)
            accept = request.accept
            reply = await self.route(request)
        except HttpError as exc:
            reply = error_reply(exc.failure, accept)
        except Exception:  # a bug: log it, answer 500 in the one error shape, no traceback
            log.exception("error answering %s %s", scope["method"], scope["path"][:200])
            failure = Failure(500, "internal-error", "the server failed; see its log")
            reply = error_reply(failure, accept)
        await send_reply(send, reply, self._extra_headers(reply), head=scope["method"] == "HEAD")
        if self.options.log_requests:
            ms = (time.perf_counter() - started) * 1000
            print(
                f"{scope['method']} {scope['path'][:200]} {reply.status} {ms:.1f}ms",
                file=sys.stderr,
            )

    def _extra_headers(self, reply: Reply) -> list[tuple[bytes, bytes]]:
        extra = [(b"x-content-type-options", b"nosniff"), (b"vary", b"Accept")]
        if reply.content_type.startswith("text/html"):
            extra.append((b"content-security-policy", _CSP.encode()))
        if self.options.cors:
            extra += [
                (b"access-control-allow-origin", self.options.cors.encode("latin-1")),
                (b"access-control-expose-headers", b"X-KG-Truncated, X-KG-Row-Limit, X-KG-Cache"),
            ]
            if self.options.cors != "*":
                extra.append((b"vary", b"Origin"))
        return extra

    # ------------------------------------------------------------------ routes

    async def route(self, req: Request) -> Reply:
        if len(req.raw_path) + len(req.raw_query) > self.options.max_url:
            raise HttpError(
                414,
                "uri-too-long",
                f"request targets are limited to {self.options.max_url} bytes; POST long queries",
            )
        path = req.raw_path.decode("latin-1")
        if req.method == "OPTIONS":
            return self._options(path)
        if path == "/sparql":
            return await endpoints.sparql(self, req)
        if path == "/update":
            return await endpoints.update_endpoint(self, req)
        if path == "/store":
            return await endpoints.graph_store(self, req)
        if reconcile.handles(path):
            return await reconcile.route(self, req, path)
        if req.method not in ("GET", "HEAD"):
            raise method_not_allowed(req.method, ("GET", "HEAD", "OPTIONS"))
        if path in ("/dataset", "/.well-known/void"):
            return await endpoints.describe(self, req, "void")
        return await self._page(req, path)

    async def _page(self, req: Request, path: str) -> Reply:
        if path in ("/query", "/index.html") or (path == "/" and req.param("query")):
            return Reply(200, *self.static["index.html"])
        if pages.handles(path):
            request: dict[str, Any] = {"op": "page", "path": path, "params": req.params}
            return await self.run(request, ("page", path, tuple(req.params)))
        if path.startswith("/static/"):
            found = self.static.get(path[len("/static/") :])
            if found is None:
                raise HttpError(404, "not-found", f"no static file {path}")
            return Reply(200, *found, (("Cache-Control", "max-age=300"),))
        if path == "/examples.json":
            return Reply(200, "application/json; charset=utf-8", self.examples)
        try:
            resource = resource_path(req.raw_path)
        except BadTargetError as exc:
            raise HttpError(400, "bad-path", str(exc)) from None
        fmt = req.formats()
        request = {"op": "entity", "path": resource, "fmt": fmt, "accept": req.accept}
        return await self.run(request, ("entity", resource, fmt, req.accept))

    def _options(self, path: str) -> Reply:
        writes = self.options.updates_enabled
        allow = {
            "/sparql": "GET, HEAD, POST, OPTIONS",
            "/update": "POST, OPTIONS",
            "/store": "GET, HEAD, PUT, POST, DELETE, OPTIONS" if writes else "GET, HEAD, OPTIONS",
        }.get(path, "GET, HEAD, POST, OPTIONS" if reconcile.handles(path) else "GET, HEAD, OPTIONS")
        headers = [("Allow", allow)]
        if self.options.cors:
            headers += [
                ("Access-Control-Allow-Methods", allow),
                ("Access-Control-Allow-Headers", "Accept, Content-Type, Authorization"),
                ("Access-Control-Max-Age", "600"),
            ]
        return Reply(204, "text/plain", b"", tuple(headers))
