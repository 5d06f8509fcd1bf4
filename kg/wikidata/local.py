"""``kg link suggest --from FILE``: candidates from a local file of Wikidata items, offline.

For a user without network, or with their own extract of Wikidata.  The file
(Wikidata's JSON dump format, or SPARQL 1.1 JSON results, flattened or not) is
read by :func:`~kg.wikidata.local_items.read_items`, re-exported here.

Every item whose names agree with an unlinked entity's (labels and aliases in
every language, folded by :func:`kg.wikidata.items.skeleton`, Cyrillic
transliterated) is a candidate, scored:

=====================  =====  ============================================
evidence               score  why
=====================  =====  ============================================
same name               +4    a whole label/alias equals one of ours (folded)
names agree             +2    one name's words are within the other's
right kind              +2    person: P31 human
                        +1    kind told by P31 labels or by the description
wrong kind              -4    (Wikimedia pages -8, as online)
1917-era dates          +2    born by 1905 and alive in 1917 (P569/P570, or
                              the "(1883–1936)" span of the description)
impossible dates        -3
description agrees    +1/+2   shared words with our description or the
                              period (Russian, Soviet, Bolshevik, …)
name in our texts       +1    another of its names occurs in the seed texts
=====================  =====  ============================================

A candidate at or above :data:`ACCEPT_THRESHOLD` is worth accepting after a
look; namesakes (same surname, another era or country) stay below it.
Output and ``--accept`` are those of the online ``kg link suggest``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from kg.model import Entity, EntityKind
from kg.wikidata import items
from kg.wikidata.check import Gazetteer, Mismatch
from kg.wikidata.local_items import ENTITY_IRI, read_items
from kg.wikidata.suggest import Candidate, Suggestion, chosen, fold, in_corpus

__all__ = [
    "ACCEPT_THRESHOLD",
    "ENTITY_IRI",
    "PERIOD_WORDS",
    "check_local",
    "read_items",
    "suggest_local",
]

#: Score from which a local candidate is worth accepting (after a look).
ACCEPT_THRESHOLD = 6
#: Words that tie a description to our period and place.
PERIOD_WORDS = frozenset(
    [
        "russia",
        "russian",
        "soviet",
        "bolshevik",
        "bolsheviks",
        "menshevik",
        "revolutionary",
        "revolution",
        "petrograd",
        "1917",
        "socialist",
        "tsarist",
    ]
)
_STOP = frozenset(
    [
        "the",
        "and",
        "of",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "to",
        "a",
        "an",
        "its",
        "his",
        "her",
        "their",
        "who",
        "which",
        "from",
        "city",
        "town",
        "first",
        "former",
        "one",
        "two",
        "1st",
        "2nd",
        "member",
    ]
)
_SPAN = re.compile(r"\(\s*(?:born\s+)?(\d{3,4})\s*[-–−]\s*(\d{3,4})\s*\)")
_KIND_WORDS: dict[EntityKind, frozenset[str]] = {
    EntityKind.PERSON: frozenset(
        [
            "revolutionary",
            "politician",
            "writer",
            "poet",
            "philosopher",
            "diplomat",
            "activist",
            "terrorist",
            "novelist",
            "statesman",
            "economist",
            "journalist",
            "lawyer",
            "marshal",
            "officer",
            "fabulist",
            "leader",
            "assassin",
            "anarchist",
            "communist",
            "socialist",
            "sociologist",
            "human",
        ]
    ),
    EntityKind.PLACE: frozenset(
        [
            "city",
            "town",
            "village",
            "district",
            "capital",
            "country",
            "continent",
            "island",
            "river",
            "oblast",
            "governorate",
            "region",
            "street",
            "square",
            "palace",
            "fortress",
            "building",
            "okrug",
            "settlement",
            "suburb",
            "municipality",
            "province",
            "state",
        ]
    ),
    EntityKind.BODY: frozenset(
        [
            "party",
            "committee",
            "council",
            "government",
            "organisation",
            "organization",
            "union",
            "faction",
            "army",
            "congress",
            "assembly",
            "parliament",
            "ministry",
            "commissariat",
            "soviet",
        ]
    ),
    EntityKind.WORK: frozenset(
        [
            "newspaper",
            "decree",
            "book",
            "novel",
            "fable",
            "pamphlet",
            "periodical",
            "journal",
            "magazine",
            "article",
            "letter",
            "essay",
            "poem",
        ]
    ),
    EntityKind.POST: frozenset(["position", "office", "post", "title"]),
}


# --------------------------------------------------------------------------- scoring


def suggest_local(
    gazetteer: Gazetteer,
    found_items: Iterable[dict[str, Any]],
    *,
    keys: Iterable[str] = (),
    limit: int = 5,
    texts: Iterable[str] = (),
) -> list[Suggestion]:
    """Rank the local items whose names agree with each unlinked entity (or just ``keys``).

    Raises :class:`DataError` for a key that is not an unlinked entity.

    >>> from kg.gazetteer import load_gazetteer
    >>> suggest_local(load_gazetteer(), [], keys=["bubnov"])[0].candidates
    ()
    """
    entities = chosen(gazetteer, set(keys))
    pool = [(item, items.item_names(item)) for item in found_items]
    corpus = fold(" ".join(texts))
    suggestions = []
    for entity in entities:
        ours = items.our_names(entity)
        candidates = [
            _candidate(entity, item, ours, names, corpus)
            for item, names in pool
            if items.names_match(ours, names)
        ]
        candidates.sort(key=lambda c: (-c.score, int(c.qid[1:])))
        suggestions.append(Suggestion(entity, tuple(candidates[:limit])))
    return suggestions


def _candidate(
    entity: Entity, item: dict[str, Any], ours: list[str], theirs: list[str], corpus: str
) -> Candidate:
    evidence = [
        *_names(ours, theirs),
        *_kind(entity.kind, item),
        *_description(entity, item),
        *_in_texts(ours, theirs, corpus),
    ]
    same = [n for n in theirs if items.skeleton(n) in {items.skeleton(o) for o in ours}]
    return Candidate(
        qid=item["id"],
        label=items.label(item),
        description=items.description(item),
        found_by=f"local: {same[0] if same else theirs[0]!r}",
        score=sum(points for points, _ in evidence),
        reasons=tuple(reason for _, reason in evidence),
    )


def _names(ours: list[str], theirs: list[str]) -> list[tuple[int, str]]:
    mine = {items.skeleton(n) for n in ours}
    if any(items.skeleton(n) in mine for n in theirs):
        return [(4, "same name")]
    return [(2, "names agree")]


def _kind(kind: EntityKind, item: dict[str, Any]) -> list[tuple[int, str]]:
    if items.instance_of(item):
        problem = items.kind_problem(kind, item)
        if problem:
            return [(-8 if problem.startswith("a Wikimedia") else -4, problem)]
        found = [(2, "human")] if kind is EntityKind.PERSON else [(1, "not a human")]
    else:
        told = _told_kinds(item)
        if told and kind not in told:
            shown = ", ".join(sorted(k.value for k in told))
            return [(-4, f"described as a {shown}, not a {kind.value}")]
        found = [(1, f"described as a {kind.value}")] if kind in told else []
    if kind is EntityKind.PERSON:
        found += _dates(item)
    return found


def _told_kinds(item: dict[str, Any]) -> set[EntityKind]:
    text = " ".join([items.description(item), *item.get("type_labels", [])])
    words = set(_words(text))
    told = {kind for kind, cues in _KIND_WORDS.items() if words & cues}
    if _SPAN.search(items.description(item)):
        told.add(EntityKind.PERSON)
    return told


def _dates(item: dict[str, Any]) -> list[tuple[int, str]]:
    born, died = items.years(item, "P569"), items.years(item, "P570")
    if span := _SPAN.search(items.description(item)):
        born, died = born or {int(span.group(1))}, died or {int(span.group(2))}
    if born and min(born) > items.BORN_BY:
        return [(-3, f"born {min(born)}, too late for 1917")]
    if died and max(died) < items.ALIVE_IN:
        return [(-3, f"died {max(died)}, before 1917")]
    if born or died:
        shown = ", ".join(
            ([f"born {min(born)}"] if born else []) + ([f"died {max(died)}"] if died else [])
        )
        return [(2, shown)]
    return []


def _description(entity: Entity, item: dict[str, Any]) -> list[tuple[int, str]]:
    names = {w for n in items.item_names(item) for w in _words(n)}
    ours = set(_words(f"{entity.description or ''} {entity.label_en or ''}")) | PERIOD_WORDS
    shared = sorted((set(_words(items.description(item))) & ours) - names - _STOP)
    if not shared:
        return []
    return [(min(2, len(shared)), f"description agrees ({', '.join(shared[:3])})")]


def _in_texts(ours: list[str], theirs: list[str], corpus: str) -> list[tuple[int, str]]:
    ours_folded = {fold(n) for n in ours}
    for name in sorted(set(theirs)):
        folded = fold(name)
        if folded not in ours_folded and len(folded) > 3 and in_corpus(folded, corpus):
            return [(1, f"{name!r} in our texts")]
    return []


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 2]


# --------------------------------------------------------------------------- checking


def check_local(
    gazetteer: Gazetteer, found_items: Iterable[dict[str, Any]]
) -> tuple[list[Mismatch], int, int]:
    """``kg link check --from FILE``: compare every link whose item the file holds.

    Returns the mismatches (names, kind, dates, as online), how many links were
    checked and how many QIDs the file does not hold (not an error: an extract
    is partial).
    """
    by_id = {item["id"]: item for item in found_items}
    linked = sorted(
        (e for e in gazetteer.entities if e.wikidata), key=lambda e: (e.kind.value, e.key)
    )
    mismatches, checked = [], 0
    for entity in linked:
        item = by_id.get(entity.wikidata)
        if item is None:
            continue
        checked += 1
        found = Mismatch(entity.key, entity.kind.value, entity.wikidata, "", "")
        theirs = items.item_names(item)
        if not items.names_match(items.our_names(entity), theirs):
            shown = ", ".join(sorted(set(theirs))[:4]) or "no label"
            mismatches.append(replace(found, problem="name", detail=f"the file calls it {shown}"))
        for points, reason in _kind(entity.kind, item):
            if points < 0:
                problem = "dates" if reason.startswith(("born", "died")) else "kind"
                mismatches.append(replace(found, problem=problem, detail=reason))
    return mismatches, checked, len(linked) - checked
