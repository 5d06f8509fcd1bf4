"""Roll calls: who voted how, listed after a vote's counts.

"Votèrent pour : X, Y ; contre : Z ; s'abstinrent : W." or "Pour : X, Y. Contre : Z.
Abstentions : W."  The labels (``[rollcall] label`` of ``votes.toml``) must follow the
counts and one another; each list runs to the next label or the end of its sentence.
Voters are any person names, the gazetteer's or not (``ctx.names_in``).  Used only by
:mod:`kg.extract._votes_counts`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract._narrative import unique
from kg.extract.context import Context
from kg.model import EntityKind, Mention, Vote


def voters(ctx: Context, vote: Vote, offset: int) -> Vote:
    """``vote`` with the voters of the roll call starting at ``offset`` (after its counts),
    or those the next sentence names as voting ("Zinoviev et Kamenev votèrent contre")."""
    lists = roll_call(ctx, offset) or voters_after(ctx, offset)
    if not lists:
        return vote
    return replace(
        vote,
        voters_for=unique(vote.voters_for + lists.get("for", ())),
        voters_against=unique(vote.voters_against + lists.get("against", ())),
        voters_abstaining=unique(vote.voters_abstaining + lists.get("abstain", ())),
    )


def roll_call(ctx: Context, offset: int) -> dict[str, tuple[Mention, ...]]:
    """``{"for" | "against" | "abstain": voters}`` of the lists right after ``offset``."""
    settings = ctx.rules["votes"]["rollcall"]
    para = ctx.paragraph_at(offset)
    end = min(para.end if para else offset, offset + settings["window"])
    sentence_end = ctx.sentence_at(offset).end
    pos = sentence_end if ctx.text[offset:sentence_end].strip(" .;") == "" else offset
    out: dict[str, tuple[Mention, ...]] = {}
    while True:
        m = settings["label_regex"].search(ctx.text, pos, end)
        if m is None or not settings["gap_regex"].match(ctx.text[pos : m.start()]):
            break
        role = next(k for k, v in m.groupdict().items() if v)
        nxt = settings["label_regex"].search(ctx.text, m.end(), end)
        stop = min(ctx.sentence_at(m.end()).end, nxt.start() if nxt else end, end)
        names = unique(ctx.names_in(m.end(), stop, EntityKind.PERSON))
        if not names:
            break
        out[role] = unique(out.get(role, ()) + names)
        pos = stop
    return out


_CHAIN = re.compile(r"\s*(?:,|et|,\s*et)?\s*")
_LEAD = re.compile(r"^\s*(?:(?:[Ss]eul(?:e|s|es)?|[Mm]ême|[Ss]euls?)\s+)?$")


def voters_after(ctx: Context, offset: int) -> dict[str, tuple[Mention, ...]]:
    """The people opening the sentence after ``offset`` as the subject of a voting verb."""
    sentence = ctx.sentence_at(offset)
    para = ctx.paragraph_at(offset)
    if para is None or sentence.end >= para.end:
        return {}
    following = ctx.sentence_at(sentence.end + 1)
    if following.start <= sentence.start:
        return {}
    for rule in ctx.rules["votes"]["voters_after"]:
        m = rule["regex"].search(ctx.text, following.start, following.end)
        if m is None:
            continue
        names = ctx.names_in(following.start, m.start(), EntityKind.PERSON)
        if not names or not _LEAD.match(ctx.text[following.start : names[0].span.start]):
            continue
        chained = [names[0]]
        for name in names[1:]:
            if not _CHAIN.fullmatch(ctx.text[chained[-1].span.end : name.span.start]):
                break
            chained.append(name)
        if ctx.text[chained[-1].span.end : m.start()].strip(" ,"):
            continue
        return {rule["side"].value: unique(chained)}
    return {}
