"""Pass ``resolution``: which entity an ambiguous name means (the majority rule).

A mention whose alias several gazetteer entries share carries every key joined
with ``|``.  It is read as the candidate the same document names
unambiguously most often; a tie goes to the first key (gazetteer order).  The
extractors (through :meth:`kg.extract.context.Context.resolved`) and the
linker (:mod:`kg.link`) both ask this module, so they always agree.

>>> from kg.model import EntityKind, Mention, Span
>>> def m(key): return Mention(EntityKind.PERSON, key, Span("d", 0, 1, "x"))
>>> Resolution.of((m("a"), m("b"), m("b"), m("a|b"))).key("a|b")
'b'
>>> Resolution.of(()).key("a|b")
'a'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from kg.model import Mention


@dataclass(frozen=True)
class Resolution:
    """How often the document names each entity unambiguously."""

    counts: Mapping[str, int]

    @classmethod
    def of(cls, mentions: Iterable[Mention]) -> Resolution:
        return cls(Counter(m.key for m in mentions if "|" not in m.key))

    def key(self, key: str) -> str:
        """The candidate of ``a|b|…`` the document names most (ties: the first)."""
        if "|" not in key:
            return key
        options = key.split("|")
        return max(options, key=lambda k: (self.counts.get(k, 0), -options.index(k)))

    def mention(self, mention: Mention) -> Mention:
        """``mention`` with its key resolved (the same object when it was not ambiguous)."""
        if "|" not in mention.key:
            return mention
        return replace(mention, key=self.key(mention.key))
