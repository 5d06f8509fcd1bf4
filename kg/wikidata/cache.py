"""An on-disk cache of API answers: one JSON file per request, with a time-to-live.

Files live in ``.kg/cache/wikidata/`` by default, named by the SHA-256 of
the request (API URL and sorted parameters), so the same question always
lands in the same file whatever order its parameters were given in::

    {"url": "...", "params": {...}, "fetched": 1700000000.0, "body": {...}}

Fresh entries answer online requests; offline mode (``--offline``) accepts
entries of any age, because an old answer beats no answer when there is no
network.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kg.errors import DataError

DEFAULT_CACHE_DIR = Path(os.environ.get("KG_CACHE", ".kg/cache")) / "wikidata"
DEFAULT_TTL = 7 * 24 * 3600.0  # a week: labels and claims change slowly


def request_key(url: str, params: Mapping[str, str]) -> str:
    """The cache key of a request: independent of parameter order.

    >>> request_key("u", {"a": "1", "b": "2"}) == request_key("u", {"b": "2", "a": "1"})
    True
    """
    canonical = json.dumps([url, sorted(params.items())], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Cache:
    """JSON answers on disk under ``directory``, fresh for ``ttl`` seconds."""

    def __init__(self, directory: Path = DEFAULT_CACHE_DIR, ttl: float = DEFAULT_TTL) -> None:
        self.directory = Path(directory)
        self.ttl = ttl

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, *, any_age: bool = False) -> Any | None:
        """The cached body for ``key``, or ``None`` if absent or stale.

        Raises :class:`DataError` when the cache file is not valid JSON.
        """
        path = self.path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: unreadable cache entry ({exc}); delete it") from None
        if not any_age and time.time() - float(entry.get("fetched", 0)) > self.ttl:
            return None
        return entry.get("body")

    def put(self, key: str, url: str, params: Mapping[str, str], body: Any) -> None:
        """Store ``body`` atomically (a reader never sees half a file)."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"url": url, "params": dict(params), "fetched": time.time(), "body": body}
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        try:
            tmp.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True), "utf-8")
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
