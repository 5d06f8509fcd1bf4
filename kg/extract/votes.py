"""Extractor: decisions and votes, delegate counts, walkouts.

Patterns: ``kg/data/patterns/votes.toml``.  A :class:`~kg.model.Vote` is a
decision (``result`` "pass"/"fail"), possibly with counts ("par 10 voix
contre 4"), unanimity and named voters, or a bare proposal (``result`` "")
when the text does not say what became of it.  Each is tied to the sitting
the narrative is telling (:func:`kg.extract.meetings.meeting_at`) when the
deciding body is that sitting's.  A decision adopting several decrees at
once ("les décrets sur la terre, sur la paix … furent adoptés") becomes one
decision per decree, so that later mentions of one of them merge into it.

Counts ("par cinq voix contre trois et deux abstentions", "à l'unanimité moins
deux voix, celles de X et Y"), the rejection rule deciding which count is for, roll calls
and elliptic tallies are read by :mod:`kg.extract._votes_counts` after the
decisions: they complete the decision of their sentence or make a new vote.  Every
vote names its rule (``votes.<name>``).

Keys: ``<meeting key or body-date>-<subject key or motion slug>``; delegate
counts ``<meeting>-<group or total>``; walkouts ``<meeting>-walkout``.
Nothing here raises on text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kg import iris
from kg.extract._narrative import (
    bodies_in,
    chain,
    chain_before,
    clause_start,
    clause_subject_start,
    day_at,
    day_in,
    group_spans,
    meeting_at,
    people_in,
    resolved_key,
    unique,
)
from kg.extract._prefilter import passing_rules
from kg.extract._vote_deciders import key_of, meetings_for, opening_bodies, subject_bodies
from kg.extract._votes_counts import tallied
from kg.extract.context import Context
from kg.extract.rules import Rule, RuleFile
from kg.model import (
    DateRef,
    DelegateCount,
    EntityKind,
    Fact,
    Meeting,
    Mention,
    Vote,
    VoteResult,
    Walkout,
)


def patterns(ctx: Context) -> RuleFile:
    """The checked ``votes.toml`` (:mod:`kg.extract.rules`)."""
    return ctx.rules["votes"]


def extract(ctx: Context) -> tuple[Fact, ...]:
    """Decisions, delegate counts and walkouts the document states."""
    return (*_decisions(ctx), *_delegates(ctx), *_walkouts(ctx))


# --------------------------------------------------------------------------- decisions


def _decisions(ctx: Context) -> tuple[Vote, ...]:
    found: dict[str, Vote] = {}
    last: str | None = None
    for para, sentence in ctx.sentences():
        said = ctx.text[sentence.start : sentence.end]
        if last and found[last].evidence.start < para.start:
            last = None
        last = _followups(ctx, sentence.start, said, found, last) or last
        for rule in passing_rules(patterns(ctx)["decision"], said):
            for m in rule["regex"].finditer(said):
                for vote in _votes_of(ctx, rule, m, sentence.start, sentence.end):
                    found[vote.key] = _merge(found.get(vote.key), vote)
                    last = vote.key
    return tuple(tallied(ctx, found).values())


def _merge(old: Vote | None, new: Vote) -> Vote:
    if old is None:
        return new
    return replace(
        old, proposer=old.proposer or new.proposer, subjects=unique(old.subjects + new.subjects)
    )


def _followups(
    ctx: Context, base: int, said: str, found: dict[str, Vote], last: str | None
) -> str | None:
    if last is None:
        return None
    for rule in patterns(ctx)["followup"]:
        m = rule["regex"].search(said)
        if m is None:
            continue
        vote = found[last]
        changes: dict[str, Any] = {}
        if rule.get("against") == "subject":
            changes["voters_against"] = unique(
                vote.voters_against + chain_before(ctx, base + m.start())
            )
        if m.groupdict().get("against_label"):
            changes["against_label"] = " ".join(m["against_label"].split())
        if rule.get("result"):
            changes["result"] = rule["result"]
        found[last] = replace(vote, **changes)
    return last


def _votes_of(ctx: Context, rule: Rule, m: re.Match[str], base: int, end: int) -> list[Vote]:
    g = group_spans(m, base)
    start = base + m.start()
    if rule.get("motion") == "clause-before":
        g["motion"] = (clause_subject_start(ctx, start), start)
    if "motion" not in g or (rule.get("skip_personal") and _personal(ctx, start)):
        return []
    proposer = _proposer(ctx, rule, g, start)
    if rule.get("require_proposer") and proposer is None:
        return []
    motion = _clean(ctx.text[slice(*g["motion"])])
    if "by" in g:
        bodies = unique(bodies_in(ctx, *g["by"]))
    else:  # a passive verb's clause is its object, not its subject
        bodies = () if rule.get("motion") == "clause-before" else subject_bodies(ctx, start)
    meetings = meetings_for(ctx, bodies, end)
    if not meetings and rule.get("motion") == "clause-before":
        meetings = meetings_for(ctx, opening_bodies(ctx, start), end)
    result = rule.get("result", VoteResult.UNKNOWN)
    if m.groupdict().get("verb") and any(
        m["verb"].startswith(v) for v in patterns(ctx)["fail_verbs"]
    ):
        result = VoteResult.FAIL
    votes = []
    for meeting, deciders in meetings:
        for subject_group in _subject_groups(ctx, g["motion"]):
            votes.append(
                _vote(
                    ctx,
                    rule,
                    m,
                    g,
                    start,
                    end,
                    meeting,
                    deciders,
                    subject_group,
                    motion,
                    proposer,
                    result,
                )
            )
    return votes


def _vote(
    ctx: Context,
    rule: Rule,
    m: re.Match[str],
    g: dict[str, tuple[int, int]],
    start: int,
    end: int,
    meeting: Meeting | None,
    deciders: tuple[Mention, ...],
    subjects: tuple[Mention, ...],
    motion: str,
    proposer: Mention | None,
    result: VoteResult,
) -> Vote:
    day = meeting.date if meeting else day_in(ctx, ctx.sentence_at(start).start, end)
    if day is None and meeting is None and rule.get("date", "narrative") == "narrative":
        day = day_at(ctx, start)
    stem = (
        meeting.key
        if meeting
        else "-".join(
            [
                *(key_of(ctx, b) for b in deciders[:1]),
                *([day.julian.isoformat()] if day else []),
            ]
        )
        or "decision"
    )
    works = [s for s in subjects if s.kind == EntityKind.WORK]
    tail = resolved_key(ctx, works[0]) if len(works) == 1 else iris.slug(motion)[:40].strip("-")
    return Vote(
        key=f"{stem}-{tail}",
        evidence=ctx.span(ctx.sentence_at(start).start, end),
        meeting=meeting.ref if meeting else None,
        motion=motion,
        proposer=proposer,
        for_count=int(m["for"]) if "for" in g else None,
        against_count=int(m["against"]) if "against" in g else None,
        unanimous="unanimous" in g,
        voters_against=people_in(ctx, *g["against_named"]) if "against_named" in g else (),
        result=result,
        bodies=deciders,
        date=None if meeting else day,
        subjects=subjects,
        statement=_clean(ctx.text[clause_start(ctx, start) : start + m.end() - m.start()]),
        rule=rule.id,
    )


def _subject_groups(ctx: Context, span: tuple[int, int]) -> list[tuple[Mention, ...]]:
    mentions = list(ctx.mentions_in(*span))
    text = ctx.text[slice(*span)]
    for form in patterns(ctx)["subject_form"]:
        if form["within"].search(text):
            for m in form["regex"].finditer(ctx.text, *span):
                mentions.append(Mention(EntityKind.WORK, form["key"], ctx.span(m.start(), m.end())))
    subjects = unique(sorted(mentions, key=lambda x: x.span.start))
    works = [s for s in subjects if s.kind == EntityKind.WORK]
    if len(works) > 1:
        return [(w,) for w in works]
    return [subjects]


def _proposer(
    ctx: Context, rule: Rule, g: dict[str, tuple[int, int]], start: int
) -> Mention | None:
    if "proposer" in g:
        found = people_in(ctx, *g["proposer"])
    elif rule.get("proposer") == "subject":
        found = chain_before(ctx, start)
    else:
        found = ()
        presented = re.search(r"présentée?s?\s+par\s+", ctx.text[slice(*g["motion"])])
        if presented:
            found = people_in(ctx, g["motion"][0] + presented.end(), g["motion"][1])
    return found[0] if found else None


def _personal(ctx: Context, offset: int) -> bool:
    """The verb's subject is a person and no body opens the clause ("Lénine décida d'aller …")."""
    return bool(chain_before(ctx, offset)) and not subject_bodies(ctx, offset)


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,")
    return re.sub(r"^(?:de|d['’])\s*", "", text) if text.startswith(("de ", "d'", "d’")) else text


# --------------------------------------------------------------------------- delegates


def _delegates(ctx: Context) -> tuple[DelegateCount, ...]:
    found: dict[str, DelegateCount] = {}
    for _para, sentence in ctx.sentences():
        said = ctx.text[sentence.start : sentence.end]
        for rule in passing_rules(patterns(ctx)["delegates"], said):
            for m in rule["regex"].finditer(said):
                meeting = meeting_at(ctx, sentence.end)
                if meeting is None:
                    continue
                for count in _counts(ctx, rule, m, sentence.start, meeting, found):
                    found.setdefault(count.key, count)
    return tuple(found.values())


def _counts(
    ctx: Context,
    rule: Rule,
    m: re.Match[str],
    base: int,
    meeting: Meeting,
    found: dict[str, DelegateCount],
) -> list[DelegateCount]:
    span = ctx.span(base + m.start(), base + m.end())
    if rule.get("total"):
        return [
            DelegateCount(
                key=f"{meeting.key}-total", evidence=span, meeting=meeting.ref, count=int(m["n"])
            )
        ]
    if m.groupdict().get("groups"):
        groups = unique(bodies_in(ctx, base + m.start("groups"), base + m.end("groups")))
        numbers = [int(n) for n in re.findall(r"\d+", m["numbers"])]
        if len(groups) != len(numbers):
            return []
        return [
            DelegateCount(
                key=f"{meeting.key}-{resolved_key(ctx, g)}",
                evidence=span,
                meeting=meeting.ref,
                group=g,
                count=n,
            )
            for g, n in zip(groups, numbers, strict=True)
        ]
    if m.groupdict().get("group"):
        groups = bodies_in(ctx, base + m.start("group"), base + m.end("group"))
    else:
        groups = chain(
            ctx, bodies_in(ctx, ctx.sentence_at(base + m.start()).start, base + m.start())
        )
    if not groups:
        return []
    subset = next(
        (c.ref for c in found.values() if m.groupdict().get("of") and c.count == int(m["of"])),
        None,
    )
    sentence = ctx.sentence_at(base + m.start())
    return [
        DelegateCount(
            key=f"{meeting.key}-{resolved_key(ctx, groups[0])}",
            meeting=meeting.ref,
            evidence=ctx.span(sentence.start, sentence.end) if subset else span,
            group=groups[0],
            count=int(m["n"]),
            subset_of=subset,
        )
    ]


# --------------------------------------------------------------------------- walkouts


def _walkouts(ctx: Context) -> tuple[Walkout, ...]:
    found: dict[str, Walkout] = {}
    for _para, sentence in ctx.sentences():
        said = ctx.text[sentence.start : sentence.end]
        for rule in passing_rules(patterns(ctx)["walkout_rule"], said):
            for m in rule["regex"].finditer(said):
                _walkout(ctx, m, sentence.start, found)
        for rule in passing_rules(patterns(ctx)["walkout_count"], said):
            for m in rule["regex"].finditer(said):
                meeting = meeting_at(ctx, sentence.end)
                key = f"{meeting.key}-walkout" if meeting else ""
                if key in found:
                    old = found[key]
                    same_para = ctx.paragraph_at(old.evidence.start) == ctx.paragraph_at(
                        sentence.start
                    )
                    evidence = (
                        ctx.span(old.evidence.start, sentence.end) if same_para else old.evidence
                    )
                    found[key] = replace(old, count=int(m["n"]), evidence=evidence)
    return tuple(found.values())


def _walkout(ctx: Context, m: re.Match[str], base: int, found: dict[str, Walkout]) -> None:
    g = group_spans(m, base)
    start = base + m.start()
    groups = unique(bodies_in(ctx, *g["groups"])) if "groups" in g else _leaving_groups(ctx, start)
    if not groups:
        return
    stated: DateRef | None = day_in(ctx, *g["date"]) if "date" in g else None
    meeting = _walkout_meeting(ctx, stated, start, found)
    if meeting is None:
        return
    key = f"{meeting.key}-walkout"
    partial = unique(bodies_in(ctx, *g["partial"])) if "partial" in g else ()
    sentence = ctx.sentence_at(start)
    new = Walkout(
        key=key,
        evidence=ctx.span(sentence.start, sentence.end),
        meeting=meeting.ref,
        groups=groups,
        date=meeting.date or stated,
        partial_groups=partial,
    )
    found.setdefault(key, new)


def _walkout_meeting(
    ctx: Context, stated: DateRef | None, start: int, found: dict[str, Walkout]
) -> Meeting | None:
    meetings = ctx.sittings.meetings
    if stated is not None:
        same_day = [w.meeting for w in found.values() if w.date and w.date.julian == stated.julian]
        if len(same_day) == 1:
            return next(mt for mt in meetings if mt.ref == same_day[0])
        return None
    return meeting_at(ctx, start)


def _leaving_groups(ctx: Context, offset: int) -> tuple[Mention, ...]:
    sentence = ctx.sentence_at(offset)
    said = ctx.text[sentence.start : offset].lstrip()
    if said.split(" ", 1)[0] in patterns(ctx)["walkout"]["pronouns"]:
        previous = ctx.sentence_at(sentence.start - 2)
        return chain(ctx, bodies_in(ctx, previous.start, previous.end))
    return subject_bodies(ctx, offset)
