"""HTTP with retries: backoff on 429/5xx and network errors, honouring ``Retry-After``.

Shared by the Wikidata client and ``kg push``.  Only :func:`send` touches the
network; :func:`retry_after` and :func:`backoff` are pure and tested alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from kg.errors import RemoteError

#: Status codes worth another try: rate limited, or the server is in trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How patient a client is.

    ``attempts`` counts the first try; the wait before try *n* (1-based, n > 1)
    is ``backoff * 2 ** (n - 2)`` seconds unless the server sent ``Retry-After``;
    no wait ever exceeds ``max_wait``.
    """

    attempts: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    timeout: float = 30.0


def backoff(policy: RetryPolicy, attempt: int) -> float:
    """Seconds to wait after failed try number ``attempt`` (1-based).

    >>> backoff(RetryPolicy(backoff=0.5, max_wait=1.5), 3)
    1.5
    """
    return min(policy.max_wait, policy.backoff * 2.0 ** (attempt - 1))


def retry_after(
    value: str | None, policy: RetryPolicy, now: datetime | None = None
) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP date), capped.

    >>> retry_after("120", RetryPolicy(max_wait=30))
    30
    >>> retry_after("Wed, 21 Oct 2015 07:28:00 GMT", RetryPolicy(),
    ...             now=datetime(2015, 10, 21, 7, 27, 50, tzinfo=UTC))
    10.0
    >>> retry_after("soon", RetryPolicy()) is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(policy.max_wait, int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return min(policy.max_wait, max(0.0, delta))


def send(
    session: requests.Session,
    method: str,
    url: str,
    policy: RetryPolicy,
    *,
    what: str = "",
    sleep: Callable[[float], None] = time.sleep,
    **kwargs: Any,
) -> requests.Response:
    """Send a request, retrying on 429/5xx, timeouts and refused connections.

    Returns the first response that is not worth retrying (it may be a 4xx:
    the caller judges it).  Raises :class:`RemoteError` naming ``what`` (or the
    URL) once every attempt failed.
    """
    label = what or url
    problem = ""
    for attempt in range(1, policy.attempts + 1):
        wait: float | None = None
        try:
            response = session.request(method, url, timeout=policy.timeout, **kwargs)
        except requests.Timeout:
            problem = f"timed out after {policy.timeout:g} s"
        except requests.ConnectionError as exc:
            problem = f"cannot connect ({_reason(exc)})"
        else:
            if response.status_code not in RETRY_STATUSES:
                return response
            problem = f"HTTP {response.status_code} {response.reason}"
            wait = retry_after(response.headers.get("Retry-After"), policy)
        if attempt < policy.attempts:
            sleep(backoff(policy, attempt) if wait is None else wait)
    tries = f"{policy.attempts} attempt{'s' if policy.attempts != 1 else ''}"
    raise RemoteError(f"{label}: {problem} (gave up after {tries})")


def _reason(exc: requests.ConnectionError) -> str:
    text = str(exc.args[0]) if exc.args else str(exc)
    for marker in ("Connection refused", "Name or service not known", "Connection reset"):
        if marker in text:
            return marker.lower()
    return text.split(":")[-1].strip(" ')") or "connection error"
