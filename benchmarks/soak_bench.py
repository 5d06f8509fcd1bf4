"""Soak ``kg serve`` with runaway queries, garbage and light requests (issue 11).

Two phases on one real server (seeds graph, answer cache off so every
request reaches a worker):

1. *baseline*: the light clients alone (entity pages, point lookups, small
   queries, and one request in ten garbage: malformed or too deeply nested
   queries, over-long URLs, unknown paths, unacceptable formats);
2. *soak*: the same light clients while 4 more clients send runaway queries
   without pause (one repeats one text; three rename its variables every
   time, so each text is new to the server even with comments ignored, and
   must be told apart from a light query on its own).  Every client
   has its own address (127.0.1.N, 127.0.2.N), as distinct users would.

Reported per phase: light requests/s, p50 and p99 latency, every status
seen, unexpected answers (any 5xx other than a runaway's 504/503, socket
errors, a light request that is not 200), and the resident memory of the
server and all its workers over time.  Targets: with runaways in flight,
light requests keep at least half their throughput, p99 < 1 s, 0 unexpected
5xx, memory bounded.

    .venv/bin/python benchmarks/soak_bench.py --write-results     # about 3 minutes
    .venv/bin/python benchmarks/soak_bench.py --quick             # under 60 s
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_server import (
    Server,
    command_line,
    percentile,
    seeds_store,
    serving,
    write_section,
)
from kg.config import BASE_IRI

LIGHT_CLIENTS, RUNAWAY_CLIENTS = 12, 4
TIMEOUT = 5.0  # kg serve --timeout in this benchmark
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def runaway_text(seed: int, n: int) -> str:
    """The ``n``-th runaway of client ``seed``: client 0 repeats one text, the others never.

    Clients 1-3 rename the variables every time, so each text is new to the
    server even with comments and whitespace ignored (a new *shape*): each
    one must be told apart from a light query on its own.
    """
    if seed == 0:
        return RUNAWAY
    return RUNAWAY.replace("?", f"?v{seed}x{n}_")


JSON = "application/sparql-results+json"
GARBAGE = (
    ("/sparql?" + urlencode({"query": "SELEC * WHERE { ?s ?p ?o"}), JSON),
    ("/sparql?" + urlencode({"query": "ASK " + "{" * 400 + "}" * 400}), JSON),
    ("/sparql?query=" + "a" * 40_000, JSON),
    ("/no/such/thing-here", "text/html"),
    ("/person/lenin", "application/x-unknown"),
    (
        "/sparql?" + urlencode({"query": "SELECT * { SERVICE <http://127.0.0.1:9/> {?s ?p ?o} }"}),
        JSON,
    ),
)


@dataclass
class Phase:
    name: str
    seconds: float
    light: list[float] = field(default_factory=list)  # seconds per light request
    statuses: Counter[str] = field(default_factory=Counter)  # "kind status" -> count
    unexpected: Counter[str] = field(default_factory=Counter)
    rss: list[tuple[float, float]] = field(default_factory=list)  # (t, MiB)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float, expected: set[int]) -> None:
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1
            if status not in expected:
                self.unexpected[f"{kind} {status}"] += 1
            if kind == "light" and status == 200:
                self.light.append(seconds)


def _entities(server: Server) -> list[str]:
    query = (
        "SELECT DISTINCT ?s WHERE { ?s a ?t FILTER(REGEX(STR(?s), "
        f'"^{BASE_IRI}(person|body|place|post)/[^/#]+$")) }} LIMIT 300'
    )
    status, body, _ = server.get("/sparql?" + urlencode({"query": query}), "text/csv")
    rows = body.decode().splitlines()[1:] if status == 200 else []
    return [r.strip() for r in rows if r.strip()] or [BASE_IRI + "person/lenin"]


def _light_request(rng: random.Random, entities: list[str]) -> tuple[str, str, str, set[int]]:
    """(kind, path, accept, expected statuses) of one light or garbage request."""
    if rng.random() < 0.1:
        path, accept = rng.choice(GARBAGE)
        return "garbage", path, accept, {400, 403, 404, 406, 414}
    iri = rng.choice(entities)
    pick = rng.randrange(3)
    if pick == 0:
        return "light", "/" + iri[len(BASE_IRI) :], "text/html", {200}
    if pick == 1:
        query = f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} LIMIT 50"
    else:
        query = f"ASK {{ <{iri}> ?p ?o }} # {rng.randrange(10**6)}"
    return "light", "/sparql?" + urlencode({"query": query}), JSON, {200}


def run_phase(server: Server, phase: Phase, entities: list[str], runaways: int) -> None:
    stop = time.monotonic() + phase.seconds
    started = time.monotonic()

    def light(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop:
            kind, path, accept, expected = _light_request(rng, entities)
            status, _, seconds = server.get(path, accept, 60, f"127.0.1.{seed + 1}")
            phase.record(kind, status, seconds, expected)

    def runaway(seed: int) -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            text = runaway_text(seed, n)
            target = "/sparql?" + urlencode({"query": text})
            status, _, seconds = server.get(target, JSON, 90, f"127.0.2.{seed + 1}")
            phase.record("runaway", status, seconds, {503, 504})

    def memory() -> None:
        while time.monotonic() < stop:
            phase.rss.append((time.monotonic() - started, server.rss_mib()))
            time.sleep(1.0)

    threads = [threading.Thread(target=light, args=(i,)) for i in range(LIGHT_CLIENTS)]
    threads += [threading.Thread(target=runaway, args=(i,)) for i in range(runaways)]
    threads.append(threading.Thread(target=memory))
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def render(phases: list[Phase], store: str) -> str:
    base, soak = phases
    lines = [
        f"Command: `{command_line()}` (linux, 2 cores shared with other jobs)",
        "",
        f"Store: {store}; `kg serve --workers 2 --light-workers 2 --timeout {TIMEOUT:g} "
        "--cache-size 0`; "
        f"{LIGHT_CLIENTS} light clients (entity pages, point SELECTs, ASKs; 1 request in 10 "
        f"garbage), plus {RUNAWAY_CLIENTS} runaway clients in the soak phase "
        f"({LIGHT_CLIENTS + RUNAWAY_CLIENTS} clients, each from its own 127.x address); "
        "each client waits for its answer.",
        "",
        "| phase | seconds | light req/s | light p50 ms | light p99 ms | light max ms | "
        "unexpected | RSS MiB (start / max / end) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in phases:
        mib = [m for _, m in p.rss] or [0.0]
        lines.append(
            f"| {p.name} | {p.seconds:g} | {len(p.light) / p.seconds:.1f} | "
            f"{percentile(p.light, 0.5) * 1000:.0f} | {percentile(p.light, 0.99) * 1000:.0f} | "
            f"{max(p.light, default=0) * 1000:.0f} | {sum(p.unexpected.values())} | {mib[0]:.0f} / {max(mib):.0f} / {mib[-1]:.0f} |"
        )
    lines += ["", "Statuses seen:", ""]
    for p in phases:
        seen = ", ".join(f"{k}: {v}" for k, v in sorted(p.statuses.items()))
        odd = ", ".join(f"{k}: {v}" for k, v in sorted(p.unexpected.items())) or "none"
        lines.append(f"- {p.name}: {seen}; unexpected: {odd}")
    ratio = len(soak.light) / soak.seconds / max(1e-9, len(base.light) / base.seconds)
    p99 = percentile(soak.light, 0.99)
    five = sum(v for k, v in soak.unexpected.items() if k.split()[1].startswith("5"))
    five += sum(v for k, v in base.unexpected.items() if k.split()[1].startswith("5"))
    rss = [m for p in phases for _, m in p.rss] or [0.0]
    steps = max(1, len(soak.rss) // 8)
    series = ", ".join(f"{t:.0f} s: {m:.0f}" for t, m in soak.rss[::steps])
    lines += [
        "",
        f"RSS over the soak (all processes, MiB): {series}.",
        "",
        f"With runaways in flight, light requests keep {ratio:.0%} of their throughput "
        f"(target ≥ 50%: {'met' if ratio >= 0.5 else 'NOT met'}), p99 {p99 * 1000:.0f} ms "
        f"(target < 1000 ms: {'met' if p99 < 1 else 'NOT met'}), {five} unexpected 5xx "
        f"(target 0: {'met' if five == 0 else 'NOT met'}), RSS at most {max(rss):.0f} MiB.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a built store (default: build the seeds)")
    parser.add_argument("--baseline", type=float, default=30.0, help="seconds without runaways")
    parser.add_argument("--seconds", type=float, default=150.0, help="seconds with runaways")
    parser.add_argument("--quick", action="store_true", help="5 s + 20 s: under a minute")
    parser.add_argument("--write-results", action="store_true", help="update RESULTS.md")
    ns = parser.parse_args(argv)
    if ns.quick:
        ns.baseline, ns.seconds = 5.0, 20.0
    with tempfile.TemporaryDirectory() as tmp:
        store = ns.store or seeds_store(Path(tmp))
        args = ("--workers", "2", "--light-workers", "2", "--timeout", str(TIMEOUT))
        with serving(store, *args, "--cache-size", "0", env={"KG_CACHE": tmp}) as server:
            entities = _entities(server)
            phases = [Phase("baseline", ns.baseline), Phase("soak (runaways)", ns.seconds)]
            run_phase(server, phases[0], entities, 0)
            run_phase(server, phases[1], entities, RUNAWAY_CLIENTS)
    name = "seeds graph (`kg build`)" if ns.store is None else f"`{ns.store}`"
    report = render(phases, f"{name}, {len(entities)} entities asked for")
    print(report)
    if ns.write_results:
        write_section(
            "kg serve soak", "kg serve soak: runaways, garbage and light requests", report
        )
    return 1 if any(p.unexpected for p in phases) else 0


if __name__ == "__main__":
    sys.exit(main())
