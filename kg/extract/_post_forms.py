"""Posts stated by the shape of a phrase rather than a verb: appositions ("le colonel X,
commandant de …"), lists after a heading clause ("X à la Justice, Y aux Postes"), elections
with tallies ("X obtint 97 voix").  Settings: ``[apposition_any]``, ``[post_list]`` and
``[tally]`` of ``kg/data/patterns/appointments.toml``.  :func:`find` runs these and the
``[[post]]`` rules of :mod:`~kg.extract._post_rules`."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract._narrative import day_in
from kg.extract._post_rules import (
    Found,
    bodies,
    clean_label,
    event_day,
    holder_after,
    of_body,
    persons,
    rules_in,
    settings,
)
from kg.extract.context import Context
from kg.model import Mention, Sentence


def find(ctx: Context) -> list[Found]:
    """Every post the general rules read, in text order."""
    out: list[Found] = []
    for _para, sentence in ctx.sentences():
        out += rules_in(ctx, sentence)
        out += _lists(ctx, sentence)
        out += _tallies(ctx, sentence)
    out += _appositions(ctx)
    return out


# --------------------------------------------------------------------------- appositions


def _appositions(ctx: Context) -> list[Found]:
    conf = settings(ctx)["apposition_any"]
    out: list[Found] = []
    text = ctx.text
    for person in persons(ctx, 0, len(text)):
        sentence = ctx.sentence_at(person.span.start)
        named = conf["named"].match(text, person.span.end, sentence.end)
        if named is not None:
            found = _held(ctx, "appointments.apposition-named", person, named, person.span.start)
            stop = text.find(",", named.end(), sentence.end)  # its own day only
            day = day_in(ctx, named.start(), stop if stop >= 0 else sentence.end)
            out.append(replace(found, kind="appointment", date=day))
            continue
        m = conf["bracket"].match(text, person.span.end, sentence.end)
        if m is not None:
            out.append(_held(ctx, "appointments.apposition-bracket", person, m, person.span.start))
            continue
        m = conf["pattern"].match(text, person.span.end, sentence.end)
        while m is not None:
            if persons(ctx, person.span.end, m.start("post")):
                break  # another name between: not this person's post
            out.append(_held(ctx, "appointments.apposition-any", person, m, person.span.start))
            m = conf["more"].match(text, m.end(), sentence.end)
        short = conf["elliptic"].match(text, person.span.end, sentence.end)
        head = _last_head(ctx, out, sentence)
        if short is not None and head:
            found = _held(ctx, "appointments.apposition-elliptic", person, short, person.span.start)
            out.append(replace(found, label=f"{head} {found.label}"))
    for _para, sentence in ctx.sentences():
        for m in conf["reverse"].finditer(text, sentence.start, sentence.end):
            holder = holder_after(ctx, m.end(), sentence.end)
            if holder is None or not settings(ctx)["holder"]["after_end"].match(
                text, holder.span.end, sentence.end
            ):
                continue
            out.append(_held(ctx, "appointments.reverse-apposition", holder, m, m.start()))
    return out


def _last_head(ctx: Context, found: list[Found], sentence: Sentence) -> str:
    """The head ("commissaire du peuple") of the last full post read in ``sentence``."""
    heads = sorted(settings(ctx)["apposition_any"]["heads"], key=len, reverse=True)
    for f in reversed(found):
        if f.start < sentence.start:
            break
        head = next((h for h in heads if f.label.casefold().startswith(h)), "")
        if head:
            return head
    return ""


def _held(ctx: Context, rule: str, person: Mention, m: re.Match[str], start: int) -> Found:
    drop = set(settings(ctx)["apposition_any"]["drop"])
    qual = [w for w in m["qual"].split() if w not in drop] if m.groupdict().get("qual") else []
    label = clean_label(" ".join([*qual, m["post"]]))
    named = bodies(ctx, m.start("post"), m.end("post"))
    end = max(m.end(), person.span.end)
    return Found(rule, start, end, label, person, named[0] if named else None, kind="holding")


# --------------------------------------------------------------------------- lists


def _lists(ctx: Context, sentence: Sentence) -> list[Found]:
    conf = settings(ctx)["post_list"]
    text = ctx.text
    heading = next(
        (h for h in conf["heads"] if h["heading"].search(text, sentence.start, sentence.end)), None
    )
    if heading is None:
        return []
    colon = text.find(":", sentence.start, sentence.end)
    pos = colon + 1 if colon >= 0 else sentence.start
    items: list[tuple[Mention, str, int, int]] = []
    pieces = [
        piece
        for s, e in _pieces(conf["split"], text, pos, sentence.end)
        for piece in _split_and(ctx, conf["and_name"], s, e)
    ]
    started = False
    for s, e in pieces:
        # without a colon the heading and the first item share a piece: try each name
        starts = [s] if started or colon >= 0 else [s, *(p.span.start for p in persons(ctx, s, e))]
        item = next(filter(None, (_item(ctx, conf["item"], a, e) for a in starts)), None)
        if item is None:
            if started:
                break
            continue
        if not heading["heading"].search(text, sentence.start, item[2]):
            return []  # the heading comes before the list
        started = True
        items.append(item)
    if len(items) < (1 if colon >= 0 else conf["min_items"]):
        return []
    day = event_day(ctx, sentence, sentence.start)
    named = bodies(ctx, sentence.start, items[0][0].span.start)  # "Le Conseil … fut formé de"
    body = named[0] if named else None
    out = []
    for person, post, s, e in items:
        post = " ".join(post.split())
        if heading.get("of"):
            post = _de(post)
        label = f"{heading['head']} {post}"
        out.append(Found("appointments.list-after-heading", s, e, label, person, body, date=day))
    return out


def _item(
    ctx: Context, rx: re.Pattern[str], start: int, end: int
) -> tuple[Mention, str, int, int] | None:
    """One list item at ``start``: a name, then its post phrase ("X aux Finances")."""
    m = rx.match(ctx.text, start, end)
    who = persons(ctx, start, m.end("who")) if m else ()
    if m is None or not who or who[0].span.start > m.start("who"):
        return None
    if who[-1].span.end != m.end("who"):
        return None
    return who[0], m["post"], start, end


def _pieces(split: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in split.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


def _split_and(ctx: Context, rx: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """A piece cut again at each "et" that a name follows ("… à la Justice et X aux Postes")."""
    cuts = [
        m
        for m in rx.finditer(ctx.text, start, end)
        if any(p.span.start == m.end() for p in persons(ctx, m.end(), end))
    ]
    out, pos = [], start
    for m in cuts:
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


def _de(post: str) -> str:
    """ "à la Justice" → "de la Justice" (a minister's post)."""
    for a, b in (
        ("à la ", "de la "),
        ("à l'", "de l'"),
        ("à l’", "de l’"),
        ("aux ", "des "),
        ("au ", "du "),
    ):
        if post.startswith(a):
            return b + post[len(a) :]
    return post


# --------------------------------------------------------------------------- tallies


def _tallies(ctx: Context, sentence: Sentence) -> list[Found]:
    conf = settings(ctx)["tally"]
    text = ctx.text
    if not conf["votes"].search(text, sentence.start, sentence.end):
        return []
    body = next(
        (
            b
            for b in bodies(ctx, sentence.start, sentence.end)
            if conf["elected"].match(text, b.span.end, sentence.end)
        ),
        None,
    )
    if body is None:
        return []
    people = [p for p in persons(ctx, body.span.end, sentence.end)]
    label = conf["label"].format(of_body=of_body(ctx, body))
    day = event_day(ctx, sentence, sentence.start)
    out: list[Found] = []
    for i, p in enumerate(people):
        counted = conf["count_after"].match(text, p.span.end, sentence.end)
        joined = (
            i + 1 < len(people)
            and conf["and_next"].match(text[p.span.end : people[i + 1].span.start])
            and conf["count_after"].match(text, people[i + 1].span.end, sentence.end)
        )
        if counted or joined:
            out.append(
                Found(
                    "appointments.elected-with-votes",
                    p.span.start,
                    p.span.end,
                    label,
                    p,
                    body,
                    body,
                    day,
                )
            )
    return out
