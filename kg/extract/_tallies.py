"""Counts of votes as a sentence gives them: the ``[[tally]]`` rules of ``votes.toml``.

"par 312 voix contre 96 et 40 abstentions", "par cinq voix contre trois", "à l'unanimité
moins deux voix, celles de X et Y", "à une écrasante majorité", "obtint 97 voix sur 102".  The
sentence's verb (``[verbs]``) says what the vote did, and so which count is for:
"repoussée par 15 voix contre 6" is 6 for, 15 against, rejected.  Used by
:mod:`kg.extract._votes_counts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract._narrative import clause_start, group_spans, unique
from kg.extract._prefilter import passing_rules
from kg.extract.context import Context
from kg.extract.rules import Rule, RuleFile
from kg.model import EntityKind, Mention, VoteResult


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
    for rule in passing_rules(patterns(ctx)["tally"], said):
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
    if g.get("verb"):  # the count's own verb ("X obtint 97 voix")
        verb = (base + m.start("verb"), base + m.end("verb"))
    failed = result == VoteResult.FAIL
    for_count, against_count = n.get("for"), n.get("against")
    if "first" in n:  # the majority is for an adopted motion, against a rejected one
        for_count, against_count = (
            (n["second"], n["first"]) if failed else (n["first"], n["second"])
        )
    if "only" in n:
        for_count, against_count = (None, n["only"]) if failed else (n["only"], None)
    if (  # no verb: the counts decide
        not result
        and for_count is not None
        and against_count is not None
        and for_count != against_count
    ):
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
