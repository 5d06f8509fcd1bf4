"""The gazetteer's records: :class:`Gazetteer`, the syntax of keys, QIDs and CURIEs, and
how surface forms are compared (:func:`normalize_form`).

Loading lives in :mod:`kg.gazetteer`, checking in :mod:`kg.gazetteer_check`; both
import this module, which imports neither (no cycle).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from kg.model import Entity, EntityKind

#: Syntax of a Wikidata item identifier.
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
#: Syntax of an entity key (the last segment of its IRI).
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Syntax of a CURIE in ``types``; the prefix must be one of :data:`kg.vocab.PREFIXES`.
CURIE_RE = re.compile(r"^([a-z][a-z0-9]*):([A-Za-z_][A-Za-z0-9_.-]*)$")

#: ``types`` given to an entry that does not list its own.
DEFAULT_TYPES: Mapping[EntityKind, tuple[str, ...]] = MappingProxyType(
    {
        EntityKind.PERSON: ("foaf:Person", "schema:Person"),
        EntityKind.BODY: ("org:Organization",),
        EntityKind.PLACE: ("schema:Place",),
        EntityKind.WORK: ("schema:CreativeWork",),
        EntityKind.POST: ("org:Post",),
    }
)

# Apostrophe-like characters unified to U+2019 by normalize_form.
_APOSTROPHES = str.maketrans(dict.fromkeys("'\u2018\u201b\u02bc\u02b9\u0060\u00b4\u2032", "\u2019"))
_SPACES = re.compile(r"\s+")


def normalize_form(form: str) -> str:
    """The matching key of a surface form.

    NFC, case-folded, every apostrophe-like character turned into ``’``
    (U+2019), runs of whitespace (NBSP and NNBSP included) collapsed to one
    space, ends stripped.  Accents are kept: "Kaménev" and "Kamenev" are two
    forms (both listed where the texts print both).

    >>> normalize_form("  Palais d'Hiver ")
    'palais d’hiver'
    >>> normalize_form("Comité\\u00a0 Central") == normalize_form("comité central")
    True
    """
    text = unicodedata.normalize("NFC", form).translate(_APOSTROPHES)
    # casefold() may decompose (e.g. "ß" -> "ss" is fine, but some letters gain
    # combining marks), so re-compose after folding.
    text = unicodedata.normalize("NFC", text.casefold())
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Gazetteer:
    """The loaded, validated gazetteer: entities in file order, with lookups."""

    entities: tuple[Entity, ...]
    #: Declared shared forms, per key (normalised), see the module docstring.
    ambiguous: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    #: Why an entity is unlinked (``wikidata_note``), per key.
    notes: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    _by_key: Mapping[str, Entity] = field(init=False, compare=False, repr=False)
    _index: Mapping[str, tuple[str, ...]] = field(init=False, compare=False, repr=False)
    _hash: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Entity] = {}
        index: dict[str, list[str]] = {}
        for entity in self.entities:
            by_key[entity.key] = entity
            for form in surface_forms(entity):
                keys = index.setdefault(normalize_form(form), [])
                if entity.key not in keys:
                    keys.append(entity.key)
        object.__setattr__(self, "_by_key", MappingProxyType(by_key))
        object.__setattr__(
            self, "_index", MappingProxyType({k: tuple(v) for k, v in index.items()})
        )
        object.__setattr__(self, "_hash", hash(self.entities))

    def __hash__(self) -> int:
        """Computed once: the lookups cached per gazetteer (the mention matcher, the
        variant index, the post index) hash it on every call, 60 µs each over its entities."""
        return self._hash

    # ------------------------------------------------------------------ container

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __getitem__(self, key: str) -> Entity:
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"no gazetteer entry {key!r}") from None

    # ------------------------------------------------------------------ lookups

    def get(self, key: str, default: Entity | None = None) -> Entity | None:
        """The entity with this key, or ``default``."""
        return self._by_key.get(key, default)

    def keys(self) -> tuple[str, ...]:
        return tuple(self._by_key)

    def by_kind(self, kind: EntityKind | str) -> tuple[Entity, ...]:
        """Entities of one kind (``EntityKind.PERSON`` or ``"person"``), in file order."""
        wanted = EntityKind(kind)
        return tuple(e for e in self.entities if e.kind is wanted)

    def linked(self) -> tuple[Entity, ...]:
        """Entities with a vouched-for QID."""
        return tuple(e for e in self.entities if e.wikidata)

    def unlinked(self) -> tuple[Entity, ...]:
        """Entities without a QID (no evidence yet, or deliberately left out)."""
        return tuple(e for e in self.entities if not e.wikidata)

    def by_qid(self, qid: str) -> Entity | None:
        """The entity linked to a QID, if any (QIDs are unique in the gazetteer)."""
        return next((e for e in self.entities if e.wikidata == qid), None)

    def alias_index(self) -> Mapping[str, tuple[str, ...]]:
        """Normalised surface form -> keys of every entity that claims it.

        Forms are ``label_fr``, ``aliases``, ``birth_name`` and ``pseudonyms``
        (not ``label_en``: the texts are French), normalised by
        :func:`normalize_form`.  A tuple with several keys is an ambiguous form.
        """
        return self._index

    def lookup(self, form: str, kind: EntityKind | str | None = None) -> tuple[Entity, ...]:
        """Entities a surface form may name, optionally restricted to one kind."""
        entities = tuple(self._by_key[k] for k in self._index.get(normalize_form(form), ()))
        if kind is None:
            return entities
        wanted = EntityKind(kind)
        return tuple(e for e in entities if e.kind is wanted)

    def ambiguous_forms(self) -> Mapping[str, tuple[str, ...]]:
        """The subset of :meth:`alias_index` whose forms name more than one entity."""
        return MappingProxyType({f: ks for f, ks in self._index.items() if len(ks) > 1})

    def parts_of(self, key: str) -> tuple[Entity, ...]:
        """Entities whose ``part_of`` is ``key``."""
        return tuple(e for e in self.entities if e.part_of == key)


def surface_forms(entity: Entity) -> tuple[str, ...]:
    """Every French form of an entity: label, aliases (birth name and pseudonyms included)."""
    forms = [entity.label_fr, *entity.aliases]
    if entity.birth_name:
        forms.append(entity.birth_name)
    forms.extend(entity.pseudonyms)
    return tuple(dict.fromkeys(forms))
