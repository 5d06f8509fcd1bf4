"""Context checks on name mentions: what the words around a name contradict is dropped.

:func:`screen` drops, never guesses: a body of one city named in another ("… de
Moscou", "de cette ville", the narrative's city), an ordinal that is not the body's
("IIIe Congrès"), another constituency ("… de paysans"), an adjective the one-word form
lacks ("Congrès extraordinaire"), a generic part ("présidium") whose whole is not the
body in question, a territory the one-word form does not name.  What is dropped is left
for :mod:`kg.extract.candidates` to report.  :func:`city_at` tells the city the text is
in at an offset.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.gazetteer_model import surface_forms
from kg.model import Entity, EntityKind, Mention, SegmentedText
from kg.names_keys import _plain, rules

if TYPE_CHECKING:
    from kg.gazetteer_model import Gazetteer

_Options = list[Entity]  # the gazetteer entities a mention's key may name
_Cities = list[tuple[int, str]]  # (offset, folded city name) of every city printed
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def screen(
    seg: SegmentedText, mentions: tuple[Mention, ...], gazetteer: Gazetteer
) -> tuple[Mention, ...]:
    """The mentions the context does not contradict (see the module docstring)."""
    cities = _city_marks(seg.text)
    bodies = [m for m in mentions if m.kind is EntityKind.BODY]
    kept = []
    for mention in mentions:
        if mention.kind is EntityKind.BODY:
            after = seg.text[mention.span.end : mention.span.end + 60]
            mention = _narrowed(seg, mention, gazetteer, cities, after)
        if mention.kind is EntityKind.BODY and _contradicted(
            seg, mention, gazetteer, cities, bodies
        ):
            continue
        kept.append(mention)
    return tuple(kept)


def _contradicted(
    seg: SegmentedText,
    mention: Mention,
    gazetteer: Gazetteer,
    cities: list[tuple[int, str]],
    bodies: list[Mention],
) -> bool:
    options = [e for k in mention.key.split("|") if (e := gazetteer.get(k)) is not None]
    if not options:
        return False
    text = seg.text
    after = text[mention.span.end : mention.span.end + 60]
    before = text[max(0, mention.span.start - 30) : mention.span.start]
    return (
        _wrong_city(seg, mention, options, cities, after)
        or _wrong_ordinal(before, mention, options)
        or _other_constituency(after, options)
        or _unknown_adjective(after, mention, options)
        or _other_whole(seg, mention, options, gazetteer, bodies, after)
        or _other_territory(after, mention, options)
    )


def _city_marks(text: str) -> list[tuple[int, str]]:
    """Every city name the text prints, as (offset, folded name)."""
    known = rules().cities
    marks = []
    for m in re.finditer(r"[A-ZÀ-Ý][\w’'-]+", text):
        key = _plain(m.group(0))
        if key in known:
            marks.append((m.start(), key))
    return marks


def _wrong_city(
    seg: SegmentedText, mention: Mention, options: _Options, cities: _Cities, after: str
) -> bool:
    homes = {rules().local_bodies.get(e.key) for e in options}
    if None in homes:
        return False  # not a body of one city (or one option is not)
    city = _context_city(seg, mention, cities, after)
    return city is not None and city not in homes


def _narrowed(
    seg: SegmentedText, mention: Mention, gazetteer: Gazetteer, cities: _Cities, after: str
) -> Mention:
    """An ambiguous body name ("Comité militaire révolutionnaire", Petrograd's or
    Pskov's) whose context names one option's city ("de cette ville" after "Pskov")
    refers to that option alone; otherwise it stays ambiguous (unlinked)."""
    keys = mention.key.split("|")
    homes = {k: rules().local_bodies.get(k) for k in keys}
    if len(keys) < 2 or None in homes.values():
        return mention
    city = _context_city(seg, mention, cities, after)
    chosen = [k for k, home in homes.items() if home is not None and _plain(home) == city]
    return replace(mention, key=chosen[0]) if len(chosen) == 1 else mention


def _context_city(seg: SegmentedText, mention: Mention, cities: _Cities, after: str) -> str | None:
    """The city the context puts a body's name in (folded), if it says."""
    qualifier = re.match(r"\s+(?:de|du|à)\s+(?:la\s+ville\s+de\s+)?([A-ZÀ-Ý][\w’'-]+)", after)
    own = [w for w in _plain(mention.span.text).split() if w in rules().cities]
    city: str | None
    if own:
        city = own[-1]  # the printed name says its city ("Soviet de Moscou")
    elif qualifier is not None and _plain(qualifier.group(1)) in rules().cities:
        city = _plain(qualifier.group(1))
    else:
        city = _narrative_city(seg, mention.span.start, cities, after)
    return city


def _narrative_city(seg: SegmentedText, offset: int, cities: _Cities, after: str) -> str | None:
    """The city the text is in at ``offset``: "de cette ville" right after the name is the
    city named last; else a city the same sentence puts the action in ("À Moscou, …");
    else the city the running text names most (three times or more, and three times as
    often as any other)."""
    earlier = [c for at, c in cities if at < offset]
    if re.match(r"\s+de\s+cette\s+ville", after):
        return earlier[-1] if earlier else None
    sentence = _sentence_start(seg, offset)
    here = re.findall(r"(?:^|[\s(])(?:[àÀA]|en|au)\s+([A-ZÀ-Ý][\w’'-]+)", seg.text[sentence:offset])
    local = [_plain(c) for c in here if _plain(c) in rules().cities]
    if local:
        return local[-1]
    body_end = seg.repaired.body_end if seg.repaired.body_end >= 0 else len(seg.text)
    return _dominant_city([(at, c) for at, c in cities if at < body_end])


def _sentence_start(seg: SegmentedText, offset: int) -> int:
    for paragraph in seg.paragraphs:
        if paragraph.start <= offset < paragraph.end:
            for sentence in paragraph.sentences:
                if sentence.start <= offset < sentence.end:
                    return sentence.start
            return paragraph.start
    return offset


def _dominant_city(cities: _Cities) -> str | None:
    counts: dict[str, int] = {}
    for _, city in cities:
        counts[city] = counts.get(city, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 3 * ranked[1][1]):
        return None
    return ranked[0][0]


def city_at(seg: SegmentedText, offset: int, end: int | None = None) -> str | None:
    """The city the text is in at ``offset`` (as the cities list prints it), if it says;
    ``end``: where the name ends, so that "… de cette ville" after it counts."""
    after = seg.text[end : end + 60] if end is not None else ""
    city = _narrative_city(seg, offset, _city_marks(seg.text), after)
    return rules().cities.get(city) if city else None


def _ordinal(word: str) -> int | None:
    word = word.strip()
    m = re.fullmatch(r"([IVXL]+)(?:e|er|ème|re)", word)
    if m and word != "Le":  # "Le" is the article
        values = [_ROMAN[c] for c in m.group(1)]
        return sum(
            -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
        )
    m = re.fullmatch(r"(\d+)(?:e|er|ème|re)", word)
    if m:
        return int(m.group(1))
    return rules().ordinal_words.get(word.casefold())


def _wrong_ordinal(before: str, mention: Mention, options: _Options) -> bool:
    m = re.search(r"(\S+)\s+$", before)
    printed = _ordinal(m.group(1)) if m else None
    if printed is None:
        return False
    for entity in options:
        own = [o for w in entity.label_fr.split() if (o := _ordinal(w)) is not None]
        if not own or printed in own:
            return False
    return True


def _other_constituency(after: str, options: _Options) -> bool:

    m = re.match(r"\s+(?:de|des)\s+(?:députés\s+)?(\w+)", after)
    if m is None or m.group(1) not in rules().constituencies:
        return False
    word = m.group(1)
    return not any(word in form for e in options for form in surface_forms(e))


# a territory named right after a one-word body form: "Congrès des soviets de la région du
# Nord", "Congrès des soviets de Sibérie" (the complement's capitalised word)
_TERRITORY = re.compile(
    r"\s+(?:des\s+soviets\s+)?(?:de\s+la\s+région\s+(?:du\s+|de\s+la\s+|de\s+l[’']|de\s+)"
    r"|de\s+(?:la\s+|l[’'])?|du\s+|d[’'])([A-ZÀ-Ý][\w’'-]+)"
)


def _other_territory(after: str, mention: Mention, options: _Options) -> bool:
    """A one-word form ("Congrès") followed by a territory no form of the entity names:
    another body ("le Congrès des soviets de Sibérie" is not the IInd Congress).

    >>> from kg.model import Entity, EntityKind, Mention, Span
    >>> congress = Entity("c", EntityKind.BODY, "IIe Congrès des soviets", aliases=("Congrès",))
    >>> m = Mention(EntityKind.BODY, "c", Span("d", 3, 10, "Congrès"))
    >>> _other_territory(" des soviets de la région du Nord s'ouvrit", m, [congress])
    True
    >>> _other_territory(" des soviets s'ouvrit", m, [congress])
    False
    """
    if len(mention.span.text.split()) != 1:
        return False
    m = _TERRITORY.match(after)
    if m is None:
        return False
    word = _plain(m.group(1))
    return not any(word in _plain(form) for e in options for form in surface_forms(e))


def _unknown_adjective(after: str, mention: Mention, options: _Options) -> bool:

    if len(mention.span.text.split()) != 1:
        return False
    m = re.match(r"\s+([a-zà-ÿ]+)\b", after)
    if m is None:
        return False
    word = m.group(1)
    r = rules()
    if word in r.not_adjectives or not word.endswith(r.adjective_endings) or len(word) < 4:
        return False
    return not any(word in form for e in options for form in surface_forms(e))


def _another_head(word: str, whole: Entity | None, gazetteer: Gazetteer) -> bool:
    """``word`` is a body's head noun ("conférence") that no form of ``whole`` (or of the
    wholes above it) starts with: the complement names another body."""
    heads = {h.casefold() for h in rules().body_heads}
    if word.casefold() not in heads:
        return False
    chain = []
    while whole is not None and whole not in chain:
        chain.append(whole)
        whole = gazetteer.get(whole.part_of) if whole.part_of else None
    return not any(
        f.split()[0].casefold() == word.casefold() for e in chain for f in surface_forms(e)
    )


def _other_whole(
    seg: SegmentedText,
    mention: Mention,
    options: _Options,
    gazetteer: Gazetteer,
    bodies: list[Mention],
    after: str,
) -> bool:
    """A generic part ("présidium") whose whole is not the body the text is about."""

    if len(options) != 1 or not options[0].part_of or len(mention.span.text.split()) != 1:
        return False  # only a generic one-word form of a part ("présidium")
    part = options[0]
    whole = gazetteer.get(part.part_of)
    if whole is None:
        return False
    printed = _plain(mention.span.text)
    if any(_plain(f) in printed for f in surface_forms(whole)):
        return False
    family = {whole.key, part.key, *(e.key for e in gazetteer.parts_of(whole.key))}
    complement = re.match(r"\s+(?:de\s+la|de\s+l[’']|du|des|de)\s*", after)
    if complement is not None:
        at = mention.span.end + complement.end()
        follower = next((b for b in bodies if b.span.start == at), None)
        if follower is not None:
            return not (set(follower.key.split("|")) & family)
        noun = re.match(r"[\w-]+", seg.text[at : at + 40])
        if noun is not None and _another_head(noun.group(0), whole, gazetteer):
            return True  # "présidium de la conférence": a conference's, not the congress's
    heads = tuple(rules().body_heads)
    paragraphs = seg.paragraphs
    i = next((j for j, p in enumerate(paragraphs) if p.start <= mention.span.start < p.end), 0)
    floor = paragraphs[max(0, i - 1)].start if paragraphs else 0
    earlier = [
        b
        for b in bodies
        if floor <= b.span.start < mention.span.start
        and b.span.text[:1].isupper()
        and b.span.text.startswith(heads)
    ]
    if not earlier:
        return False
    return not (set(earlier[-1].key.split("|")) & family)
