"""Extraction time on the seeds, one process: repair and segment once, then time
``kg.extract.extract`` alone (best of ``--repeat`` runs per document).

    .venv/bin/python benchmarks/extract_bench.py --repeat 5
"""

from __future__ import annotations

import argparse
import inspect
import time
from pathlib import Path

from kg import extract as extract_stage
from kg import seeds
from kg.gazetteer import load_gazetteer
from kg.repair import repair
from kg.segment import segment

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gazetteer = load_gazetteer()
    segmented = [segment(repair(doc)) for doc in seeds.load(ROOT / "seeds")]
    takes_rules = "rules" in inspect.signature(extract_stage.extract).parameters
    extra = (extract_stage.load_rules(),) if takes_rules else ()  # type: ignore[attr-defined]
    extract_stage.extract(segmented[0], gazetteer, *extra)  # warm the caches (patterns, regexes)
    total = 0.0
    for seg in segmented:
        best = min(
            _timed(extract_stage.extract, seg, gazetteer, *extra) for _ in range(args.repeat)
        )
        total += best
        print(f"{seg.doc_id}: {best * 1000:.0f} ms")
    print(f"seeds: {total * 1000:.0f} ms (best of {args.repeat} per document)")


def _timed(run, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    run(*args)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
