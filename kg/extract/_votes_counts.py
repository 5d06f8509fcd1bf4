"""Counts of votes: the ``[[tally]]`` rules of ``kg/data/patterns/votes.toml``.

A tally is how a sentence gives a vote's counts: "par 279 voix contre 115 et 51
abstentions", "par cinq voix contre trois", "à l'unanimité moins une voix, celle de
X", "à une écrasante majorité", "obtint 133 voix sur 134, Y 132".  The sentence's verb
(``[verbs]``) says what the vote did, and so which count is for: "repoussée par 15
voix contre 6" is 6 for, 15 against, rejected.  :func:`tallied` adds the counts to the
decision an earlier rule read in the same sentence, or makes a new one; the roll
call that follows ("Votèrent pour : …") names the voters (:mod:`kg.extract._rollcall`).
Used only by :mod:`kg.extract.votes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg import iris
from kg.extract import _rollcall as rollcall
from kg.extract._narrative import (
    bodies_in,
    chain,
    chain_before,
    clause_start,
    clause_subject_start,
    day_at,
    group_spans,
    meeting_at,
    meeting_on,
    previous_body,
    resolved_key,
    unique,
)
from kg.extract.context import Context
from kg.extract.rules import Rule, RuleFile
from kg.model import EntityKind, Meeting, Mention, Vote, VoteResult

_PRONOUN = re.compile(r"(?:^|[\s,])(?:il|elle|ils|elles)\s+(?:y\s+|en\s+|l['’]\s*)?$")
_ANAPHOR = re.compile(r"^\s*(?:et\s+|mais\s+)?(?:elle|il|celle-ci|celui-ci|sa|son|leur|cette)\b")


def patterns(ctx: Context) -> RuleFile:
    return ctx.rules["votes"]


# --------------------------------------------------------------------------- numbers


def number(ctx: Context, text: str) -> int | None:
    """``"279"`` → 279, ``"cinq"`` → 5, ``"vingt et un"`` → 21, ``"quatre-vingt-dix"`` → 90."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    words = patterns(ctx)["numbers"]
    total, current, previous = 0, 0, 0
    for word in re.split(r"[-\s]+", text.casefold()):
        if word == "et":
            continue
        if word not in words:
            return None
        value = words[word]
        if value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 100:
            current = max(current, 1) * 100
        elif value == 20 and previous == 4:  # quatre-vingt(s)
            current += 80 - 4
        else:
            current += value
        previous = value
    return total + current


# --------------------------------------------------------------------------- tallies


@dataclass(frozen=True)
class Tally:
    """What one ``[[tally]]`` match says, roles decided."""

    rule: Rule
    start: int  # text offsets of the match
    end: int
    for_count: int | None = None
    against_count: int | None = None
    abstentions: int | None = None
    votes_cast: int | None = None
    unanimous: bool = False
    result: VoteResult = VoteResult.UNKNOWN
    verb_start: int = -1  # the deciding verb, when found
    verb_end: int = -1
    minority: tuple[Mention, ...] = ()  # "…, celle de X": voters of the minority's side
    minority_for: bool = False  # the minority voted for (a rejected motion)


def tallies_in(ctx: Context, start: int, end: int) -> list[Tally]:
    """Every tally of the sentence ``[start, end)``, in order, none overlapping."""
    said = ctx.text[start:end]
    found: list[Tally] = []
    for rule in patterns(ctx)["tally"]:
        for m in rule["regex"].finditer(said):
            if any(t.start < start + m.end() and start + m.start() < t.end for t in found):
                continue
            tally = _tally(ctx, rule, m, start)
            if tally is not None:
                found.append(tally)
    return sorted(found, key=lambda t: t.start)


def _tally(ctx: Context, rule: Rule, m: re.Match[str], base: int) -> Tally | None:
    g = m.groupdict()
    n = {k: number(ctx, v) for k, v in g.items() if v and k in _COUNTS}
    if any(v is None for v in n.values()):
        return None
    start, end = base + m.start(), base + m.end()
    result, verb = _verb(ctx, start, end)
    if g.get("verb"):  # the count's own verb ("X obtint 133 voix")
        verb = (base + m.start("verb"), base + m.end("verb"))
    failed = result == VoteResult.FAIL
    for_count, against_count = n.get("for"), n.get("against")
    if "first" in n:  # the majority is for an adopted motion, against a rejected one
        for_count, against_count = (
            (n["second"], n["first"]) if failed else (n["first"], n["second"])
        )
    if "only" in n:
        for_count, against_count = (None, n["only"]) if failed else (n["only"], None)
    counted = for_count is not None and against_count is not None
    if not result and counted and for_count != against_count:  # no verb: the counts decide
        result = VoteResult.PASS if for_count > against_count else VoteResult.FAIL
    if rule.name == "majorite" or "minus" in n:
        result = result or VoteResult.PASS
    if "minus" in n:
        for_count, against_count = (n["minus"], None) if failed else (None, n["minus"])
    spans = group_spans(m, base)
    named = spans.get("named") or spans.get("named_in")
    minority = unique(ctx.names_in(*named, EntityKind.PERSON)) if named else ()
    return Tally(
        rule=rule,
        start=start,
        end=end,
        for_count=for_count,
        against_count=against_count,
        abstentions=n.get("abst"),
        votes_cast=n.get("of"),
        unanimous=rule.name == "unanimite" and "minus" not in n,
        result=result,
        verb_start=verb[0],
        verb_end=verb[1],
        minority=minority,
        minority_for=failed,
    )


_COUNTS = ("first", "second", "for", "against", "only", "abst", "minus", "of")


def _verb(ctx: Context, start: int, end: int) -> tuple[VoteResult, tuple[int, int]]:
    """The deciding verb nearest before the tally in its clause, else the first after it."""
    lo = clause_start(ctx, start)
    sentence = ctx.sentence_at(start)
    hi = min([i for i in (ctx.text.find(";", end, sentence.end),) if i >= 0] + [sentence.end])
    before: list[tuple[int, int, VoteResult]] = []
    after: list[tuple[int, int, VoteResult]] = []
    for key, result in (("pass_regex", VoteResult.PASS), ("fail_regex", VoteResult.FAIL)):
        for m in patterns(ctx)[key].finditer(ctx.text, lo, start):
            before.append((m.start(), m.end(), result))
        for m in patterns(ctx)[key].finditer(ctx.text, end, hi):
            after.append((m.start(), m.end(), result))
    if before:
        s, e, r = max(before)
        return r, (s, e)
    if after:
        s, e, r = min(after)
        return r, (s, e)
    return VoteResult.UNKNOWN, (-1, -1)


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
                vote = _new_vote(ctx, tally, previous, sentence.end)
                if vote is None:
                    previous = tally.end
                    continue
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


def key_of(ctx: Context, mention: Mention) -> str:
    """The key segment of a name: its linked key, or its candidate's key."""
    return mention.candidate_key or resolved_key(ctx, mention)


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
        if _ADVERBS.fullmatch(text):  # "repoussa par 6 voix contre 5 la proposition …"
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


# --------------------------------------------------------------------------- deciders


def subject_bodies(ctx: Context, offset: int) -> tuple[Mention, ...]:
    """The bodies opening the clause before ``offset`` (its subject); for a pronoun
    subject ("il décida"), the body opening the sentence or the previous one."""
    start = clause_start(ctx, offset)
    found = chain(ctx, _bodies(ctx, start, offset))
    if found:
        return found
    demonstrative = _DEMONSTRATIVE.search(ctx.text, start, offset)
    if demonstrative:  # "ce Conseil décréta": the last body so named
        body = previous_body(ctx, demonstrative.start(), demonstrative["head"])
        return (body,) if body else ()
    if not _PRONOUN.search(ctx.text[start:offset]):
        return found
    sentence = ctx.sentence_at(offset)
    found = chain(ctx, _bodies(ctx, sentence.start, start))
    if found:
        return found
    previous = ctx.sentence_at(max(sentence.start - 2, 0))
    if previous.start == sentence.start:
        return ()
    return chain(ctx, _bodies(ctx, previous.start, previous.end))


def opening_bodies(ctx: Context, offset: int) -> tuple[Mention, ...]:
    """The bodies that open the sentence holding ``offset`` (its subject, after a date or an
    adverb: "Le 15 novembre, le comité X et le comité Y tinrent séance, où … fut décidée")."""
    sentence = ctx.sentence_at(offset)
    found = _bodies(ctx, sentence.start, offset)
    if not found or not _OPENING.match(ctx.text[sentence.start : found[0].span.start]):
        return ()
    return chain(ctx, found)


#: what may come before a sentence's subject: a date or an adverb, then an article
_OPENING = re.compile(r"^(?:[^,;:]{0,40},\s*)?(?:[Ll][ae]\s+|[Ll]es\s+|[Ll]['’]\s*)?$")
_DEMONSTRATIVE = re.compile(r"\b(?:ce|cet|cette|ces)\s+(?P<head>\w+)\s*(?:,[^,]*,\s*)?$")


def _bodies(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """Gazetteer and contextual bodies, and bodies the gazetteer lacks, in ``[start, end)``."""
    known = bodies_in(ctx, start, end)
    extra = [
        m
        for m in ctx.names_in(start, end, EntityKind.BODY)
        if m.candidate_key
        and not any(k.span.start < m.span.end and m.span.start < k.span.end for k in known)
    ]
    return tuple(sorted((*known, *extra), key=lambda m: m.span.start))


def meetings_for(
    ctx: Context, bodies: tuple[Mention, ...], end: int
) -> list[tuple[Meeting | None, tuple[Mention, ...]]]:
    """One (sitting, deciders) pair per deciding body that has a sitting that day, else one pair."""
    if len(bodies) > 1:
        day = day_at(ctx, end)
        each = [(meeting_on(ctx, day, b), (b,)) for b in bodies]
        if all(mt for mt, _ in each):
            return each
    meeting = meeting_at(ctx, end, bodies)
    deciders = bodies or ((meeting.body,) if meeting and meeting.body else ())
    if meeting is None and not deciders:
        return []
    return [(meeting, deciders)]
