"""The seeds' graph is exactly the golden one: refactoring must not change output.

A failure prints only the triples that differ (graph by graph, via
:func:`rdflib.compare.graph_diff`).  When a change is intended, regenerate with
``pytest tests/golden --update-golden`` (or ``python -m tests.golden.regen``)
and say why in the commit message.
"""

from __future__ import annotations

import pytest
from rdflib.compare import graph_diff, to_isomorphic

from tests.golden.graph import GOLDEN, canonical, graph_names, load


def _diff(expected: bytes, actual: bytes, limit: int = 60) -> str:
    want, got = load(expected), load(actual)
    report: list[str] = []
    for name in sorted(graph_names(want) | graph_names(got)):
        _both, missing, extra = graph_diff(
            to_isomorphic(want.graph(name)), to_isomorphic(got.graph(name))
        )
        rows = [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(missing)]
        rows += [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(extra)]
        if rows:
            report.append(f"graph <{name}>: {len(missing)} missing (-), {len(extra)} extra (+)")
            report.extend(
                rows[:limit] + ([f"… {len(rows) - limit} more"] if len(rows) > limit else [])
            )
    return "\n".join(report) or "same triples, different bytes (serialisation or order)"


def test_seeds_graph_is_golden(request: pytest.FixtureRequest) -> None:
    actual = canonical()
    if request.config.getoption("--update-golden"):
        GOLDEN.write_bytes(actual)
        pytest.skip(f"rewrote {GOLDEN.name}")
    assert GOLDEN.exists(), "no golden file: run `python -m tests.golden.regen`"
    expected = GOLDEN.read_bytes()
    if actual != expected:
        pytest.fail(
            "the seeds' graph differs from tests/golden/seeds.nq:\n" + _diff(expected, actual)
        )
