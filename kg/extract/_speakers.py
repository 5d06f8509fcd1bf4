"""Who said it: the speaker of a quotation or of reported speech (shared by the two passes).

A speaker is a name the text prints (a gazetteer mention or a candidate the gazetteer
lacks, :meth:`Context.names_in`), never one inside quoted words: "« Bravo, camarade
Trotski ! », dit-il" is not Trotsky's.  When the cue gives no name, a pronoun's
antecedent is the first person named in the nearest earlier sentence (subjects come
first in French narrative); when nothing names the speaker, there is none.
"""

from __future__ import annotations

import re

from kg.extract._works import quoted_spans
from kg.extract.context import Context
from kg.extract.rules import Rule
from kg.model import EntityKind, Mention

SPEAKER_KINDS = (EntityKind.PERSON, EntityKind.BODY)

#: How far back (characters) a pronoun's antecedent is searched.
ANTECEDENT_REACH = 3000

#: Words that may stand before a speaker's name in a subject phrase ("le camarade",
#: "le matelot anarchiste"): lower-case words only, at most four.
_LEAD_WORDS = re.compile(r"(?:\s|[,’]|\b[a-zà-ÿ][\w-]*\b){0,40}")


def rx(rule: Rule) -> re.Pattern[str]:
    """The compiled pattern of a quotations.toml rule (every table of it has one)."""
    if rule.regex is None:  # pragma: no cover - the schema requires a pattern
        raise AssertionError(rule.id)
    return rule.regex


def quoted(ctx: Context, at: int) -> list[tuple[int, int]]:
    """The quoted stretches of the text whose names speak no quotation read from ``at``:
    every quotation not around ``at`` (in a quoted letter, "Marx écrivait : « … »" is Marx's)."""
    return [(s, e) for s, e, _d in quoted_spans(ctx.text) if not s < at < e]


def names(
    ctx: Context, start: int, end: int, kinds: tuple[EntityKind, ...] = (EntityKind.PERSON,)
) -> list[Mention]:
    """Names (known or candidate) of ``kinds`` in ``[start, end)``, outside quoted words."""
    inside = quoted(ctx, end)
    return [
        m
        for m in ctx.names_in(start, end)
        if m.kind in kinds and not any(s <= m.span.start < e for s, e in inside)
    ]


def leading_name(
    ctx: Context, start: int, end: int, kinds: tuple[EntityKind, ...] = SPEAKER_KINDS
) -> Mention | None:
    """The name that opens ``[start, end)`` (after a few lower-case words: "le général"),
    else ``None``: a name further in is an object, not the speaker."""
    found = names(ctx, start, end, kinds) or same_form(ctx, start, end, kinds)
    if not found:
        return None
    first = found[0]
    gap = ctx.text[start : first.span.start]
    if not _LEAD_WORDS.fullmatch(gap) or len(re.findall(r"\w+", gap)) > 4:
        return None
    return first


def same_form(ctx: Context, start: int, end: int, kinds: tuple[EntityKind, ...]) -> list[Mention]:
    """The capitalised word opening ``[start, end)``, read as the name the document prints
    elsewhere in exactly that form, when matching missed it here (a footnote call glued to
    it: "Staline1"); ``[]`` unless exactly one entity uses the form."""
    m = re.match(r"\s*([A-ZÀ-Ý][\w’-]+)(?=\d{0,3}\b)", ctx.text[start:end].replace("'", "’"))
    word = m.group(1).rstrip("0123456789") if m else ""
    if len(word) < 3:
        return []
    users = {
        n.key: n for n in ctx.names_in(0, len(ctx.text)) if n.kind in kinds and n.span.text == word
    }
    if len(users) != 1:
        return []
    (known,) = users.values()
    at = start + m.start(1)  # type: ignore[union-attr]
    return [Mention(known.kind, known.key, ctx.span(at, at + len(word)), known.name_type)]


def name_before(ctx: Context, start: int, end: int) -> Mention | None:
    """The person or body named last in ``[start, end)`` with only an apposition or blanks
    between it and ``end`` ("Le camarade Lénine constate", "Lénine, hors de lui, déclara")."""
    found = names(ctx, start, end, SPEAKER_KINDS)
    if not found:
        return None
    last = found[-1]
    gap = ctx.text[last.span.end : end]
    return last if re.fullmatch(r"\s*(?:,[^,.;:!?«»]{1,40},\s*)?", gap) else None


#: A name after one of these is a complement ("en l’absence de Lénine"), not a subject.
_GOVERNED = re.compile(
    r"(?:\b(?:de|d’|du|des|à|au|aux|avec|par|pour|contre|sans|chez|entre|vers|sur|et\s+de)|d')\s*$"
)


def antecedent(ctx: Context, offset: int) -> Mention | None:
    """The person a third-person pronoun at ``offset`` stands for: the first person named
    (outside quoted words, and not after a preposition) in the nearest earlier sentence
    naming one."""
    sentences = [s for _p, s in ctx.sentences() if s.start < offset]
    for s in reversed(sentences):
        if s.end < offset - ANTECEDENT_REACH:
            break
        found = names(ctx, s.start, min(s.end, offset))
        subjects = [m for m in found if not _GOVERNED.search(ctx.text, s.start, m.span.start)]
        if subjects:
            return subjects[0]
        if found:
            return None  # named only as complements: the pronoun may stand for anything
    return None


def body_subject(ctx: Context, start: int, end: int) -> Mention | None:
    """A body the lead-in ``[start, end)`` names as its subject: the first body named
    there, not as a complement ("le Comité … fit savoir :", not "au nom du Comité …");
    an ambiguous name is no one's."""
    found = names(ctx, start, end, (EntityKind.BODY,))
    if not found or "|" in found[0].key:
        return None
    return None if _GOVERNED.search(ctx.text, start, found[0].span.start) else found[0]
