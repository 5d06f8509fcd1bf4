"""Connection guards uvicorn does not have: read and idle timeouts, 414 for long URLs.

uvicorn only times out a kept-alive connection *between* requests; a client
that connects and sends nothing, or sends its request a byte at a time, holds
the connection forever.  And a request target longer than the parser's buffer
gets a bare ``400 Invalid HTTP request``.  :func:`protocol_class` returns a
subclass of uvicorn's httptools protocol that

* closes a connection on which no request starts within ``idle_timeout`` s;
* answers ``408`` (the one JSON error shape) and closes when a request,
  head and body, is not received within ``read_timeout`` s of its first byte;
* answers ``414`` (JSON) as soon as the target passes ``max_url`` bytes,
  whatever its size, without buffering the rest;
* writes each response in one system call (:class:`CorkedTransport`).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.serve.options import ServeOptions


def _error(status: int, reason: str, kind: str, message: str) -> bytes:
    body = json.dumps({"error": {"status": status, "type": kind, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class CorkedTransport:
    """A transport whose writes leave together: at the end of the response or the loop turn.

    uvicorn writes a response's status line and headers, then its body: two
    ``send(2)`` calls, and the client woken for each.  Joined, they are one.
    Everything but :meth:`write`, :meth:`close` and :meth:`abort` is the
    wrapped transport's.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport, self._loop = transport, loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        if self._pending:
            data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
            self._pending.clear()
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._pending.clear()
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the guards of the module docstring."""

    read_timeout = 30.0
    idle_timeout = 15.0
    max_url = 32 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._guard: asyncio.TimerHandle | None = None

    def _arm(self, seconds: float, what: str) -> None:
        self._disarm()
        self._guard = self.loop.call_later(seconds, self._expired, what)

    def _disarm(self) -> None:
        if self._guard is not None:
            self._guard.cancel()
            self._guard = None

    def _expired(self, what: str) -> None:
        self._guard = None
        if self.transport.is_closing():
            return
        if what == "read" and (self.cycle is None or not self.cycle.response_started):
            message = f"the request was not received within {self.read_timeout:g} s"
            self.transport.write(_error(408, "Request Timeout", "request-timeout", message))
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(cast(asyncio.Transport, CorkedTransport(transport, self.loop)))
        self._arm(self.idle_timeout, "idle")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm(self.read_timeout, "read")

    def on_url(self, url: bytes) -> None:
        if len(self.url) + len(url) > self.max_url:
            if not self.transport.is_closing():
                message = f"request targets are limited to {self.max_url} bytes; POST long queries"
                self.transport.write(_error(414, "URI Too Long", "uri-too-long", message))
                self.transport.close()
            self.url = b""
            return
        super().on_url(url)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm()

    def on_response_complete(self) -> None:
        cast(CorkedTransport, self.transport).flush()  # the response leaves now, in one piece
        super().on_response_complete()
        if self._guard is None and not self.transport.is_closing():
            self._arm(self.idle_timeout, "idle")


def protocol_class(options: ServeOptions) -> type[GuardedProtocol]:
    """A :class:`GuardedProtocol` configured by ``options``."""
    return type(
        "KgHttpProtocol",
        (GuardedProtocol,),
        {
            "read_timeout": options.read_timeout,
            "idle_timeout": options.idle_timeout,
            "max_url": options.max_url,
        },
    )
