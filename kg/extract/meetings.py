"""Extractor: sittings of bodies (séances, réunions, congrès) and the narrative clock.

Rules live in ``kg/data/patterns/meetings.toml`` (one ``[[session]]`` per way
French narrative mentions a sitting); this module interprets them:

* each rule is matched sentence by sentence; an occurrence gets a body (a
  gazetteer BODY mention in its ``body`` group, an anaphora, or the previous
  sitting), a date (see *dates* below), a time of day, a place, and the
  participants, absentees, chair and outcomes its *window* (the rest of its
  paragraph, and following paragraphs that refer back to it) names;
* occurrences of the same sitting (same body, same day) merge into one
  :class:`~kg.model.Meeting` keyed ``<body>-<julian yyyy-mm-dd>[-suffix]``.

Dates stay honest.  A sitting is dated only by a date (or a relative day,
"le lendemain", "cinq jours plus tard", computed from the previous day the
text gave) in its own sentence, or, for rules marked ``date = "narrative"``,
by the narrative's current day.  Times are read as printed ("A 15 heures
10" stays 15:10); "dans la soirée … à 10 heures 45" is 22:45.

Bodies.  A body is a gazetteer or contextual name, or a name the gazetteer lacks (a
candidate: "le IIIe Congrès des soviets" still holds its sittings); a bare lowercase
"le congrès" names the congress named before (:func:`~kg.extract._narrative.head_antecedent`).
Rules say where the body is: a ``body`` group; the clause's subject (``body_from =
"subject"``, across an incise: "La conférence, convoquée par X, s'ouvrit le 14"; a
pronoun stands for the previous sentence's subject); or the sitting the narrative is
telling (``"current-sitting"``: "la séance s'ouvrit le 9", "au cours de la séance du 25",
"Lénine y présenta le rapport").  A sitting whose day is not printed in its sentence is
flagged ``day_from_context``.

Implied sittings (:func:`implied`, a pass after the decisions): a body decides in
session, so a dated decision of a body that no narrated sitting holds makes an
``inferred`` sitting of that body that day, evidenced by the decision's sentence.

The narrative clock and the name helpers live in :mod:`kg.extract._narrative`
(re-exported here); :func:`meeting_at` and :func:`meeting_on`, the sitting
the narrative is telling, are shared with the ``votes`` and ``appointments``
extractors.  Nothing here raises on text; a malformed pattern file raises
:class:`~kg.errors.DataError` when loaded (:mod:`kg.extract.rules`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from kg import iris
from kg.extract._narrative import (
    bodies_in,
    chain,
    chain_before,
    date_label,
    day_at,
    day_in,
    group_spans,
    name_key,
    named_bodies_in,
    opening_bodies,
    patterns,
    people_in,
    previous_body,
    previous_named_body,
    pronoun_body,
    pronoun_subject,
    resolved_key,
    time_in,
    unique,
)
from kg.extract._prefilter import rule_screen
from kg.extract.context import Context, Sittings
from kg.model import (
    DateRef,
    EntityKind,
    Fact,
    FactKind,
    FactRef,
    Meeting,
    Mention,
    Sentence,
    Vote,
)


def gazetteer_label(ctx: Context, key: str, default: str) -> str:
    """French label of gazetteer entity ``key``, else ``default``."""
    entity = ctx.gazetteer.get(key)
    return entity.label_fr if entity is not None else default


# --------------------------------------------------------------------------- sittings


@dataclass(frozen=True)
class _Occurrence:
    rule: dict[str, Any]
    start: int
    end: int
    sentence: Sentence
    groups: dict[str, tuple[int, int]]
    body: Mention | None
    co_bodies: tuple[Mention, ...] = ()  # the other bodies of a joint sitting's subject


def sittings(ctx: Context) -> Sittings:
    """Pass ``meetings``: the document's meetings, and ``(offset, key)`` of every occurrence."""
    occurrences = _occurrences(ctx)
    keyed: list[_Keyed] = []
    pending = []
    for occ in occurrences:
        day = _date_of(ctx, occ)
        if occ.rule.get("body_from") == "same-day":
            pending.append((occ, day))
            continue
        body, part_of = occ.body, ""  # the key of the sitting continued
        if occ.rule.get("part_of") == "previous-sitting" and keyed:
            body, part_of = keyed[-1][2], keyed[-1][1]
        if body is None and occ.rule.get("body_from") in _CURRENT:
            joined = _current(ctx, occ, day, keyed)
            if isinstance(joined, tuple):  # undated: told of the current sitting itself
                keyed.append((occ, joined[1], joined[2], joined[3], ""))
                continue
            body = joined
            if body is None:
                continue
        keyed.append((occ, _key(ctx, occ, body, day, part_of), body, day, part_of))
    for occ, day in pending:
        same = {
            k: b for _, k, b, d, p in keyed if b and d and day and d.julian == day.julian and not p
        }
        if len(same) == 1:
            ((key, body),) = same.items()
            keyed.append((occ, key, body, day, ""))
    keyed.sort(key=lambda k: k[0].start)
    starts = [k[0].start for k in keyed] + [len(ctx.text)]
    groups: dict[str, list[tuple[_Occurrence, Mention | None, DateRef | None, str, int]]] = {}
    for i, (occ, key, body, day, part_of) in enumerate(keyed):
        groups.setdefault(key, []).append((occ, body, day, part_of, starts[i + 1]))
    meetings = tuple(_meeting(ctx, key, items) for key, items in groups.items())
    return Sittings(meetings, tuple((k[0].start, k[1]) for k in keyed))


_CURRENT = ("current-sitting", "current-sitting-or-mention")
_Keyed = tuple[_Occurrence, str, Mention | None, DateRef | None, str]


def _current(
    ctx: Context, occ: _Occurrence, day: DateRef | None, keyed: list[_Keyed]
) -> Mention | _Keyed | None:
    """The body of a ``current-sitting`` occurrence: the body opening its sentence, else
    the body of the sitting the narrative is telling (the last one keyed, begun within
    ``[current] reach``) — that sitting itself when the occurrence gives no day — else,
    for ``current-sitting-or-mention``, the nearest body named before."""
    subject = opening_bodies(ctx, occ.start)  # "Le comité X, dans sa séance du 3, …"
    if subject:
        return subject[0]
    reach = patterns(ctx)["current"]["reach"]
    current = next(
        (
            k
            for k in reversed(keyed)
            if k[2] is not None and not k[4] and occ.start - k[0].start <= reach
        ),
        None,
    )
    if current is not None:
        return current if day is None else current[2]
    if occ.rule.get("body_from") == "current-sitting-or-mention":
        return previous_named_body(ctx, occ.start)
    return None


def _occurrences(ctx: Context) -> list[_Occurrence]:
    found: list[_Occurrence] = []
    for _para, sentence in ctx.sentences():
        said = ctx.text[sentence.start : sentence.end]
        rules = patterns(ctx)["session"]
        ok = rule_screen(rules).passing(said)
        for i, rule in enumerate(rules):
            if i not in ok:
                continue  # a word the rule needs is not in the sentence
            for m in rule["regex"].finditer(said):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                if any(o.start < end and start < o.end for o in found):
                    continue
                groups = group_spans(m, sentence.start)
                for body, others in _bodies_of(ctx, rule, groups, start, sentence):
                    found.append(_Occurrence(rule, start, end, sentence, groups, body, others))
    return sorted(found, key=lambda o: o.start)


def _bodies_of(
    ctx: Context,
    rule: dict[str, Any],
    groups: dict[str, tuple[int, int]],
    start: int,
    sentence: Sentence,
) -> list[tuple[Mention | None, tuple[Mention, ...]]]:
    """(body, co-bodies) of each sitting an occurrence tells; none when its body is unknown.

    A name the gazetteer lacks (a candidate) is a body too; a subject pronoun ("Réuni
    le 5, il décida") stands for the nearest body named before the sentence."""
    if "bodies" in groups:
        return [(b, ()) for b in unique(named_bodies_in(ctx, *groups["bodies"]))]
    if "body" in groups:
        if pronoun_subject(ctx.text[slice(*groups["body"])].split(" ", 1)[0]):
            body = pronoun_body(ctx, sentence)
            return [(body, ())] if body else []
        found = named_bodies_in(ctx, *groups["body"])
        if found:
            return [(found[0], ())]
        current = ("current-sitting", "current-sitting-or-mention")
        return [(None, ())] if rule.get("body_from") in current else []
    if rule.get("body_from") == "previous-mention":
        return [(previous_body(ctx, start), ())]
    if rule.get("body_from") == "subject":
        subject = opening_bodies(ctx, start)
        if subject:
            return [(subject[0], subject[1:])]
        if pronoun_subject(ctx.text[sentence.start : start]):
            body = pronoun_body(ctx, sentence)
            return [(body, ())] if body else []
        return []
    return [(None, ())]


def _date_of(ctx: Context, occ: _Occurrence) -> DateRef | None:
    mode = occ.rule.get("date", "sentence")
    if mode == "none":
        return None
    found = day_in(ctx, *occ.groups["date"]) if "date" in occ.groups else None
    if found is None:
        found = day_in(ctx, occ.sentence.start, occ.sentence.end)
    if found is None and mode == "narrative":
        found = day_at(ctx, occ.start)
    return found


def _from_context(ctx: Context, occ: _Occurrence, day: DateRef | None) -> bool:
    """The day is not printed in the sitting's sentence: it comes from the narrative
    (a relative day, "le lendemain", or the current day of a dateless sentence)."""
    if day is None:
        return False
    printed = ctx.dates_in(occ.sentence.start, occ.sentence.end)
    return not any(ref.julian.day == day.julian.day for ref in printed)


def _key(
    ctx: Context, occ: _Occurrence, body: Mention | None, day: DateRef | None, part_of: str
) -> str:
    suffix = occ.rule.get("key_suffix", "")
    if part_of:
        return f"{part_of}-{suffix or 'suite'}"
    parts = [name_key(ctx, body)] if body else []
    if occ.rule.get("key") or not body:
        parts.append(occ.rule.get("key", "seance"))
        if "who" in occ.groups:
            who = bodies_in(ctx, *occ.groups["who"])
            parts.extend(resolved_key(ctx, m) for m in who) if who else parts.append(
                iris.slug(ctx.text[slice(*occ.groups["who"])])[:32].strip("-")
            )
    parts += [suffix] if suffix else []
    parts += [day.julian.isoformat()] if day else []
    return "-".join(parts)


def _meeting(
    ctx: Context,
    key: str,
    items: list[tuple[_Occurrence, Mention | None, DateRef | None, str, int]],
) -> Meeting:
    first, body, _, part_of, _ = items[0]
    day = next((d for _, _, d, _, _ in items if d is not None), None)
    facts: dict[str, Any] = {
        "participants": [],
        "absentees": [],
        "outcomes": [],
        "chair": None,
        "chair_label": "",
        "place": None,
        "place_note": "",
        "time": ("", ""),
    }
    for occ, _, _, _, stop in items:
        facts["participants"] += [b for b in occ.co_bodies if not body or b.key != body.key]
        _read_own_groups(ctx, occ, body, facts)
        spans = [(occ.sentence.start, occ.sentence.end)]
        if occ.rule.get("window", True):
            spans = _window(ctx, occ, stop)
        for span in spans:
            _read_window(ctx, span, facts)
        if not facts["time"][0] and not facts["time"][1]:
            facts["time"] = time_in(ctx, occ.sentence)
    absent = {m.key for m in facts["absentees"]}
    return Meeting(
        key=key,
        evidence=ctx.span(first.sentence.start, first.sentence.end),
        body=body,
        date=day,
        place=facts["place"],
        participants=tuple(m for m in unique(facts["participants"]) if m.key not in absent),
        chair=facts["chair"],
        decisions=tuple(dict.fromkeys(facts["outcomes"])),
        label=_label(ctx, first, body, day),
        referred_only=all(o.rule.get("referred_only", False) for o, *_ in items),
        time_of_day=facts["time"][0],
        time_as_stated=facts["time"][1],
        part_of=FactRef(FactKind.MEETING, part_of) if part_of else None,
        place_note=facts["place_note"],
        chair_label=facts["chair_label"],
        absentees=unique(facts["absentees"]),
        recurrence=_group_text(ctx, first, "recurrence") or first.rule.get("recurrence", ""),
        note=_group_text(ctx, first, "note"),
        day_from_context=day is not None
        and all(_from_context(ctx, o, day) for o, _, d, _, _ in items if d is not None),
    )


def _group_text(ctx: Context, occ: _Occurrence, name: str) -> str:
    return " ".join(ctx.text[slice(*occ.groups[name])].split()) if name in occ.groups else ""


def _label(ctx: Context, occ: _Occurrence, body: Mention | None, day: DateRef | None) -> str:
    body_label = _body_label(ctx, body) if body else ""
    printed = _group_text(ctx, occ, "body") or (body.span.text if body else "")
    template = occ.rule["label"].replace("du {body}", "{of_body}")
    label = template.format(
        body=body_label,
        of_body=of_name(ctx, body_label),
        printed=printed,
        who=_group_text(ctx, occ, "who"),
    )
    if body and "{" not in occ.rule["label"]:
        label = f"{label} {of_name(ctx, body_label)}" if not label.endswith(body_label) else label
    return f"{label}, {date_label(ctx, day)}" if day else label


def of_name(ctx: Context, name: str) -> str:
    """``name`` after the preposition *de*, with the article French wants: "du Comité
    central", "de la Conférence démocratique", "de l'Assemblée constituante", "des
    socialistes-révolutionnaires" (the heads are listed in ``[labels]`` of meetings.toml)."""
    conf = patterns(ctx)["labels"]
    head = name.split(" ", 1)[0].split("-", 1)[0]
    if head.casefold() in conf["plural_heads"]:
        return f"des {name}"
    if head[:1] in "AEÉÈIOUaeéèiou" and not re.match(r"^[IVX]+e\b", head):
        return f"de l'{name}"
    if head.casefold() in conf["feminine_heads"]:
        return f"de la {name}"
    return f"du {name}"


def _body_label(ctx: Context, body: Mention) -> str:
    """The gazetteer's French label of a body, else its printed name (one line)."""
    if body.candidate_key:
        known = next((c.label for c in ctx.candidates if c.key == body.candidate_key), "")
        return " ".join((known or body.span.text).split())
    return gazetteer_label(ctx, resolved_key(ctx, body), body.span.text)


def _read_own_groups(
    ctx: Context, occ: _Occurrence, body: Mention | None, facts: dict[str, Any]
) -> None:
    if "who" in occ.groups:
        found = people_in(ctx, *occ.groups["who"]) + named_bodies_in(ctx, *occ.groups["who"])
        facts["participants"] += [m for m in found if not body or m.key != body.key]
    if "place_note" in occ.groups and not facts["place_note"]:
        facts["place_note"] = _group_text(ctx, occ, "place_note")
    if occ.rule.get("place_from") == "paragraph" and facts["place"] is None:
        para = ctx.paragraph_at(occ.start)
        facts["place"] = ctx.mention_at(para.start, occ.start, EntityKind.PLACE) if para else None


def _window(ctx: Context, occ: _Occurrence, stop: int) -> list[tuple[int, int]]:
    """The rest of the paragraph, then following paragraphs that refer back (up to ``stop``)."""
    para = ctx.paragraph_at(occ.start)
    if para is None:
        return [(occ.sentence.start, occ.sentence.end)]
    spans = [(occ.sentence.start, min(para.end, stop))]
    anaphora = patterns(ctx)["window"]["anaphora"]
    for nxt in (p for p in ctx.seg.paragraphs if p.start > para.start):
        said = ctx.text[nxt.start : min(nxt.end, stop)]
        if nxt.start >= stop or not any(a in said for a in anaphora):
            break
        spans.append((nxt.start, min(nxt.end, stop)))
    return spans


def _read_window(ctx: Context, span: tuple[int, int], facts: dict[str, Any]) -> None:
    conf = patterns(ctx)
    for section, target in (("participant", "participants"), ("absence", "absentees")):
        for rule in conf[section]:
            for m in rule["regex"].finditer(ctx.text, *span):
                if rule.get("side") == "group":
                    facts[target] += people_in(ctx, m.start("who"), m.end("who"))
                else:
                    facts[target] += chain_before(ctx, m.start())
    for rule in conf["chair"]:
        for m in rule["regex"].finditer(ctx.text, *span):
            if m.groupdict().get("chair_label"):
                facts["chair_label"] = facts["chair_label"] or " ".join(m["chair_label"].split())
            elif m.groupdict().get("who") and facts["chair"] is None:
                found = people_in(ctx, m.start("who"), m.end("who"))
                facts["chair"] = found[0] if found else None
    for rule in conf["place"]:
        for m in rule["regex"].finditer(ctx.text, *span):
            if facts["place"] is None:
                facts["place"] = ctx.mention_at(m.start("place"), m.end("place"), EntityKind.PLACE)
                if m.groupdict().get("place_note"):
                    facts["place_note"] = " ".join(m["place_note"].split())
    for rule in conf["outcome"]:
        facts["outcomes"] += [
            " ".join(m["outcome"].split()) for m in rule["regex"].finditer(ctx.text, *span)
        ]


def extract(ctx: Context) -> tuple[Fact, ...]:
    """Every sitting the document mentions (see the module docstring)."""
    return ctx.sittings.meetings


# --------------------------------------------------------------------------- implied sittings


def implied(
    ctx: Context, decisions: tuple[Fact, ...]
) -> tuple[tuple[Meeting, ...], tuple[Fact, ...]]:
    """Pass ``implied sittings`` (after ``decisions``): a body decides in session, so a
    decision or counted vote of a body on a stated day that no sitting holds implies a
    sitting of that body that day.

    Returns the new sittings (``inferred``, referred to only, evidenced by the decision's
    sentence) and the decisions, each such vote now pointing to its sitting (its own day
    is kept).  A decision whose text names no body is the body's whose decision or
    sitting the narrative told just before (within ``[implied] carry`` characters).
    """
    conf = patterns(ctx)["implied"]
    found: dict[str, Meeting] = {}
    told = [(m.evidence.start, m.evidence.end, m.body) for m in ctx.sittings.meetings if m.body]
    linked: dict[int, Fact] = {}
    votes = [(i, f) for i, f in enumerate(decisions) if isinstance(f, Vote)]
    for i, vote in sorted(votes, key=lambda v: v[1].evidence.start):
        body = vote.bodies[0] if vote.bodies else _carried(told, vote, conf["carry"])
        if body is None or _norm(body.span.text) in _norm(vote.motion):
            continue  # no decider, or the body is what was voted on ("la création du comité")
        told.append((vote.evidence.start, vote.evidence.end, body))
        decided = vote.result or vote.for_count is not None or vote.against_count is not None
        if vote.meeting is None and _told_here(ctx, vote) and decided:
            linked[i] = replace(vote, meeting=_sitting_of(ctx, body, vote, found).ref)
    return tuple(found.values()), tuple(linked.get(i, f) for i, f in enumerate(decisions))


def _told_here(ctx: Context, vote: Vote) -> bool:
    """The vote's day is given (explicit or relative) in its own paragraph, before its end:
    a day carried over a paragraph break ("En mars, le congrès approuva …") is too stale
    to imply a sitting."""
    if vote.date is None:
        return False
    para = ctx.paragraph_at(vote.evidence.start)
    start = para.start if para else vote.evidence.start
    return any(
        start <= off < vote.evidence.end and ref.julian == vote.date.julian
        for off, ref in ctx.clock
    )


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _carried(told: list[tuple[int, int, Mention]], vote: Vote, carry: int) -> Mention | None:
    before = [(end, body) for start, end, body in told if start < vote.evidence.start]
    if not before:
        return None
    end, body = max(before, key=lambda x: x[0])
    return body if vote.evidence.start - end <= carry else None


def _sitting_of(ctx: Context, body: Mention, vote: Vote, found: dict[str, Meeting]) -> Meeting:
    assert vote.date is not None
    key = f"{name_key(ctx, body)}-{vote.date.julian.isoformat()}"
    told = next(
        (
            m
            for m in ctx.sittings.meetings
            if m.key == key
            or (
                m.body is not None
                and m.date is not None
                and not m.part_of
                and name_key(ctx, m.body) == name_key(ctx, body)
                and m.date.julian == vote.date.julian
            )
        ),
        None,
    )
    if told is not None:
        return told
    if key not in found:
        sentence = ctx.sentence_at(vote.evidence.start)
        template = patterns(ctx)["implied"]["label"].replace("du {body}", "{of_body}")
        label = template.format(of_body=of_name(ctx, _body_label(ctx, body)))
        found[key] = Meeting(
            key=key,
            evidence=ctx.span(sentence.start, max(sentence.end, vote.evidence.end)),
            body=body,
            date=vote.date,
            label=f"{label}, {date_label(ctx, vote.date)}",
            referred_only=True,
            inferred=True,
            rule="meetings.implied",
            day_from_context=not any(
                ref.julian.day == vote.date.julian.day
                for ref in ctx.dates_in(sentence.start, sentence.end)
            ),
        )
    return found[key]


__all__ = [
    "bodies_in",
    "chain",
    "chain_before",
    "date_label",
    "day_at",
    "day_in",
    "extract",
    "implied",
    "patterns",
    "people_in",
    "previous_body",
    "resolved_key",
    "time_in",
    "unique",
]
