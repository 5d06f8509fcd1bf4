"""A small LRU of finished answers, keyed by request and store generation.

Example-query pages send the same queries again and again; an answer is
reused only for the same query text, dataset, negotiated representation
and store generation (a new build or an update changes the key).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from kg.serve.replies import Reply

MAX_ENTRY_BYTES = 4 * 1024 * 1024  # larger answers are not kept


class AnswerCache:
    """At most ``size`` answers of at most :data:`MAX_ENTRY_BYTES` each.

    >>> cache = AnswerCache(1)
    >>> cache.put("a", Reply(200, "text/plain", b"x"))
    >>> cache.get("a").body
    b'x'
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Reply] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Reply | None:
        reply = self._entries.get(key)
        if reply is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return reply

    def put(self, key: Hashable, reply: Reply) -> None:
        if self.size <= 0 or reply.status != 200 or len(reply.body) > MAX_ENTRY_BYTES:
            return
        self._entries[key] = reply
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()
