"""Votes from counts: the tallies :mod:`kg.extract._tallies` reads become votes.

:func:`tallied` adds the counts to the
decision an earlier rule read in the same sentence, or makes a new one; the roll
call that follows ("Votèrent pour : …") names the voters (:mod:`kg.extract._rollcall`).
Used only by :mod:`kg.extract.votes`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg import iris
from kg.extract import _rollcall as rollcall
from kg.extract._narrative import (
    chain_before,
    clause_start,
    clause_subject_start,
    day_at,
    unique,
)
from kg.extract._tallies import Tally, number, patterns, tallies_in
from kg.extract._vote_deciders import key_of, meetings_for, subject_bodies
from kg.extract.context import Context
from kg.model import EntityKind, Mention, Vote, VoteResult

_ANAPHOR = re.compile(r"^\s*(?:et\s+|mais\s+)?(?:elle|il|celle-ci|celui-ci|sa|son|leur|cette)\b")


# --------------------------------------------------------------------------- votes


def tallied(ctx: Context, found: dict[str, Vote]) -> dict[str, Vote]:
    """``found`` with the counts of every tally added to the decision its sentence already
    gave, or as new decisions; then the roll calls."""
    out = dict(found)
    for _para, sentence in ctx.sentences():
        previous = sentence.start
        for tally in tallies_in(ctx, sentence.start, sentence.end):
            same = _same_decisions(out, tally, sentence.start, sentence.end)
            if same:
                vote = _recounted(ctx, same[0], tally, previous, sentence.end)
                if vote.key != same[0].key:
                    del out[same[0].key]
                for other in same[1:]:  # the generic "par N voix contre M" reading of it
                    if other.rule == "votes.par-n-voix" and other.key != vote.key:
                        del out[other.key]
            else:
                new = _new_vote(ctx, tally, previous, sentence.end)
                if new is None:
                    previous = tally.end
                    continue
                vote = new
            vote = rollcall.voters(ctx, vote, tally.end)
            out[vote.key] = vote
            previous = tally.end
            if tally.rule.get("elliptic"):
                for more in _more(ctx, vote, tally):
                    out.setdefault(more.key, more)
    return out


def _same_decisions(found: dict[str, Vote], tally: Tally, start: int, end: int) -> list[Vote]:
    """The decisions the sentence already gave that this tally counts, the best first: a
    specific rule's before the generic "par N voix contre M" one."""
    counts = {c for c in (tally.for_count, tally.against_count) if c is not None}
    same = []
    for vote in found.values():
        if not (
            start <= vote.evidence.start < end
            or vote.evidence.start <= tally.start < vote.evidence.end
        ):
            continue
        had = {c for c in (vote.for_count, vote.against_count) if c is not None}
        if (not had or had == counts) and (vote.result or had):
            same.append(vote)
    return sorted(same, key=lambda v: v.rule == "votes.par-n-voix")


def _recounted(ctx: Context, old: Vote, tally: Tally, previous: int, end: int) -> Vote:
    """``old`` (read by a [[decision]] rule) with the tally's counts; its motion loses the
    counts' words, and the generic "par N voix contre M" reading takes the verb's subject
    for deciders and the tally's motion when it had only the counts' tail."""
    vote = _counted(old, tally)
    if vote.proposer is None:
        vote = replace(vote, proposer=_proposer(ctx, previous, end))
    motion = _clean(_without(vote.motion, ctx.text[tally.start : tally.end]))
    bodies = vote.bodies
    if old.rule == "votes.par-n-voix":
        if 0 <= tally.verb_start < tally.start:
            bodies = subject_bodies(ctx, tally.verb_start) or bodies
        if _TAIL.match(old.motion):
            motion = _motion(ctx, tally, previous, end) or vote.statement
    if _ANAPHOR.match(motion) and len(motion.split()) <= 3:  # "elle fut repoussée"
        motion = _motion(ctx, tally, previous, end) or motion
    if (motion, bodies) == (vote.motion, vote.bodies):
        return vote
    return _keyed(ctx, replace(vote, motion=motion, bodies=bodies))


def _without(motion: str, counts: str) -> str:
    """``motion`` without the counts' words, inside it or overlapping its start."""
    if counts in motion:
        return motion.replace(counts, " ")
    for i in range(len(counts) - 2):
        piece = counts[i:].strip()
        if len(piece) >= 3 and motion.startswith(piece):
            return motion[len(piece) :]
    return motion


_TAIL = re.compile(
    r"^\s*(?:et|avec|dont)?\s*\S+\s+(?:abstentions?|s['’]abst)|^\s*,?\s*celles?\s+de"
)


def _keyed(ctx: Context, vote: Vote) -> Vote:
    """``vote`` keyed by its sitting (else first decider and day) and its motion."""
    if vote.meeting is not None:
        stem = vote.meeting.key
    else:
        day = [vote.date.julian.isoformat()] if vote.date else []
        stem = "-".join([*(key_of(ctx, b) for b in vote.bodies[:1]), *day]) or "vote"
    return replace(vote, key=f"{stem}-{iris.slug(vote.motion)[:40].strip('-')}")


def _counted(vote: Vote, tally: Tally) -> Vote:
    minority_for = tally.minority if tally.minority_for else ()
    minority_against = () if tally.minority_for else tally.minority
    return replace(
        vote,
        for_count=tally.for_count if tally.for_count is not None else vote.for_count,
        against_count=tally.against_count
        if tally.against_count is not None
        else vote.against_count,
        abstentions=tally.abstentions,
        votes_cast=tally.votes_cast,
        unanimous=vote.unanimous or tally.unanimous,
        result=tally.result or vote.result,
        voters_for=unique(vote.voters_for + minority_for),
        voters_against=unique(vote.voters_against + minority_against),
        rule=vote.rule or tally.rule.id,
    )


def _new_vote(ctx: Context, tally: Tally, previous: int, end: int) -> Vote | None:
    if tally.result == VoteResult.UNKNOWN and tally.rule.name in ("unanimite", "majorite"):
        return None  # "à l'unanimité" with no verb saying a vote was held
    clause_end = ctx.text.find(";", tally.end, end)
    clause_end = clause_end if clause_end >= 0 else end
    statement = _clean(ctx.text[previous:clause_end])
    motion = _motion(ctx, tally, previous, clause_end) or statement
    verb = tally.verb_start if tally.verb_start >= 0 else tally.start
    bodies = subject_bodies(ctx, min(verb, tally.start))
    meeting, deciders = next(iter(meetings_for(ctx, bodies, end)), (None, bodies))
    day = meeting.date if meeting else day_at(ctx, tally.start)
    proposer_end = tally.end if tally.rule.get("elliptic") else clause_end
    vote = _counted(
        Vote(
            key="",
            evidence=ctx.span(ctx.sentence_at(tally.start).start, end),
            meeting=meeting.ref if meeting else None,
            motion=motion,
            proposer=_proposer(ctx, previous, proposer_end),
            bodies=deciders,
            date=None if meeting else day,
            statement=statement,
            rule=tally.rule.id,
        ),
        tally,
    )
    return _keyed(ctx, vote)


def _motion(ctx: Context, tally: Tally, previous: int, clause_end: int) -> str:
    """The words of the motion: the subject of a passive or intransitive verb ("l'amendement
    passa"), the object of an active one (before or after the counts); for an anaphor
    ("elle fut repoussée") the motion named earlier in the sentence; else ""."""
    if tally.verb_start < 0:
        return ""
    settings = patterns(ctx)
    verb = ctx.text[tally.verb_start : tally.verb_end]
    lead = ctx.text[max(previous, tally.verb_start - 16) : tally.verb_start]
    passive = _PASSIVE.search(lead)
    if passive or settings["intransitive_regex"].match(verb) or tally.verb_start > tally.start:
        end = min(tally.verb_start, tally.start) - (len(passive.group()) if passive else 0)
        before = ctx.text[max(previous, clause_start(ctx, end)) : end]
        relative = settings["relative_regex"].search(before)
        if relative:
            text = relative["np"]
        elif passive:
            text = ctx.text[_after_date(ctx, max(previous, clause_subject_start(ctx, end))) : end]
        else:  # the subject of "passa", "obtint": the last comma piece but a relative clause
            pieces = before.split(",")
            while len(pieces) > 1 and _RELATIVE_PIECE.match(pieces[-1]):
                pieces.pop()
            text = pieces[-1]
    else:
        text = ctx.text[tally.verb_end : tally.start]
        if _ADVERBS.fullmatch(text):  # "rejeta par 9 voix contre 4 le projet …"
            text = ctx.text[tally.end : clause_end]
    text = _clean(text)
    if _ANAPHOR.match(text) and len(text.split()) <= 3:
        start = ctx.sentence_at(tally.start).start
        rx = settings["anaphoric_motion_regex"]
        named = list(rx.finditer(ctx.text, start, min(tally.verb_start, tally.start)))
        return _clean(named[-1].group()) if named else ""
    return text


_PASSIVE = re.compile(r"\b(?:fut|furent|est|sont|a\s+été|ont\s+été)\s+(?:\S+\s+)?$")
_ADVERBS = re.compile(
    r"[\s,]*(?:(?:ensuite|alors|aussitôt|d['’]abord|enfin|finalement|aussi|encore)[\s,]*)*"
)
_RELATIVE_PIECE = re.compile(r"\s*(?:qui|que|qu['’]|dont|où)\b")


def _after_date(ctx: Context, start: int) -> int:
    """``start``, or past the date opening the phrase there ("Le 5 novembre, X fut élu")."""
    for day in ctx.dates_in(start, start + 60):
        gap = ctx.text[start : day.span.start]
        if len(gap) <= 3 and (comma := ctx.text.find(",", day.span.end, day.span.end + 3)) >= 0:
            return comma + 1
    return start


def _proposer(ctx: Context, start: int, end: int) -> Mention | None:
    """ "la proposition de X …" in the clause, else the people proposing just before."""
    rx = patterns(ctx)["proposer_of_regex"]
    for person in ctx.names_in(start, end, EntityKind.PERSON):
        if rx.search(ctx.text[max(start, person.span.start - 40) : person.span.start]):
            return person
    m = patterns(ctx)["proposer_verb_regex"].search(ctx.text, start, end)
    if m:
        found = chain_before(ctx, m.start())
        return found[0] if found else None
    return None


def _more(ctx: Context, first: Vote, tally: Tally) -> list[Vote]:
    """The rest of an elliptic list of counts: ", Zinoviev 132, X et Y 131 chacun"."""
    out, pos = [], tally.end
    rule = patterns(ctx)["tally_more"][0]
    sentence = ctx.sentence_at(tally.start)
    while (m := rule["regex"].match(ctx.text, pos, sentence.end)) is not None:
        n = number(ctx, m["for"])
        if n is None:
            break
        piece = _clean(ctx.text[m.start() : m.end()])
        motion = _clean(m["motion"])
        out.append(
            replace(
                first,
                key=f"{first.key.rsplit('-', 1)[0]}-{iris.slug(motion)[:40].strip('-')}-{n}",
                motion=motion,
                statement=piece,
                for_count=n,
                votes_cast=first.votes_cast,
                proposer=_proposer(ctx, m.start(), m.end()),
                rule=rule.id,
            )
        )
        pos = m.end()
    return out


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,:—-.")
    text = re.sub(r"^(?:et|mais|puis|alors)\s+", "", text)
    return re.sub(r"\s+(?:y|en)$", "", text)
