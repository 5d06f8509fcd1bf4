"""The curated gazetteer (``kg/data/gazetteer.toml``): entities, aliases, vouched-for QIDs.

One TOML table per entity, ``[<kind>.<key>]`` with ``kind`` an
:class:`~kg.model.EntityKind` value (``person``, ``body``, ``place``, ``work``,
``post``) and ``key`` a lower-case ASCII slug, unique across kinds.  The file's
header documents every field; ``docs/decisions/0003-wikidata-links.md`` the
rule for QIDs (no public evidence, no link).

>>> gaz = load_gazetteer()  # doctest: +SKIP
>>> gaz.get("lenin").wikidata
'Q1394'
>>> gaz.lookup("Kaménev")[0].key
'kamenev'

Every malformed entry raises :class:`~kg.errors.DataError` (the checks live
in :mod:`kg.gazetteer_check`) with a one-line, compiler-style message naming
the file and the table::

    kg/data/gazetteer.toml: [person.x]: wikidata 'X12' is not a QID

Ambiguity
---------
A surface form claimed by two entities *of the same kind* is an error, unless
both entities list it in ``ambiguous_aliases`` (e.g. "Comité militaire
révolutionnaire", the Petrograd committee and the Pskov one).  Forms shared
across kinds are allowed without declaration.  :meth:`Gazetteer.alias_index`
maps every normalised form to *all* the keys that claim it, so linking sees
the ambiguity and decides from context.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from kg import config
from kg.errors import DataError
from kg.model import Entity, EntityKind

if TYPE_CHECKING:
    from kg.names import VariantIndex

__all__ = [
    "DEFAULT_TYPES",
    "Gazetteer",
    "default_path",
    "load_gazetteer",
    "normalize_form",
]

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


def default_path() -> Path:
    """``kg/data/gazetteer.toml`` inside the installed package."""
    return config.DATA_DIR / "gazetteer.toml"


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

    @functools.cached_property
    def _variant_index(self) -> VariantIndex:
        from kg.names import variant_index

        return variant_index(self)

    def variants(self) -> VariantIndex:
        """Every form under its variant keys (folded, lossy), built once: see :mod:`kg.names`."""
        return self._variant_index

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


# --------------------------------------------------------------------------- loading


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read and validate the gazetteer (default: :func:`default_path`).

    Raises :class:`~kg.errors.DataError` with a one-line message for an
    unreadable file or invalid TOML, an unknown section or field, a bad key,
    a missing ``label_fr``, a malformed QID or CURIE, a QID without evidence
    (or evidence without a QID), a duplicate QID or key, a ``part_of``
    pointing to an unknown key (or another kind, or forming a cycle), and a
    form claimed by two entities of the same kind without both declaring it
    in ``ambiguous_aliases``.
    """
    path = default_path() if path is None else Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise DataError(f"{_display(path)}: cannot read gazetteer: {exc.strerror or exc}") from exc
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load(path: Path, _mtime_ns: int, _size: int) -> Gazetteer:
    """Parse once per file version (the cache key includes its mtime and size)."""
    where = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{where}: cannot read gazetteer: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(f"{where}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{where}: invalid TOML: {exc}") from exc
    from kg.gazetteer_check import build  # it imports this module (normalize_form, …)

    return build(where, data)


def _display(path: Path) -> str:
    """The path as messages show it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
