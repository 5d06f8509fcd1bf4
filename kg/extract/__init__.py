"""Stage ``extract``: hand-tuned extractors, one module per kind of thing.

Each fact module (``people``, ``bodies``, ``meetings``, ``votes``, …) exposes
``extract(ctx: Context) -> tuple[Fact, ...]`` and is discovered
automatically; patterns live in ``kg/data/patterns/`` and names in the
gazetteer, so extending the extractors is mostly editing data.

:func:`extract` runs the generic passes first (name mentions, dates), then
every fact module on the same :class:`~kg.extract.context.Context`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from kg.extract.context import Context
from kg.extract.dates import find_dates
from kg.extract.mentions import find_mentions
from kg.gazetteer import Gazetteer
from kg.model import Extraction, Fact, SegmentedText

_GENERIC = {"context", "dates", "mentions", "patterns"}

Extractor = Callable[[Context], tuple[Fact, ...]]


@cache
def extractors() -> tuple[tuple[str, Extractor], ...]:
    """The fact extractors, by module name, in a stable order."""
    import kg.extract as package

    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name in _GENERIC or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"kg.extract.{info.name}")
        if hasattr(module, "extract"):
            found.append((info.name, module.extract))
    return tuple(found)


def extract(seg: SegmentedText, gazetteer: Gazetteer) -> Extraction:
    """Everything the document states, as typed records with evidence."""
    mentions = find_mentions(seg, gazetteer)
    dates = find_dates(seg)
    ctx = Context.make(seg, mentions, dates)
    facts: list[Fact] = []
    for _name, run in extractors():
        facts.extend(run(ctx))
    return Extraction(seg.doc_id, ctx.mentions, _unique_keys(facts), dates)


def _unique_keys(facts: list[Fact]) -> tuple[Fact, ...]:
    """One fact per (kind, key): exact repeats are dropped; distinct facts that happen to
    share a key (two quotations opening with the same words) get the offset of their
    evidence appended, so their IRIs differ and stay stable."""
    seen: dict[tuple[type, str], Fact] = {}
    out: list[Fact] = []
    for fact in facts:
        first = seen.get((type(fact), fact.key))
        if first is None:
            seen[(type(fact), fact.key)] = fact
            out.append(fact)
        elif first != fact:
            out.append(replace(fact, key=f"{fact.key}@{fact.evidence.start}"))
    return tuple(out)
