"""The extraction rules: every ``kg/data/patterns/*.toml`` file, loaded once and checked.

:func:`load_rules` is the one loader.  Each file has a schema
(:data:`SCHEMAS`, in :mod:`kg.extract._rule_schema`, whose names this module
re-exports): the arrays of tables it may hold (``[[decision]]`` …), the
keys each of their tables may use, and what each key is — free text, a flag, a
number, a regex (compiled at load time) or one of the options of an enum.  A
rule becomes a frozen :class:`Rule` whose ``options`` hold enum members; the
other tables and values of the file (word lists, macros, settings) are kept as
read-only mappings, their regexes compiled too (:mod:`kg.extract._rule_settings`).

Anything a historian can get wrong is a :class:`~kg.errors.DataError` naming
the file, the table and the key::

    votes.toml: [[decision]] 'passive': unknown option 'skip_persnal'
    votes.toml: [[decision]] 'passive': 'result': 'won' is not one of '', 'fail', 'pass'
    meetings.toml: [[chair]] #1: 'pattern': bad regex: missing ), unterminated subpattern …

>>> rules = load_rules()
>>> rules["votes"].rules("decision")[0].name
'decida-de'
>>> rules["votes"].rules("decision")[0].get("result")
<VoteResult.PASS: 'pass'>
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg.config import DATA_DIR
from kg.errors import DataError
from kg.extract._rule_schema import (
    _MACRO,
    _REGEX,
    SCHEMAS,
    BodyFrom,
    DateFrom,
    DocRole,
    HeldAs,
    Holder,
    Kind,
    MemberKind,
    MotionFrom,
    PartOf,
    Pick,
    PlaceFrom,
    PostBody,
    PostBodyFrom,
    ReportMode,
    Result,
    RoleFrom,
    Scope,
    Side,
    SpeakerFrom,
    Subject,
    TableSchema,
    VoterSide,
)
from kg.extract._rule_settings import PREPARE

__all__ = [
    "PATTERNS_DIR",
    "SCHEMAS",
    "BodyFrom",
    "DateFrom",
    "DocRole",
    "HeldAs",
    "Holder",
    "Kind",
    "MemberKind",
    "MotionFrom",
    "PartOf",
    "Pick",
    "PlaceFrom",
    "PostBody",
    "PostBodyFrom",
    "ReportMode",
    "Result",
    "RoleFrom",
    "Rule",
    "RuleFile",
    "Rules",
    "Scope",
    "Side",
    "SpeakerFrom",
    "Subject",
    "TableSchema",
    "VoterSide",
    "load_file",
    "load_rules",
]

PATTERNS_DIR = DATA_DIR / "patterns"


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, eq=False)  # identity: loaded once, compared by who it is
class Rule:
    """One table of an array (``[[decision]]``): a named regex and its typed options.

    ``rule["key"]`` and ``rule.get("key")`` read an option (a regex option is
    compiled); ``rule.id`` (``votes.par-n-voix``) names it in provenance.
    """

    file: str  # file stem: "votes"
    table: str  # "decision"
    name: str  # the rule's ``name``, or "<table>-<n>" (1-based) when it has none
    regex: re.Pattern[str] | None
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def id(self) -> str:
        return f"{self.file}.{self.name}"

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def __getitem__(self, key: str) -> Any:
        if key == "regex":
            return self.regex
        return self.options[key]

    def __contains__(self, key: object) -> bool:
        return key in self.options


@dataclass(frozen=True, eq=False)
class RuleFile:
    """One patterns file: its rule arrays and its other (read-only) settings."""

    name: str
    arrays: Mapping[str, tuple[Rule, ...]]
    settings: Mapping[str, Any]

    def rules(self, table: str) -> tuple[Rule, ...]:
        return self.arrays.get(table, ())

    def __getitem__(self, key: str) -> Any:
        if key in self.arrays:
            return self.arrays[key]
        return self.settings[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in self.arrays or key in self.settings


@dataclass(frozen=True, eq=False)
class Rules:
    """Every patterns file, by stem (``rules["votes"]``)."""

    files: Mapping[str, RuleFile]

    def __getitem__(self, name: str) -> RuleFile:
        return self.files[name]

    def __iter__(self) -> Iterator[Rule]:
        for f in self.files.values():
            for table in f.arrays.values():
                yield from table


# --------------------------------------------------------------------------- loading


def load_rules(directory: Path = PATTERNS_DIR) -> Rules:
    """Every ``*.toml`` of ``directory`` (the packaged patterns by default), checked.

    Raises :class:`DataError` naming the file, table and key of the first problem.
    """
    if directory == PATTERNS_DIR:
        return _packaged()
    return _load(directory)


@cache
def _packaged() -> Rules:
    return _load(PATTERNS_DIR)


def _load(directory: Path) -> Rules:
    files = {}
    for stem in SCHEMAS:
        path = directory / f"{stem}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DataError(f"{path.name}: {exc}") from exc
        files[stem] = load_file(stem, data)
    return Rules(MappingProxyType(files))


def load_file(stem: str, data: dict[str, Any]) -> RuleFile:
    """One file's parsed TOML → a checked :class:`RuleFile` (``stem`` picks the schema)."""
    where = f"{stem}.toml"
    schemas = SCHEMAS[stem]
    macros = data.get("macros", {})
    arrays: dict[str, tuple[Rule, ...]] = {}
    settings: dict[str, Any] = {}
    for key, value in data.items():
        if key in schemas:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise DataError(f"{where}: '{key}' must be an array of tables ([[{key}]])")
            arrays[key] = tuple(
                _rule(stem, key, schemas[key], i, table, macros) for i, table in enumerate(value, 1)
            )
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            raise DataError(f"{where}: unknown table [[{key}]] (known: {', '.join(schemas)})")
        else:
            settings[key] = value
    try:
        prepare = PREPARE.get(stem)
        prepared = prepare(settings) if prepare else settings
    except re.error as exc:
        raise DataError(f"{where}: bad regex: {exc}") from exc
    except KeyError as exc:
        raise DataError(f"{where}: missing setting {exc}") from exc
    except ValueError as exc:  # an enum's value
        raise DataError(f"{where}: {exc}") from exc
    names = [r.name for table in arrays.values() for r in table]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise DataError(f"{where}: rule names used twice: {', '.join(doubles)}")
    return RuleFile(stem, MappingProxyType(arrays), MappingProxyType(prepared))


def _rule(
    stem: str, table: str, schema: TableSchema, n: int, raw: dict[str, Any], macros: dict[str, str]
) -> Rule:
    name = raw.get("name") or f"{table}-{n}"
    where = f"{stem}.toml: [[{table}]] " + (f"'{raw['name']}'" if "name" in raw else f"#{n}")
    for key in schema.required:
        if key not in raw:
            raise DataError(f"{where}: missing key '{key}'")
    options: dict[str, Any] = {}
    for key, value in raw.items():
        kind = schema.keys.get(key)
        if kind is None:
            raise DataError(f"{where}: unknown option '{key}'")
        options[key] = _value(where, key, kind, value, macros)
    regex = options.get(schema.regex_key) if schema.regex_key else None
    if schema.regex_key:
        options[schema.regex_key] = raw[schema.regex_key]  # the source text stays readable
    return Rule(stem, table, name, regex, MappingProxyType(options))


def _value(where: str, key: str, kind: Kind, value: Any, macros: dict[str, str]) -> Any:
    if kind in (_REGEX, _MACRO):
        if not isinstance(value, str):
            raise DataError(f"{where}: '{key}': a regex must be a string")
        source = value
        if kind == _MACRO:
            for macro, text in macros.items():
                source = source.replace("{" + macro + "}", text)
        try:
            return re.compile(source)
        except re.error as exc:
            raise DataError(f"{where}: '{key}': bad regex: {exc}") from exc
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in sorted(kind, key=lambda m: m.value))
            raise DataError(f"{where}: '{key}': {value!r} is not one of {allowed}") from None
    if isinstance(kind, type):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise DataError(f"{where}: '{key}': expected {kind.__name__}, got {value!r}")
        return value
    raise AssertionError(kind)  # pragma: no cover
