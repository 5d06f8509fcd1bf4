"""Extraction speed of this checkout against an older commit, in one run, per MB of text.

    .venv/bin/python benchmarks/extract_compare.py --baseline c2e1500 --documents 20 --rounds 3

The baseline commit is checked out into a temporary git worktree; both trees then time
``kg.extract.extract`` alone (repair and segment done once, outside the timing) on the
same corpus: the seeds plus ``--documents`` synthetic documents (``benchmarks/synth.py``).
Each round runs the two trees one after the other in fresh processes (alternating which
goes first) and keeps, per tree, the best time of each document over the rounds, so the
ratio compares the two codes under the same machine load.  ``--write-results`` replaces
the section between ``<!-- extract-compare BASELINE: begin -->`` and ``… end -->`` in
``benchmarks/RESULTS.md`` (one section per baseline: ``c2e1500``, where issue 10 was
measured; ``a85dcc2``, the code before the pass-graph restructuring of issue 9).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"

# Run inside one tree (its own ``kg`` package first on sys.path): time every document.
_TIMER = r"""
import inspect, json, sys, time
from pathlib import Path
from kg import extract as stage, seeds
from kg.gazetteer import load_gazetteer
from kg.repair import repair
from kg.segment import segment
import kg
assert Path(kg.__file__).resolve().is_relative_to(Path(sys.argv[2]).resolve()), kg.__file__
gazetteer = load_gazetteer()
docs = [segment(repair(d)) for d in seeds.load(Path(sys.argv[1]))]
extra = (stage.load_rules(),) if "rules" in inspect.signature(stage.extract).parameters else ()
stage.extract(docs[0], gazetteer, *extra)  # warm the pattern caches
out = {}
for seg in docs:
    t = time.perf_counter()
    stage.extract(seg, gazetteer, *extra)
    out[seg.doc_id] = [time.perf_counter() - t, len(seg.text.encode("utf-8"))]
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="c2e1500", help="commit to compare against")
    parser.add_argument("--documents", type=int, default=20, help="synthetic documents")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-extract-compare-") as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline],
            check=True,
            capture_output=True,
        )
        try:
            corpus = _corpus(Path(tmp) / "seeds", args.documents)
            best: dict[str, dict[str, list[float]]] = {"baseline": {}, "current": {}}
            trees = [("baseline", base), ("current", ROOT)]
            for r in range(args.rounds):
                for name, tree in trees if r % 2 == 0 else trees[::-1]:
                    for doc, (secs, size) in _time_tree(tree, corpus).items():
                        old = best[name].get(doc)
                        best[name][doc] = [min(secs, old[0]) if old else secs, size]
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                check=False,
                capture_output=True,
            )
    table = _table(best, args)
    print(table)
    if args.write_results:
        _write(table, args.baseline)


def _corpus(out: Path, documents: int) -> Path:
    """The seeds and ``documents`` synthetic documents, in one seeds folder."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth  # a sibling script, not a package

    synth.write_corpus(out, documents)
    manifest = (out / "manifest.toml").read_text(encoding="utf-8")
    seeds_manifest = (ROOT / "seeds" / "manifest.toml").read_text(encoding="utf-8")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        (out / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (out / "manifest.toml").write_text(seeds_manifest + "\n" + manifest, encoding="utf-8")
    return out


def _time_tree(tree: Path, corpus: Path) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, str(corpus), str(tree)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tree,
    )
    result: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _table(best: dict[str, dict[str, list[float]]], args: argparse.Namespace) -> str:
    def per(name: str, seeds_only: bool | None) -> tuple[float, float]:
        rows = [
            v for d, v in best[name].items() if seeds_only is None or d[:3].isdigit() == seeds_only
        ]
        secs, size = sum(r[0] for r in rows), sum(r[1] for r in rows) / 1e6
        return secs, size

    lines = [
        f"Command: `python benchmarks/extract_compare.py --baseline {args.baseline} "
        f"--documents {args.documents} --rounds {args.rounds} --write-results` "
        f"({time.strftime('%Y-%m-%d')}, {platform.system().lower()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; best of {args.rounds} rounds per document, "
        "the two trees alternating)",
        "",
        "| corpus | MB | baseline s | current s | baseline s/MB | current s/MB | current / baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, which in (("seeds", True), ("synthetic", False), ("all", None)):
        b_secs, size = per("baseline", which)
        c_secs, _ = per("current", which)
        if not size:
            continue
        lines.append(
            f"| {label} | {size:.3f} | {b_secs:.2f} | {c_secs:.2f} | {b_secs / size:.1f} | "
            f"{c_secs / size:.1f} | {c_secs / b_secs:.2f} |"
        )
    return "\n".join(lines)


def _write(table: str, baseline: str) -> None:
    text = RESULTS.read_text(encoding="utf-8")
    begin = f"<!-- extract-compare {baseline}: begin -->"
    end = f"<!-- extract-compare {baseline}: end -->"
    section = f"{begin}\n\n{table}\n\n{end}"
    if begin in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text += (
            f"\n## Extraction speed against {baseline}\n\n"
            "Extraction alone (`kg.extract.extract`), this checkout against that commit, "
            "same corpus, same run.\n\n" + section + "\n"
        )
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
