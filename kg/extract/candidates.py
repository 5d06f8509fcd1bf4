"""Extractor: names the gazetteer lacks, reported with their uses (:class:`~kg.model.Candidate`).

Nothing a text names is dropped: a person, body, place or work that no gazetteer form
matches (exactly or as a variant, :mod:`kg.names`), or whose link the context forbids
(Moscow's committee, the IIIrd Congress), becomes a candidate with every use in the
document and the cue that typed it.  The cues are how French prose signals a name,
data in ``kg/data/patterns/candidates.toml``:

* person: a title or role before it ("le général X", "M. X", "le S-R X"), initials
  ("K. X"), a given name ("Vadim X"), a surname ending ("-ov", "-ski", "-dzé"), a list
  with a known person ("X, Y et Lénine");
* body: a head noun with its qualifiers ("Comité de salut public", "IIIe Congrès des
  soviets", "fraction bolchevique", "56e régiment"), an abbreviation in brackets after it;
* place: a locative preposition ("à X"), a place noun ("palais de X", "place X"), a city;
* work: a title after a noun announcing it ("le journal X"), a document named by its
  subject ("décret sur la presse"), the title part of a footnote reference.

Later uses of a candidate's form (a person's surname alone) are further mentions of it.

>>> from kg.model import RepairedText
>>> from kg.segment import segment
>>> from kg.extract import prepare
>>> from kg.gazetteer import load_gazetteer
>>> seg = segment(RepairedText("d", "Le général Broussilov arriva à Tarnopol."))
>>> sorted((c.kind.value, c.label) for c in extract(prepare(seg, load_gazetteer())))
[('person', 'Broussilov'), ('place', 'Tarnopol')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg import iris, names
from kg.extract._candidate_rules import (
    _INITIALS,
    _NAME,
    _Hit,
    _is_name,
    _overlaps,
    _qualifiers,
    _regexes,
    _SpanIndex,
    folded_cities,
    rules,
)
from kg.extract._candidate_works import _footnote_works, _works
from kg.extract.context import Context
from kg.model import Candidate, EntityKind, Span

__all__ = ["extract", "rules"]

_Spans = list[tuple[int, int]]  # (start, end) of mentions or hits


# --------------------------------------------------------------------------- extraction


def extract(ctx: Context) -> tuple[Candidate, ...]:
    """Every name of the document the gazetteer lacks, grouped, with its uses.

    Raises :class:`~kg.errors.DataError` if the rules file is malformed.
    """
    known = _SpanIndex((m.span.start, m.span.end) for m in ctx.mentions)
    works = _SpanIndex(
        (m.span.start, m.span.end) for m in ctx.mentions if m.kind is EntityKind.WORK
    )
    taken: list[tuple[int, int]] = []
    hits: list[_Hit] = []
    for finder in (_footnote_works, _works, _bodies, _people, _places, _surnames):
        for hit in finder(ctx):
            if _overlaps(taken, hit.start, hit.end):
                continue
            if known.overlaps(hit.start, hit.start + 1) or works.overlaps(hit.start, hit.end):
                continue  # its first word is a known name, or it overlaps a known work
            if hit.kind is EntityKind.PERSON and known.overlaps(hit.start, hit.end):
                continue
            hits.append(hit)
            taken.append((hit.start, hit.end))
    hits.extend(_listed(ctx, hits, known, taken))
    return _group(ctx, hits, known, taken)


def _people(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    rx = _regexes()
    given = {names.fold(g) for g in names.rules().given_names}
    for m in rx["title"].finditer(text):
        if all(_is_name(w) for w in re.findall(_NAME, m.group("name"))):
            yield _Hit(EntityKind.PERSON, m.start("name"), m.end("name"), "title")
    for m in rx["initials"].finditer(text):
        surname = re.findall(_NAME, m.group("name"))[-1]
        if _is_name(surname):
            yield _Hit(EntityKind.PERSON, m.start("name"), m.end("name"), "initials")
    for m in rx["given"].finditer(text):
        first, second = m.group("name").split(None, 1)
        if names.fold(first) in given and _is_name(second):
            yield _Hit(EntityKind.PERSON, m.start("name"), m.end("name"), "given-name")


def _surnames(ctx: Context) -> Iterator[_Hit]:
    """A capitalised word with a surname ending ("-ov", "-ski", "-dzé") unknown to French."""
    endings = rules().surname_endings
    for m in _regexes()["word"].finditer(ctx.text):
        word = m.group("name")
        if len(word) >= 4 and names.fold(word).endswith(endings) and _is_name(word):
            yield _Hit(EntityKind.PERSON, m.start(), m.end(), "surname-ending")


def _listed(ctx: Context, hits: list[_Hit], known: _SpanIndex, taken: _Spans) -> list[_Hit]:
    """Single capitalised words listed with a person ("Smilga, Ouritski et Lénine")."""
    people = [(m.span.start, m.span.end) for m in ctx.mentions if m.kind is EntityKind.PERSON]
    people += [(h.start, h.end) for h in hits if h.kind is EntityKind.PERSON]
    item = rf"(?:{_INITIALS}\s*)?{_NAME}"
    chain = re.compile(rf"{item}(?:\s*(?:,|\bet\b|\bou\b)\s*{item})+")
    out: list[_Hit] = []
    for m in chain.finditer(ctx.text):
        words = list(re.finditer(item, m.group(0)))
        spans = [(m.start() + w.start(), m.start() + w.end()) for w in words]
        if not any(_overlaps(people, a, b) for a, b in spans):
            continue
        for (a, b), w in zip(spans, words, strict=True):
            if known.overlaps(a, b) or _overlaps(taken, a, b) or not _is_name(w.group(0)):
                continue
            out.append(_Hit(EntityKind.PERSON, a, b, "listed-with-a-person"))
            taken.append((a, b))
    return out


def _bodies(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    r = rules()
    for m in _regexes()["body"].finditer(text):
        end, words = _qualifiers(text, m.end(), r.links)
        if not words and not m.group("ord"):
            continue  # a head alone ("le comité") is a reference, not a name
        end = _over_known_body(ctx, m.end(), end)
        alias = _regexes()["alias"].match(text, end)
        group = ("alias" if alias.group("alias") else "apposed") if alias else ""
        span = (alias.start(group), alias.end(group)) if alias else None
        yield _Hit(EntityKind.BODY, m.start(), end, "head-noun", span)


_PARENTHESIS = re.compile(r"\s*\([^()\n]{1,30}\)")


def _over_known_body(ctx: Context, head_end: int, end: int) -> int:
    """A complement naming a body the gazetteer knows runs over its whole name and the
    parenthesis after it: "IVe Congrès du Parti social-démocrate letton (internationaliste)"
    is one congress, not "IVe Congrès du Parti"."""
    for known in ctx.mentions_starting(head_end + 1, end):
        if known.kind is EntityKind.BODY and end < known.span.end:
            stop = known.span.end
            after = _PARENTHESIS.match(ctx.text, stop)
            return after.end() if after else stop
    return end


def _places(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    rx = _regexes()
    for m in rx["place_head"].finditer(text):
        if _is_name(m.group("name").split()[0]):
            yield _Hit(EntityKind.PLACE, m.start(), m.end(), "place-noun")
    for m in (*rx["place"].finditer(text), *rx["place_verb"].finditer(text)):
        words = m.group("name").split()
        if all(_is_name(w) for w in words) and not names.fold(words[-1]).endswith(
            rules().surname_endings
        ):
            yield _Hit(EntityKind.PLACE, m.start("name"), m.end("name"), "locative")
    cities = folded_cities()
    for m in rx["word"].finditer(text):
        if names.fold(m.group("name")) in cities:
            yield _Hit(EntityKind.PLACE, m.start(), m.end(), "city")


# --------------------------------------------------------------------------- grouping


def _group(
    ctx: Context, hits: list[_Hit], known: _SpanIndex, taken: _Spans
) -> tuple[Candidate, ...]:
    """One candidate per name: a person's forms share its surname; later bare uses of a
    form (a surname alone) are further mentions."""
    groups: dict[tuple[EntityKind, str], list[tuple[Span, str]]] = {}
    cues: dict[tuple[EntityKind, str], str] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        span = ctx.span(hit.start, hit.end)
        group = _group_key(hit.kind, span.text)
        groups.setdefault(group, []).append((span, hit.cue))
        cues.setdefault(group, hit.cue)
        if hit.alias is not None:
            groups[group].append((ctx.span(*hit.alias), "abbreviation"))
            taken.append(hit.alias)
    for group, uses in list(groups.items()):
        for form in {_repeat_form(group[0], s.text) for s, _ in uses}:
            for m in re.finditer(rf"(?<![\w’'-]){re.escape(form)}(?![\w’'-])", ctx.text):
                if not _overlaps(taken, m.start(), m.end()) and not known.overlaps(
                    m.start(), m.end()
                ):
                    uses.append((ctx.span(m.start(), m.end()), "repeat"))
                    taken.append((m.start(), m.end()))
    out = []
    for (kind, _), uses in groups.items():
        uses.sort(key=lambda u: u[0].start)
        forms = tuple(dict.fromkeys(" ".join(s.text.split()) for s, _ in uses))
        label = max(
            forms, key=lambda f: (len(f.split()) if kind is EntityKind.PERSON else 0, len(f))
        )
        if kind is not EntityKind.PERSON:
            label = forms[0]
        if (
            names.fold(label) in names.variant_index(ctx.gazetteer).folded
        ):  # a known name, not linked here
            label = f"{label} ({names.city_at(ctx.seg, uses[0][0].start, uses[0][0].end) or 'homonyme'})"
        out.append(
            Candidate(
                key=f"{kind.value}-{iris.slug(label)}",
                evidence=uses[0][0],
                kind=kind,
                label=label,
                forms=forms,
                mentions=tuple(s for s, _ in uses),
                cue=cues[(kind, _)],
            )
        )
    return tuple(out)


def _group_key(kind: EntityKind, form: str) -> tuple[EntityKind, str]:
    if kind is EntityKind.PERSON:
        return kind, names.fold(form.split()[-1])
    return kind, names.fold(form)


def _repeat_form(kind: EntityKind, form: str) -> str:
    """What a later bare use prints: a person's surname, any other name as first printed."""
    form = " ".join(form.split())
    if kind is EntityKind.PERSON:
        surname = form.split()[-1]
        return surname if len(surname) >= 4 else form
    return form
