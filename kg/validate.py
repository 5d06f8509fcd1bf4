"""Stage ``validate``: SHACL shapes plus the evidence check SHACL cannot do.

The shapes are every ``shapes/*.ttl``.  A document's graph is validated
together with the shared gazetteer graph (facts point at entities defined
there); the gazetteer graph is validated once on its own.  After SHACL, every
``oa:TextPositionSelector`` is checked against the repaired text: the text
at those offsets must be the ``oa:exact`` of its ``oa:TextQuoteSelector``.

Two engines give the same results (``tests/test_validate_parity.py`` compares
their (focus, path, component, severity, value) on every shape example, on a
mutated real corpus and on the seeds):

* ``fast`` (the default): the Rust ``shacl`` package, fed the N-Triples
  statements of :mod:`kg.nquads` (no rdflib on the way).  It refuses shapes
  using an ``sh:`` term outside :data:`CHECKED_TERMS` (the terms the parity
  test covers) with a :class:`DataError`, so a new kind of constraint cannot
  silently be validated differently from the reference.
* ``pyshacl``: the reference (``kg validate --engine pyshacl``).  pySHACL
  re-parses a SPARQL-based constraint for every focus node, and rdflib's
  parser needs ~0.6 s for the Julian/Gregorian check of ``shapes/core.ttl``;
  the data graph handed to pySHACL therefore prepares each query text once
  per process (:class:`_PreparedQueries`).

A document is validated with only the shared entities it references
(:func:`referenced`, or :class:`SharedIndex` in the build), not the whole
gazetteer.  See ``docs/scale.md`` and ``benchmarks/RESULTS.md`` for the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg import nquads
from kg.config import ONTOLOGY_DIR, SHAPES_DIR
from kg.errors import DataError
from kg.vocab import OA, RDF, SH

ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"

#: The ``sh:`` terms our shapes may use with the fast engine: those the parity
#: test exercises against pySHACL.  Add one only with shape examples using it.
CHECKED_TERMS = frozenset(
    SH[name]
    for name in (
        "IRI",
        "NodeShape",
        "SPARQLConstraint",
        "Warning",
        "class",
        "datatype",
        "declare",
        "hasValue",
        "in",
        "inversePath",
        "lessThan",
        "maxCount",
        "message",
        "minCount",
        "minInclusive",
        "minLength",
        "namespace",
        "node",
        "nodeKind",
        "not",
        "or",
        "path",
        "pattern",
        "prefix",
        "prefixes",
        "property",
        "qualifiedMaxCount",
        "qualifiedMinCount",
        "qualifiedValueShape",
        "select",
        "severity",
        "sparql",
        "targetClass",
        "targetObjectsOf",
        "targetSubjectsOf",
        "uniqueLang",
        "xone",
    )
)


@dataclass(frozen=True)
class Result:
    """One validation result, in terms both engines agree on (N-Triples syntax).

    ``path`` is SPARQL property-path syntax (``<p>``, ``^<p>``); ``component``
    and ``severity`` are local names (``MinCountConstraintComponent``,
    ``Violation``); blank nodes are all written ``_:`` (their labels differ
    between engines).
    """

    focus: str
    path: str | None
    component: str
    severity: str
    value: str | None
    message: str | None = field(default=None, compare=False)

    def key(self) -> tuple[str, ...]:
        """The order results are reported in (focus, path, component, severity, value)."""
        return (self.focus, self.path or "", self.component, self.severity, self.value or "")


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str
    violations: int
    results: tuple[Result, ...] = ()


@cache
def load_shapes(shapes_dir: Path = SHAPES_DIR) -> Graph:
    """Every shapes file, parsed once per process."""
    g = Graph()
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise DataError(f"{shapes_dir}: no SHACL shapes (*.ttl)")
    for path in files:
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser types; report the file
            raise DataError(f"{path}: {exc}") from exc
    return g


@cache
def load_ontology(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    g = Graph()
    for path in sorted(ontology_dir.glob("*.ttl")):
        try:
            g.parse(path, format="turtle")
        except Exception as exc:
            raise DataError(f"{path}: {exc}") from exc
    return g


def validate(
    data: Graph,
    shapes: Graph | None = None,
    *,
    shared: Graph | None = None,
    engine: str = DEFAULT_ENGINE,
) -> Report:
    """SHACL-validate ``data`` (plus the part of ``shared`` it references).

    ``data`` is not modified (pySHACL gets a copy that prepares SPARQL
    constraints once).  ``engine``: ``"fast"`` or ``"pyshacl"``.
    """
    if engine == "pyshacl":
        target = _PreparedQueries()
        for prefix, ns in data.namespaces():
            target.bind(prefix, ns, override=True, replace=True)
        for triple in data:
            target.add(triple)
        if shared is not None:
            for triple in referenced(data, shared):
                target.add(triple)
        return _pyshacl(target, shapes)
    lines, named = nquads.statements(data)
    if shared is not None:
        lines += SharedIndex(shared).closure(named)
    return validate_statements(lines, shapes, engine=engine)


def validate_statements(
    lines: Iterable[str], shapes: Graph | None = None, *, engine: str = DEFAULT_ENGINE
) -> Report:
    """SHACL-validate N-Triples statements (:func:`kg.nquads.statements`) with the ontology."""
    return validate_ntriples(nquads.ntriples(lines), shapes, engine=engine)


def validate_ntriples(
    text: str, shapes: Graph | None = None, *, engine: str = DEFAULT_ENGINE
) -> Report:
    """SHACL-validate an N-Triples document (with the ontology, as pySHACL's ``ont_graph``)."""
    if engine == "pyshacl":
        target = _PreparedQueries()
        target.parse(data=text, format="nt")
        return _pyshacl(target, shapes)
    if engine != "fast":
        raise DataError(f"unknown validation engine {engine!r} (one of {', '.join(ENGINES)})")
    compiled = _compiled_shapes() if shapes is None else _compile(shapes)
    report = compiled.validate_text(
        text + _ontology_ntriples(), format="ntriples", allow_warnings=True
    )
    results = tuple(
        sorted(
            (
                Result(
                    _blank(r.focus_node),
                    r.path,
                    r.component,
                    r.severity,
                    None if r.value is None else _blank(r.value),
                    r.message,
                )
                for r in report.results
            ),
            key=Result.key,
        )
    )
    return Report(
        bool(report.conforms), _text(bool(report.conforms), results), len(results), results
    )


def _pyshacl(target: Graph, shapes: Graph | None) -> Report:
    conforms, graph, text = shacl_validate(
        target,
        shacl_graph=load_shapes() if shapes is None else shapes,
        ont_graph=load_ontology(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
        inplace=True,  # ``target`` is ours to change
    )
    # Top-level results only: pySHACL also types the nested results of sh:node
    # (given as sh:detail) sh:ValidationResult.
    top = (
        r
        for report in graph.subjects(RDF.type, SH.ValidationReport)
        for r in graph.objects(report, SH.result)
    )
    results = tuple(sorted((_pyshacl_result(graph, r) for r in top), key=Result.key))
    return Report(bool(conforms), text, len(results), results)


def _pyshacl_result(g: Graph, r: Any) -> Result:
    value = g.value(r, SH.value)
    path = g.value(r, SH.resultPath)
    message = g.value(r, SH.resultMessage)
    return Result(
        _blank(nquads.term(g.value(r, SH.focusNode))),
        None if path is None else _path(g, path),
        str(g.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        str(g.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
        None if value is None else _blank(nquads.term(value)),
        None if message is None else str(message),
    )


def _path(g: Graph, path: Any) -> str:
    """A result path in SPARQL syntax, as the fast engine writes it."""
    if isinstance(path, URIRef):
        return nquads.term(path)
    if (inverse := g.value(path, SH.inversePath)) is not None:
        return f"^{_path(g, inverse)}"
    raise DataError(f"a result path neither IRI nor inverse: {path}")  # not in our shapes


def _blank(nt: str) -> str:
    return "_:" if nt.startswith("_:") else nt


def _text(conforms: bool, results: tuple[Result, ...]) -> str:
    lines = ["Validation Report", f"Conforms: {conforms}", f"Results ({len(results)}):"]
    for r in results:
        lines.append(f"Constraint {r.severity} in {r.component}:")
        lines.append(f"\tFocus Node: {r.focus}")
        if r.path is not None:
            lines.append(f"\tResult Path: {r.path}")
        if r.value is not None:
            lines.append(f"\tValue Node: {r.value}")
        if r.message:
            lines.append(f"\tMessage: {r.message}")
    return "\n".join(lines) + "\n"


@cache
def _compiled_shapes() -> Any:
    return _compile(load_shapes())


def _compile(shapes: Graph) -> Any:
    """The shapes compiled by the Rust engine; raises :class:`DataError` on an unchecked ``sh:`` term."""
    import shacl

    unchecked = sorted(
        {
            str(t)
            for triple in shapes
            for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(SH)) and t not in CHECKED_TERMS
        }
    )
    if unchecked:
        names = ", ".join(u.replace(str(SH), "sh:") for u in unchecked)
        raise DataError(
            f"shapes use {names}: the fast engine's parity with pySHACL is not tested for "
            "it; add shape examples using it and extend kg.validate.CHECKED_TERMS, or "
            "validate with --engine pyshacl"
        )
    lines, _ = nquads.statements(shapes)
    return shacl.Shapes.from_text(nquads.ntriples(lines), format="ntriples")


@cache
def _ontology_ntriples() -> str:
    return nquads.ntriples(nquads.statements(load_ontology())[0])


def referenced(data: Graph, shared: Graph) -> Graph:
    """The triples of ``shared`` about nodes ``data`` names, and what those name, transitively.

    Every IRI of ``data`` (subject or object) that is a subject in ``shared``
    starts the walk; the walk follows object IRIs through ``shared``.  A
    shape on a document's fact that reaches an entity (``sh:class``,
    ``sh:node``) sees the same triples as with the whole of ``shared``.
    """
    out = Graph()
    seen: set[URIRef] = set()
    todo = [n for n in set(data.subjects()) | set(data.objects()) if isinstance(n, URIRef)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shared.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, URIRef) and o not in seen:
                todo.append(o)
    return out


class SharedIndex:
    """The shared graph as N-Triples statements indexed by subject: :func:`referenced` without rdflib.

    Built once per worker; :meth:`closure` of a document's named IRIs (from
    :func:`kg.nquads.statements`) gives the statements of
    ``referenced(document, shared)``.
    """

    def __init__(self, shared: Graph) -> None:
        self._about: dict[str, list[str]] = {}
        self._next: dict[str, set[str]] = {}
        for s, p, o in shared:
            if not isinstance(s, URIRef):
                continue  # only IRIs start or continue the walk
            key = nquads.term(s)
            self._about.setdefault(key, []).append(f"{key} {nquads.term(p)} {nquads.term(o)}")
            if isinstance(o, URIRef):
                self._next.setdefault(key, set()).add(nquads.term(o))
            elif isinstance(o, BNode):
                pass  # the walk follows IRIs only, as :func:`referenced` does

    def closure(self, named: Iterable[str]) -> list[str]:
        """The statements about ``named`` IRIs (N-Triples form) and what they name, transitively."""
        out: list[str] = []
        seen: set[str] = set()
        todo = [n for n in named if n in self._about]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            out += self._about[node]
            todo += [o for o in self._next.get(node, ()) if o not in seen and o in self._about]
        return out


class _PreparedQueries(Graph):
    """A graph whose ``query(text)`` parses and translates each query text once per process."""

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Any] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and processor == "sparql":
            initNs = initNs or dict(self.namespaces())
            query_object = _prepare(query_object, frozenset(initNs.items()), kwargs.get("base"))
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


@lru_cache(maxsize=256)
def _prepare(text: str, namespaces: frozenset[tuple[str, Any]], base: str | None) -> Query:
    ns: Mapping[str, Any] = dict(namespaces)
    return prepareQuery(text, initNs=ns, base=base)


def check_evidence(data: Graph, texts: dict[str, str]) -> list[str]:
    """Evidence records whose offsets do not give their quoted span; ``texts``: text IRI → text."""
    problems = []
    for ann, target in data.subject_objects(OA.hasTarget):
        for src in data.objects(target, OA.hasSource):
            text = texts.get(str(src))
            if text is None:
                continue
            for start, end, exact in _selectors(data, target):
                got = text[start:end]
                if got != exact:
                    where = f"{ann}: text[{start}:{end}]"
                    problems.append(f"{where} is {got!r}, evidence says {exact!r}")
    return problems


def _selectors(data: Graph, target: Node) -> list[tuple[int, int, str]]:
    """Every (start, end, exact) a target's position and quote selectors combine into."""
    selectors = set(data.objects(target, OA.hasSelector))
    positions = [
        (int(s), int(e))  # type: ignore[call-overload]  # xsd:integer literals
        for p in selectors
        if (p, RDF.type, OA.TextPositionSelector) in data
        for s in data.objects(p, OA.start)
        for e in data.objects(p, OA.end)
    ]
    exacts = [
        str(x)
        for q in selectors
        if (q, RDF.type, OA.TextQuoteSelector) in data
        for x in data.objects(q, OA.exact)
    ]
    return [(s, e, x) for s, e in positions for x in exacts]
