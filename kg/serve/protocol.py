"""The HTTP side of the SPARQL 1.1 Protocol: requests in, replies and errors out.

Every error has one shape.  By default it is JSON::

    {"error": {"status": 400, "type": "malformed-query", "message": "error at 1:26: …"}}

with ``Content-Type: application/json``; a client whose Accept header
prefers ``text/plain`` (or ``text/html``, as browsers send) over
``application/json`` gets the same three fields as one line of text:
``400 malformed-query: error at 1:26: …``.  No traceback is ever sent.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from kg.serve import formats as F
from kg.serve.replies import Failure, Reply
from kg.serve.safety import BadTargetError, parse_query_string

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class HttpError(Exception):
    """Raised by handlers; becomes an error answer of the one documented shape."""

    def __init__(
        self, status: int, kind: str, message: str, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(message)
        self.failure = Failure(status, kind, message, headers)


@dataclass
class Request:
    """What a handler needs of an HTTP request (the body is read on demand)."""

    method: str
    raw_path: bytes
    raw_query: bytes
    headers: dict[str, str]
    receive: Receive
    params: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_scope(cls, scope: Scope, receive: Receive) -> Request:
        headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            key = name.decode("latin-1").lower()
            text = value.decode("latin-1")
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        request = cls(
            scope["method"],
            raw_path.split(b"?", 1)[0],
            scope.get("query_string", b""),
            headers,
            receive,
        )
        try:
            request.params = parse_query_string(request.raw_query)
        except BadTargetError as exc:
            raise HttpError(400, "bad-request", f"query string: {exc}") from None
        return request

    @property
    def accept(self) -> str | None:
        return self.headers.get("accept")

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def param(self, name: str) -> str | None:
        """The value of a parameter given at most once (400 if repeated)."""
        values = [v for n, v in self.params if n == name]
        if len(values) > 1:
            raise HttpError(400, "bad-request", f"parameter {name!r} given more than once")
        return values[0] if values else None

    def formats(self) -> tuple[str, ...]:
        """Every ``format=`` value (clients such as SPARQLWrapper send several)."""
        return tuple(self.all("format"))

    def all(self, name: str) -> list[str]:
        return [v for n, v in self.params if n == name]

    async def body(self, limit: int) -> bytes:
        """The whole body, or 413 as soon as it is known to exceed ``limit`` bytes."""
        declared = self.headers.get("content-length")
        if declared is not None and not declared.strip().isdigit():
            raise HttpError(400, "bad-request", "invalid Content-Length")
        if declared is not None and int(declared) > limit:
            raise _too_large(limit)
        chunks, size = [], 0
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                raise HttpError(400, "bad-request", "the client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _too_large(limit: int) -> HttpError:
    return HttpError(
        413, "body-too-large", f"request bodies are limited to {limit} bytes (kg serve --max-body)"
    )


def error_reply(failure: Failure, accept: str | None) -> Reply:
    """The one error shape, as JSON or as plain text (see the module docstring)."""
    ranges = F.parse_accept(accept) if accept else ()
    as_json = F.quality("application/json", ranges) if ranges else 1.0
    as_text = max(F.quality("text/plain", ranges), F.quality("text/html", ranges)) if ranges else 0
    headers = failure.headers
    if as_text > as_json:
        body = f"{failure.status} {failure.kind}: {failure.message}\n".encode()
        return Reply(failure.status, "text/plain; charset=utf-8", body, headers)
    doc = {"error": {"status": failure.status, "type": failure.kind, "message": failure.message}}
    body = json.dumps(doc, ensure_ascii=False).encode()
    return Reply(failure.status, "application/json; charset=utf-8", body, headers)


async def send_reply(
    send: Send, reply: Reply, extra: list[tuple[bytes, bytes]], head: bool = False
) -> None:
    headers = [
        (b"content-type", reply.content_type.encode()),
        (b"content-length", str(len(reply.body)).encode()),
        *extra,
    ]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else reply.body})


def method_not_allowed(method: str, allowed: tuple[str, ...], why: str = "") -> HttpError:
    allow = ", ".join(allowed)
    message = why or f"{method} is not allowed here; use {allow}"
    return HttpError(405, "method-not-allowed", message, (("Allow", allow),))
