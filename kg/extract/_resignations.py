"""Resignations: who left which body or post (the ``[[resignation]]`` rules of
``kg/data/patterns/appointments.toml``), read by :mod:`kg.extract.appointments`."""

from __future__ import annotations

from kg.extract._narrative import (
    bodies_in,
    chain_before,
    day_at,
    day_in,
    people_in,
    resolved_key,
    unique,
)
from kg.extract._prefilter import passing_rules
from kg.extract.context import Context
from kg.model import DateRef, EntityKind, Mention, Resignation, Sentence


def resignations(ctx: Context, sentence: Sentence) -> list[Resignation]:
    out: list[Resignation] = []
    said = ctx.text[sentence.start : sentence.end]
    rules = passing_rules(ctx.rules["appointments"]["resignation"], said)
    if not rules:
        return out
    day = day_in(ctx, sentence.start, sentence.end) or day_at(ctx, sentence.start)
    previous: tuple[Mention, ...] = ()
    for rule in rules:
        for m in rule["regex"].finditer(ctx.text, sentence.start, sentence.end):
            left = _left(ctx, m.start("left"), m.end("left"))
            if rule.get("who") == "subject":
                people = chain_before(ctx, m.start())
            elif m.groupdict().get("last_n"):
                people = (
                    previous[-ctx.rules["appointments"]["number_words"][m["last_n"]] :]
                    if previous
                    else ()
                )
            else:
                people = people_in(ctx, m.start("who"), m.end("who"))
            if m.groupdict().get("also"):
                people = unique(people + people_in(ctx, m.start("also"), m.end("also")))
            if m.groupdict().get("who"):
                previous = people
            out += [_resignation(ctx, sentence, p, left, day) for p in people if left is not None]
    return out


def _left(ctx: Context, start: int, end: int) -> Mention | None:
    posts = ctx.mentions_in(start, end, EntityKind.POST)
    return posts[0] if posts else next(iter(bodies_in(ctx, start, end)), None)


def _resignation(
    ctx: Context, sentence: Sentence, person: Mention, left: Mention, day: DateRef | None
) -> Resignation:
    stamp = f"-{day.julian.isoformat()}" if day else ""
    return Resignation(
        key=f"{resolved_key(ctx, person)}-{resolved_key(ctx, left)}{stamp}",
        evidence=ctx.span(sentence.start, sentence.end),
        person=person,
        left=left,
        date=day,
    )
