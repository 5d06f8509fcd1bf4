"""A document's graph without rdflib's store: triples in an insertion-ordered set.

:class:`TripleSet` is an rdflib :class:`~rdflib.Graph` (the builders, the
golden file's serializer and pySHACL take it as one) whose triples live in a
plain ``dict`` instead of rdflib's memory store, whose ``add`` costs about
17 µs (events, context bookkeeping, three indexes) where a dict insert costs
well under one.  A document graph is written once and read a few times
(``attribute_to_rule`` asks for the annotations of a fact, the evidence check
for the selectors), so the indexes a pattern needs are built on its first
use and then kept up to date.  The (predicate, object) index is kept per predicate
asked: the builders ask only for ``oa:hasBody`` (a fact's annotations), so the
other triples, most of the graph, are added without touching it.

>>> from rdflib import Literal, URIRef
>>> g = TripleSet()
>>> s, p = URIRef("http://x/s"), URIRef("http://x/p")
>>> _ = g.add((s, p, Literal(1)))
>>> _ = g.add((s, p, Literal(1)))  # a set: added once
>>> len(g), list(g.objects(s, p)), (s, p, Literal(1)) in g
(1, [rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))], True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from rdflib import Graph
from rdflib.paths import Path
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
K = TypeVar("K")


def _grouped(triples: Iterable[Triple], key: Callable[[Triple], K]) -> dict[K, list[Triple]]:
    """An index of ``triples`` by ``key``, each list in insertion order."""
    out: dict[K, list[Triple]] = {}
    for t in triples:
        out.setdefault(key(t), []).append(t)
    return out


class TripleSet(Graph):
    """An rdflib graph over an insertion-ordered set of triples, indexed on demand."""

    def __init__(self) -> None:
        super().__init__()
        self._triples: dict[Triple, None] = {}
        self._by_s: dict[Node, list[Triple]] | None = None
        self._by_p: dict[Node, list[Triple]] | None = None
        self._by_po: dict[Node, dict[Node, list[Triple]]] = {}  # p -> o -> triples, p asked

    def add(self, triple: Any) -> TripleSet:
        if triple in self._triples:
            return self
        self._triples[triple] = None
        s, p, o = triple
        if self._by_s is not None:
            self._by_s.setdefault(s, []).append(triple)
        if self._by_p is not None:
            self._by_p.setdefault(p, []).append(triple)
        if self._by_po:
            objects = self._by_po.get(p)
            if objects is not None:
                objects.setdefault(o, []).append(triple)
        return self

    def addN(self, quads: Any) -> TripleSet:
        for s, p, o, _ in quads:
            self.add((s, p, o))
        return self

    def remove(self, triple: Any) -> TripleSet:
        for t in list(self.triples(triple)):
            del self._triples[t]
        self._by_s = self._by_p = None
        self._by_po = {}
        return self

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[Triple]:  # type: ignore[override]
        return iter(list(self._triples))

    def __contains__(self, triple: Any) -> bool:
        s, p, o = triple
        if s is not None and p is not None and o is not None and not isinstance(p, Path):
            return triple in self._triples
        return next(iter(self.triples(triple)), None) is not None

    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        s, p, o = triple
        if isinstance(p, Path):
            for _s, _o in p.eval(self, s, o):
                yield _s, p, _o
            return
        if s is not None and p is not None and o is not None:
            if (s, p, o) in self._triples:
                yield (s, p, o)
            return
        if s is not None:
            candidates = self._index_s().get(s, ())
        elif p is not None and o is not None:
            candidates = self._index_po(p).get(o, ())
        elif p is not None:
            candidates = self._index_p().get(p, ())
        else:
            candidates = list(self._triples)
        for t in tuple(candidates):
            if (p is None or t[1] == p) and (o is None or t[2] == o):
                yield t

    def _index_s(self) -> dict[Node, list[Triple]]:
        if self._by_s is None:
            self._by_s = _grouped(self._triples, lambda t: t[0])
        return self._by_s

    def _index_p(self) -> dict[Node, list[Triple]]:
        if self._by_p is None:
            self._by_p = _grouped(self._triples, lambda t: t[1])
        return self._by_p

    def _index_po(self, p: Node) -> dict[Node, list[Triple]]:
        """The triples of predicate ``p`` by object."""
        objects = self._by_po.get(p)
        if objects is None:
            with_p = (t for t in self._triples if t[1] == p)
            objects = self._by_po[p] = _grouped(with_p, lambda t: t[2])
        return objects
