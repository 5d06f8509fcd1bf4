"""``kg link suggest --from FILE``: candidates from a local file of Wikidata items, offline.

For a user without network, or with their own extract of Wikidata.  The file
is one of:

* Wikidata's JSON dump format (``wbgetentities`` entities): a JSON list, or
  one entity per line (the dump's own ``[`` / ``,`` line framing is accepted);
* SPARQL 1.1 JSON results with ``item`` (an entity IRI), ``itemLabel``
  (several rows may give labels in several languages), and optionally
  ``itemAltLabel`` (comma-separated aliases), ``description`` or
  ``itemDescription``, ``type`` / ``instance_of`` (IRIs or labels),
  ``born`` / ``died`` (dates);
* the same rows flattened into a JSON list of objects (``"item": "http://…/Q5"``).

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

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.errors import DataError
from kg.model import Entity, EntityKind
from kg.wikidata import items
from kg.wikidata.check import Gazetteer, Mismatch
from kg.wikidata.suggest import Candidate, Suggestion, chosen, fold, in_corpus

#: Score from which a local candidate is worth accepting (after a look).
ACCEPT_THRESHOLD = 6
ENTITY_IRI = re.compile(r"^https?://www\.wikidata\.org/entity/(Q[1-9][0-9]*)$")
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


def read_items(path: Path) -> list[dict[str, Any]]:
    """The items of a local file, as ``wbgetentities`` entities (labels, aliases, claims).

    Raises :class:`DataError` naming the file for an unreadable file, JSON that is
    none of the accepted shapes, or a row without a Wikidata entity IRI.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot read Wikidata items: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        data = list(_lines(path, text))
    if isinstance(data, dict) and isinstance(data.get("results"), dict):
        rows = [_flatten(b) for b in data["results"].get("bindings", [])]
        return _from_rows(path, rows)
    if isinstance(data, dict) and "entities" in data:  # a wbgetentities answer
        data = list(data["entities"].values())
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise DataError(f"{path}: not Wikidata JSON (dump entities or SPARQL results)")
    if all("item" in x for x in data):
        return _from_rows(path, data)
    return [_checked(path, x) for x in data]


def _lines(path: Path, text: str) -> Iterator[Any]:
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip().rstrip(",")
        if line in ("", "[", "]"):
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{number}: not a JSON entity: {exc.msg}") from exc


def _checked(path: Path, entity: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(entity.get("id"), str) or not re.match(r"^Q[1-9][0-9]*$", entity["id"]):
        raise DataError(f"{path}: entity without a QID 'id': {str(entity)[:60]}")
    return entity


def _flatten(binding: dict[str, Any]) -> dict[str, Any]:
    """A SPARQL JSON binding as a flat row; a label keeps its language as ``(value, lang)``."""
    row: dict[str, Any] = {}
    for name, term in binding.items():
        if isinstance(term, dict):
            lang = term.get("xml:lang")
            row[name] = (term.get("value", ""), lang) if lang else term.get("value", "")
    return row


def _from_rows(path: Path, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """SPARQL-shaped rows merged per item into entities."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        match = ENTITY_IRI.match(str(row.get("item", "")))
        if match is None:
            raise DataError(f"{path}: row without a Wikidata item IRI: {str(row)[:60]}")
        entity = merged.setdefault(
            match.group(1),
            {"id": match.group(1), "labels": {}, "aliases": {}, "descriptions": {}, "claims": {}},
        )
        _add_text(entity["labels"], row.get("itemLabel"), many=False)
        for key in ("description", "itemDescription"):
            _add_text(entity["descriptions"], row.get(key), many=False)
        alt = row.get("itemAltLabel")
        if alt:
            value, lang = alt if isinstance(alt, tuple) else (alt, "en")
            for alias in (a.strip() for a in value.split(",") if a.strip()):
                entity["aliases"].setdefault(lang, []).append({"language": lang, "value": alias})
        _add_types(entity, row)
        for key, prop in (("born", "P569"), ("died", "P570")):
            if year := re.match(r"^[+-]?(\d{3,4})", str(row.get(key) or "")):
                time = {"time": f"+{int(year.group(1)):04d}-00-00T00:00:00Z", "precision": 9}
                entity["claims"].setdefault(prop, []).append(
                    {"mainsnak": {"datavalue": {"value": time}}, "rank": "normal"}
                )
    return list(merged.values())


def _add_text(target: dict[str, Any], value: Any, many: bool) -> None:
    if not value or value == "None":
        return
    text, lang = value if isinstance(value, tuple) else (str(value), "en")
    target.setdefault(lang, {"language": lang, "value": text})


def _add_types(entity: dict[str, Any], row: dict[str, Any]) -> None:
    for key in ("type", "instance_of", "instanceOf"):
        value = row.get(key)
        values = value if isinstance(value, list) else [value] if value else []
        for v in values:
            v = v[0] if isinstance(v, tuple) else str(v)
            if match := ENTITY_IRI.match(v):
                snak = {"datavalue": {"value": {"id": match.group(1)}}}
                entity["claims"].setdefault("P31", []).append({"mainsnak": snak, "rank": "normal"})
            else:
                entity.setdefault("type_labels", []).append(v)


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
