"""What a refused ``kg push`` request means: one line with the server's reason and a hint.

:func:`explain` reads a failed reply of a Graph Store or SPARQL endpoint: its status,
the reason the server gives (a JSON error or the text of an HTML page) and what to try
(credentials, HTTP Digest, write rights, the Graph Store URL, a smaller chunk).
:mod:`kg.push` raises it in a :class:`~kg.errors.RemoteError`.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

import requests


@dataclass(frozen=True)
class _Target:
    """The Graph Store URL and how it was chosen (for the hints of an error)."""

    url: str
    derived: bool = False  # from --endpoint, not given with --graph-store
    digest: bool = False
    auth: bool = False


def explain(response: requests.Response, target: _Target) -> str:
    """One line: the status, the server's own reason, and what to try.

    >>> r = requests.Response(); r.status_code, r.reason = 403, "Forbidden"
    >>> r._content = b"<html><body><h1>403</h1><p>SPARQL_UPDATE denied</p></body></html>"
    >>> explain(r, _Target("http://h/store")).split(";")[0]
    'HTTP 403 Forbidden: 403 SPARQL_UPDATE denied'
    """
    reason = _server_reason(response)
    line = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
    line += f": {reason}" if reason else ""
    hint = _hint(response, target)
    return f"{line}; {hint}" if hint else line


def _server_reason(response: requests.Response, limit: int = 200) -> str:
    text = response.text or ""
    try:
        error = json.loads(text).get("error", {})
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])[:limit]
    except (ValueError, AttributeError):
        pass
    text = re.sub(r"(?is)<(script|style|title|head)\b.*?</\1>", " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _hint(response: requests.Response, target: _Target) -> str:
    status = response.status_code
    challenge = response.headers.get("WWW-Authenticate", "")
    if status == 401 and challenge.lower().startswith("digest") and not target.digest:
        return "the server asks for HTTP Digest: add --digest (with --auth USER:PASSWORD)"
    if status == 401:
        return "give credentials: --auth USER:PASSWORD or --token (kg serve: its --update-token)"
    if status == 403:
        return (
            "the account may not write here (Virtuoso: grant SPARQL_UPDATE; GraphDB: write "
            "rights on the repository; kg serve: the right --update-token)"
        )
    if status in (404, 405) and target.derived:
        return (
            f"{target.url} was derived from --endpoint; give the store's Graph Store URL "
            "with --graph-store (see docs/linked-data.md)"
        )
    if status == 405:
        return "this URL does not accept writes (kg serve: start it with --update-token)"
    if status == 413:
        return "the request body is over the server's limit: lower --chunk-bytes"
    return ""
