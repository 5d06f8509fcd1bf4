"""Who decided a vote and at which sitting: the subject bodies of its clause (gazetteer,
contextual and candidate names), a pronoun's or demonstrative's body ("il décida", "ce
Conseil décréta"), the bodies opening the sentence.  Used by :mod:`kg.extract.votes` and
:mod:`kg.extract._votes_counts`.
"""

from __future__ import annotations

import re

from kg.extract._narrative import (
    chain,
    clause_start,
    day_at,
    meeting_at,
    meeting_on,
    name_key,
    named_bodies_in,
    previous_body,
)
from kg.extract.context import Context
from kg.model import Meeting, Mention

_PRONOUN = re.compile(r"(?:^|[\s,])(?:il|elle|ils|elles)\s+(?:y\s+|en\s+|l['’]\s*)?$")


def key_of(ctx: Context, mention: Mention) -> str:
    """The key segment of a name: its linked key, or its candidate's key."""
    return name_key(ctx, mention)


# --------------------------------------------------------------------------- deciders


def subject_bodies(ctx: Context, offset: int) -> tuple[Mention, ...]:
    """The bodies opening the clause before ``offset`` (its subject); for a pronoun
    subject ("il décida"), the body opening the sentence or the previous one."""
    start = clause_start(ctx, offset)
    found = chain(ctx, _bodies(ctx, start, offset))
    if found:
        return found
    demonstrative = _DEMONSTRATIVE.search(ctx.text, start, offset)
    if demonstrative:  # "ce Conseil décréta": the last body so named
        body = previous_body(ctx, demonstrative.start(), demonstrative["head"])
        return (body,) if body else ()
    if not _PRONOUN.search(ctx.text[start:offset]):
        return found
    sentence = ctx.sentence_at(offset)
    found = chain(ctx, _bodies(ctx, sentence.start, start))
    if found:
        return found
    previous = ctx.sentence_at(max(sentence.start - 2, 0))
    if previous.start == sentence.start:
        return ()
    return chain(ctx, _bodies(ctx, previous.start, previous.end))


def opening_bodies(ctx: Context, offset: int) -> tuple[Mention, ...]:
    """The bodies that open the sentence holding ``offset`` (its subject, after a date or an
    adverb: "Le 15 novembre, le comité X et le comité Y tinrent séance, où … fut décidée")."""
    sentence = ctx.sentence_at(offset)
    found = _bodies(ctx, sentence.start, offset)
    if not found or not _OPENING.match(ctx.text[sentence.start : found[0].span.start]):
        return ()
    return chain(ctx, found)


#: what may come before a sentence's subject: a date or an adverb, then an article
_OPENING = re.compile(r"^(?:[^,;:]{0,40},\s*)?(?:[Ll][ae]\s+|[Ll]es\s+|[Ll]['’]\s*)?$")
_DEMONSTRATIVE = re.compile(r"\b(?:ce|cet|cette|ces)\s+(?P<head>\w+)\s*(?:,[^,]*,\s*)?$")


def _bodies(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """Gazetteer and contextual bodies, and bodies the gazetteer lacks, in ``[start, end)``."""
    return named_bodies_in(ctx, start, end)


def meetings_for(
    ctx: Context, bodies: tuple[Mention, ...], end: int
) -> list[tuple[Meeting | None, tuple[Mention, ...]]]:
    """One (sitting, deciders) pair per deciding body that has a sitting that day, else one pair."""
    if len(bodies) > 1:
        day = day_at(ctx, end)
        each: list[tuple[Meeting | None, tuple[Mention, ...]]] = [
            (meeting_on(ctx, day, b), (b,)) for b in bodies
        ]
        if all(mt for mt, _ in each):
            return each
    meeting = meeting_at(ctx, end, bodies)
    deciders = bodies or ((meeting.body,) if meeting and meeting.body else ())
    if meeting is None and not deciders:
        return []
    return [(meeting, deciders)]
