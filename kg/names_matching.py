"""Tolerant name matching: the forms the exact pass missed, and longer body names.

:func:`widen` reads exact body mentions with the words around them that make a longer
name (a wing "S-R de gauche", "Parti des" + members, a bracketed faction);
:func:`tolerant_mentions` finds the names the exact pass missed on the keys of
:mod:`kg.names_keys`, plus the longer forms with initials or a given name ("V. I.
Lénine", "Maria Spiridonova") as further mentions of the same person.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.gazetteer_model import surface_forms
from kg.model import Entity, EntityKind, Mention, SegmentedText, Span
from kg.names_keys import (
    _TOKEN,
    VariantIndex,
    _fold_word,
    _numberless,
    _plain,
    fold,
    lossy,
    rules,
    variant_index,
)

if TYPE_CHECKING:
    from kg.gazetteer_model import Gazetteer

_BREAK = re.compile(r"[,;:!?«»\"“”\[\]{}*_/]|\n\s*\n")


@dataclass(frozen=True)
class _Words:
    """The words of a stretch of text, each with its keys, and which gaps a name may span."""

    spans: tuple[tuple[int, int], ...]
    folded: tuple[str, ...]
    lossy: tuple[str, ...]
    joinable: tuple[bool, ...]  # may a name run from word i into word i + 1?


def _words(text: str, start: int, end: int) -> _Words:
    found = [(m.span(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    spans = tuple(span for span, _ in found)
    keys = [_word_keys(word) for _, word in found]
    joinable = [
        _may_join(text[b:c]) and (b - a == 1 or "." not in text[b:c])
        for (a, b), (c, _) in itertools.pairwise(spans)
    ]
    return _Words(spans, tuple(f for f, _ in keys), tuple(w for _, w in keys), tuple(joinable))


@functools.lru_cache(maxsize=1 << 16)
def _word_keys(word: str) -> tuple[str, str]:
    """A word's folded and lossy keys (the same words come back all through a corpus)."""
    return _fold_word(_plain(word)), lossy(word)


@functools.lru_cache(maxsize=1024)
def _may_join(gap: str) -> bool:
    """May a name run over the ``gap`` between two of its words (a space, "-", ". ")?"""
    return len(gap) <= 3 and not _BREAK.search(gap)


def tolerant_mentions(
    seg: SegmentedText, found: tuple[Mention, ...], gazetteer: Gazetteer
) -> tuple[Mention, ...]:
    """The names the exact pass missed, and the longer forms of persons it found.

    ``found`` are the exact mentions; the result adds to them (never replaces one).
    """
    index = variant_index(gazetteer)
    text = seg.text
    covered = sorted((m.span.start, m.span.end) for m in found)
    out: list[Mention] = []
    for start, end in _uncovered(covered, len(text)):
        out.extend(_variants_in(seg, start, end, index))
    people = [m for m in (*found, *out) if m.kind is EntityKind.PERSON and "|" not in m.key]
    taken = {(m.span.start, m.span.end) for m in (*found, *out)}
    for mention in people:
        longer = _with_initials_or_given_name(seg, mention, gazetteer)
        if longer is not None and (longer.span.start, longer.span.end) not in taken:
            taken.add((longer.span.start, longer.span.end))
            out.append(longer)
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _wings(gazetteer: Gazetteer) -> dict[str, tuple[tuple[str, str], ...]]:
    """Per whole: (folded words after a form of the whole, part key) for each part whose
    form is a form of its whole then more words ("… de gauche")."""
    out: dict[str, set[tuple[str, str]]] = {}
    for part in gazetteer.entities:
        whole = gazetteer.get(part.part_of) if part.part_of else None
        if part.kind is not EntityKind.BODY or whole is None:
            continue
        for form in surface_forms(part):
            for head in surface_forms(whole):
                if fold(form).startswith(fold(head) + " "):
                    out.setdefault(whole.key, set()).add(
                        (fold(form)[len(fold(head)) + 1 :], part.key)
                    )
    return {k: tuple(sorted(v)) for k, v in out.items()}


def widen(
    seg: SegmentedText, found: tuple[Mention, ...], gazetteer: Gazetteer
) -> tuple[Mention, ...]:
    """Exact body mentions read with the words around them that make a longer name of
    the same body or of its wing (names.toml ``[bodies]``): "S-R" + "de gauche" is the
    left wing's name when its form is the party's then "de gauche"; "Parti des" + the
    members' plural form is the party of those members."""
    text = seg.text
    wings = _wings(gazetteer)
    out = []
    for m in found:
        if m.kind is EntityKind.BODY and "|" not in m.key:
            start, end, key = m.span.start, m.span.end, m.key
            after = _words(text, end, min(len(text), end + 60))
            gap = text[end : after.spans[0][0]] if after.spans else ""
            for suffix, part in wings.get(key, ()):
                n = len(suffix.split())
                if (
                    len(after.spans) >= n
                    and len(gap) <= 2
                    and not _BREAK.search(gap)
                    and " ".join(after.folded[:n]) == suffix
                    and all(after.joinable[: n - 1])
                ):
                    end, key = after.spans[n - 1][1], part
                    break
            faction = _faction(text, end, gazetteer.get(key), gazetteer)
            if faction is not None:
                end, key = faction
            printed = text[start:end]
            if printed[:1].islower() and printed.split()[0].endswith("s"):
                for prefix in rules().party_of_members:
                    at = start - len(prefix) - 1
                    if at >= 0 and re.fullmatch(re.escape(prefix) + r"\s", text[at:start]):
                        start = at
                        break
            if (start, end, key) != (m.span.start, m.span.end, m.key):
                m = Mention(m.kind, key, Span(seg.doc_id, start, end, text[start:end]))
        out.append(m)
    return tuple(out)


def _faction(
    text: str, end: int, body: Entity | None, gazetteer: Gazetteer
) -> tuple[int, str] | None:
    """ "(bolchevik)" after a party's name: (where it ends, the faction's party key)."""
    m = re.match(r"\s?\(([^\W\d_][\w-]*)\)", text[end : end + 40])
    if m is None or body is None or not body.label_fr.startswith(rules().faction_heads):
        return None
    word = _numberless(fold(m.group(1)))
    keys = {
        e.key
        for e in gazetteer.by_kind(EntityKind.BODY)
        for f in surface_forms(e)
        if len(fold(f).split()) == 1 and _numberless(fold(f)) == word
    }
    return (end + m.end(), keys.pop()) if len(keys) == 1 and body.key not in keys else None


def _uncovered(covered: list[tuple[int, int]], length: int) -> Iterator[tuple[int, int]]:
    at = 0
    for start, end in covered:
        if start > at:
            yield at, start
        at = max(at, end)
    if at < length:
        yield at, length


def _variants_in(seg: SegmentedText, start: int, end: int, index: VariantIndex) -> list[Mention]:
    text = seg.text
    words = _words(text, start, end)
    out: list[Mention] = []
    i = 0
    while i < len(words.spans):
        if not _may_start(words, i, index):
            i += 1
            continue
        found = _longest_at(words, i, index, text)
        if found is None:
            i += 1
            continue
        n, key = found
        a, b = words.spans[i][0], words.spans[i + n - 1][1]
        out.append(Mention(index.kinds[key], key, Span(seg.doc_id, a, b, text[a:b])))
        i += n
    return out


def _may_start(words: _Words, i: int, index: VariantIndex) -> bool:
    """May a name start at word ``i`` (its keys begin some entity's)?"""
    folded = words.folded[i]
    return (
        folded in index.first_words
        or words.lossy[i][:3] in index.lossy_starts
        or _numberless(folded) in index.first_words
    )


def _longest_at(words: _Words, i: int, index: VariantIndex, text: str) -> tuple[int, str] | None:
    """The longest run of words from ``i`` whose key names exactly one entity."""
    if not _may_start(words, i, index):
        return None
    limit = 1
    while (
        limit < index.max_words and i + limit < len(words.spans) and words.joinable[i + limit - 1]
    ):
        limit += 1
    for n in range(limit, 0, -1):
        keys = index.folded.get(" ".join(words.folded[i : i + n]))
        a, b = words.spans[i][0], words.spans[i + n - 1][1]
        printed = text[a:b]
        if keys is None and printed.isascii():
            keys = index.lossy.get("".join(words.lossy[i : i + n]))
        if keys is None and n >= 3:
            keys = index.numberless.get(_numberless(" ".join(words.folded[i : i + n])))
        if keys is None or len(keys) != 1:
            continue  # unknown, or ambiguous: it stays unlinked
        kind = index.kinds[keys[0]]
        if not printed[:1].isupper() and (kind in (EntityKind.PERSON, EntityKind.PLACE) or n == 1):
            continue  # proper names and one-word names keep their capital
        return n, keys[0]
    return None


def _with_initials_or_given_name(
    seg: SegmentedText, mention: Mention, gazetteer: Gazetteer
) -> Mention | None:
    text = seg.text
    before = text[max(0, mention.span.start - 24) : mention.span.start]
    m = rules().initials.search(before)
    start = None
    if m is not None:
        start = mention.span.start - len(before) + m.start()
    else:
        g = re.search(r"(?<![\w’'])([A-ZÀ-Ý][\w’'-]+)\s+$", before)
        entity = gazetteer.get(mention.key)
        own = {_plain(w) for w in (entity.label_fr if entity else "").split()[:-1]}
        if g is not None and (_plain(g.group(1)) in rules().given_names | own):
            start = mention.span.start - len(before) + g.start(1)
    if start is None:
        return None
    return Mention(
        mention.kind,
        mention.key,
        Span(seg.doc_id, start, mention.span.end, text[start : mention.span.end]),
    )
