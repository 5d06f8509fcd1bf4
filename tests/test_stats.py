from __future__ import annotations

from pathlib import Path

from kg import store
from kg.stats import render, stats


def test_stats_of_the_built_store(built_store: Path) -> None:
    s = stats(store.open_read_only(built_store))
    kinds = {k: (a, w) for k, a, w in s.entities}
    assert set(kinds) == {"body", "person", "place", "post", "work"}
    assert kinds["person"][1] >= 8  # Lenin, Krupskaya, Trotsky, Stalin, …
    facts = dict(s.facts)
    for cls in (
        "org:Membership",
        "opengov:VoteEvent",
        "okg:Appointment",
        "schema:Quotation",
        "cito:Citation",
        "okg:Meeting",
        "okg:DateMention",
        "okg:NameMention",
    ):
        assert facts.get(cls, 0) > 0, cls
    assert s.evidence >= sum(n for c, n in s.facts if c == "okg:NameMention")
    assert "unlinked" in render(s)


def test_stats_queries_have_no_escaped_local_names() -> None:
    from kg import stats as module

    for name in ("_GRAPHS", "_ENTITIES", "_FACTS", "_EVIDENCE"):
        assert "\\/" not in getattr(module, name), name
