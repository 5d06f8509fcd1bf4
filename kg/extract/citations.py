"""Extractor: footnote references as bibliographic records (:class:`Citation`).

A footnote is a reference when one of the ``reference_cues`` of
``kg/data/patterns/citations.toml`` matches its body.  Its fields (edition,
volume ``t.``, pages ``p./pp.``, issue ``n°``, year, publisher, place, the
periodical it is printed ``in``) are read by the regexes of that file; the
cited book is the first gazetteer work the note names, and the *work* it
cites is either a work the note names besides that book, or the one a
curated ``concordance`` places at those pages of that book.

An abbreviated repeat ("Marx-Engels-Marxisme. p. 461.") names the same book
as an earlier, fuller note without publisher or year: it takes them from
that note and records which one it ``repeats``.

The passage a note supports is the quotation ending at its call (see
:func:`kg.extract.quotations.find_quotations`), else the document record of
the cited work.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract._references import inline_spans, printed_title, reference_start
from kg.extract.context import Context
from kg.extract.rules import RuleFile
from kg.model import Citation, EntityKind, FactKind, FactRef, Mention, Quotation

_FIELDS = (
    "edition",
    "volume",
    "pages",
    "issue",
    "year",
    "publisher",
    "place",
    "container",
    "title",
    "part",
)


def patterns(ctx: Context) -> RuleFile:
    """The checked ``citations.toml`` (:mod:`kg.extract.rules`)."""
    return ctx.rules["citations"]


def note_key(label: str) -> str:
    """The key of the citation a footnote makes: ``note-<label>``."""
    return f"note-{label}"


def references(ctx: Context) -> tuple[Citation, ...]:
    """Every footnote of the document that is a reference, parsed (``cites`` not yet set)."""
    out: list[Citation] = []
    for note in ctx.seg.repaired.footnotes:
        body = ctx.text[note.start : note.end]
        if any(c.search(body) for c in patterns(ctx)["cues"]):
            out.append(_parse(ctx, note.label, note.start, note.end))
    return tuple(_fill_repeats(_repeats(ctx, out)))


def _repeats(ctx: Context, found: list[Citation]) -> list[Citation]:
    """ "Ibid., p. 47" repeats the previous reference, "Trotsky, op. cit., p. 45" the last earlier
    one naming Trotsky: each takes the title, book, edition and imprint of the one it repeats.
    """
    out: list[Citation] = []
    for c in found:
        body = c.evidence.text
        source: Citation | None = None
        if patterns(ctx)["ibid"].search(body):
            source = out[-1] if out else None
        elif m := patterns(ctx)["op_cit"].search(body):
            source = next((e for e in reversed(out) if m["author"] in e.evidence.text), None)
        if source is not None:
            c = replace(
                c,
                work_title=source.work_title,
                printed_title=source.printed_title,
                book=source.book,
                work=c.work or source.work,
                author=source.author or c.author,
                edition=source.edition,
                volume=c.volume or source.volume,
                publisher=source.publisher,
                place=source.place,
                year=source.year,
                container=source.container,
                container_title=source.container_title,
                repeats=source.ref,
            )
        out.append(c)
    return out


def inline_references(ctx: Context) -> tuple[Citation, ...]:
    """References printed in the running text ("(Œuvres, t. 26, pp. 192-194)"), keyed
    ``ref-<n>`` in text order, with no footnote label; one naming no work is left out."""
    end = ctx.seg.repaired.body_end if ctx.seg.repaired.body_end >= 0 else len(ctx.text)
    spans = inline_spans(patterns(ctx), ctx.text, 0, end)
    parsed = [_parse(ctx, "", start, stop) for start, stop in spans]
    titled = [c for c in parsed if c.work_title or c.book]  # "(voir plus haut, p. 4)" is not one
    return tuple(replace(c, key=f"ref-{k}", inline=True) for k, c in enumerate(titled, 1))


def _first(ctx: Context, name: str, body: str) -> str:
    for rx in patterns(ctx)["fields"].get(name, ()):
        m = rx.search(body)
        if m:
            return " ".join(m.group(name).split())
    return ""


def _parse(ctx: Context, label: str, start: int, end: int, key: str = "") -> Citation:
    """The reference ``text[start:end]`` (a note's body, or an inline reference)."""
    body = ctx.text[start:end]
    lead = reference_start(patterns(ctx), body)
    values = {name: _first(ctx, name, body[lead:]) for name in _FIELDS}
    volume = patterns(ctx)["volume_fixes"].get(values["volume"], values["volume"])
    works = ctx.mentions_in(start, end, EntityKind.WORK)
    container_end = _container_span(ctx, body[lead:])
    named = [m for m in works if not _inside(m, start + lead, container_end)]
    container = next((m for m in works if _inside(m, start + lead, container_end)), None)
    book = named[0] if named else None
    printed = printed_title(patterns(ctx), body)
    title = book.span.text if book else (printed or values["title"])
    work = _named_work(ctx, named) or _concordance(ctx, book, volume, values["pages"])
    person = _author(ctx, start, end, book)
    return Citation(
        key=key or note_key(label),
        evidence=ctx.span(start, end),
        footnote=label,
        printed_title=printed,
        work_title=_short_title(title),
        author=person,
        edition=values["edition"],
        volume=volume,
        pages=_pages(values["pages"]),
        year=int(values["year"]) if values["year"] else None,
        publisher=values["publisher"],
        place=values["place"],
        container_title=values["container"],
        issue=values["issue"],
        characterisation=_characterisation(ctx, body),
        work=work,
        book=book,
        part=values["part"],
        container=container,
    )


def _author(ctx: Context, start: int, end: int, book: Mention | None) -> Mention | None:
    """The person named last before the cited book ("la lettre de Lénine « … »"), else the first
    one.
    """
    people = ctx.mentions_in(start, end, EntityKind.PERSON)
    before = [p for p in people if book is not None and p.span.end <= book.span.start]
    return before[-1] if before else (people[0] if people else None)


def _container_span(ctx: Context, body: str) -> tuple[int, int] | None:
    for rx in patterns(ctx)["fields"].get("container", ()):
        m = rx.search(body)
        if m:
            span: tuple[int, int] = m.span("container")
            return span
    return None


def _inside(m: Mention, base: int, span: tuple[int, int] | None) -> bool:
    return span is not None and base + span[0] <= m.span.start < base + span[1]


def _short_title(title: str) -> str:
    """ "Œuvres, 4e éd. russe" → "Œuvres": the title without its edition statement."""
    return re.split(r",\s*(?:\d+\s*e\s+)?éd\.", title)[0].strip()


def _pages(pages: str) -> str:
    """ "6 à 8" → "6-8"; "1-3" unchanged."""
    return re.sub(r"\s*(?:à|–|-)\s*", "-", pages)


def _named_work(ctx: Context, named: list[Mention]) -> str:
    """A work the note names besides the book it cites (a letter, a fable, minutes)."""
    if len(named) >= 2:
        return named[0].key if _is_edition(ctx, named[1].key) else named[1].key
    if len(named) == 1 and not _is_edition(ctx, named[0].key):
        return named[0].key
    return ""


def _is_edition(ctx: Context, key: str) -> bool:
    return any(row["book"] == key for row in patterns(ctx)["concordance"])


def _concordance(ctx: Context, book: Mention | None, volume: str, pages: str) -> str:
    if book is None or not pages:
        return ""
    first = int(re.match(r"\d+", pages).group(0))  # type: ignore[union-attr]
    for row in patterns(ctx)["concordance"]:
        if (
            row["book"] == book.key
            and row["volume"] in ("", volume)
            and row["first"] <= first <= row["last"]
        ):
            return str(row["work"])
    return ""


def _characterisation(ctx: Context, body: str) -> str:
    for rx, name in patterns(ctx)["characterisations"]:
        if rx.search(body):
            return str(name)
    return str(patterns(ctx)["default_characterisation"])


def _fill_repeats(found: list[Citation]) -> list[Citation]:
    """Abbreviated repeats take publisher, place and year from the earlier full note."""
    out: list[Citation] = []
    for c in found:
        full = next(
            (e for e in out if c.book and e.book and e.book.key == c.book.key and e.publisher), None
        )
        if full is not None and not c.publisher and not c.year:
            c = replace(
                c,
                publisher=full.publisher,
                place=full.place,
                year=full.year,
                edition=c.edition or full.edition,
                repeats=full.ref,
            )
        out.append(c)
    return out


def extract(ctx: Context, quotes: tuple[Quotation, ...]) -> tuple[Citation, ...]:
    """Pass ``citations``: every reference footnote (``ctx.references``), linked to the
    quotation (of the quotations pass) or the document it supports, then the references
    printed inline in the running text (:func:`inline_references`)."""
    calls = {n.label: n.call_start for n in ctx.seg.repaired.footnotes if n.call_start is not None}
    out = []
    for c in ctx.references:
        q = next((q for q in quotes if q.footnote == c.footnote), None)
        at = calls.get(c.footnote)
        if q is None and at is not None:
            q = next(
                (q for q in quotes if at < q.evidence.start <= at + 300 and not q.within), None
            )
        if q is None and at is not None:
            q = next(
                (q for q in reversed(quotes) if q.evidence.start <= at <= q.evidence.end), None
            )
        if q is not None:
            c = replace(c, cites=q.ref)
        elif c.work:
            c = replace(c, cites=FactRef(FactKind.DECREE, c.work))
        out.append(c)
    return tuple(out) + inline_references(ctx)
