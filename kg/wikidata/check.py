"""``kg link check``: does every QID in the gazetteer still point at the right item?

For each gazetteer entry with a QID the item is fetched (``wbgetentities``,
50 at a time, redirects followed) and compared with what we know:

* ``missing``    the item was deleted or never existed;
* ``redirected`` the item was merged into another one (the target is named);
* ``name``       none of its labels/aliases matches any of our names
  (accents, case and transliteration folded, see :mod:`kg.wikidata.items`);
* ``kind``       wrong kind of thing (a person must be Q5 human; a body, place,
  work or post must not be; nothing may be a disambiguation page);
* ``dates``      a person born after 1905 or dead before 1917.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from kg.errors import DataError
from kg.model import Entity, EntityKind
from kg.wikidata import items
from kg.wikidata.client import QID, WikidataClient


class Gazetteer(Protocol):
    """What the checks need from :func:`kg.gazetteer.load_gazetteer`'s answer."""

    @property
    def entities(self) -> tuple[Entity, ...]: ...

    def unlinked(self) -> Iterable[Entity]: ...


@dataclass(frozen=True)
class Mismatch:
    """One disagreement between our gazetteer and Wikidata."""

    key: str  # gazetteer key
    kind: str  # entity kind ("person", ...)
    qid: str
    problem: str  # "missing" | "redirected" | "name" | "kind" | "dates"
    detail: str


def check(gazetteer: Gazetteer, client: WikidataClient) -> list[Mismatch]:
    """Compare every linked gazetteer entry with its Wikidata item.

    Returns the mismatches, sorted by key (empty when all is well).  Raises
    :class:`DataError` for a malformed QID in the gazetteer and
    :class:`kg.errors.RemoteError` when Wikidata cannot be asked.

    >>> from kg.model import Entity, EntityKind
    >>> class G:
    ...     entities = (Entity("x", EntityKind.PERSON, "X"),)
    >>> check(G(), WikidataClient(offline=True))
    []
    """
    linked = [e for e in gazetteer.entities if e.wikidata]
    for entity in linked:
        if not QID.match(entity.wikidata):
            raise DataError(
                f"gazetteer [{entity.kind.value}.{entity.key}]: "
                f"wikidata = {entity.wikidata!r} is not a QID"
            )
    if not linked:
        return []
    answer = client.get_entities(e.wikidata for e in linked)
    found: list[Mismatch] = []
    for entity in sorted(linked, key=lambda e: (e.kind.value, e.key)):
        qid = entity.wikidata
        if qid in answer.redirects:
            found.append(
                _mismatch(
                    entity,
                    "redirected",
                    f"{qid} now redirects to {answer.redirects[qid]}; update the gazetteer",
                )
            )
        item = answer.resolve(qid)
        if item is None:
            found.append(_mismatch(entity, "missing", f"{qid} is deleted or does not exist"))
            continue
        found.extend(
            _mismatch(entity, problem, detail) for problem, detail in _compare(entity, item)
        )
    return found


def _compare(entity: Entity, item: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    theirs = items.item_names(item)
    if not items.names_match(items.our_names(entity), theirs):
        shown = ", ".join(sorted(set(theirs))[:4]) or "no label"
        problems.append(("name", f"Wikidata calls it {shown}; we say {entity.label_fr}"))
    if kind := items.kind_problem(entity.kind, item):
        problems.append(("kind", kind))
    if entity.kind is EntityKind.PERSON and (dates := items.dates_problem(item)):
        problems.append(("dates", dates))
    return problems


def _mismatch(entity: Entity, problem: str, detail: str) -> Mismatch:
    return Mismatch(entity.key, entity.kind.value, entity.wikidata, problem, detail)


def render(mismatches: list[Mismatch], checked: int) -> str:
    """The mismatches as an aligned text table, with a closing count line."""
    header = ("key", "kind", "qid", "problem", "detail")
    rows = [(m.key, m.kind, m.qid, m.problem, m.detail) for m in mismatches]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(4)]
    lines = []
    for row in (header, (*tuple("-" * w for w in widths), "------"), *rows):
        lines.append(
            "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
        )
    noun = "mismatch" if len(mismatches) == 1 else "mismatches"
    tail = f"{len(mismatches)} {noun} in {checked} linked entr{'y' if checked == 1 else 'ies'}"
    return "\n".join([*lines, tail] if mismatches else [tail]) + "\n"
