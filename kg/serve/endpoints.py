"""The SPARQL endpoint, Graph Store Protocol and update handlers.

Each handler turns an HTTP :class:`~kg.serve.protocol.Request` into a worker
request (a dict, see :mod:`kg.serve.worker`) and hands it to
``Runner.run``, which adds the store generation, consults the answer cache
and maps pool errors to HTTP errors.
"""

from __future__ import annotations

import hmac
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import quote

from kg.serve import formats as F
from kg.serve.options import ServeOptions
from kg.serve.protocol import HttpError, Request, method_not_allowed
from kg.serve.replies import Reply
from kg.serve.safety import (
    BadTargetError,
    MalformedError,
    RefusedError,
    TooDeepError,
    Vetted,
    check,
    parse_query_string,
)
from kg.vocab import PREFIXES

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


class Runner(Protocol):
    options: ServeOptions

    async def run(
        self,
        request: dict[str, Any],
        cache_key: tuple[Any, ...] | None,
        vetted: Vetted | None = None,
    ) -> Reply: ...

    def wrote(self) -> None: ...

    def base_url(self, request: Request) -> str: ...


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpError(400, "bad-request", f"the body is not UTF-8 (byte {exc.start})") from None


def _form(body: bytes) -> list[tuple[str, str]]:
    try:
        return parse_query_string(body)
    except BadTargetError as exc:
        raise HttpError(400, "bad-request", f"form body: {exc}") from None


async def sparql(app: Runner, req: Request) -> Reply:
    """``/sparql``: GET ?query=, POST form or sparql-query; update only when enabled."""
    if req.method in ("GET", "HEAD"):
        if req.param("update") is not None:
            raise method_not_allowed(req.method, ("POST",), "a SPARQL Update must be POSTed")
        query = req.param("query")
        if query is None:
            return await describe(app, req, "service")
        return await run_query(app, req, query)
    if req.method != "POST":
        raise method_not_allowed(req.method, ("GET", "HEAD", "POST", "OPTIONS"))
    media = req.media_type
    if media not in (FORM, QUERY, UPDATE):
        raise HttpError(
            415,
            "unsupported-media-type",
            f"POST {FORM}, {QUERY} or {UPDATE}, not {media or 'no Content-Type'}",
        )
    body = await req.body(app.options.max_body)
    if media == QUERY:
        return await run_query(app, req, _text(body))
    if media == UPDATE:
        return await run_update(app, req, _text(body))
    req.params = req.params + _form(body)
    query, update = req.param("query"), req.param("update")
    if query is not None and update is not None:
        raise HttpError(400, "bad-request", "give either query= or update=, not both")
    if update is not None:
        return await run_update(app, req, update)
    if query is None:
        raise HttpError(400, "bad-request", "missing query= (or update=) parameter")
    return await run_query(app, req, query)


async def _vetted(app: Runner, text: str, what: str) -> Vetted:
    """The text the engine may run (see :mod:`kg.query_policy`): 400 malformed, 403 refused.

    A refused text is first parsed by a worker without network (on an empty
    store), so that a malformed query is a 400 even when it names a SERVICE.
    """
    kind = "malformed-update" if what == "update" else "malformed-query"
    try:
        return check(text, PREFIXES, app.options.allow_service)
    except TooDeepError as exc:
        raise HttpError(400, "nesting-too-deep", str(exc)) from None
    except MalformedError as exc:
        raise HttpError(400, kind, str(exc)) from None
    except RefusedError as exc:
        refused = HttpError(403, "service-refused", str(exc))
    if not app.options.allow_service:  # the workers have no network: they may parse it
        try:
            await app.run({"op": "parse", what: text}, None)
        except HttpError as exc:
            if exc.failure.status == 400:
                raise
    raise refused


def _wants_page(req: Request) -> bool:
    """A browser following a query link (Accept prefers text/html): show the query page."""
    return not req.formats() and bool(req.accept) and _prefers_html(req.accept or "")


@lru_cache(maxsize=256)
def _prefers_html(accept: str) -> bool:
    ranges = F.parse_accept(accept)
    html = F.quality("text/html", ranges)
    return html > max(F.quality(o.media_type, ranges) for o in (*F.RESULTS, *F.GRAPHS))


async def run_query(app: Runner, req: Request, query: str) -> Reply:
    if req.method in ("GET", "HEAD") and _wants_page(req):
        location = "/?query=" + quote(query, safe="")
        return Reply(
            303, "text/plain; charset=utf-8", b"see the query page\n", (("Location", location),)
        )
    vetted = await _vetted(app, query, "query")
    defaults, named = tuple(req.all("default-graph-uri")), tuple(req.all("named-graph-uri"))
    fmt = req.formats()
    request = {
        "op": "query",
        "query": vetted.text,
        "fmt": fmt,
        "accept": req.accept,
        "union": app.options.union_default_graph,
        "default_graphs": defaults,
        "named_graphs": named,
        "max_rows": app.options.max_rows,
    }
    return await app.run(request, ("query", query, fmt, req.accept, defaults, named), vetted)


def authorize(app: Runner, req: Request, what: str) -> None:
    """401 without a bearer token, 403 with a wrong one (or when updates are off)."""
    token = app.options.update_token
    if not token:
        raise HttpError(
            403,
            "updates-disabled",
            f"{what} is disabled: this server is read-only "
            "(start kg serve with --update-token TOKEN to enable it)",
        )
    given = req.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not value:
        raise HttpError(
            401,
            "unauthorized",
            f"{what} needs 'Authorization: Bearer TOKEN'",
            (("WWW-Authenticate", 'Bearer realm="kg"'),),
        )
    if not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HttpError(403, "forbidden", "wrong update token")


async def run_update(app: Runner, req: Request, update: str) -> Reply:
    authorize(app, req, "SPARQL Update")
    if req.all("using-graph-uri") or req.all("using-named-graph-uri"):
        raise HttpError(
            400,
            "bad-request",
            "using-graph-uri/using-named-graph-uri are not supported; use USING in the update",
        )
    vetted = await _vetted(app, update, "update")
    reply = await app.run({"op": "update", "update": vetted.text}, None)
    app.wrote()
    return reply


async def update_endpoint(app: Runner, req: Request) -> Reply:
    """``/update``: POST only, form (update=) or application/sparql-update."""
    if req.method != "POST":
        raise method_not_allowed(req.method, ("POST", "OPTIONS"))
    if req.media_type not in (FORM, UPDATE):
        raise HttpError(415, "unsupported-media-type", f"POST {FORM} or {UPDATE}")
    authorize(app, req, "SPARQL Update")
    body = await req.body(app.options.max_body)
    if req.media_type == UPDATE:
        return await run_update(app, req, _text(body))
    req.params = req.params + _form(body)
    update = req.param("update")
    if update is None:
        raise HttpError(400, "bad-request", "missing update= parameter")
    return await run_update(app, req, update)


def _graph_param(req: Request) -> str | None:
    graph, default = req.param("graph"), req.param("default")
    if (graph is None) == (default is None):
        raise HttpError(400, "bad-request", "give exactly one of ?graph=IRI or ?default")
    return graph


async def graph_store(app: Runner, req: Request) -> Reply:
    """``/store``: Graph Store Protocol (GET; PUT, POST, DELETE only with updates enabled)."""
    if req.method in ("GET", "HEAD"):
        graph, fmt = _graph_param(req), req.formats()
        request: dict[str, Any] = {
            "op": "graph",
            "graph": graph,
            "fmt": fmt,
            "accept": req.accept,
            "union": app.options.union_default_graph,
        }
        return await app.run(request, ("graph", graph, fmt, req.accept))
    if req.method not in ("PUT", "POST", "DELETE"):
        raise method_not_allowed(req.method, ("GET", "HEAD", "PUT", "POST", "DELETE"))
    if not app.options.updates_enabled:
        raise method_not_allowed(
            req.method,
            ("GET", "HEAD", "OPTIONS"),
            "Graph Store writes are disabled: this server is read-only "
            "(start kg serve with --update-token TOKEN to enable them)",
        )
    authorize(app, req, "a Graph Store write")
    graph = _graph_param(req)
    body = await req.body(app.options.max_body) if req.method != "DELETE" else b""
    request = {
        "op": "graph-write",
        "method": req.method,
        "graph": graph,
        "body": body,
        "content_type": req.media_type,
    }
    reply = await app.run(request, None)
    app.wrote()
    return reply


async def describe(app: Runner, req: Request, what: str) -> Reply:
    """The Service Description (``what="service"``) or the VoID/DCAT description."""
    fmt, base = req.formats(), app.base_url(req)
    request = {
        "op": what,
        "fmt": fmt,
        "accept": req.accept,
        "base_url": base,
        "union": app.options.union_default_graph,
        "updates": app.options.updates_enabled,
        "allow_service": app.options.allow_service,
        "license": app.options.license,
    }
    return await app.run(request, (what, fmt, req.accept, base))
