"""Latency of every page kind of ``kg serve`` on the seeds graph (issue 13: < 200 ms each).

Builds the seeds into a temporary store (or takes ``--store``), starts a real
server with the answer cache off (``--cache-size 0``: every request is
rendered by a worker) and an empty text cache (``KG_CACHE`` in a temporary
folder, so the document texts are prepared from scratch when the workers
start), then asks each page ``--repeat`` times, one at a time.  Reports the
first request of each page (right after start) and the median and p95 of
the rest.

    .venv/bin/python benchmarks/page_bench.py --write-results
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_server import (
    command_line,
    percentile,
    seeds_store,
    serving,
    write_section,
)

TARGET_MS = 200.0
PAGES = (
    ("home", "/", "text/html"),
    ("browse index", "/browse", "text/html"),
    *(
        (f"browse {kind}", f"/browse/{kind}", "text/html")
        for kind in (
            "people",
            "bodies",
            "meetings",
            "documents",
            "quotations",
            "decrees",
            "works",
            "places",
        )
    ),
    ("timeline", "/timeline", "text/html"),
    ("timeline data", "/timeline.json", "application/json"),
    ("network", "/network", "text/html"),
    ("network data", "/network.json", "application/json"),
    ("query page", "/query", "text/html"),
    ("dataset", "/dataset", "text/turtle"),
    ("dataset page", "/dataset", "text/html"),
    ("person (Lenin)", "/person/lenin", "text/html"),
    ("person as Turtle", "/person/lenin", "text/turtle"),
    ("body", "/body/petrograd-soviet", "text/html"),
    ("post", "/post/peoples-commissar", "text/html"),
    ("place", "/place/alexandrinsky-theatre", "text/html"),
    ("day", "/day/1917-10-21", "text/html"),
    ("document 000", "/doc/000_429393bbd9028836", "text/html"),
    ("document 003", "/doc/003_2d74070e7dd118d0", "text/html"),
)


def measure(store: Path, repeat: int) -> list[tuple[str, str, int, float, float, float]]:
    """(name, path, status, first ms, median ms, p95 ms) per page."""
    rows = []
    with (
        tempfile.TemporaryDirectory() as cache,
        serving(store, "--cache-size", "0", env={"KG_CACHE": cache}) as server,
    ):
        for name, path, accept in PAGES:
            status, _, first = server.get(path, accept)
            times = [server.get(path, accept)[2] * 1000 for _ in range(repeat)]
            rows.append(
                (
                    name,
                    path,
                    status,
                    first * 1000,
                    statistics.median(times),
                    percentile(times, 0.95),
                )
            )
    return rows


def render(rows: list[tuple[str, str, int, float, float, float]], repeat: int) -> str:
    worst = max(r[5] for r in rows)
    lines = [
        f"Command: `{command_line()}` (linux, 2 cores shared with other jobs)",
        "",
        "Seeds graph (`kg build` of `seeds/`), `kg serve --cache-size 0` (every request "
        "rendered by a worker), text cache empty at start; one client, sequential; "
        f"first request right after start, then {repeat} more for the median and p95. "
        f"Target: every page < {TARGET_MS:.0f} ms.",
        "",
        "| page | path | status | first ms | median ms | p95 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| {n} | `{p}` | {s} | {f:.1f} | {m:.1f} | {q:.1f} |" for n, p, s, f, m, q in rows]
    slow = [r[0] for r in rows if r[5] >= TARGET_MS]
    first = [f"{r[0]} ({r[3]:.0f} ms)" for r in rows if r[3] >= TARGET_MS]
    lines += [
        "",
        f"Worst p95: {worst:.1f} ms; "
        + (
            f"p95 over {TARGET_MS:.0f} ms: {', '.join(slow)}."
            if slow
            else "every p95 under target."
        )
        + (
            f" First request over {TARGET_MS:.0f} ms: {', '.join(first)}"
            " (rendered once per store generation, then kept in `$KG_CACHE/pages`)."
            if first
            else " Every first request under target."
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a built store (default: build the seeds)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page after the first")
    parser.add_argument("--write-results", action="store_true", help="update RESULTS.md")
    ns = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = ns.store or seeds_store(Path(tmp))
        rows = measure(store, ns.repeat)
    report = render(rows, ns.repeat)
    print(report)
    if ns.write_results:
        write_section("kg serve pages", "kg serve page latency (seeds graph)", report)
    bad = [r for r in rows if r[2] != 200]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
