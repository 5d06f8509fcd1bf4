"""General appointment rules: how French prose says who took, was given or held a post.

Rules: the ``[[post]]`` tables and the ``[holder]``, ``[apposition_any]``, ``[post_list]``
and ``[tally]`` settings of ``kg/data/patterns/appointments.toml``.  Holders are read with
:meth:`~kg.extract.context.Context.names_in`, so people the gazetteer lacks hold posts
too (their mention keyed ``candidate:<key>``).  A rule that cannot tell who holds the
post gives nothing: the nearest name is never taken for the holder.

Each finding is a :class:`Found`; :mod:`kg.extract.appointments` makes the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from kg.extract._narrative import clause_start, day_at, day_in, meeting_at, narrator
from kg.extract.context import Context
from kg.extract.rules import RuleFile
from kg.model import DateRef, EntityKind, Meeting, Mention, Sentence


@dataclass(frozen=True)
class Found:
    """One post a person took or held, as a rule read it."""

    rule: str
    start: int
    end: int
    label: str
    person: Mention
    body: Mention | None = None
    appointed_by: Mention | None = None
    date: DateRef | None = None
    kind: str = "appointment"


def _conf(ctx: Context) -> RuleFile:
    return ctx.rules["appointments"]


def find(ctx: Context) -> list[Found]:
    """Every post the general rules read, in text order."""
    out: list[Found] = []
    for _para, sentence in ctx.sentences():
        out += _rules(ctx, sentence)
        out += _lists(ctx, sentence)
        out += _tallies(ctx, sentence)
    out += _appositions(ctx)
    return out


# --------------------------------------------------------------------------- people


def _persons(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    return ctx.names_in(start, end, EntityKind.PERSON)


def _bodies(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    return ctx.names_in(start, end, EntityKind.BODY)


def holder_before(ctx: Context, offset: int, strict: bool = False) -> Mention | None:
    """The subject of the verb at ``offset``: the last person of its clause, right before it
    (past a descriptive piece or "qui"), or the clause's only person with one verb between."""
    conf = _conf(ctx)["holder"]
    start = clause_start(ctx, offset)
    people = _persons(ctx, start, offset)
    if not people:
        return pronoun_holder(ctx, start, offset)
    last = people[-1]
    gap = ctx.text[last.span.end : offset]
    if conf["subject_gap"].match(gap):
        return last
    if not strict and len({p.key for p in people}) == 1 and conf["coordinated_gap"].match(gap):
        return last
    return None


def _subject(ctx: Context, offset: int) -> Mention | None:
    """Who did the appointing: the person or body right before the verb at ``offset``."""
    names = [
        n
        for n in ctx.names_in(clause_start(ctx, offset), offset)
        if n.kind in (EntityKind.PERSON, EntityKind.BODY)
    ]
    if names and _conf(ctx)["holder"]["subject_gap"].match(ctx.text[names[-1].span.end : offset]):
        return names[-1]
    return None


def pronoun_holder(ctx: Context, start: int, offset: int) -> Mention | None:
    """ "il fut élu …": the one person the text was speaking of, if only one.

    That is the person named earlier in the sentence, else in the nearest earlier
    sentence of the paragraph naming someone; two people there, and it is left out."""
    said = ctx.text[start:offset]
    if not _conf(ctx)["holder"]["pronoun"].match(said):
        return None
    if re.search(r"\b[Jj](?:e\b|['’])", said):
        return narrator(ctx)
    sentence = ctx.sentence_at(offset)
    para = ctx.paragraph_at(offset)
    spans = [(sentence.start, start)] + [
        (s.start, s.end)
        for _p, s in reversed(ctx.sentences())
        if s.end <= sentence.start and para is not None and s.start >= para.start
    ]
    for a, b in spans:
        people = _persons(ctx, a, b)
        if people:
            return people[0] if len({p.key for p in people}) == 1 else None
    return None


def holder_after(ctx: Context, offset: int, limit: int) -> Mention | None:
    """The first person named after ``offset``, past an article and a few words."""
    found = _persons(ctx, offset, limit)
    if not found:
        return None
    first = found[0]
    # a name glued to the next word by the damage ("X.Yconduisit") still starts here
    if _conf(ctx)["holder"]["after_gap"].match(ctx.text[offset : first.span.start]):
        return first
    return None


# --------------------------------------------------------------------------- labels, bodies, days


def of_body(ctx: Context, body: Mention | None) -> str:
    """ "du Comité central", "de la Tchéka", "de l'Assemblée …" for a post label."""
    if body is None:
        return ""
    name = " ".join(body.span.text.split())
    low = name.casefold()
    for article, joined in (("le ", "du "), ("la ", "de la "), ("les ", "des ")):
        if low.startswith(article):
            return joined + name[len(article) :]
    if low[:2] in ("l'", "l’"):
        return "de " + name
    if low[:1] in "aeiouyéèêâîô":
        return "de l'" + name
    feminine = _conf(ctx)["holder"]["feminine"]
    return ("de la " if low.split()[0] in feminine else "du ") + name


def antecedent_body(ctx: Context, offset: int) -> Mention | None:
    """The body "en" stands for: the last body named in this or the previous sentence."""
    sentence = ctx.sentence_at(offset)
    before = [s for _p, s in ctx.sentences() if s.end <= sentence.start]
    start = before[-1].start if before else sentence.start
    found = _bodies(ctx, start, offset)
    return found[-1] if found else None


def sitting(ctx: Context, offset: int) -> Meeting | None:
    """The sitting the narrative tells at ``offset``, if no other day was given since."""
    meeting = meeting_at(ctx, offset)
    if meeting is None:
        return None
    if any(meeting.evidence.end <= off < offset for off, _ref in ctx.clock):
        return None
    return meeting


def event_day(
    ctx: Context, sentence: Sentence, offset: int, back: int | None = None
) -> DateRef | None:
    """The day of an appointment: its sentence's; the narrative's when a cue says so
    ("alors"); its sitting's; else the day of the sentence ``back`` its antecedent lies in.
    Never the narrative's day past a vague time ("plus tard", "à la fin du mois")."""
    conf = _conf(ctx)["holder"]
    day = day_in(ctx, sentence.start, sentence.end)
    if day is not None:
        return day
    said = ctx.text[sentence.start : sentence.end]
    if conf["vague"].search(said):
        return None
    if conf["same_day"].search(said):
        return day_at(ctx, sentence.start)
    meeting = sitting(ctx, offset)
    if meeting is not None and meeting.date is not None:
        return meeting.date
    if back is not None:
        earlier = ctx.sentence_at(back)
        return day_in(ctx, earlier.start, earlier.end)
    return None


def _clean(label: str) -> str:
    label = " ".join(label.split()).strip(" ,;.")
    return re.sub(r"\bde les\b", "des", re.sub(r"\bde le\b", "du", label))


# --------------------------------------------------------------------------- [[post]] rules


def _rules(ctx: Context, sentence: Sentence) -> list[Found]:
    out = []
    text = ctx.text
    for rule in _conf(ctx).rules("post"):
        for m in rule.regex.finditer(text, sentence.start, sentence.end):
            out += _one(ctx, sentence, rule, m)
    return out


def _one(ctx: Context, sentence: Sentence, rule: Any, m: re.Match[str]) -> list[Found]:
    post_span = (m.start("post"), m.end("post")) if m.groupdict().get("post") else None
    others: tuple[Mention, ...] = ()
    if rule["holder"] == "before":
        person = holder_before(ctx, m.start(), bool(rule.get("strict")))
        end = m.end()
        if person is not None and _conf(ctx)["holder"]["plural"].search(m.group(0)):
            others = _joined_before(ctx, person)
    else:
        person = holder_after(ctx, m.end(), sentence.end)
        end = person.span.end if person else m.end()
        if person is not None and rule.get("then") is not None:
            then = rule["then"].match(ctx.text, person.span.end, sentence.end)
            if then is None:
                return []
            post_span, end = (then.start("post"), then.end("post")), then.end()
    if person is None:
        return []
    post = ctx.text[post_span[0] : post_span[1]] if post_span else ""
    body, back = None, None
    source = rule.get("body")
    if source == "post" and post_span:
        found = _bodies(ctx, *post_span)
        body = found[0] if found else None
    elif source == "subject":
        found = _bodies(ctx, clause_start(ctx, m.start()), m.start())
        body = found[-1] if found else None
    elif source == "antecedent":
        body = antecedent_body(ctx, m.start())
        back = body.span.start if body else None
        if body is None:
            return []
    by = body if source == "subject" else None
    if by is None and rule["holder"] == "after" and not rule.get("opening"):
        by = _subject(ctx, m.start())
    bare = " ".join(post.split()).casefold() in _conf(ctx)["holder"]["bare_heads"]
    if bare and body is None and source == "post" and not rule.get("kind"):
        # "X fut élu président" while a sitting is told: the chair of the sitting's body
        meeting = sitting(ctx, m.start())
        if meeting is not None and meeting.body is not None:
            body = by = meeting.body
            post = f"{post} {of_body(ctx, body)}"
    if body is None and "{of_body}" in rule.get("label", ""):
        return []  # the post is the body's: no body, no post
    label = _clean(rule.get("label", "{post}").format(post=post, of_body=of_body(ctx, body)))
    kind = str(rule.get("kind", "appointment"))
    start = min(person.span.start, m.start())
    if kind != "appointment":
        date = None
    elif rule.get("opening"):  # the participle's own day, not the main verb's
        date = day_in(ctx, m.start(), m.end())
    else:
        date = event_day(ctx, sentence, m.start(), back)
    return [
        Found(rule.id, min(start, p.span.start), end, label, p, body, by, date, kind)
        for p in (*others, person)
    ]


def _joined_before(ctx: Context, last: Mention) -> tuple[Mention, ...]:
    """The people joined to ``last`` before it by "," / "et" ("X, Y et Z furent élus")."""
    gap = _conf(ctx)["holder"]["joined"]
    out: list[Mention] = []
    current = last
    for p in reversed(_persons(ctx, clause_start(ctx, last.span.start), last.span.start)):
        if p.key == current.key:
            continue
        if not gap.match(ctx.text[p.span.end : current.span.start]):
            break
        out.insert(0, p)
        current = p
    return tuple(out)


# --------------------------------------------------------------------------- appositions


def _appositions(ctx: Context) -> list[Found]:
    conf = _conf(ctx)["apposition_any"]
    out: list[Found] = []
    text = ctx.text
    for person in _persons(ctx, 0, len(text)):
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
            if _persons(ctx, person.span.end, m.start("post")):
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
            person = holder_after(ctx, m.end(), sentence.end)
            if person is None or not _conf(ctx)["holder"]["after_end"].match(
                text, person.span.end, sentence.end
            ):
                continue
            out.append(_held(ctx, "appointments.reverse-apposition", person, m, m.start()))
    return out


def _last_head(ctx: Context, found: list[Found], sentence: Sentence) -> str:
    """The head ("commissaire du peuple") of the last full post read in ``sentence``."""
    heads = sorted(_conf(ctx)["apposition_any"]["heads"], key=len, reverse=True)
    for f in reversed(found):
        if f.start < sentence.start:
            break
        head = next((h for h in heads if f.label.casefold().startswith(h)), "")
        if head:
            return head
    return ""


def _held(ctx: Context, rule: str, person: Mention, m: re.Match[str], start: int) -> Found:
    drop = set(_conf(ctx)["apposition_any"]["drop"])
    qual = [w for w in m["qual"].split() if w not in drop] if m.groupdict().get("qual") else []
    label = _clean(" ".join([*qual, m["post"]]))
    bodies = _bodies(ctx, m.start("post"), m.end("post"))
    end = max(m.end(), person.span.end)
    return Found(rule, start, end, label, person, bodies[0] if bodies else None, kind="holding")


# --------------------------------------------------------------------------- lists


def _lists(ctx: Context, sentence: Sentence) -> list[Found]:
    conf = _conf(ctx)["post_list"]
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
        starts = [s] if started or colon >= 0 else [s, *(p.span.start for p in _persons(ctx, s, e))]
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
    out = []
    for person, post, s, e in items:
        post = " ".join(post.split())
        if heading.get("of"):
            post = _de(post)
        label = f"{heading['head']} {post}"
        out.append(Found("appointments.list-after-heading", s, e, label, person, date=day))
    return out


def _item(
    ctx: Context, rx: re.Pattern[str], start: int, end: int
) -> tuple[Mention, str, int, int] | None:
    """One list item at ``start``: a name, then its post phrase ("X aux Finances")."""
    m = rx.match(ctx.text, start, end)
    who = _persons(ctx, start, m.end("who")) if m else ()
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
        if any(p.span.start == m.end() for p in _persons(ctx, m.end(), end))
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
    conf = _conf(ctx)["tally"]
    text = ctx.text
    if not conf["votes"].search(text, sentence.start, sentence.end):
        return []
    body = next(
        (
            b
            for b in _bodies(ctx, sentence.start, sentence.end)
            if conf["elected"].match(text, b.span.end, sentence.end)
        ),
        None,
    )
    if body is None:
        return []
    people = [p for p in _persons(ctx, body.span.end, sentence.end)]
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
