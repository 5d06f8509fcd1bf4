"""What :mod:`kg.serve.pool` keeps per request, and the errors a caller may get."""

from __future__ import annotations

import asyncio
from typing import Any

from kg.serve.pipe import Answer, frame


class BusyError(Exception):
    """No worker became free within the longest queue wait (or the queue is full)."""


class TimeLimitError(Exception):
    """The request ran past the time limit; its worker was killed."""


def summary(request: dict[str, Any]) -> str:
    """A request in one short line, for the log."""
    text = request.get("query") or request.get("update") or request.get("path") or ""
    text = " ".join(str(text).split())
    return f"{request.get('op')} {text[:120]!r}" if text else str(request.get("op"))


class Job:
    """One request: waiting for a worker, then running on one, then answered."""

    __slots__ = ("answer", "client", "data", "key", "limit", "probe", "request", "started", "timer")

    def __init__(self, request: dict[str, Any], client: str, probe: bool, limit: float) -> None:
        self.request, self.data = request, frame(request)
        self.client, self.probe, self.limit = client, probe, limit
        loop = asyncio.get_running_loop()
        self.answer: asyncio.Future[Answer] = loop.create_future()
        self.timer: asyncio.TimerHandle | None = None  # the queue wait, then the time limit
        self.started = 0.0
        self.key: str | None = None  # what its cost is known by (see ``Pool.call``)

    def settle(self, outcome: Answer | Exception | None) -> None:
        """Stop its timer; give the caller ``outcome`` (``None``: it went away)."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.answer.done():
            return
        if outcome is None:
            self.answer.cancel()
        elif isinstance(outcome, Exception):
            self.answer.set_exception(outcome)
        else:
            self.answer.set_result(outcome)
