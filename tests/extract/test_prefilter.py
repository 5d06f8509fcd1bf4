"""The literal prefilter never skips a text a rule's regex matches (kg.extract._prefilter)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg import seeds
from kg.extract import load_rules
from kg.extract._prefilter import may_find, needed, screen
from kg.repair import repair
from kg.segment import segment

ROOT = Path(__file__).resolve().parents[2]


@cache
def every_regex() -> tuple[re.Pattern[str], ...]:
    found = []
    for file in load_rules().files.values():
        for rules in file.arrays.values():
            found += [r.regex for r in rules if r.regex is not None]
    return tuple(found)


@cache
def seed_sentences() -> tuple[str, ...]:
    out = []
    for doc in seeds.load(ROOT / "seeds"):
        seg = segment(repair(doc))
        out += [seg.text[s.start : s.end] for p in seg.paragraphs for s in p.sentences]
    return tuple(out)


def test_most_rules_have_a_prefilter() -> None:
    regexes = every_regex()
    assert sum(needed(r) is not None for r in regexes) >= 0.9 * len(regexes)


def test_no_sentence_of_the_seeds_a_rule_matches_is_skipped() -> None:
    skipped = [
        (r.pattern[:60], s[:60])
        for r in every_regex()
        for s in seed_sentences()
        if not may_find(r, s) and r.search(s)
    ]
    assert not skipped


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bse\s+réunit\b", {"réunit"}),
        (r"(?:fut|furent)\s+élus?", {"élu"}),
        (r"par\s+(?P<n>\d+)\s+voix", {"voix"}),  # the longest of the needed runs
        (r"(?:séance|réunion)\s+du", {"séance", "réunion"}),
        (r"(?=voix)\w+", None),  # a lookahead needs nothing of the match itself
        (r"(?:voix)?\s+contre", {"contre"}),  # an optional group needs nothing
        (r"(?i:séance)\s+du", None),  # a case-insensitive group
        (r"\w+\s+\d+", None),
    ],
)
def test_needed_words(pattern: str, words: set[str] | None) -> None:
    found = needed(re.compile(pattern))
    assert (set(found) if found is not None else None) == words


@given(st.sampled_from(every_regex()), st.data())
def test_a_generated_match_is_never_skipped(regex: re.Pattern[str], data: st.DataObject) -> None:
    text = data.draw(st.from_regex(regex, fullmatch=False), label="text")
    assert may_find(regex, text)


def test_a_screen_passes_every_rule_of_its_array_that_matches() -> None:
    for file in load_rules().files.values():
        for rules in file.arrays.values():
            regexes = tuple(r.regex for r in rules if r.regex is not None)
            if not regexes:
                continue
            for s in seed_sentences():
                matching = {i for i, r in enumerate(regexes) if r.search(s)}
                assert matching <= screen(regexes).passing(s), (file.name, s[:60])
