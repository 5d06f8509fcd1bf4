"""A small, polite client for Wikidata's action API (``wbgetentities``, ``wbsearchentities``).

Polite per Wikimedia's User-Agent policy: every request names the tool, its
version and a contact (``KG_CONTACT``); it has a timeout; 429/5xx answers are
retried with backoff honouring ``Retry-After`` (see :mod:`kg.http`);
entity ids are asked 50 at a time, the API's limit.  Answers are cached on
disk (:mod:`kg.wikidata.cache`), and ``offline=True`` answers from the cache
alone.  The build never calls this module: only ``kg link`` does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import requests

from kg.errors import DataError, RemoteError
from kg.http import RetryPolicy, send
from kg.wikidata.cache import Cache, request_key

DEFAULT_API_URL = "https://www.wikidata.org/w/api.php"
#: Who to tell when the tool misbehaves (Wikimedia asks for a URL or an e-mail).
CONTACT = os.environ.get("KG_CONTACT", "https://w3id.org/october1917/; kg-maintainers@example.org")
#: Languages of the labels and aliases we compare names with.
LANGUAGES = ("fr", "en", "ru", "de", "mul")
BATCH_SIZE = 50  # wbgetentities' limit for ordinary users
QID = re.compile(r"^Q[1-9][0-9]*$")


def user_agent() -> str:
    """``october-kg/0.1.0 (contact) python-requests/2.x``, as Wikimedia's policy asks."""
    try:
        version = metadata.version("october-kg")
    except metadata.PackageNotFoundError:
        version = "0.1.0"
    return f"october-kg/{version} ({CONTACT}) python-requests/{metadata.version('requests')}"


@dataclass(frozen=True)
class EntitiesAnswer:
    """What ``wbgetentities`` said about some ids, batches merged.

    ``entities`` is keyed by the id the API filed the item under (the target
    of a redirect); ``redirects`` maps a requested id to its target;
    ``missing`` holds ids the API does not know (deleted or never created).
    """

    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()

    def resolve(self, qid: str) -> dict[str, Any] | None:
        """The item for ``qid`` after following a redirect, or ``None`` when missing."""
        return self.entities.get(self.redirects.get(qid, qid))


class WikidataClient:
    """Ask Wikidata's API; cache the answers; retry politely.

    >>> client = WikidataClient("http://127.0.0.1:9/w/api.php", offline=True)
    >>> client.search("Lénine", "fr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.RemoteError: offline: no cached answer for wbsearchentities fr "Lénine"; ...
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        *,
        policy: RetryPolicy | None = None,
        cache: Cache | None = None,
        offline: bool = False,
        session: requests.Session | None = None,
    ) -> None:
        self.api_url = api_url
        self.policy = policy or RetryPolicy()
        self.cache = cache
        self.offline = offline
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self.session.headers["Accept"] = "application/json"

    def get_entities(
        self, ids: Iterable[str], languages: Sequence[str] = LANGUAGES
    ) -> EntitiesAnswer:
        """Labels, descriptions, aliases and claims of ``ids``, following redirects.

        Raises :class:`DataError` for a malformed id and :class:`RemoteError`
        when the API fails or answers something that is not a wbgetentities answer.
        """
        wanted = sorted(set(ids), key=lambda q: (len(q), q))
        for qid in wanted:
            if not QID.match(qid):
                raise DataError(f"{qid!r} is not a Wikidata item id (Q followed by digits)")
        answer = EntitiesAnswer()
        for start in range(0, len(wanted), BATCH_SIZE):
            batch = wanted[start : start + BATCH_SIZE]
            body = self.call(_entities_params(batch, languages), f"wbgetentities {'|'.join(batch)}")
            answer = _merge(answer, body, batch, self.api_url)
        return answer

    def search(self, text: str, language: str, limit: int = 7) -> list[dict[str, Any]]:
        """``wbsearchentities`` hits for ``text`` in ``language``, best first.

        Raises :class:`RemoteError` when the API fails or answers nonsense.
        """
        params = {
            "action": "wbsearchentities",
            "search": text,
            "language": language,
            "uselang": language,
            "type": "item",
            "limit": str(limit),
            "format": "json",
        }
        body = self.call(params, f'wbsearchentities {language} "{text}"')
        hits = body.get("search")
        if not isinstance(hits, list):
            raise RemoteError(f"{self.api_url}: wbsearchentities answer without a 'search' list")
        return hits

    def call(self, params: Mapping[str, str], what: str) -> dict[str, Any]:
        """GET the API with ``params`` (through the cache); the decoded JSON object.

        Raises :class:`RemoteError` on network failure (after retries), an
        HTTP error, a body that is not a JSON object, an API ``error``, or a
        cache miss when offline.
        """
        key = request_key(self.api_url, params)
        cached = self.cache.get(key, any_age=self.offline) if self.cache else None
        if isinstance(cached, dict):  # a JSON object, as stored (anything else: a miss)
            return cached
        if self.offline:
            raise RemoteError(f"offline: no cached answer for {what}; run once without --offline")
        response = send(
            self.session,
            "GET",
            self.api_url,
            self.policy,
            what=f"{self.api_url} ({what})",
            params=dict(params),
        )
        body = _decode(response, what)
        if self.cache:
            self.cache.put(key, self.api_url, params, body)
        return body


def _entities_params(batch: Sequence[str], languages: Sequence[str]) -> dict[str, str]:
    return {
        "action": "wbgetentities",
        "ids": "|".join(batch),
        "redirects": "yes",
        "props": "labels|descriptions|aliases|claims",
        "languages": "|".join(languages),
        "format": "json",
    }


def _decode(response: requests.Response, what: str) -> dict[str, Any]:
    where = f"{response.url.split('?')[0]} ({what})"
    if response.status_code != 200:
        raise RemoteError(f"{where}: HTTP {response.status_code} {response.reason}")
    try:
        body = response.json()
    except ValueError:
        snippet = response.text[:60].replace("\n", " ")
        raise RemoteError(f"{where}: the answer is not JSON: {snippet!r}") from None
    if not isinstance(body, dict):
        raise RemoteError(f"{where}: the answer is not a JSON object")
    if "error" in body:
        error = body["error"] if isinstance(body["error"], dict) else {}
        raise RemoteError(f"{where}: API error {error.get('code', '?')}: {error.get('info', '')}")
    return body


def _merge(
    answer: EntitiesAnswer, body: dict[str, Any], batch: Sequence[str], url: str
) -> EntitiesAnswer:
    entities = body.get("entities")
    if not isinstance(entities, dict):
        raise RemoteError(f"{url}: wbgetentities answer without 'entities' for {'|'.join(batch)}")
    found = dict(answer.entities)
    missing = set(answer.missing)
    for qid, item in entities.items():
        if not isinstance(item, dict):
            raise RemoteError(f"{url}: wbgetentities answer has a malformed entry for {qid}")
        if "missing" in item:
            missing.add(str(item.get("id", qid)))
        else:
            found[str(item.get("id", qid))] = item
    redirects = dict(answer.redirects)
    for hop in body.get("redirects") or []:
        if isinstance(hop, dict) and "from" in hop and "to" in hop:
            redirects[hop["from"]] = hop["to"]
    return EntitiesAnswer(found, redirects, frozenset(missing))
