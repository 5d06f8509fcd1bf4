"""The whole build, stage after stage; the only module that calls them all.

::

    seeds.load -> repair -> segment -> extract -> link -> rdf -> validate -> store
    notes.load_notes ------------------------------------> rdf -> validate -> store

Each document goes through every stage on its own (in ``jobs`` worker
processes, :mod:`kg.parallel`) and leaves as a validated N-Quads file in the
cache folder (:mod:`kg.cache`); a document whose key is unchanged is not
processed again.  Then a small global step builds the shared graphs
(gazetteer, ontology, meta, and the historian's notes of ``seeds/notes``
in ``graph/editorial``), and the store's bulk loader reads every file
into a new generation, swapped in only when all of it succeeded
(:mod:`kg.store`).  Nothing holds the whole graph in memory.  When the store
was already built from exactly these inputs, :func:`build` returns at once.
See ``docs/scale.md`` for the figures.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from kg import iris, notes, nquads, parallel, rdf, seeds, store, wikidata_view
from kg.cache import Cache, CachedDocument, build_digest
from kg.errors import ValidationError
from kg.extract import extract
from kg.footnote_check import footnote_warnings
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.link import link
from kg.meta import meta_graph
from kg.model import EditorialNote, Entity, LinkedDocument, RepairedText, SourceDocument
from kg.rdf.documents import add_document
from kg.repair import repair
from kg.segment import segment
from kg.validate import (
    SharedIndex,
    check_evidence,
    load_ontology,
    load_shapes,
    validate,
    validate_statements,
)
from kg.vocab import OA, OKG

Progress = Callable[[str], None]
SHARED_GRAPHS = ("gazetteer", "ontology", "meta", "editorial")


@dataclass(frozen=True)
class DocumentResult:
    """One document's validated named graph, as N-Quads."""

    doc_id: str
    nquads: bytes
    triples: int
    seconds: dict[str, float]
    flags: int = 0  # damaged words the repair kept as printed
    warnings: tuple[str, ...] = ()  # footnote calls and notes that do not pair


@dataclass(frozen=True)
class BuildReport:
    store: Path
    documents: tuple[CachedDocument, ...]  # in manifest order; ``nquads`` is a file
    shared_triples: int
    seconds: float
    reused: frozenset[str] = frozenset()  # documents taken from the cache
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds per phase
    up_to_date: bool = False  # the store was already built from these inputs
    patched: bool = False  # the new store is a copy of the previous one, changed graphs replaced


def repaired_text(doc: SourceDocument) -> RepairedText:
    """What ``kg text DOC`` prints: the text every offset refers to."""
    return repair(doc)


def analyse(doc: SourceDocument, gazetteer: Gazetteer) -> LinkedDocument:
    """repair → segment → extract → link, for one document."""
    seg = segment(repair(doc))
    return link(seg, extract(seg, gazetteer), gazetteer)


def process(doc: SourceDocument, gazetteer: Gazetteer, shared: SharedIndex) -> DocumentResult:
    """One document through every stage up to validated N-Quads.

    The graph is formatted once (:func:`kg.nquads.statements`); the same
    statements, with the shared entities they reference, are validated and
    written.  Raises :class:`ValidationError` when the graph does not
    conform, or an evidence span is wrong.
    """
    clock: dict[str, float] = {}
    with _timed(clock, "repair"):
        repaired = repair(doc)
    with _timed(clock, "segment"):
        seg = segment(repaired)
    with _timed(clock, "extract"):
        found = extract(seg, gazetteer)
    with _timed(clock, "link"):
        linked = link(seg, found, gazetteer)
    with _timed(clock, "rdf"):
        g = rdf.document_graph(doc, linked)
    with _timed(clock, "serialize"):
        lines, named = nquads.statements(g)
    with _timed(clock, "validate"):
        report = validate_statements([*lines, *shared.closure(named)])
        problems = check_evidence(g, {str(iris.text(doc.doc_id)): seg.text})
    if not report.conforms or problems:
        detail = report.text if not report.conforms else "\n".join(problems)
        count = report.violations or len(problems)
        raise ValidationError(f"{doc.path}: the graph does not conform ({count} problems)", detail)
    with _timed(clock, "serialize"):
        data = nquads.nquads(lines, iris.graph(doc.doc_id))
    warnings = footnote_warnings(str(doc.path), repaired)
    return DocumentResult(doc.doc_id, data, len(lines), clock, len(repaired.flags), warnings)


def build(
    seeds_dir: Path,
    store_dir: Path,
    jobs: int = 1,
    progress: Progress | None = None,
    *,
    cache_dir: Path | None = None,
) -> BuildReport:
    """Build every document and swap the new store in; the old one survives any failure.

    ``cache_dir=None`` builds without reading or writing a cache (``--no-cache``).
    Raises :class:`~kg.errors.KgError` (a :class:`ValidationError` for a
    document that does not conform); the previous store is then untouched.
    """
    say = progress or (lambda _msg: None)
    started, phases = time.perf_counter(), dict[str, float]()
    with store.build_lock(store_dir), Cache(cache_dir) as cache:
        with _timed(phases, "load"):
            docs = seeds.load(seeds_dir)
            keys = {doc.doc_id: cache.key(doc) for doc in docs}
            found_notes = notes.load_notes(seeds_dir)
        digest = build_digest({**keys, "notes": notes.digest(seeds_dir)})
        stamp = cache.store_stamp(store_dir)
        if stamp and stamp["digest"] == digest:
            return _up_to_date(store_dir, stamp, cache, started, phases)
        kept, stale = _patch_plan(stamp, keys)
        patched = bool(kept)
        with store.new_generation(store_dir, from_current=patched) as st:
            for name in stale:  # a copy of the current generation: its changed graphs go first
                st.remove_graph(ox.NamedNode(iris.graph(name)))
            # each document's N-Quads are loaded (in a thread) as soon as they are written
            with store.loading(st) as loader:
                with _timed(phases, "documents"):
                    results, reused = _documents(docs, keys, cache, jobs, say, kept, loader.add)
                with _timed(phases, "shared"):
                    shared = _shared_graphs(docs, cache, found_notes)
                say("loading the store")
                store_started = time.perf_counter()
                for path in shared:
                    loader.add(path)
            check_note_targets(st)
            with _timed(phases, "view"):
                wikidata_view.build_view(st)  # derived from every graph: rebuilt whole
        phases["store"] = time.perf_counter() - store_started
        counts = [(r.doc_id, r.key, r.triples) for r in results]
        cache.record_store(store_dir, digest, documents=counts, shared_triples=sum(shared.values()))
    seconds = time.perf_counter() - started
    return BuildReport(
        store_dir, results, sum(shared.values()), seconds, reused, phases, patched=patched
    )


def _documents(
    docs: tuple[SourceDocument, ...],
    keys: dict[str, str],
    cache: Cache,
    jobs: int,
    say: Progress,
    in_store: frozenset[str] = frozenset(),
    load: Callable[[Path], None] = lambda _path: None,
) -> tuple[tuple[CachedDocument, ...], frozenset[str]]:
    """Every document's validated graph: from the cache, or processed (in parallel).

    Each one's N-Quads file is handed to ``load`` as soon as it is there, except the
    documents ``in_store`` (unchanged in the generation being patched).
    """
    done = {d.doc_id: c for d in docs if (c := cache.lookup(d.doc_id, keys[d.doc_id]))}
    reused = frozenset(done)
    for doc_id, cached in done.items():
        if doc_id not in in_store:
            load(cached.nquads)
    todo = [(d, keys[d.doc_id]) for d in docs if d.doc_id not in done]
    for result in parallel.imap(_work, todo, jobs, _start_worker, (str(cache.root),)):
        done[result.doc_id] = result
        load(result.nquads)
        say(f"[{len(done)}/{len(docs)}] {result.doc_id}")
    return tuple(done[d.doc_id] for d in docs), reused


# ------------------------------------------------------------------ worker side


@dataclass(frozen=True)
class _WorkerState:
    gazetteer: Gazetteer
    shared: SharedIndex
    cache: Cache


_WORKER: dict[str, _WorkerState] = {}  # "state": this worker process's, set once


def _start_worker(cache_root: str) -> None:
    """Once per worker process: the gazetteer, its graph, the shapes, the cache folder."""
    load_shapes()  # parsed (and compiled) once, cached for the worker's lifetime
    load_ontology()
    validate_statements([])
    gazetteer = load_gazetteer()
    _WORKER["state"] = _WorkerState(
        gazetteer=gazetteer,
        shared=SharedIndex(rdf.gazetteer_graph(gazetteer.entities)),
        cache=Cache(Path(cache_root)),
    )
    if multiprocessing.parent_process() is not None:  # a worker process, not the build's own
        _tune_gc()


def _tune_gc() -> None:
    """A worker's data lives as long as it does (gazetteer, shapes, indexes): out of the
    cyclic collector's walks (``gc.freeze``), and a document's many short-lived objects
    collected in larger rounds (documents phase 6.07 -> 5.65 CPU-s/MB, one process, 50
    synthetic documents; ``benchmarks/documents_bench.py``)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _work(task: tuple[SourceDocument, str]) -> CachedDocument:
    """In a worker: process one document and write its N-Quads to the cache folder."""
    doc, key = task
    state = _WORKER["state"]
    r = process(doc, state.gazetteer, state.shared)
    return state.cache.write(r.doc_id, key, r.nquads, r.triples, r.seconds, r.flags, r.warnings)


# ------------------------------------------------------------------ global step


def _shared_graphs(
    docs: tuple[SourceDocument, ...], cache: Cache, found_notes: tuple[EditorialNote, ...] = ()
) -> dict[Path, int]:
    """Write graph/gazetteer and graph/editorial (each validated on its own), graph/ontology
    and graph/meta."""
    entities = load_gazetteer().entities
    gazetteer = rdf.gazetteer_graph(entities)
    report = validate(gazetteer)
    if not report.conforms:
        raise ValidationError("the gazetteer graph does not conform", report.text)
    editorial = editorial_graph(docs, found_notes, entities)
    shared = (gazetteer, load_ontology(), meta_graph(docs), editorial)
    graphs = dict(zip(SHARED_GRAPHS, shared, strict=True))
    return {
        cache.write_shared(name, nquads.nquads(nquads.statements(g)[0], iris.graph(name))): len(g)
        for name, g in graphs.items()
    }


def editorial_graph(
    docs: tuple[SourceDocument, ...],
    found_notes: tuple[EditorialNote, ...],
    entities: tuple[Entity, ...],
) -> Graph:
    """graph/editorial, validated (SHACL, and each quote against the repaired text).

    Raises :class:`~kg.errors.DataError` for a note naming an unknown document,
    quote or person, :class:`ValidationError` when the graph does not conform.
    """
    used = {n.anchor.document for n in found_notes}
    repaired = {d.doc_id: (d, repair(d)) for d in docs if d.doc_id in used}
    texts = {doc_id: r.text for doc_id, (_, r) in repaired.items()}
    g = rdf.editorial_graph(found_notes, texts, entities)
    spans = {str(iris.text(doc_id)): text for doc_id, text in texts.items()}
    checked = g + Graph()
    for doc, text in repaired.values():  # the span targets' source, as the document graph has it
        add_document(checked, doc, text)
    report = validate(checked)
    problems = check_evidence(g, spans)
    if not report.conforms or problems:
        detail = report.text if not report.conforms else "\n".join(problems)
        raise ValidationError("the editorial graph (seeds/notes) does not conform", detail)
    return g


def check_note_targets(st: ox.Store) -> None:
    """Every fact a note is anchored to is in the built graph; else :class:`ValidationError`."""
    rows = st.query(
        f"""SELECT ?note ?fact WHERE {{
          GRAPH <{iris.graph("editorial")}> {{ ?note a <{OKG.EditorialNote}> ; <{OA.hasTarget}> ?fact }}
          FILTER NOT EXISTS {{ ?fact ?p ?o }} }} ORDER BY ?note""",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    missing = [(str(r["note"].value), str(r["fact"].value)) for r in rows]
    if missing:
        lines = [f"{notes.where(note)}: fact: {fact} is not in the graph" for note, fact in missing]
        raise ValidationError(lines[0], "\n".join(lines))


def _patch_plan(
    stamp: dict[str, Any] | None, keys: dict[str, str]
) -> tuple[frozenset[str], list[str]]:
    """Whether to patch a copy of the current generation rather than load a new one.

    When at least half the documents are unchanged (the stamp says which key of each the
    current generation holds), returns those documents, kept as they are, and the graphs
    the copy loses before it gets them anew (changed or removed documents', the shared
    ones); otherwise nothing is kept.
    """
    before = {doc_id: key for doc_id, key, _ in stamp["documents"]} if stamp else {}
    kept = frozenset(doc_id for doc_id, key in keys.items() if before.get(doc_id) == key)
    if not kept or len(kept) * 2 < len(keys):
        return frozenset(), []
    return kept, [*(set(before) - kept), *SHARED_GRAPHS]


def _up_to_date(
    store_dir: Path, stamp: dict[str, Any], cache: Cache, started: float, phases: dict[str, float]
) -> BuildReport:
    """The report of a build that found the store already up to date."""
    docs = tuple(
        cache.lookup(doc_id, key)  # with its warnings
        or CachedDocument(doc_id, key, cache.nquads_path(doc_id, key), triples)
        for doc_id, key, triples in stamp["documents"]
    )
    return BuildReport(
        store_dir,
        docs,
        stamp["shared_triples"],
        time.perf_counter() - started,
        frozenset(d.doc_id for d in docs),
        phases,
        up_to_date=True,
    )


@contextlib.contextmanager
def _timed(clock: dict[str, float], name: str) -> Iterator[None]:
    t = time.perf_counter()
    try:
        yield
    finally:
        clock[name] = clock.get(name, 0.0) + time.perf_counter() - t
