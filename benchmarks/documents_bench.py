"""CPU seconds per MB of text of each stage of the documents phase, in one process.

    .venv/bin/python benchmarks/synth.py /tmp/synth50 -n 50
    .venv/bin/python benchmarks/documents_bench.py /tmp/synth50 --nquads /tmp/after

Every document goes through repair -> segment -> extract -> link -> rdf -> N-Quads
the way a build worker does it (:func:`kg.pipeline.process`, validation left out),
each stage timed with :func:`time.process_time`.  What a stage loads on first use
(the spelling dictionary, word frequencies, patterns) is counted in that stage, as in
a worker.  ``--nquads DIR`` writes each document's N-Quads there: two trees' outputs
compared with ``diff -r`` show a speed change left the graph as it was.  ``--profile
FILE`` writes a cProfile of the stages (``python -m pstats FILE``).
"""

from __future__ import annotations

import argparse
import cProfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg import iris, nquads, rdf, seeds
from kg.extract import extract
from kg.gazetteer import load_gazetteer
from kg.link import link
from kg.repair import repair
from kg.segment import segment

STAGES = ("repair", "segment", "extract", "link", "rdf", "nquads")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path, help="a seeds folder (manifest.toml and texts)")
    parser.add_argument("--nquads", type=Path, help="write each document's N-Quads here")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the stages here")
    args = parser.parse_args()
    docs = seeds.load(args.seeds)
    gazetteer = load_gazetteer()
    clock = dict.fromkeys(STAGES, 0.0)
    profile = cProfile.Profile() if args.profile else None

    def timed(stage: str, fn: Callable[..., Any], *fn_args: Any) -> Any:
        started = time.process_time()
        if profile is not None:
            profile.enable()
        try:
            return fn(*fn_args)
        finally:
            if profile is not None:
                profile.disable()
            clock[stage] += time.process_time() - started

    if args.nquads:
        args.nquads.mkdir(parents=True, exist_ok=True)
    size = 0
    for doc in docs:
        repaired = timed("repair", repair, doc)
        size += len(repaired.text.encode("utf-8"))
        seg = timed("segment", segment, repaired)
        found = timed("extract", extract, seg, gazetteer)
        linked = timed("link", link, seg, found, gazetteer)
        g = timed("rdf", rdf.document_graph, doc, linked)
        lines, _named = timed("nquads", nquads.statements, g)
        data = timed("nquads", nquads.nquads, lines, iris.graph(doc.doc_id))
        if args.nquads:
            (args.nquads / f"{doc.doc_id}.nq").write_bytes(data)
    mb = size / 1e6
    print(f"{len(docs)} documents, {mb:.2f} MB of repaired text")
    print(f"{'stage':8}  {'CPU s':>6}  {'CPU-s/MB':>8}")
    for stage, seconds in clock.items():
        print(f"{stage:8}  {seconds:6.2f}  {seconds / mb:8.2f}")
    total = sum(clock.values())
    print(f"{'total':8}  {total:6.2f}  {total / mb:8.2f}")
    if profile is not None:
        profile.dump_stats(args.profile)


if __name__ == "__main__":
    main()
