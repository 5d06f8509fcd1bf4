"""Validation of the gazetteer's TOML (``kg/data/gazetteer.toml``) into entities.

:func:`build` turns the parsed file into a :class:`~kg.gazetteer_model.Gazetteer`,
checking every table and field on the way; :func:`kg.gazetteer.load_gazetteer`
reads the file and calls it.  The rules (which fields exist, which kinds they
apply to, what a key, a QID or a CURIE looks like, when a form may be shared)
are listed in the docstring of :func:`~kg.gazetteer.load_gazetteer`.

Every violation raises :class:`~kg.errors.DataError` with a one-line,
compiler-style message naming the file and the table::

    kg/data/gazetteer.toml: [person.x]: wikidata 'X12' is not a QID
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from kg.errors import DataError
from kg.gazetteer_model import (
    CURIE_RE,
    DEFAULT_TYPES,
    KEY_RE,
    QID_RE,
    Gazetteer,
    normalize_form,
    surface_forms,
)
from kg.model import Entity, EntityKind

_STR_FIELDS = (
    "label_fr",
    "label_en",
    "birth_name",
    "wikidata",
    "wikidata_evidence",
    "wikidata_note",
    "part_of",
    "broader",
    "description",
)
_LIST_FIELDS = (
    "aliases",
    "pseudonyms",
    "former_titles",
    "former_keys",
    "ambiguous_aliases",
    "types",
)
_FIELDS = frozenset(_STR_FIELDS + _LIST_FIELDS)
_PEOPLE_ONLY = ("birth_name", "pseudonyms")
_WORKS_ONLY = ("former_titles",)
_PART_OF_KINDS = (EntityKind.BODY, EntityKind.PLACE)


def build(where: str, data: dict[str, Any]) -> Gazetteer:
    """The gazetteer ``data`` (parsed TOML) describes; ``where`` prefixes every error message."""
    kinds = {k.value: k for k in EntityKind}
    entities: list[Entity] = []
    ambiguous: dict[str, frozenset[str]] = {}
    notes: dict[str, str] = {}
    seen_keys: dict[str, str] = {}
    for section, table in data.items():
        if section not in kinds:
            expected = ", ".join(kinds)
            raise DataError(f"{where}: [{section}]: unknown section (expected one of {expected})")
        if not isinstance(table, dict):
            raise DataError(f"{where}: [{section}]: must be a table of [{section}.<key>] entries")
        kind = kinds[section]
        for key, entry in table.items():
            label = f"{where}: [{section}.{key}]"
            if not KEY_RE.match(key):
                raise DataError(f"{label}: key must be lower-case ASCII words joined by hyphens")
            if key in seen_keys:
                raise DataError(f"{label}: key already used by [{seen_keys[key]}.{key}]")
            seen_keys[key] = section
            if not isinstance(entry, dict):
                raise DataError(f"{label}: must be a table")
            entity, shared, note = _entity(label, kind, key, entry)
            entities.append(entity)
            if shared:
                ambiguous[key] = shared
            if note:
                notes[key] = note
    _check_links(where, entities)
    _check_aliases(where, entities, ambiguous)
    return Gazetteer(
        entities=tuple(entities),
        ambiguous=MappingProxyType(ambiguous),
        notes=MappingProxyType(notes),
    )


def _entity(
    label: str, kind: EntityKind, key: str, entry: dict[str, Any]
) -> tuple[Entity, frozenset[str], str]:
    _check_fields(label, kind, entry)
    label_fr = entry.get("label_fr", "").strip()
    if not label_fr:
        raise DataError(f"{label}: missing label_fr")

    forms = [label_fr, *entry.get("aliases", [])]
    if entry.get("birth_name"):
        forms.append(entry["birth_name"])
    forms.extend(entry.get("pseudonyms", []))
    forms.extend(entry.get("former_titles", []))
    for form in forms:
        if not normalize_form(form):
            raise DataError(f"{label}: empty alias")
        if form != form.strip():
            raise DataError(f"{label}: alias {form!r} has leading or trailing spaces")

    qid = entry.get("wikidata", "")
    evidence = entry.get("wikidata_evidence", "").strip()
    if "wikidata" in entry and not QID_RE.match(qid):
        raise DataError(f"{label}: wikidata {qid!r} is not a QID")
    if qid and not evidence:
        raise DataError(f"{label}: wikidata {qid} has no wikidata_evidence (no evidence, no link)")
    if evidence and not qid:
        raise DataError(f"{label}: wikidata_evidence without wikidata")

    types = tuple(entry.get("types", [])) or DEFAULT_TYPES[kind]
    _check_types(label, types)

    own = {normalize_form(f) for f in forms}
    shared = frozenset(normalize_form(f) for f in entry.get("ambiguous_aliases", []))
    stray = sorted(shared - own)
    if stray:
        raise DataError(f"{label}: ambiguous alias {stray[0]!r} is not one of its own forms")

    aliases = list(entry.get("aliases", []))
    for extra in (
        ([entry["birth_name"]] if entry.get("birth_name") else [])
        + list(entry.get("pseudonyms", []))
        + list(entry.get("former_titles", []))
    ):
        if extra not in aliases:
            aliases.append(extra)

    entity = Entity(
        key=key,
        kind=kind,
        label_fr=label_fr,
        label_en=entry.get("label_en", "").strip(),
        aliases=tuple(aliases),
        types=types,
        wikidata=qid,
        wikidata_evidence=evidence,
        part_of=entry.get("part_of", ""),
        broader=entry.get("broader", ""),
        description=entry.get("description", "").strip(),
        birth_name=entry.get("birth_name", ""),
        pseudonyms=tuple(entry.get("pseudonyms", [])),
        former_titles=tuple(entry.get("former_titles", [])),
        former_keys=tuple(entry.get("former_keys", [])),
    )
    return entity, shared, entry.get("wikidata_note", "").strip()


def _check_fields(label: str, kind: EntityKind, entry: dict[str, Any]) -> None:
    """Known fields only, each of its type, and only on the kinds it applies to."""
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise DataError(f"{label}: unknown field {unknown[0]!r}")
    for name in _STR_FIELDS:
        if name in entry and not isinstance(entry[name], str):
            raise DataError(f"{label}: {name} must be a string")
    for name in _LIST_FIELDS:
        value = entry.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataError(f"{label}: {name} must be a list of strings")
    if kind is not EntityKind.PERSON:
        for name in _PEOPLE_ONLY:
            if name in entry:
                raise DataError(f"{label}: {name} is for people only")
    if kind is not EntityKind.WORK:
        for name in _WORKS_ONLY:
            if name in entry:
                raise DataError(f"{label}: {name} is for works only")
    for old in entry.get("former_keys", []):
        if not KEY_RE.match(old):
            raise DataError(
                f"{label}: former key {old!r} must be lower-case ASCII words joined by hyphens"
            )
    if "part_of" in entry and kind not in _PART_OF_KINDS:
        raise DataError(f"{label}: part_of is for bodies and places only")
    if "broader" in entry and kind is not EntityKind.POST:
        raise DataError(f"{label}: broader is for posts only")


def _check_types(label: str, types: tuple[str, ...]) -> None:
    from kg.vocab import PREFIXES  # rdflib is imported only when validating

    for curie in types:
        match = CURIE_RE.match(curie)
        if not match:
            raise DataError(f"{label}: type {curie!r} is not a CURIE (prefix:Name)")
        if match.group(1) not in PREFIXES:
            raise DataError(f"{label}: type {curie!r} uses unknown prefix {match.group(1)!r}")


def _check_links(where: str, entities: list[Entity]) -> None:
    by_key = {e.key: e for e in entities}
    for e in entities:
        taken = [old for old in e.former_keys if old in by_key]
        if taken:
            raise DataError(
                f"{where}: [{e.kind.value}.{e.key}]: former key {taken[0]!r} is still an entity's key"
            )
    qids: dict[str, Entity] = {}
    for e in entities:
        label = f"{where}: [{e.kind.value}.{e.key}]"
        if e.wikidata:
            other = qids.get(e.wikidata)
            if other is not None:
                raise DataError(
                    f"{label}: wikidata {e.wikidata} already used by"
                    f" [{other.kind.value}.{other.key}]"
                )
            qids[e.wikidata] = e
        if e.part_of:
            whole = by_key.get(e.part_of)
            if whole is None:
                raise DataError(f"{label}: part_of {e.part_of!r} is not a gazetteer key")
            if whole.kind is not e.kind:
                raise DataError(
                    f"{label}: part_of {e.part_of!r} is a {whole.kind.value}, not a {e.kind.value}"
                )
        if e.broader:
            general = by_key.get(e.broader)
            if general is None or general.kind is not EntityKind.POST or general.key == e.key:
                raise DataError(
                    f"{label}: broader {e.broader!r} is not another post of the gazetteer"
                )
            if general.broader:
                raise DataError(
                    f"{label}: broader {e.broader!r} has a broader post itself (one level)"
                )
    for e in entities:
        seen = [e.key]
        cursor = e
        while cursor.part_of:
            cursor = by_key[cursor.part_of]
            if cursor.key in seen:
                chain = " -> ".join([*seen, cursor.key])
                raise DataError(f"{where}: [{e.kind.value}.{e.key}]: part_of cycle {chain}")
            seen.append(cursor.key)


def _check_aliases(
    where: str, entities: list[Entity], ambiguous: Mapping[str, frozenset[str]]
) -> None:
    claims: dict[tuple[EntityKind, str], Entity] = {}
    for e in entities:
        for form in {normalize_form(f) for f in surface_forms(e)}:
            first = claims.setdefault((e.kind, form), e)
            if first is e:
                continue
            declared = form in ambiguous.get(e.key, ()) and form in ambiguous.get(first.key, ())
            if not declared:
                raise DataError(
                    f"{where}: [{e.kind.value}.{e.key}]: alias {form!r} is also claimed by"
                    f" [{first.kind.value}.{first.key}]; list it in ambiguous_aliases of both"
                )
