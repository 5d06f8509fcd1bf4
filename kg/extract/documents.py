"""Extractor: documents the text names (:class:`Decree` records).

Decrees and decisions (adopted by which body, when, on whose report),
appeals, letters, notes, orders, declarations, mandates, articles,
newspapers, memoirs, minutes and fables.  Every ``[[statement]]`` of
``kg/data/patterns/documents.toml`` is a regex run over each sentence (and
footnote); its named groups say which part of the match is the title, the
author, the addressees, the reporter, the adopting body… (the TOML header
documents them).  Statements about the same document are merged into one
record whose ``evidence`` is the first statement and ``more_evidence`` the
others.

The document's key is the gazetteer key of its work when the text lets us
identify it (a work named in the match, a topic "décret sur la terre", a
curated cue, or, for a letter introducing a quotation, the work its footnote
cites); otherwise it is built from type, author and addressees.  Finding
that work, and the documents' patterns, live in :mod:`kg.extract._works`;
what a pronoun stands for in :mod:`kg.extract._narrative`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from kg.extract._narrative import antecedent, group_mentions, plural_antecedent
from kg.extract._prefilter import rule_screen
from kg.extract._works import (
    cited_only,
    first_person,
    matching_text,
    patterns,
    work_doc_type,
    works_of,
)
from kg.extract.context import Context
from kg.extract.dates import find_times
from kg.iris import slug
from kg.model import Calendar, DateRef, Decree, DocType, EntityKind, Mention, Span

_AGENTS = (EntityKind.PERSON, EntityKind.BODY)
_ROLE_ORDER = (
    "adopted",
    "issued",
    "written",
    "signed",
    "published",
    "reported",
    "drafted",
    "read",
    "named",
)


@dataclass(frozen=True)
class _Partial:
    """One statement about a document, before merging."""

    key: str
    doc_type: DocType
    role: str
    span: Span
    title: str = ""  # a title the text prints (« … »), or a work's name as printed
    description: str = ""  # what the statement says it is, for an untitled document
    work: Mention | None = None
    authors: tuple[Mention, ...] = ()
    recipients: tuple[Mention, ...] = ()
    reporter: Mention | None = None
    body: Mention | None = None
    date: DateRef | None = None
    published_in: Mention | None = None
    count: int | None = None


def find_documents(ctx: Context) -> tuple[Decree, ...]:
    """Every document the text names, merged by key, in order of first statement."""
    named = _mentioned(ctx)
    partials: list[_Partial] = []
    text = matching_text(ctx)
    for _para, sent in ctx.sentences():
        said = text[sent.start : sent.end]
        rules = patterns(ctx)["statement"]
        ok = rule_screen(rules).passing(said)
        for i, rule in enumerate(rules):
            if rule.get("scope") == "text" or i not in ok:
                continue
            for m in rule.regex.finditer(text, sent.start, sent.end):
                before = sorted(
                    [p for p in named if p.span.start < m.start()] + partials,
                    key=lambda p: p.span.start,
                )
                partials.extend(_read(ctx, rule, m, sent.start, sent.end, before))
    for rule in patterns(ctx)["statement"]:
        if rule.get("scope") == "text":
            for m in rule.regex.finditer(text):
                sent = ctx.sentence_at(m.start())
                partials.extend(_read(ctx, rule, m, sent.start, sent.end, partials))
    partials.extend(named)
    partials.sort(key=lambda p: p.span.start)
    found = [_merge(ctx, group) for group in _group(partials)]
    return tuple(found + cited_only(ctx, {d.key for d in found}))


def extract(ctx: Context) -> tuple[Decree, ...]:
    """Pass ``documents``: needs the references pass (``ctx.references``)."""
    return find_documents(ctx)


def group_text(ctx: Context, m: re.Match[str], name: str) -> str | None:
    """A group's text as printed (the match ran on :func:`matching_text`)."""
    if m.groupdict().get(name) is None:
        return None
    return ctx.text[m.start(name) : m.end(name)]


# --------------------------------------------------------------------------- reading a statement


def _read(
    ctx: Context,
    rule: dict[str, Any],
    m: re.Match[str],
    s_start: int,
    s_end: int,
    before: list[_Partial],
) -> list[_Partial]:
    groups = {k: ctx.text[m.start(k) : m.end(k)] for k, v in m.groupdict().items() if v is not None}
    if rule.get("footnote_of_mention"):
        return _footnote_of_mention(ctx, rule, m)
    if rule.get("anaphoric"):
        target = next((p for p in reversed(before) if p.doc_type == rule["doc_type"]), None)
        if target is None:
            return []
    span = ctx.span(m.start(), m.end())
    works = works_of(ctx, m, groups, s_start, s_end)
    out = []
    each: list[Mention | None] = [*works] or [None]
    for work in each:
        base = _Partial(
            key="",
            doc_type=rule["doc_type"],
            role=rule["role"],
            span=span,
            title=_title(groups),
            description=_description(rule, groups),
            work=work,
            authors=_agents(ctx, m, "author", s_start),
            recipients=_recipients(ctx, m),
            reporter=next(iter(group_mentions(ctx, m, "reporter", EntityKind.PERSON)), None),
            body=_body(ctx, m, rule),
            date=_date(ctx, rule, m, s_start, s_end),
            published_in=next(iter(group_mentions(ctx, m, "newspaper", EntityKind.WORK)), None),
            count=int(groups["count"]) if "count" in groups else None,
        )
        if rule.get("anaphoric"):
            base = replace(base, key=target.key, doc_type=target.doc_type, work=target.work)  # type: ignore[union-attr]
        out.append(replace(base, key=base.key or _key(ctx, base)))
    return out


def _recipients(ctx: Context, m: re.Match[str]) -> tuple[Mention, ...]:
    """Addressees; a generic one ("aux bolchéviks, membres de …") qualifies the others and
    is no addressee when the group names a more precise one (issue 14: a letter to the
    party's committees is not a letter to the whole party)."""
    found = tuple(x for x in group_mentions(ctx, m, "recipients") if x.kind in _AGENTS)
    generic = set(patterns(ctx)["generic_recipients"])
    precise = tuple(x for x in found if x.key not in generic)
    return precise or found


def _agents(ctx: Context, m: re.Match[str], group: str, s_start: int) -> tuple[Mention, ...]:
    """Authors: mentions in the group, or what its pronoun stands for."""
    if m.groupdict().get(group) is None:
        return ()
    found = tuple(
        x for x in group_mentions(ctx, m, group) if x.kind in (EntityKind.PERSON, EntityKind.BODY)
    )
    if found:
        return found
    named = _looked_up(ctx, m, group)
    if named:
        return (named,)
    words = m.group(group).split()
    word = words[0].casefold() if words else ""
    if any(
        word == p or (p.endswith("’") and word.startswith(p))
        for p in patterns(ctx)["pronouns_first"]
    ):
        me = first_person(ctx)
        return (me,) if me else ()
    if word in patterns(ctx)["pronouns_third"]:
        person = antecedent(ctx, s_start)
        return (person,) if person else ()
    if word in ("ils", "elles"):
        return plural_antecedent(ctx, s_start)
    return ()


def _looked_up(ctx: Context, m: re.Match[str], group: str) -> Mention | None:
    """An agent the group names exactly though a longer name (a work's) covered it."""
    text = " ".join(ctx.text[m.start(group) : m.end(group)].split())
    found = [
        e for e in ctx.gazetteer.lookup(text) if e.kind in (EntityKind.PERSON, EntityKind.BODY)
    ]
    if len(found) != 1:
        return None
    return Mention(found[0].kind, found[0].key, ctx.span(m.start(group), m.end(group)))


def _body(ctx: Context, m: re.Match[str], rule: dict[str, Any]) -> Mention | None:
    if rule["role"] not in ("adopted", "reported"):
        return None
    found = group_mentions(ctx, m, "body", EntityKind.BODY)
    if found:
        return found[0]
    if rule["role"] != "adopted":
        return None
    adopting = set(patterns(ctx)["adopting_bodies"])
    lo = max(0, m.start() - patterns(ctx)["lookback_chars"])
    earlier = [
        x
        for x in ctx.mentions_in(lo, m.start(), EntityKind.BODY)
        if set(x.key.split("|")) & adopting
    ]
    return earlier[-1] if earlier else None


def _title(groups: dict[str, str]) -> str:
    """The title the text prints, only (issue 14: no title is made up)."""
    return " ".join(groups["title"].split()) if "title" in groups else ""


def _description(rule: dict[str, Any], groups: dict[str, str]) -> str:
    """The rule's ``description_format`` filled from the groups ("Article du {newspaper}")."""
    fmt = rule.get("description_format", "")
    try:
        return " ".join(fmt.format(**groups).split()) if fmt else ""
    except KeyError:
        return ""


def _date(
    ctx: Context, rule: dict[str, Any], m: re.Match[str], s_start: int, s_end: int
) -> DateRef | None:
    """The last date the sentence gives up to the end of the match, else the first one after it."""
    mode = rule.get("date", "none")
    if mode == "none":
        return None
    found = ctx.dates_in(s_start, m.end())
    after = ctx.dates_in(m.end(), s_end)
    ref = found[-1] if found else (after[0] if after else None)
    if ref is None and mode == "narrative":
        return ctx.date_before(m.start())
    if ref is not None and ref.time_of_day is None:
        times = find_times(ctx.text, ref.span.end, m.start())
        if times:
            ref = replace(ref, time_of_day=times[0][2])
    return ref


# --------------------------------------------------------------------------- keys


def _key(ctx: Context, p: _Partial) -> str:
    if p.work is not None:
        return p.work.key
    generic = set(patterns(ctx)["generic_recipients"])
    to = "-".join(r.key for r in p.recipients if r.key not in generic)
    if p.doc_type == "letter" and p.recipients and not (p.title or p.description):
        to = to or p.recipients[0].key
        return f"letter-{'-'.join(a.key for a in p.authors[:1]) or 'x'}-to-{to}"
    who = "-".join(a.key for a in p.authors[:2]) or "x"
    tail = (
        to
        or slug(p.title or p.description)
        or (p.published_in.key if p.published_in else "")
        or str(p.span.start)
    )
    return f"{p.doc_type}-{who}-{tail}"


# --------------------------------------------------------------------------- works only mentioned


def _mentioned(ctx: Context) -> list[_Partial]:
    """Work mentions whose type is in ``record_every_mention`` (newspapers, mandates, …)."""
    keep = set(patterns(ctx)["record_every_mention"])
    out = []
    for mention in ctx.mentions:
        if mention.kind != EntityKind.WORK:
            continue
        doc_type = work_doc_type(ctx, mention.key, mention.span.text)
        if doc_type is not None and doc_type in keep:
            out.append(
                _Partial(
                    key=mention.key,
                    doc_type=doc_type,
                    role="named",
                    span=mention.span,
                    work=mention,
                    title=mention.span.text,
                )
            )
    return out


def _footnote_of_mention(ctx: Context, rule: dict[str, Any], m: re.Match[str]) -> list[_Partial]:
    """A note on a work ("Journal de Gorki …"): the work named just before the note's call."""
    note = next((n for n in ctx.seg.repaired.footnotes if n.start <= m.start() < n.end), None)
    if note is None or note.call_start is None:
        return []
    before = ctx.mentions_in(max(0, note.call_start - 80), note.call_start, EntityKind.WORK)
    if not before:
        return []
    work = before[-1]
    authors = group_mentions(ctx, m, "author", EntityKind.PERSON)
    return [
        _Partial(
            key=work.key,
            doc_type=rule["doc_type"],
            role=rule["role"],
            span=ctx.span(m.start(), m.end()),
            work=work,
            authors=authors,
            title=work.span.text,
        )
    ]


# --------------------------------------------------------------------------- merging


def _group(partials: list[_Partial]) -> list[list[_Partial]]:
    groups: dict[str, list[_Partial]] = {}
    for p in partials:
        groups.setdefault(p.key, []).append(p)
    return list(groups.values())


def _merge(ctx: Context, group: list[_Partial]) -> Decree:
    ranked = sorted(group, key=_rank)
    stated = [p for p in ranked if p.role != "named"] or ranked
    main = stated[0]

    def first(attr: str) -> Any:
        return next((getattr(p, attr) for p in ranked if getattr(p, attr)), None)

    authors: list[Mention] = []
    recipients: list[Mention] = []
    for p in group:
        authors += [a for a in p.authors if a.key not in {x.key for x in authors}]
        recipients += [r for r in p.recipients if r.key not in {x.key for x in recipients}]
    spans: list[Span] = []
    for p in sorted(stated, key=lambda p: p.span.start):
        if p.span not in spans and p.span != main.span:
            spans.append(p.span)
    work = first("work")
    return Decree(
        key=main.key,
        evidence=main.span,
        title=_best_title(ctx, stated, work),
        description=_best_description(ctx, stated),
        doc_type=main.doc_type,
        authors=tuple(authors),
        adopted_by=first("body"),
        reported_by=first("reporter"),
        date=_best_date(ranked),
        work=work,
        recipients=tuple(recipients),
        published_in=first("published_in"),
        signatory_count=first("count"),
        more_evidence=tuple(spans),
    )


def _rank(p: _Partial) -> int:
    return _ROLE_ORDER.index(p.role) if p.role in _ROLE_ORDER else len(_ROLE_ORDER)


def _best_title(ctx: Context, stated: list[_Partial], work: Mention | None) -> str:
    """A title the text prints (« … ») wins; else the gazetteer's title of the work, else
    the work's name as printed; else none (the document has a description instead)."""
    printed = next((p.title for p in stated if p.title and p.role != "named"), "")
    if printed:
        return printed
    entity = ctx.gazetteer.get(work.key) if work else None
    if entity is not None:
        return entity.label_fr
    return next((p.title for p in stated if p.title), "")


def _best_description(ctx: Context, stated: list[_Partial]) -> str:
    """What the text says the document is: a statement's ``description_format``, else
    "Lettre de Lénine à : …" for a letter or note."""
    return next((p.description for p in stated if p.description), "") or _described(ctx, stated)


def _described(ctx: Context, stated: list[_Partial]) -> str:
    """ "Lettre de Lénine à : Comité Central, Comité de Petrograd" for a letter or note."""
    noun = patterns(ctx)["descriptions"].get(stated[0].doc_type)
    authors = [a for p in stated for a in p.authors]
    recipients: list[str] = []
    for p in stated:
        recipients += [r.span.text for r in p.recipients if r.span.text not in recipients]
    if not noun or not authors:
        return ""
    return f"{noun} de {authors[0].span.text}" + (
        f" à : {', '.join(recipients)}" if recipients else ""
    )


def _best_date(ranked: list[_Partial]) -> DateRef | None:
    """The date of the highest-ranked statement giving one; a dual-calendar form wins a tie of
    rank.
    """
    dated = [p for p in ranked if p.date is not None]
    if not dated:
        return None
    same = [p.date for p in dated if _rank(p) == _rank(dated[0])]
    return next((d for d in same if d and d.stated_calendar is Calendar.BOTH), same[0])
