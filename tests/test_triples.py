"""kg.rdf.triples.TripleSet answers every triple pattern as rdflib's own graph does."""

from __future__ import annotations

import itertools
import random

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.triples import TripleSet

NODES = [URIRef(f"http://x/n{i}") for i in range(6)]
PREDICATES = [URIRef(f"http://x/p{i}") for i in range(3)]
OBJECTS = [
    *NODES,
    Literal("un"),
    Literal("un", lang="fr"),
    Literal(1),
    Literal("1", datatype=XSD.integer),  # the same term as Literal(1)
    Literal("01", datatype=XSD.integer),  # not the same term
    BNode("b1"),
]


def _pairs(seed: int) -> tuple[TripleSet, Graph]:
    rnd = random.Random(seed)
    fast, ref = TripleSet(), Graph()
    for step in range(300):
        t = (rnd.choice(NODES), rnd.choice(PREDICATES), rnd.choice(OBJECTS))
        fast.add(t)
        ref.add(t)
        if step == 150:  # indexes built half-way must be kept up to date by later adds
            list(fast.subjects(PREDICATES[0], NODES[0]))
            list(fast.objects(NODES[1], PREDICATES[1]))
            list(fast.subject_objects(PREDICATES[2]))
    return fast, ref


def test_every_pattern_gives_the_same_triples_as_rdflib() -> None:
    for seed in range(3):
        fast, ref = _pairs(seed)
        assert len(fast) == len(ref)
        assert set(fast) == set(ref)
        for s, p, o in itertools.product([None, *NODES], [None, *PREDICATES], [None, *OBJECTS]):
            assert set(fast.triples((s, p, o))) == set(ref.triples((s, p, o))), (s, p, o)
            assert ((s, p, o) in fast) == ((s, p, o) in ref)


def test_insertion_order_and_removal() -> None:
    g = TripleSet()
    first = (NODES[0], PREDICATES[0], Literal("a"))
    second = (NODES[1], PREDICATES[0], Literal("b"))
    g.add(second)
    g.add(first)
    g.add(second)
    assert list(g) == [second, first]
    assert list(g.subjects(PREDICATES[0], Literal("b"))) == [NODES[1]]
    g.remove((NODES[1], None, None))
    assert list(g) == [first]
    assert list(g.subjects(PREDICATES[0], Literal("b"))) == []


def test_rdflib_reads_it_as_a_graph() -> None:
    fast, ref = _pairs(7)
    assert (fast + Graph()).isomorphic(ref)
    assert sorted(fast.serialize(format="nt").splitlines()) == sorted(
        ref.serialize(format="nt").splitlines()
    )
