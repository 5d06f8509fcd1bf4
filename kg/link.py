"""Stage ``link``: resolve every mention to a gazetteer entity.

Extraction names what it found (a gazetteer key, or ``a|b`` when a name is
shared); linking decides.  An ambiguous mention goes to the candidate the
same document names unambiguously most often (ties: gazetteer order): the
majority rule of :mod:`kg.extract.resolution`, which the extractors use too.
Entities keep the Wikidata QID the gazetteer vouches for, or none.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from kg.errors import DataError
from kg.extract.resolution import Resolution
from kg.gazetteer import Gazetteer
from kg.model import Extraction, LinkedDocument, Mention, SegmentedText


def link(seg: SegmentedText, extraction: Extraction, gazetteer: Gazetteer) -> LinkedDocument:
    """Resolve ambiguous mentions and collect the entities the document uses.

    Raises :class:`DataError` when a mention names a key the gazetteer lacks.
    """
    resolved = _map_mentions(extraction, Resolution.of(extraction.mentions).mention)
    # names the gazetteer lacks point at the document's own candidates, not at entities
    keys = sorted({m.key for m in _all_mentions(resolved) if m.candidate_key is None})
    entities = []
    for key in keys:
        entity = gazetteer.get(key)
        if entity is None:
            raise DataError(
                f"{seg.doc_id}: mention of {key!r}, which the gazetteer does not define"
            )
        entities.append(entity)
    return LinkedDocument(seg, resolved, tuple(entities))


def _map_mentions(value: Any, fn: Any) -> Any:
    """Rebuild a record tree with ``fn`` applied to every Mention in it; a part in which
    ``fn`` changes nothing is kept as it is (not copied)."""
    if isinstance(value, Mention):
        return fn(value)
    if isinstance(value, tuple):
        mapped = tuple(_map_mentions(v, fn) for v in value)
        return value if all(m is v for m, v in zip(mapped, value, strict=True)) else mapped
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            old = getattr(value, f.name)
            new = _map_mentions(old, fn)
            if new is not old:
                changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value


def _all_mentions(value: Any) -> list[Mention]:
    if isinstance(value, Mention):
        return [value]
    if isinstance(value, tuple):
        return [m for v in value for m in _all_mentions(v)]
    if is_dataclass(value) and not isinstance(value, type):
        return [m for f in fields(value) for m in _all_mentions(getattr(value, f.name))]
    return []
