"""The curated gazetteer (``kg/data/gazetteer.toml``): entities, aliases, vouched-for QIDs.

One TOML table per entity, ``[<kind>.<key>]`` with ``kind`` an
:class:`~kg.model.EntityKind` value (``person``, ``body``, ``place``, ``work``,
``post``) and ``key`` a lower-case ASCII slug, unique across kinds.  The file's
header documents every field; ``docs/decisions/0003-wikidata-links.md`` the
rule for QIDs (no public evidence, no link).

>>> gaz = load_gazetteer()
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
import tomllib
from pathlib import Path

from kg import config
from kg.errors import DataError
from kg.gazetteer_check import build
from kg.gazetteer_model import (
    CURIE_RE,
    DEFAULT_TYPES,
    KEY_RE,
    QID_RE,
    Gazetteer,
    normalize_form,
    surface_forms,
)

__all__ = [
    "CURIE_RE",
    "DEFAULT_TYPES",
    "KEY_RE",
    "QID_RE",
    "Gazetteer",
    "default_path",
    "load_gazetteer",
    "normalize_form",
    "surface_forms",
]


def default_path() -> Path:
    """``kg/data/gazetteer.toml`` inside the installed package."""
    return config.DATA_DIR / "gazetteer.toml"


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
    return build(where, data)


def _display(path: Path) -> str:
    """The path as messages show it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
