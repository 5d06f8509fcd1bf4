"""How fast is ``kg build`` from two documents to thousands?  Writes RESULTS.md's "Build at scale".

Run: ``.venv/bin/python benchmarks/build_bench.py [--sizes 2,200,2000] [--write-results]``

For every corpus size (2 = the real seeds; more = ``benchmarks/synth.py``)
and every ``--jobs`` value, one ``kg build`` runs in a fresh process (with a
fresh cache) while this process samples the resident memory of its whole
process tree (``/proc``, Linux).  Reported: wall time per stage, MB of source
text per second end to end, triples loaded per second, peak memory; then on
the same N-Quads ``oxigraph load`` (the Rust CLI); then the rebuild of the
unchanged corpus and of the corpus with one document edited; and, with
``--validation-study N``, SHACL validation per document (with the shared
entities each references, or with the whole gazetteer) against one
validation of the whole graph, on the first N documents.
Work files go to ``benchmarks/out/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
BEGIN, END = "<!-- build: begin -->", "<!-- build: end -->"
STAGES = {
    "repair+segment": ("repair", "segment"),
    "extract+link": ("extract", "link"),
    "rdf (+N-Quads)": ("rdf", "serialize"),
    "validate": ("validate",),
}

# ---------------------------------------------------------------- one build, in its own process

_RUNNER = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from kg.pipeline import build
imported = time.perf_counter() - t0
cache = None if sys.argv[4] == "-" else Path(sys.argv[4])
r = build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=int(sys.argv[3]), cache_dir=cache)
print(json.dumps({"import": imported, "seconds": r.seconds, "phases": r.phases,
                  "reused": len(r.reused), "up_to_date": r.up_to_date,
                  "triples": sum(d.triples for d in r.documents) + r.shared_triples,
                  "stages": [d.seconds for d in r.documents]}))
"""


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run_build(corpus: Path, store: Path, jobs: int, cache: Path | None) -> dict:
    """One ``build`` in a fresh interpreter: its report, wall time and peak tree RSS."""
    cmd = [sys.executable, "-c", _RUNNER, str(corpus), str(store), str(jobs), str(cache or "-")]
    started, cpu0 = time.perf_counter(), _children_cpu()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"build failed ({corpus}, jobs={jobs}):\n{err.decode()[-3000:]}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    cpu = _children_cpu() - cpu0
    result.update(wall=wall, cpu=cpu, peak_rss=peak[0], jobs=jobs, load=os.getloadavg()[0])
    return result


def _children_cpu() -> float:
    """User + system seconds of every finished child process (and of theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- corpora and comparisons


def corpus(size: int) -> tuple[Path, int]:
    """The seeds (size 2) or a synthetic corpus of ``size`` documents; and its bytes."""
    if size == 2:
        path = ROOT / "seeds"
    else:
        path = OUT / f"corpus-{size}"
        if not (path / "manifest.toml").is_file():
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from synth import write_corpus

            shutil.rmtree(path, ignore_errors=True)
            write_corpus(path, size)
    files = [p for p in path.iterdir() if p.suffix == ".txt"]
    return path, sum(p.stat().st_size for p in files)


def oxigraph_load(cache: Path) -> tuple[float, int]:
    """``oxigraph load`` of the same N-Quads the build loaded (concatenated): seconds, bytes."""
    data = OUT / "all.nq"
    with data.open("wb") as out:
        for part in (
            *sorted((cache / "shared").glob("*.nq")),
            *sorted((cache / "docs").glob("*.nq")),
        ):
            out.write(part.read_bytes())
    location = OUT / "oxigraph-load"
    shutil.rmtree(location, ignore_errors=True)
    t = time.perf_counter()
    subprocess.run(
        [str(OXIGRAPH), "load", "--location", str(location), "--file", str(data)],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - t
    size = data.stat().st_size
    shutil.rmtree(location, ignore_errors=True)
    data.unlink()
    return seconds, size


def edit_one(corpus_dir: Path) -> Path:
    """A copy of the corpus with one sentence added to its first document."""
    copy = OUT / f"{corpus_dir.name}-edited"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(corpus_dir, copy)
    first = sorted(p for p in copy.iterdir() if p.suffix == ".txt")[0]
    first.write_text(
        first.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8"
    )
    return copy


def validation_study(corpus_dir: Path, n: int) -> dict[str, float]:
    """Seconds to validate n documents one by one (with referenced entities or the whole
    gazetteer) and all at once."""
    sys.path.insert(0, str(ROOT))
    from kg import rdf, seeds
    from kg.gazetteer import load_gazetteer
    from kg.pipeline import analyse
    from kg.validate import validate

    gazetteer = load_gazetteer()
    shared = rdf.gazetteer_graph(gazetteer.entities)
    graphs = [rdf.document_graph(d, analyse(d, gazetteer)) for d in seeds.load(corpus_dir)[:n]]
    validate(graphs[0], shared=shared)  # parse the SPARQL constraints once, as every worker does
    out: dict[str, float] = {"documents": len(graphs), "triples": sum(len(g) for g in graphs)}
    t = time.perf_counter()
    assert all(validate(g, shared=shared).conforms for g in graphs)
    out["per document + referenced entities"] = time.perf_counter() - t
    t = time.perf_counter()
    assert all(validate(g + shared).conforms for g in graphs)
    out["per document + whole gazetteer"] = time.perf_counter() - t
    whole = rdf.new_graph()
    for g in (*graphs, shared):
        whole += g
    t = time.perf_counter()
    assert validate(whole).conforms
    out["whole graph at once"] = time.perf_counter() - t
    return out


# ---------------------------------------------------------------- report


def measure(sizes: list[int], jobs_list: list[int], jobs_max_only_above: int) -> list[dict]:
    rows = []
    for size in sizes:
        corpus_dir, size_bytes = corpus(size)
        for jobs in jobs_list:
            if size > jobs_max_only_above and jobs != max(jobs_list):
                continue
            cache, store = OUT / f"cache-{size}-j{jobs}", OUT / f"store-{size}-j{jobs}"
            shutil.rmtree(cache, ignore_errors=True)
            print(
                f"building {size} documents ({size_bytes / 1e6:.1f} MB), jobs={jobs} …", flush=True
            )
            row = run_build(corpus_dir, store, jobs, cache)
            row.update(size=size, bytes=size_bytes)
            row["oxigraph_load"], row["nquads_bytes"] = oxigraph_load(cache)
            row["rebuild"] = run_build(corpus_dir, store, jobs, cache)
            row["edited"] = run_build(
                edit_one(corpus_dir), OUT / f"store-{size}-edited", jobs, cache
            )
            print(
                json.dumps({k: v for k, v in row.items() if k != "stages"}, default=str), flush=True
            )
            rows.append(row)
    return rows


def stage_walls(row: dict) -> dict[str, float]:
    """Wall seconds per stage: the documents phase shared out by the stages' worker seconds."""
    sums: Counter[str] = Counter()
    for seconds in row["stages"]:
        sums.update(seconds)
    total = sum(sums.values()) or 1.0
    docs_wall = row["phases"].get("documents", 0.0)
    walls = {"load": row["phases"].get("load", 0.0)}
    for name, parts in STAGES.items():
        walls[name] = docs_wall * sum(sums[p] for p in parts) / total
    walls["shared graphs"] = row["phases"].get("shared", 0.0)
    walls["store load"] = row["phases"].get("store", 0.0)
    return walls


def render(rows: list[dict], study: dict | None, command: str) -> str:
    lines = [
        f"Command: `{command}` ({time.strftime('%Y-%m-%d')}, {platform.system().lower()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average before the "
        f"run {os.getloadavg()[0]:.1f})",
        "",
    ]
    head = [
        "documents",
        "MB",
        "jobs",
        *stage_walls(rows[0]),
        "build s",
        "process s",
        "CPU s",
        "load avg",
        "MB/s",
        "triples",
        "triples/s loaded",
        "peak RSS MB",
    ]
    lines += ["| " + " | ".join(head) + " |", "|" + " ---: |" * len(head)]
    for r in rows:
        walls = stage_walls(r)
        cells = [
            r["size"],
            f"{r['bytes'] / 1e6:.2f}",
            r["jobs"],
            *(f"{w:.2f}" for w in walls.values()),
            f"{r['seconds']:.1f}",
            f"{r['wall']:.1f}",
            f"{r['cpu']:.1f}",
            f"{r['load']:.1f}",
            f"{r['bytes'] / 1e6 / r['wall']:.3f}",
            r["triples"],
            f"{r['triples'] / max(walls['store load'], 1e-9):,.0f}",
            f"{r['peak_rss'] / 2**20:.0f}",
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    lines += [
        "",
        "Stage columns are wall seconds (the parallel documents phase shared out by the "
        "stages' worker seconds); *build s* is `BuildReport.seconds`, *process s* the whole "
        "`kg build` process (start-up and imports included), which MB/s uses; *CPU s* the "
        "user + system time of its whole process tree; *load avg* the machine's 1-minute load "
        "average at the end of the run (other work shared the 2 cores).",
        "",
    ]
    lines += _comparisons(rows)
    if study:
        lines += [
            "",
            f"SHACL validation of {study['documents']} documents ({study['triples']} "
            "triples), one process:",
            "",
            "| how | seconds | triples/s |",
            "| --- | ---: | ---: |",
        ]
        for how in (
            "per document + referenced entities",
            "per document + whole gazetteer",
            "whole graph at once",
        ):
            lines.append(f"| {how} | {study[how]:.1f} | {study['triples'] / study[how]:,.0f} |")
    return "\n".join(lines) + "\n"


def _comparisons(rows: list[dict]) -> list[str]:
    out = [
        "| documents | jobs | store load s | `oxigraph load` s | ratio"
        " | unchanged rebuild: build s / process s | one document edited: process s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        store = r["phases"].get("store", 0.0)
        out.append(
            f"| {r['size']} | {r['jobs']} | {store:.2f} | {r['oxigraph_load']:.2f} | "
            f"{store / r['oxigraph_load']:.2f} | {r['rebuild']['seconds']:.3f} / "
            f"{r['rebuild']['wall']:.2f} | {r['edited']['wall']:.1f} |"
        )
    by = {(r["size"], r["jobs"]): r for r in rows}
    notes = []
    for (size, jobs), r in sorted(by.items()):
        if jobs > 1 and (size, 1) in by:
            notes.append(
                f"- jobs={jobs} vs jobs=1 at {size} documents: "
                f"{by[(size, 1)]['wall'] / r['wall']:.2f}x faster"
            )
    sizes = sorted({s for s, _ in by})
    for small, big in itertools.pairwise(sizes):
        for jobs in sorted({j for _, j in by}):
            if (small, jobs) in by and (big, jobs) in by and small > 2:
                ratio = by[(big, jobs)]["wall"] / by[(small, jobs)]["wall"]
                notes.append(
                    f"- time at {big} / time at {small} documents (jobs={jobs}): "
                    f"{ratio:.1f} (linear = {big / small:.0f})"
                )
    return [*out, "", *notes]


def write_section(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    section = f"## Build at scale\n{BEGIN}\n\n{text}\n{END}\n"
    if BEGIN in current and END in current:
        start = (
            current.index("## Build at scale")
            if "## Build at scale" in current
            else current.index(BEGIN)
        )
        end = current.index(END) + len(END) + 1
        current = current[:start] + section + current[end:]
    else:
        current = current.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,200,2000")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument(
        "--all-jobs-up-to",
        type=int,
        default=200,
        help="above this many documents, run only the largest --jobs value",
    )
    parser.add_argument("--validation-study", type=int, default=0, metavar="N")
    parser.add_argument("--write-results", action="store_true")
    ns = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = measure(
        [int(s) for s in ns.sizes.split(",")],
        [int(j) for j in ns.jobs.split(",")],
        ns.all_jobs_up_to,
    )
    study = None
    if ns.validation_study:
        study = validation_study(
            corpus(max(int(s) for s in ns.sizes.split(",")))[0], ns.validation_study
        )
    (OUT / "build_bench.json").write_text(json.dumps({"rows": rows, "study": study}, default=str))
    text = render(rows, study, "python benchmarks/build_bench.py " + " ".join(sys.argv[1:]))
    print(text)
    if ns.write_results:
        write_section(text)


if __name__ == "__main__":
    main()
