"""What travels back from a worker (or a handler) to the HTTP layer.

Errors have ONE shape on the wire (see :mod:`kg.serve.protocol`): a
:class:`Failure` carries its HTTP status, a stable ``kind`` (the ``type``
field of the JSON error) and a human message.
"""

from __future__ import annotations

from typing import NamedTuple


class Reply(NamedTuple):
    """A successful answer, fully serialised (never streamed, never truncated silently)."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class Failure(NamedTuple):
    """An error answer: ``{"error": {"status": …, "type": kind, "message": …}}``."""

    status: int
    kind: str
    message: str
    headers: tuple[tuple[str, str], ...] = ()


def truncated_headers(truncated: bool, limit: int) -> tuple[tuple[str, str], ...]:
    """Headers telling a client that the row cap cut its answer."""
    if not truncated:
        return ()
    return (("X-KG-Truncated", "true"), ("X-KG-Row-Limit", str(limit)))
