"""Stage ``extract``: an explicit sequence of passes over one document.

:func:`extract` is the composition root: it runs the passes below in this
order, each taking what it needs and returning typed records (or filling one
field of the :class:`~kg.extract.context.Context` the later passes read).
Rules are data (``kg/data/patterns/*.toml``, loaded and checked by
:mod:`kg.extract.rules`); names come from the gazetteer the caller passes.

==============  ==========================================  =============================
pass            function                                    gives
==============  ==========================================  =============================
mentions        :func:`~kg.extract.mentions.find_mentions`  every gazetteer name
resolution      :meth:`~kg.extract.resolution.Resolution.of` the majority rule for ``a|b``
dates           :func:`~kg.extract.dates.find_dates`        every calendar day
context         :meth:`~kg.extract.context.Context.make`    what every pass reads
clock           :func:`~kg.extract._narrative.narrative_clock`, ``contextual_bodies``
                                                            the narrative's days; body forms
candidates      :func:`kg.extract.candidates.extract`       names the gazetteer lacks
                                                            (``ctx.candidates``, ``ctx.names_in``)
names           :func:`kg.extract.people.extract`           typed name usages
bodies          :func:`kg.extract.bodies.extract`           memberships, relations
meetings        :func:`kg.extract.meetings.sittings`        meetings (``ctx.sittings``)
decisions       :func:`kg.extract.votes.extract`            votes, delegates, walkouts
implied         :func:`kg.extract.meetings.implied`         sittings implied by decisions
                                                            (a body decides in session);
                                                            the decisions linked to them
appointments    :func:`kg.extract.appointments.extract`     appointments, resignations
references      :func:`kg.extract.citations.references`     footnote references
documents       :func:`kg.extract.documents.extract`        decrees, letters, …
quotations      :func:`kg.extract.quotations.extract`       quotations
speech          :func:`kg.extract.speech.extract`           reported speech
citations       :func:`kg.extract.citations.extract`        citations, linked
==============  ==========================================  =============================

``implied`` runs after ``decisions`` because it reads them, and before nothing
that needs it: the sittings it adds are not in ``ctx.sittings`` (the later passes
see only the sittings the text narrates).

Fact modules import only shared helpers (``_narrative``, ``_names``,
``_posts``, ``_works``, ``context``, ``rules``), never each other.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

from kg.extract import (
    appointments,
    bodies,
    candidates,
    citations,
    documents,
    meetings,
    people,
    quotations,
    speech,
    votes,
)
from kg.extract._narrative import contextual_bodies, narrative_clock
from kg.extract.context import Context
from kg.extract.dates import find_dates
from kg.extract.mentions import find_mentions
from kg.extract.resolution import Resolution
from kg.extract.rules import Rules, load_rules
from kg.gazetteer import Gazetteer
from kg.model import Extraction, Fact, SegmentedText

__all__ = ["Context", "extract", "load_rules", "prepare"]


def prepare(segmented: SegmentedText, gazetteer: Gazetteer, rules: Rules | None = None) -> Context:
    """The passes every fact pass reads: mentions → resolution → dates → context → clock →
    candidates → meetings → references.  (Tests of one fact pass start here.)"""
    rules = rules if rules is not None else load_rules()
    mentions = find_mentions(segmented, gazetteer)
    resolution = Resolution.of(mentions)
    dates = find_dates(segmented, rules)
    ctx = Context.make(segmented, mentions, dates, gazetteer, rules, resolution)
    ctx = ctx.with_(clock=narrative_clock(ctx))
    ctx = ctx.with_(body_forms=contextual_bodies(ctx))
    # every name the gazetteer lacks, before the relations that may name one
    ctx = ctx.with_(candidates=candidates.extract(ctx))
    ctx = ctx.with_(sittings=meetings.sittings(ctx))
    return ctx.with_(references=citations.references(ctx))


def extract(
    segmented: SegmentedText, gazetteer: Gazetteer, rules: Rules | None = None
) -> Extraction:
    """Everything the document states, as typed records with evidence."""
    ctx = prepare(segmented, gazetteer, rules)  # mentions … clock, meetings, references
    names = people.extract(ctx)
    relations = bodies.extract(ctx)
    decisions = votes.extract(ctx)
    implied, decisions = meetings.implied(ctx, decisions)  # a body decides in session
    sittings = (*meetings.extract(ctx), *implied)
    posts = appointments.extract(ctx)
    docs = documents.extract(ctx)
    quotes = quotations.extract(ctx, docs)
    reported = speech.extract(ctx)
    cites = citations.extract(ctx, quotes)
    unknown = ctx.candidates  # every name the gazetteer lacks, reported (run in prepare)
    # collected in a fixed order: _unique_keys suffixes the later of two records sharing a key
    facts = [
        *posts,
        *relations,
        *cites,
        *docs,
        *sittings,
        *names,
        *quotes,
        *reported,
        *decisions,
        *unknown,
    ]
    return Extraction(segmented.doc_id, ctx.mentions, _unique_keys(facts), ctx.dates)


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
            continue
        if first == fact or fact in out:
            continue
        # the offset first, then the span's end, then a counter: never two facts on one IRI
        ev = fact.evidence
        for key in _suffixed(fact.key, ev.start, ev.end):
            if (type(fact), key) not in seen:
                seen[(type(fact), key)] = replace(fact, key=key)
                out.append(seen[(type(fact), key)])
                break
    return tuple(out)


def _suffixed(key: str, start: int, end: int) -> Iterator[str]:
    """Candidate keys for a fact whose key is taken.

    >>> list(itertools.islice(_suffixed("k", 3, 9), 4))
    ['k@3', 'k@3-9', 'k@3-9-2', 'k@3-9-3']
    """
    yield f"{key}@{start}"
    yield f"{key}@{start}-{end}"
    yield from (f"{key}@{start}-{end}-{n}" for n in itertools.count(2))
