"""The whole build, stage after stage; the only module that calls them all.

::

    seeds.load -> repair -> segment -> extract -> link -> rdf -> validate -> store

Documents are processed independently (in parallel with ``jobs > 1``, in
processes); each yields its named graph as N-Quads, which the store loads
with its bulk loader.  Shared graphs (ontology, gazetteer, meta) are built
once.  The store is swapped in only if every document validated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg import iris, rdf, seeds, store
from kg.errors import ValidationError
from kg.extract import extract
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.link import link
from kg.meta import meta_graph
from kg.model import LinkedDocument, RepairedText, SourceDocument
from kg.repair import repair
from kg.segment import segment
from kg.validate import check_evidence, load_ontology, validate

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DocumentResult:
    doc_id: str
    nquads: bytes
    triples: int
    seconds: dict[str, float]


@dataclass(frozen=True)
class BuildReport:
    store: Path
    documents: tuple[DocumentResult, ...]
    shared_triples: int
    seconds: float


def repaired_text(doc: SourceDocument) -> RepairedText:
    """What ``kg text DOC`` prints: the text every offset refers to."""
    return repair(doc)


def analyse(doc: SourceDocument, gazetteer: Gazetteer) -> LinkedDocument:
    """repair → segment → extract → link, for one document."""
    seg = segment(repair(doc))
    return link(seg, extract(seg, gazetteer), gazetteer)


def process(doc: SourceDocument, gazetteer: Gazetteer, shared: Graph) -> DocumentResult:
    """One document through every stage up to validated N-Quads."""
    clock: dict[str, float] = {}
    t = time.perf_counter()
    linked = analyse(doc, gazetteer)
    clock["analyse"] = time.perf_counter() - t
    t = time.perf_counter()
    g = rdf.document_graph(doc, linked)
    clock["rdf"] = time.perf_counter() - t
    t = time.perf_counter()
    report = validate(g + shared)
    problems = check_evidence(g, {str(iris.text(doc.doc_id)): linked.segmented.text})
    clock["validate"] = time.perf_counter() - t
    if not report.conforms or problems:
        detail = report.text if not report.conforms else "\n".join(problems)
        raise ValidationError(
            f"{doc.path}: the graph does not conform ({report.violations or len(problems)} problems)", detail
        )
    return DocumentResult(doc.doc_id, _nquads(g, iris.graph(doc.doc_id)), len(g), clock)


def build(seeds_dir: Path, store_dir: Path, jobs: int = 1, progress: Progress | None = None) -> BuildReport:
    """Build every document and swap the new store in; the old one survives any failure."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    docs = seeds.load(seeds_dir)
    gazetteer = load_gazetteer()
    shared = rdf.gazetteer_graph(gazetteer.entities)
    report = validate(shared)
    if not report.conforms:
        raise ValidationError("the gazetteer graph does not conform", report.text)
    results = _run(docs, gazetteer, shared, jobs, say)
    shared_graphs = {
        "gazetteer": shared,
        "ontology": load_ontology(),
        "meta": meta_graph(docs),
    }

    def fill(st: ox.Store) -> None:
        for name, g in shared_graphs.items():
            st.bulk_load(_nquads(g, iris.graph(name)), format=ox.RdfFormat.N_QUADS)
        for r in results:
            st.bulk_load(r.nquads, format=ox.RdfFormat.N_QUADS)

    say("loading the store")
    store.build(store_dir, fill)
    return BuildReport(store_dir, results, sum(len(g) for g in shared_graphs.values()),
                       time.perf_counter() - started)


def _run(docs, gazetteer, shared, jobs: int, say: Progress) -> tuple[DocumentResult, ...]:
    if jobs <= 1 or len(docs) <= 1:
        out = []
        for i, doc in enumerate(docs, 1):
            say(f"[{i}/{len(docs)}] {doc.doc_id}")
            out.append(process(doc, gazetteer, shared))
        return tuple(out)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(process, doc, gazetteer, shared) for doc in docs]
        out = []
        for i, f in enumerate(futures, 1):
            out.append(f.result())
            say(f"[{i}/{len(docs)}] {out[-1].doc_id}")
        return tuple(out)


def _nquads(g: Graph, graph_iri: str) -> bytes:
    """Serialise a graph's triples as N-Quads in the named graph ``graph_iri``."""
    tail = f"<{graph_iri}> .".encode()
    data = g.serialize(format="nt", encoding="utf-8")
    return b"".join(line[:-1] + tail + b"\n" for line in data.splitlines() if line.endswith(b" ."))
