"""The documents' patterns and which gazetteer work a statement is about.

Helpers of :mod:`~kg.extract.documents` (and :mod:`~kg.extract.quotations`):
``kg/data/patterns/documents.toml`` compiled (:func:`patterns`), the
``doc_type`` of a gazetteer work (:func:`work_doc_type`), the work a statement
names, describes ("décret sur la terre", a curated cue) or introduces (the
work cited by the footnote closing the quotation it opens: :func:`works_of`),
the works a footnote cites that no statement describes (:func:`cited_only`),
and the speaker of a document printed in the first person
(:func:`first_person`).  Nothing here raises on text.
"""

from __future__ import annotations

import functools
import re

from kg.extract._narrative import group_mentions
from kg.extract.context import Context
from kg.extract.rules import RuleFile
from kg.model import Decree, DocType, EntityKind, Mention


def patterns(ctx: Context) -> RuleFile:
    """The checked ``documents.toml`` (:mod:`kg.extract.rules`)."""
    return ctx.rules["documents"]


def work_doc_type(ctx: Context, key: str, surface: str = "") -> DocType | None:
    """The doc_type of gazetteer work ``key`` (from its printed name, else its types); None if
    unknown.
    """
    entity = ctx.gazetteer.get(key)
    for rx, doc_type in patterns(ctx)["doc_types_by_name"]:
        if rx.search(surface):
            return doc_type  # type: ignore[no-any-return]
    for curie in entity.types if entity else ():
        if curie in patterns(ctx)["doc_types_by_class"]:
            return patterns(ctx)["doc_types_by_class"][curie]  # type: ignore[no-any-return]
    return None


def first_person(ctx: Context) -> Mention | None:
    """The speaker of a document printed in the first person, named by its title."""
    if not ctx.seg.paragraphs:
        return None
    first = ctx.seg.paragraphs[0]
    m = patterns(ctx)["first_person_rx"].search(ctx.text, first.start, first.end)
    return ctx.mention_at(m.start("speaker"), m.end("speaker"), EntityKind.PERSON) if m else None


def cited_only(ctx: Context, known: set[str]) -> list[Decree]:
    """Works a footnote cites that no statement of the text describes: a record each, the note as
    evidence.
    """
    out = []
    for c in ctx.references:
        if c.work and c.work not in known:
            known.add(c.work)
            entity = ctx.gazetteer.get(c.work)
            out.append(
                Decree(
                    key=c.work,
                    evidence=c.evidence,
                    title=entity.label_fr if entity else c.work_title,
                    doc_type=work_doc_type(ctx, c.work) or DocType.WORK,
                    authors=(c.author,) if c.author else (),
                    work=synthetic(ctx, c.work, c.evidence.start, c.evidence.end),
                )
            )
    return out


# --------------------------------------------------------------------------- which work


def works_of(
    ctx: Context, m: re.Match[str], groups: dict[str, str], s_start: int, s_end: int
) -> list[Mention]:
    """The gazetteer works a statement is about (several for "les décrets sur X, sur Y")."""
    for name in ("works", "topic"):
        if name in groups:
            found = _topics(ctx, m, name)
            if found:
                return found
    named = [
        x
        for x in ctx.mentions_in(m.start(), m.end(), EntityKind.WORK)
        if x.span not in {y.span for y in group_mentions(ctx, m, "newspaper")}
    ]
    if named:
        return [named[0]]
    for rx, key in patterns(ctx)["work_cues"]:
        cue = rx.search(ctx.text, s_start, s_end)
        if cue:
            return [synthetic(ctx, key, cue.start(), cue.end())]
    cited = _cited_by_following_quote(ctx, m, s_end)
    return [cited] if cited else []


def _topics(ctx: Context, m: re.Match[str], group: str) -> list[Mention]:
    out = []
    start = m.start(group)
    for part in re.finditer(
        r"(?:(?<=\bsur\s)|(?<=\bà\s)|^)(?P<t>(?:la|le|les|l’)\s[^,]+?)(?=\s*(?:,|\bet\s+sur\b|$))",
        m.group(group),
    ):
        text = " ".join(part.group("t").replace("'", "’").split()).casefold()
        key = patterns(ctx)["topics"].get(text)
        if key:
            out.append(synthetic(ctx, key, start + part.start("t"), start + part.end("t")))
    if not out:
        key = patterns(ctx)["topics"].get(" ".join(("la " + m.group(group)).split()).casefold())
        if key:
            out.append(synthetic(ctx, key, m.start(group), m.end(group)))
    return out


def synthetic(ctx: Context, key: str, start: int, end: int) -> Mention:
    """A work identified by a description rather than its name; the span is that description."""
    return Mention(EntityKind.WORK, key, ctx.span(start, end))


def _cited_by_following_quote(ctx: Context, m: re.Match[str], s_end: int) -> Mention | None:
    """A statement introducing a quotation (":") is about the work cited by the footnote that
    closes it.
    """
    tail = ctx.text[m.end() - 1 : s_end].rstrip()
    if not tail.endswith(":") and "«" not in tail:
        return None
    following = [q for q in quoted_spans(ctx.text) if q[0] >= m.end() and q[2] == 0]
    if (
        not following
        or ctx.text[min(s_end, following[0][0]) : following[0][0]].strip(' \n:,«"') != ""
    ):
        return None
    para = ctx.paragraph_at(following[0][0])
    cited = {c.footnote: c for c in ctx.references}
    for _open, close, _depth in following:
        if para is None or close > para.end + 1:
            break
        for note in ctx.seg.repaired.footnotes:
            c = cited.get(note.label)
            if (
                note.call_start is not None
                and close <= note.call_start <= close + 3
                and c is not None
                and c.work
            ):
                return synthetic(ctx, c.work, note.start, note.end)
    return None


# --------------------------------------------------------------------------- text


def matching_text(ctx: Context) -> str:
    """The text patterns run on: apostrophes ``'`` read as ``’`` (same length, same offsets)."""
    return ctx.text.replace("'", "’")


@functools.lru_cache(maxsize=8)  # a document's, asked again for each quotation and speaker
def quoted_spans(text: str) -> tuple[tuple[int, int, int], ...]:
    """``(open, close_end, depth)`` of every «…», “…” and "…" span, in text order.

    ``open`` is the offset of the opening mark, ``close_end`` the offset just
    after the closing one, ``depth`` 0 for an outermost quotation.
    """
    out: list[tuple[int, int, int]] = []
    stack: list[int] = []
    for m in re.finditer(r"[«»“”]", text):
        if m.group() in "«“":
            stack.append(m.start())
        elif stack:
            start = stack.pop()
            out.append((start, m.end(), len(stack)))
    opened: int | None = None
    for m in re.finditer(r'"', text):
        i = m.start()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opened is None and (before.isspace() or before in "(«") and not after.isspace():
            opened = i
        elif opened is not None and not before.isspace():
            if "\n\n" not in text[opened:i]:
                depth = sum(1 for s, e, _ in out if s < opened and i < e)
                out.append((opened, i + 1, depth))
            opened = None
    return tuple(sorted(out))
