"""A small LRU of finished answers, keyed by request and store generation.

Example-query pages send the same queries again and again; an answer is
reused only for the same query text, dataset, negotiated representation
and store generation (a new build or an update changes the key).

The cache is bounded twice: at most ``size`` answers, and at most
``max_bytes`` bytes counting bodies, headers and keys (a key holds the query
text); an answer larger than a quarter of that, or than
:data:`MAX_ENTRY_BYTES`, is not kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from kg.serve.replies import Reply

MAX_ENTRY_BYTES = 4 * 1024 * 1024  # larger answers are not kept
_OVERHEAD = 256  # bytes of bookkeeping counted per entry


def _key_bytes(key: Hashable) -> int:
    if isinstance(key, str | bytes):
        return len(key)
    if isinstance(key, tuple):
        return sum(_key_bytes(k) for k in key) + 8
    return 16


def cost(key: Hashable, reply: Reply) -> int:
    """The bytes an entry is counted for.

    >>> cost("k", Reply(200, "text/plain", b"xyz"))
    270
    """
    headers = sum(len(k) + len(v) for k, v in reply.headers)
    return len(reply.body) + len(reply.content_type) + headers + _key_bytes(key) + _OVERHEAD


class AnswerCache:
    """At most ``size`` answers and ``max_bytes`` bytes (see the module docstring).

    >>> cache = AnswerCache(1)
    >>> cache.put("a", Reply(200, "text/plain", b"x"))
    >>> cache.get("a").body
    b'x'
    """

    def __init__(self, size: int, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.size, self.max_bytes = size, max_bytes
        self._entries: OrderedDict[Hashable, tuple[Reply, int]] = OrderedDict()
        self.bytes = 0
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Reply | None:
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return found[0]

    def put(self, key: Hashable, reply: Reply) -> None:
        size = cost(key, reply)
        if (
            self.size <= 0
            or reply.status != 200
            or len(reply.body) > MAX_ENTRY_BYTES
            or size > self.max_bytes // 4
        ):
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old[1]
        self._entries[key] = (reply, size)
        self.bytes += size
        while len(self._entries) > self.size or self.bytes > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.bytes -= dropped

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0
