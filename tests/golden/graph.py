"""The golden graph: canonical, sorted N-Quads of the seeds' build.

Every document of ``seeds/`` goes through repair → segment → extract → link →
rdf (no validation, no store), and its named graph joins the gazetteer's; the
lines are sorted, so the file is byte-stable and a diff reads well.

Regenerate it (only when a change of output is intended, and say why in the
commit) with either::

    .venv/bin/python -m tests.golden.regen
    .venv/bin/python -m pytest tests/golden --update-golden
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg import iris, rdf, seeds
from kg.gazetteer import load_gazetteer
from kg.pipeline import analyse

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("seeds.nq")


def build_graphs() -> dict[str, bytes]:
    """Graph IRI → sorted N-Quads lines of that named graph."""
    gazetteer = load_gazetteer()
    out: dict[str, bytes] = {}
    docs = seeds.load(ROOT / "seeds")
    for doc in docs:
        out[str(iris.graph(doc.doc_id))] = _lines(rdf.document_graph(doc, analyse(doc, gazetteer)))
    out[str(iris.graph("gazetteer"))] = _lines(rdf.gazetteer_graph(gazetteer.entities))
    return out


def canonical() -> bytes:
    """The whole golden file: every graph's lines, sorted."""
    graphs = build_graphs()
    lines: list[bytes] = []
    for name, data in graphs.items():
        tail = f"<{name}> .".encode()
        lines.extend(line[:-1] + tail for line in data.splitlines())
    return b"".join(line + b"\n" for line in sorted(set(lines)))


def _lines(g: Graph) -> bytes:
    data = g.serialize(format="nt", encoding="utf-8")
    return b"\n".join(sorted(line for line in data.splitlines() if line.endswith(b" .")))


def load(data: bytes) -> Dataset:
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


def graph_names(ds: Dataset) -> set[URIRef]:
    return {g.identifier for g in ds.graphs() if len(g) and isinstance(g.identifier, URIRef)}
