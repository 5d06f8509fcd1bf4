"""General appointment rules: how French prose says who took, was given or held a post.

This module: the holders, labels, days and the ``[[post]]`` rules; appositions, lists
and tallies are in :mod:`~kg.extract._post_forms`, whose :func:`find` runs them all.

Rules: the ``[[post]]`` tables and the ``[holder]``, ``[apposition_any]``, ``[post_list]``
and ``[tally]`` settings of ``kg/data/patterns/appointments.toml``.  Holders are read with
:meth:`~kg.extract.context.Context.names_in`, so people the gazetteer lacks hold posts
too (their mention keyed ``candidate:<key>``).  A rule that cannot tell who holds the
post gives nothing: the nearest name is never taken for the holder.

Each finding is a :class:`Found`; :mod:`kg.extract.appointments` makes the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kg.extract._narrative import clause_start, day_at, day_in, meeting_at, narrator
from kg.extract._prefilter import rule_screen
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


def settings(ctx: Context) -> RuleFile:
    return ctx.rules["appointments"]


# --------------------------------------------------------------------------- people


def persons(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """People named in ``[start, end)``, known or not (a gazetteer name wins over a candidate
    overlapping it)."""
    return _known_first(ctx.names_in(start, end, EntityKind.PERSON))


def bodies(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """Bodies named in ``[start, end)``, as :func:`persons`."""
    return _known_first(ctx.names_in(start, end, EntityKind.BODY))


def _known_first(names: tuple[Mention, ...]) -> tuple[Mention, ...]:
    known = [n for n in names if n.candidate_key is None]
    return tuple(
        n
        for n in names
        if n.candidate_key is None
        or not any(k.span.start < n.span.end and n.span.start < k.span.end for k in known)
    )


def holder_before(ctx: Context, offset: int, strict: bool = False) -> Mention | None:
    """The subject of the verb at ``offset``: the last person of its clause, right before it
    (past a descriptive piece or "qui"), or the clause's only person with one verb between."""
    conf = settings(ctx)["holder"]
    start = clause_start(ctx, offset)
    people = persons(ctx, start, offset)
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
    if names and settings(ctx)["holder"]["subject_gap"].match(
        ctx.text[names[-1].span.end : offset]
    ):
        return names[-1]
    return None


def pronoun_holder(ctx: Context, start: int, offset: int) -> Mention | None:
    """ "il fut élu …": the one person the text was speaking of, if only one.

    That is the person named earlier in the sentence, else in the nearest earlier
    sentence of the paragraph naming someone; two people there, and it is left out."""
    said = ctx.text[start:offset]
    if not settings(ctx)["holder"]["pronoun"].match(said):
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
        people = persons(ctx, a, b)
        if people:
            return people[0] if len({p.key for p in people}) == 1 else None
    return None


def holder_after(ctx: Context, offset: int, limit: int) -> Mention | None:
    """The first person named after ``offset``, past an article and a few words."""
    found = persons(ctx, offset, limit)
    if not found:
        return None
    first = found[0]
    # a name glued to the next word by the damage ("X.Yconduisit") still starts here
    if settings(ctx)["holder"]["after_gap"].match(ctx.text[offset : first.span.start]):
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
    feminine = settings(ctx)["holder"]["feminine"]
    return ("de la " if low.split()[0] in feminine else "du ") + name


def antecedent_body(ctx: Context, offset: int) -> Mention | None:
    """The body "en" stands for: the last body named in this or the previous sentence."""
    sentence = ctx.sentence_at(offset)
    before = [s for _p, s in ctx.sentences() if s.end <= sentence.start]
    start = before[-1].start if before else sentence.start
    found = bodies(ctx, start, offset)
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
    conf = settings(ctx)["holder"]
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


def clean_label(label: str) -> str:
    label = " ".join(label.split()).strip(" ,;.")
    label = re.sub(r"\b(de|à) (L[ea]s?|L['’])", lambda m: f"{m[1]} {m[2].lower()}", label)
    return re.sub(r"\bde les\b", "des", re.sub(r"\bde le\b", "du", label))


# --------------------------------------------------------------------------- [[post]] rules


def rules_in(ctx: Context, sentence: Sentence) -> list[Found]:
    out = []
    text = ctx.text
    rules = tuple(rule for rule in settings(ctx).rules("post") if rule.regex is not None)
    ok = rule_screen(rules).passing(text[sentence.start : sentence.end])
    for i, rule in enumerate(rules):  # a [[post]] rule without a pattern reads nothing
        if i not in ok or rule.regex is None:
            continue  # a word the rule needs is not in the sentence
        for m in rule.regex.finditer(text, sentence.start, sentence.end):
            out += _one(ctx, sentence, rule, m)
    return out


def _one(ctx: Context, sentence: Sentence, rule: Any, m: re.Match[str]) -> list[Found]:
    post_span = (m.start("post"), m.end("post")) if m.groupdict().get("post") else None
    others: tuple[Mention, ...] = ()
    if rule["holder"] == "before":
        person = holder_before(ctx, m.start(), bool(rule.get("strict")))
        end = m.end()
        if person is not None and settings(ctx)["holder"]["plural"].search(m.group(0)):
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
        found = bodies(ctx, *post_span)
        body = found[0] if found else None
    elif source == "subject":
        found = bodies(ctx, clause_start(ctx, m.start()), m.start())
        body = found[-1] if found else None
    elif source == "antecedent":
        body = antecedent_body(ctx, m.start())
        back = body.span.start if body else None
        if body is None:
            return []
    by = body if source == "subject" else None
    if by is None and rule["holder"] == "after" and not rule.get("opening"):
        by = _subject(ctx, m.start())
    bare = " ".join(post.split()).casefold() in settings(ctx)["holder"]["bare_heads"]
    if bare and body is None and source == "post" and not rule.get("kind"):
        # "X fut élu président" while a sitting is told: the chair of the sitting's body
        meeting = sitting(ctx, m.start())
        if meeting is not None and meeting.body is not None:
            body = by = meeting.body
            post = f"{post} {of_body(ctx, body)}"
    if body is None and "{of_body}" in rule.get("label", ""):
        return []  # the post is the body's: no body, no post
    label = clean_label(rule.get("label", "{post}").format(post=post, of_body=of_body(ctx, body)))
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
    gap = settings(ctx)["holder"]["joined"]
    out: list[Mention] = []
    current = last
    for p in reversed(persons(ctx, clause_start(ctx, last.span.start), last.span.start)):
        if p.key == current.key:
            continue
        if not gap.match(ctx.text[p.span.end : current.span.start]):
            break
        out.insert(0, p)
        current = p
    return tuple(out)
