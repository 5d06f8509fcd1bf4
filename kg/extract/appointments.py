"""Extractor: appointments to posts, posts held, resignations.

Patterns: ``kg/data/patterns/appointments.toml``.

* **Lists** ("X fut nommé Président du Conseil …, A. Rykov, commissaire du
  peuple aux Affaires intérieures ; V. Milioutine, à l'Agriculture ; …") are
  read with a small grammar: each item is a person followed by a post phrase;
  an elliptic phrase ("à l'Agriculture") takes the head of the last full post
  ("commissaire du peuple"); people with no phrase of their own share the
  next collective one ("X, Y et Z constituèrent le Comité …"); "Le poste de …
  resta vacant" is an appointment with no person (``vacant=True``).
* **Single appointments** ("il fut nommé dictateur de Petrograd", "Lénine me
  nomma …", "ce Comité nomma des commissaires …"), **posts held** by
  apposition ("Teodorovitch, commissaire au Ravitaillement"), unnamed holders
  ("Le président de séance"), and **resignations**.

* **General rules** (:mod:`~kg.extract._post_rules` and :mod:`~kg.extract._post_forms`): how
  French prose in general says who was elected, named, took the head of, held a post
  ("fut élu …", "en prit la tête", appositions, lists after a heading, tallies), for
  people the gazetteer lacks too; a general finding the seed rules above already read for
  the same person in the same words is dropped.  Resignations: :mod:`~kg.extract._resignations`.

Post keys come from the gazetteer's ``[post.*]`` entries (labels and aliases
compared without accents, case or final plural ``s``); a post it lacks keeps
``post_key = ""`` and its label.  Dates: a list or a resignation is dated by
its sentence or the narrative's current day; other appointments only by
their sentence.  Nothing here raises on text.
"""

from __future__ import annotations

import re
from typing import Any

from kg import iris
from kg.extract._narrative import (
    bodies_in,
    chain_before,
    day_at,
    day_in,
    meeting_at,
    narrator,
    people_in,
    people_in_all,
    previous_body,
    resolved_key,
)
from kg.extract._post_forms import find
from kg.extract._posts import normalise, post_index
from kg.extract._prefilter import passing_rules
from kg.extract._resignations import resignations
from kg.extract.context import Context
from kg.extract.rules import RuleFile
from kg.model import Appointment, EntityKind, Fact, Mention, Resignation, Sentence


def patterns(ctx: Context) -> RuleFile:
    """The checked ``appointments.toml`` (:mod:`kg.extract.rules`)."""
    return ctx.rules["appointments"]


def extract(ctx: Context) -> tuple[Fact, ...]:
    """Appointments, posts held and resignations the document states."""
    found: dict[str, Fact] = {}
    taken: list[tuple[int, int]] = []
    for _para, sentence in ctx.sentences():
        for fact in (
            *_lists(ctx, sentence, taken),
            *_singles(ctx, sentence, taken),
            *resignations(ctx, sentence),
        ):
            found.setdefault(fact.key, fact)
    for fact in (*_appositions(ctx, taken), *_unnamed(ctx)):
        found.setdefault(fact.key, fact)
    for fact in _general(ctx, list(found.values())):
        found.setdefault(fact.key, fact)
    for fact in list(found.values()):  # who resigns from a post held it
        if (
            isinstance(fact, Resignation)
            and fact.left is not None
            and fact.left.kind == EntityKind.POST
        ):
            holding = _appointment(
                ctx,
                fact.evidence.start,
                fact.evidence.end,
                fact.left.span.text,
                fact.person,
                post_key=fact.left.key,
                kind="holding",
                rule="appointments.resigned-from-post",
            )
            found.setdefault(holding.key, holding)
    return tuple(found.values())


def _appointment(
    ctx: Context, start: int, end: int, label: str, person: Mention | None, **kw: Any
) -> Appointment:
    label = " ".join(label.split()).strip(" ,;.")
    post_key = kw.pop("post_key", "") or post_index(ctx.gazetteer).get(normalise(label), "")
    who = (
        resolved_key(ctx, person)
        if person
        else (kw.get("holder_label") and iris.slug(kw["holder_label"])) or "vacant"
    )
    body = kw.get("body")
    stem = post_key or "-".join(
        filter(None, [resolved_key(ctx, body) if body else "", iris.slug(label)[:40]])
    )
    return Appointment(
        key=f"{stem}-{who}",
        evidence=ctx.span(start, end),
        post=label,
        post_key=post_key,
        person=person,
        **kw,
    )


# --------------------------------------------------------------------------- lists


def _lists(ctx: Context, sentence: Sentence, taken: list[tuple[int, int]]) -> list[Appointment]:
    conf = patterns(ctx)["list"]
    opening = conf["opening"].search(ctx.text, sentence.start, sentence.end)
    if opening is None:
        return []
    subject = chain_before(ctx, opening.start())
    if not subject:
        return []
    groups = _person_groups(people_in_all(ctx, subject[0].span.start, sentence.end))
    meeting = meeting_at(ctx, sentence.end)
    day = (
        meeting.date
        if meeting
        else (day_in(ctx, sentence.start, sentence.end) or day_at(ctx, sentence.start))
    )
    common = {
        "date": day,
        "meeting": meeting.ref if meeting else None,
        "appointed_by": meeting.body if meeting else None,
    }
    out: list[Appointment] = []
    head, list_body, pending = "", None, []
    for i, group in enumerate(groups):
        stop = groups[i + 1][0].span.start if i + 1 < len(groups) else sentence.end
        while stop > group[-1].span.end and ctx.text[stop - 1] in " ,;.\n":
            stop -= 1
        phrase_start = group[-1].span.end
        phrase = conf["strip"].sub("", ctx.text[phrase_start:stop].rstrip(". "))
        pending.append(group[0])
        if not phrase:
            continue
        collective = conf["collective"].match(phrase)
        if collective:
            body = next(iter(bodies_in(ctx, phrase_start, stop)), None)
            label = conf["collective_post"].format(body=collective["body"].split(" ", 1)[1])
            out += [
                _appointment(
                    ctx, p.span.start, stop, label, p, body=body, rule="appointments.list", **common
                )
                for p in pending
            ]
        else:
            label, head = _post_label(ctx, phrase, phrase_start, stop, head)
            list_body = list_body or _list_body(ctx, sentence, label)
            out.append(
                _appointment(
                    ctx,
                    group[0].span.start,
                    stop,
                    label,
                    group[0],
                    body=list_body,
                    rule="appointments.list",
                    **common,
                )
            )
        pending = []
    taken.append((subject[0].span.start, sentence.end))
    out += _vacancies(ctx, sentence, list_body, common)
    return out


def _person_groups(mentions: tuple[Mention, ...]) -> list[list[Mention]]:
    """Consecutive mentions of one person ("L. Bronstein (Trotski)") form one group."""
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups and groups[-1][-1].key == m.key:
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _post_label(ctx: Context, phrase: str, start: int, stop: int, head: str) -> tuple[str, str]:
    conf = patterns(ctx)["list"]
    post = ctx.mention_at(start, stop, EntityKind.POST)
    label = " ".join(phrase.split())
    if post is None and conf["elliptic"].match(label) and head:
        label = f"{head} {label}"
    for candidate in sorted(conf["heads"], key=len, reverse=True):
        if label.casefold().startswith(candidate):
            return label, candidate
    return label, head


def _list_body(ctx: Context, sentence: Sentence, label: str) -> Mention | None:
    para = ctx.paragraph_at(sentence.start)
    if para is None:
        return None
    wanted = normalise(label)
    return next(
        (b for b in bodies_in(ctx, para.start, para.end) if normalise(b.span.text) in wanted), None
    )


def _vacancies(
    ctx: Context, sentence: Sentence, body: Mention | None, common: dict[str, Any]
) -> list[Appointment]:
    para = ctx.paragraph_at(sentence.start)
    out = []
    for rule in patterns(ctx)["vacant"]:
        for m in rule["regex"].finditer(ctx.text, sentence.end, para.end if para else sentence.end):
            post = ctx.mention_at(m.start("post"), m.end("post"), EntityKind.POST)
            out.append(
                _appointment(
                    ctx,
                    m.start(),
                    m.end(),
                    m["post"],
                    None,
                    vacant=True,
                    body=body,
                    rule=rule.id,
                    post_key=post.key if post else "",
                    **common,
                )
            )
    return out


# --------------------------------------------------------------------------- single appointments


def _singles(ctx: Context, sentence: Sentence, taken: list[tuple[int, int]]) -> list[Appointment]:
    out = []
    said = ctx.text[sentence.start : sentence.end]
    for rule in passing_rules(patterns(ctx)["appointment"], said):
        for m in rule["regex"].finditer(ctx.text, sentence.start, sentence.end):
            if any(s <= m.start() < e for s, e in taken):
                continue
            person = _person(ctx, m) if m.groupdict().get("who") else None
            by = _by(ctx, m) if m.groupdict().get("by") else None
            if person is None and not m.groupdict().get("unnamed"):
                continue
            post_start = m.start("unnamed") if m.groupdict().get("unnamed") else m.start("post")
            post = ctx.mention_at(post_start, m.end("post"), EntityKind.POST)
            label = rule.get("post_label", "{post}").format(post=m["post"])
            body = (
                by
                if rule.get("body") == "by"
                else next(iter(bodies_in(ctx, m.start("post"), m.end("post"))), None)
            )
            day = day_in(ctx, sentence.start, sentence.end)
            out.append(
                _appointment(
                    ctx,
                    sentence.start if day else m.start(),
                    m.end(),
                    label,
                    person,
                    post_key=post.key if post else "",
                    body=body,
                    appointed_by=by,
                    date=day,
                    rule=rule.id,
                    holder_label=" ".join(m["unnamed"].split())
                    if m.groupdict().get("unnamed")
                    else "",
                )
            )
            taken.append((m.start(), m.end()))
    return out


def _person(ctx: Context, m: re.Match[str]) -> Mention | None:
    who = m["who"].strip().casefold()
    if who in ("il", "elle"):
        para = ctx.paragraph_at(m.start())
        found = ctx.mentions_in(para.start if para else 0, m.start(), EntityKind.PERSON)
        return found[-1] if found else None
    if who in ("me", "m'", "m’"):
        return narrator(ctx)
    found = people_in(ctx, m.start("who"), m.end("who"))
    return found[0] if found else None


def _by(ctx: Context, m: re.Match[str]) -> Mention | None:
    text = m["by"]
    if re.match(r"(?i)^(?:ce|cette)\s", text):
        return previous_body(ctx, m.start("by"), head=text.split()[-1])
    found = people_in(ctx, m.start("by"), m.end("by")) or bodies_in(ctx, m.start("by"), m.end("by"))
    return found[0] if found else None


# --------------------------------------------------------------------------- posts held


def _appositions(ctx: Context, taken: list[tuple[int, int]]) -> list[Appointment]:
    gap = patterns(ctx)["apposition"]["gap_regex"]
    out = []
    for post in (m for m in ctx.mentions if m.kind == EntityKind.POST):
        if any(s <= post.span.start < e for s, e in taken):
            continue
        sentence = ctx.sentence_at(post.span.start)
        before = ctx.mentions_in(sentence.start, post.span.start, EntityKind.PERSON)
        if before and gap.match(ctx.text[before[-1].span.end : post.span.start]):
            person = before[-1]
            out.append(
                _appointment(
                    ctx,
                    person.span.start,
                    post.span.end,
                    post.span.text,
                    person,
                    post_key=post.key,
                    kind="holding",
                    rule="appointments.apposition",
                )
            )
    return out


def _unnamed(ctx: Context) -> list[Appointment]:
    out = []
    for rule in patterns(ctx)["unnamed_holder"]:
        for m in rule["regex"].finditer(ctx.text):
            meeting = meeting_at(ctx, m.start())
            if meeting is None or meeting.body is None:
                continue
            label = rule["post_label"].format(post=m["post"])
            sentence = ctx.sentence_at(m.start())
            out.append(
                _appointment(
                    ctx,
                    sentence.start,
                    sentence.end,
                    label,
                    None,
                    body=meeting.body,
                    holder_label=" ".join(m["unnamed"].split()),
                    meeting=meeting.ref,
                    date=meeting.date,
                    kind="holding",
                    rule=rule.id,
                )
            )
    return out


# --------------------------------------------------------------------------- general rules


def _general(ctx: Context, known: list[Fact]) -> list[Appointment]:
    """The general rules' posts (:mod:`~kg.extract._post_rules`), except those a seed rule
    above already read for the same person in the same words."""
    said = [
        (resolved_key(ctx, f.person), f.evidence.start, f.evidence.end)
        for f in known
        if isinstance(f, Appointment) and f.person is not None
    ]
    out = []
    for f in find(ctx):
        who = resolved_key(ctx, f.person)
        if any(k == who and s < f.end and f.start < e for k, s, e in said):
            continue
        out.append(
            _appointment(
                ctx,
                f.start,
                f.end,
                f.label,
                f.person,
                body=f.body,
                appointed_by=f.appointed_by,
                date=f.date,
                kind=f.kind,
                rule=f.rule,
            )
        )
    return out
