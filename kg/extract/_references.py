"""Helpers of :mod:`~kg.extract.citations`: the title of a reference as printed, and the
references printed inline in the running text.

Both read ``[printed_title]`` and ``inline`` of ``kg/data/patterns/citations.toml``
(compiled by :mod:`kg.extract.rules`).  Nothing here raises on text.

>>> from kg.extract.rules import load_rules
>>> rules = load_rules()["citations"]
>>> printed_title(rules, "P. Durand, Les Soviets et la ville, Paris, 1961, p. 88.")
'Les Soviets et la ville'
>>> printed_title(rules, "Lettre du 2 mai ; voir Lénine, Œuvres complètes, 5e éd., t. 35, p. 3.")
'Œuvres complètes'
"""

from __future__ import annotations

from typing import Any

from kg.extract.rules import RuleFile

_QUOTES = " \t«»\"“”'’.;:"


def reference_start(rules: RuleFile, body: str) -> int:
    """Where the reference proper starts in a note: after its last "voir" (the note's own
    date or comment before it is not the imprint), else 0."""
    leads = list(rules["printed_title"]["lead"].finditer(body))
    return leads[-1].end() if leads else 0


def printed_title(rules: RuleFile, body: str) -> str:
    """The title a reference prints (the part before its first locator), or ``""``."""
    rx = rules["printed_title"]
    lead = reference_start(rules, body)
    text = body[lead:]
    parts = [p.strip() for p in rx["separators"].split(text) if p and p.strip()]
    first = next((i for i, p in enumerate(parts) if _locates(rx, parts, i)), None)
    if first is None:
        first = len(parts) if lead else 0
    if first == 0 or (first < len(parts) and parts[first].startswith("in ")):
        return ""  # a part printed "in" a periodical: the periodical is named, not a title
    title: str = rx["intro"].sub("", parts[first - 1], count=1).strip(_QUOTES)
    if not title or rx["author"].match(title) or not title[0].isupper():
        return ""
    return title


def _locates(rx: dict[str, Any], parts: list[str], i: int) -> bool:
    """Is ``parts[i]`` a locator (volume, pages, edition, year, publisher, a place before one)?"""
    if any(loc.match(parts[i]) for loc in rx["locators"]):
        return True
    return (
        i + 1 < len(parts)
        and bool(rx["place"].match(parts[i]))
        and any(loc.match(parts[i + 1]) for loc in rx["locators"])
        and i > 0
    )


def inline_spans(rules: RuleFile, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the references printed inline in ``text[start:end]`` (no overlaps)."""
    found: list[tuple[int, int]] = []
    for rx in rules["inline"]:
        for m in rx.finditer(text, start, end):
            span = m.span("ref")
            if not any(s < span[1] and span[0] < e for s, e in found):
                found.append(span)
    return sorted(found)
