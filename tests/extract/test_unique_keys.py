"""Facts that share a key still get distinct IRIs (kg.extract._unique_keys).

A synthetic document once gave three quotations of the same words starting at the same
offset (nested in different outer quotations): two of them were suffixed ``@<start>`` alike
and their IRI carried two texts, which SHACL refused and the whole build failed.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.extract import _unique_keys
from kg.model import Fact, FactKind, FactRef, Quotation, Span


def quote(start: int, end: int, within: str = "", text: str = "Il ne reste") -> Fact:
    return Quotation(
        key="lenin-il-ne-reste",
        evidence=Span("d", start, end, "x" * (end - start)),
        text=text,
        within=FactRef(FactKind.QUOTATION, within) if within else None,
    )


def test_three_facts_on_one_key_and_offset_get_three_keys() -> None:
    facts = [quote(10, 40, "a"), quote(10, 40, "b"), quote(10, 38, "c"), quote(10, 40, "d")]
    keys = [f.key for f in _unique_keys(facts)]
    assert keys == [
        "lenin-il-ne-reste",
        "lenin-il-ne-reste@10",
        "lenin-il-ne-reste@10-38",
        "lenin-il-ne-reste@10-40",
    ]


def test_exact_repeats_are_dropped() -> None:
    assert len(_unique_keys([quote(10, 40), quote(10, 40)])) == 1


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from("abc"))))
def test_keys_are_unique_and_no_distinct_fact_is_lost(spans: list[tuple[int, int, str]]) -> None:
    facts = [quote(s, s + n, w) for s, n, w in spans]
    out = _unique_keys(facts)
    assert len({f.key for f in out}) == len(out)
    distinct = {(f.evidence, getattr(f, "within", None)) for f in facts}
    assert {(f.evidence, getattr(f, "within", None)) for f in out} == distinct
