"""Stage ``validate``: SHACL shapes (pySHACL) plus the evidence check SHACL cannot do.

The shapes are every ``shapes/*.ttl``.  A document's graph is validated
together with the shared gazetteer graph (facts point at entities defined
there); the gazetteer graph is validated once on its own.  After SHACL, every
``oa:TextPositionSelector`` is checked against the repaired text: the text
at those offsets must be the ``oa:exact`` of its ``oa:TextQuoteSelector``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph

from kg.config import ONTOLOGY_DIR, SHAPES_DIR
from kg.errors import DataError
from kg.vocab import RDF, SH

_EVIDENCE = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?ann ?src ?start ?end ?exact WHERE {
  ?ann oa:hasTarget ?t . ?t oa:hasSource ?src ; oa:hasSelector ?p, ?q .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
}"""


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str
    violations: int


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


def validate(data: Graph, shapes: Graph | None = None) -> Report:
    """SHACL-validate ``data``; the report text is pySHACL's, trimmed."""
    shapes = load_shapes() if shapes is None else shapes
    conforms, results, text = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=load_ontology(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    violations = len(set(results.subjects(RDF.type, SH.ValidationResult)))
    return Report(bool(conforms), text, violations)


def check_evidence(data: Graph, texts: dict[str, str]) -> list[str]:
    """Evidence records whose offsets do not give their quoted span; ``texts``: text IRI → text."""
    problems = []
    for row in data.query(_EVIDENCE):
        text = texts.get(str(row.src))
        if text is None:
            continue
        start, end, exact = int(row.start), int(row.end), str(row.exact)
        if text[start:end] != exact:
            problems.append(f"{row.ann}: text[{start}:{end}] is {text[start:end]!r}, evidence says {exact!r}")
    return problems
