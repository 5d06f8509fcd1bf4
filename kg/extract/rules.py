"""The extraction rules: every ``kg/data/patterns/*.toml`` file, loaded once and checked.

:func:`load_rules` is the one loader.  Each file has a schema below
(:data:`SCHEMAS`): the arrays of tables it may hold (``[[decision]]`` …), the
keys each of their tables may use, and what each key is — free text, a flag, a
number, a regex (compiled at load time) or one of the options of an enum.  A
rule becomes a frozen :class:`Rule` whose ``options`` hold enum members; the
other tables and values of the file (word lists, macros, settings) are kept as
read-only mappings, their regexes compiled too.

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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg.config import DATA_DIR
from kg.errors import DataError
from kg.model import DocType, VoteResult

PATTERNS_DIR = DATA_DIR / "patterns"


# --------------------------------------------------------------------------- options


Result = VoteResult  # votes.toml ``result``


class DateFrom(StrEnum):
    """Where a rule's fact takes its day from."""

    NARRATIVE = "narrative"  # the day in its sentence, else the narrative's current day
    SENTENCE = "sentence"  # only a day its own sentence gives
    NONE = "none"  # undated


class Subject(StrEnum):
    SUBJECT = "subject"  # the people named just before the verb


class MotionFrom(StrEnum):
    CLAUSE_BEFORE = "clause-before"  # the noun phrase before the verb (passive voice)


class Side(StrEnum):
    BEFORE = "before"
    GROUP = "group"


class BodyFrom(StrEnum):
    PREVIOUS_MENTION = "previous-mention"
    PREVIOUS_SITTING = "previous-sitting"
    SAME_DAY = "same-day"
    SUBJECT = "subject"  # the bodies opening the clause before the match (or a pronoun's)
    CURRENT_SITTING = "current-sitting"  # the body of the sitting the narrative is telling
    CURRENT_SITTING_OR_MENTION = "current-sitting-or-mention"  # that, else the body named before


class PartOf(StrEnum):
    PREVIOUS_SITTING = "previous-sitting"


class PlaceFrom(StrEnum):
    PARAGRAPH = "paragraph"


class Pick(StrEnum):
    FIRST = "first"
    LAST = "last"


class VoterSide(StrEnum):
    """How the voters a votes.toml [[voters_after]] names voted."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Scope(StrEnum):
    SENTENCE = "sentence"
    TEXT = "text"


class DocRole(StrEnum):
    """What a [[statement]] says was done to a document."""

    ADOPTED = "adopted"
    DRAFTED = "drafted"
    ISSUED = "issued"
    NAMED = "named"
    PUBLISHED = "published"
    READ = "read"
    REPORTED = "reported"
    SIGNED = "signed"
    WRITTEN = "written"
    SENT = "sent"
    RECEIVED = "received"


class MemberKind(StrEnum):
    PERSON = "person"
    BODY = "body"


class RoleFrom(StrEnum):
    ROLE_WORDS = "role_words"


class SpeakerFrom(StrEnum):
    """Who a quotation rule says the speaker is (quotations.toml ``speaker``)."""

    GROUP = "group"  # the person or body opening the ``who`` group
    PRONOUN = "pronoun"  # what the ``pronoun`` group stands for
    SUBJECT = "subject"  # the lead-in's subject
    FIRST_PERSON = "first-person"  # the author of a first-person text
    SIGNATORIES = "signatories"  # every person or body the ``who`` group enumerates


class ReportMode(StrEnum):
    """What a reported-speech rule reads (quotations.toml [[reported]] ``mode``)."""

    STATEMENT = "statement"  # "X déclara que …"
    PROPOSAL = "proposal"  # "X proposa de …"


class PostBody(StrEnum):
    BY = "by"  # the body named in the ``by`` group


class Holder(StrEnum):
    """Where an appointments ``[[post]]`` rule finds the person."""

    BEFORE = "before"  # the subject just before the verb
    AFTER = "after"  # the first name after the match ("élut pour président le … X")


class PostBodyFrom(StrEnum):
    """Where an appointments ``[[post]]`` rule finds the body of the post."""

    POST = "post"  # a body named inside the post phrase
    SUBJECT = "subject"  # the body subject of the verb ("le Comité … élut X")
    ANTECEDENT = "antecedent"  # the body "en" stands for ("X en prit la tête")


class HeldAs(StrEnum):
    APPOINTMENT = "appointment"  # named, elected, took the post (dated)
    HOLDING = "holding"  # said to hold it (undated)


# --------------------------------------------------------------------------- schema

#: A key's kind: a Python type, "regex", "macro-regex" (file's [macros] expanded
#: first), or an enum of options.
Kind = type | str


@dataclass(frozen=True)
class TableSchema:
    keys: Mapping[str, Kind]
    required: tuple[str, ...] = ("pattern",)
    regex_key: str = "pattern"  # the key whose compiled regex is Rule.regex


_REGEX, _MACRO = "regex", "macro-regex"

#: file stem → array-of-tables name → schema.  Tables not listed here are not allowed.
SCHEMAS: dict[str, dict[str, TableSchema]] = {
    "appointments": {
        "vacant": TableSchema({"pattern": _REGEX}),
        "appointment": TableSchema({"pattern": _REGEX, "post_label": str, "body": PostBody}),
        "unnamed_holder": TableSchema({"pattern": _REGEX, "post_label": str}),
        "resignation": TableSchema({"pattern": _REGEX, "who": Subject}),
        "post": TableSchema(
            {
                "name": str,
                "pattern": _MACRO,
                "holder": Holder,
                "then": _MACRO,
                "body": PostBodyFrom,
                "kind": HeldAs,
                "label": str,
                "opening": bool,
                "strict": bool,
            },
            required=("name", "pattern", "holder"),
        ),
    },
    "bodies": {
        "memberships": TableSchema(
            {
                "name": str,
                "pattern": _MACRO,
                "trigger": _REGEX,
                "role": str,
                "role_from": RoleFrom,
                "dated": bool,
                "pick": Pick,
                "member_kind": MemberKind,
                "author": bool,
            }
        ),
        "relations_patterns": TableSchema(
            {
                "name": str,
                "pattern": _MACRO,
                "trigger": _REGEX,
                "relation": str,
                "pick_part": Pick,
                "pick_whole": Pick,
            }
        ),
    },
    "citations": {
        "concordance": TableSchema(
            {"book": str, "volume": str, "first": int, "last": int, "work": str},
            required=("book", "work"),
            regex_key="",
        ),
    },
    "dates": {},
    "documents": {
        "statement": TableSchema(
            {
                "name": str,
                "pattern": _REGEX,
                "doc_type": DocType,
                "role": DocRole,
                "date": DateFrom,
                "description_format": str,
                "anaphoric": bool,
                "scope": Scope,
                "footnote_of_mention": bool,
            }
        ),
    },
    "meetings": {
        "body_form": TableSchema(
            {
                "form": _REGEX,
                "key": str,
                "requires": str,
                "from": str,
                "until": str,
                "scene": str,
            },
            required=("form", "key"),
            regex_key="form",
        ),
        "session": TableSchema(
            {
                "name": str,
                "pattern": _REGEX,
                "label": str,
                "referred_only": bool,
                "date": DateFrom,
                "key_suffix": str,
                "key": str,
                "window": bool,
                "place_from": PlaceFrom,
                "body_from": BodyFrom,
                "part_of": PartOf,
                "recurrence": str,
            }
        ),
        "participant": TableSchema({"pattern": _REGEX, "side": Side}),
        "absence": TableSchema({"pattern": _REGEX, "side": Side}),
        "chair": TableSchema({"pattern": _REGEX}),
        "place": TableSchema({"pattern": _REGEX}),
        "outcome": TableSchema({"pattern": _REGEX}),
    },
    "people": {},
    "quotations": {
        table: TableSchema(
            {"name": str, "pattern": _MACRO, "speaker": SpeakerFrom, "describe": bool}
        )
        for table in ("lead", "after", "document", "introducer")
    }
    | {
        "indirect": TableSchema({"name": str, "pattern": _MACRO}),
        "reported": TableSchema({"name": str, "pattern": _MACRO, "mode": ReportMode}),
    },
    "votes": {
        "decision": TableSchema(
            {
                "name": str,
                "pattern": _REGEX,
                "result": Result,
                "skip_personal": bool,
                "motion": MotionFrom,
                "proposer": Subject,
                "require_proposer": bool,
                "date": DateFrom,
            }
        ),
        "followup": TableSchema(
            {"name": str, "pattern": _REGEX, "against": Subject, "result": Result}
        ),
        "subject_form": TableSchema(
            {"form": _REGEX, "key": str, "within": _REGEX},
            required=("form", "key", "within"),
            regex_key="form",
        ),
        "delegates": TableSchema({"name": str, "pattern": _REGEX, "total": bool}),
        "walkout_rule": TableSchema({"name": str, "pattern": _REGEX}),
        "walkout_count": TableSchema({"name": str, "pattern": _REGEX}),
        "tally": TableSchema({"name": str, "pattern": _MACRO, "elliptic": bool}),
        "tally_more": TableSchema({"name": str, "pattern": _MACRO}),
        "voters_after": TableSchema(
            {"name": str, "pattern": _REGEX, "side": VoterSide}, required=("pattern", "side")
        ),
    },
}


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


# --------------------------------------------------------------------------- settings
# What each extractor reads besides its rules, compiled once (a bad regex is a DataError).


def _appointments(data: dict[str, Any]) -> dict[str, Any]:
    lst = dict(data["list"])
    for name in ("opening", "strip", "elliptic", "collective"):
        lst[name] = re.compile(lst[name])
    apposition = dict(data["apposition"], gap_regex=re.compile(data["apposition"]["gap"]))
    macros = data.get("macros", {})

    def rx(source: str) -> re.Pattern[str]:
        for macro, text in macros.items():
            source = source.replace("{" + macro + "}", text)
        return re.compile(source)

    holder = {k: rx(v) if isinstance(v, str) else tuple(v) for k, v in data["holder"].items()}
    appos = data["apposition_any"]
    apposition_any = {k: rx(v) if isinstance(v, str) else tuple(v) for k, v in appos.items()}
    plist = data["post_list"]
    post_list = dict(
        plist,
        item=rx(plist["item"]),
        split=rx(plist["split"]),
        and_name=rx(plist["and_name"]),
        heads=tuple(dict(h, heading=rx(h["heading"])) for h in plist["heads"]),
    )
    tally = {k: rx(v) if k != "label" else v for k, v in data["tally"].items()}
    return dict(
        data,
        list=lst,
        apposition=apposition,
        holder=holder,
        apposition_any=apposition_any,
        post_list=post_list,
        tally=tally,
    )


def _citations(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "cues": tuple(re.compile(c) for c in data["reference_cues"]),
        "fields": {k: tuple(re.compile(r) for r in v) for k, v in data["fields"].items()},
        "characterisations": tuple(
            (re.compile(k), v) for k, v in data["characterisations"].items()
        ),
        "default_characterisation": data["default_characterisation"],
        "volume_fixes": dict(data.get("volume_fixes", {})),
        "printed_title": _printed_title(data["printed_title"]),
        "inline": tuple(re.compile(r, re.M) for r in data["inline"]),
        "ibid": re.compile(data["ibid"]),
        "op_cit": re.compile(data["op_cit"]),
    }


_PRINTED_TITLE_KEYS = {"lead", "separators", "intro", "author", "place", "locators"}


def _printed_title(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - _PRINTED_TITLE_KEYS
    missing = _PRINTED_TITLE_KEYS - set(data)
    if unknown or missing:
        bad = ", ".join(sorted(unknown | missing))
        raise DataError(f"citations.toml: [printed_title]: unknown or missing key(s): {bad}")
    out: dict[str, Any] = {k: re.compile(v) for k, v in data.items() if k != "locators"}
    out["locators"] = tuple(re.compile(r) for r in data["locators"])
    return out


def _documents(data: dict[str, Any]) -> dict[str, Any]:
    return dict(
        data,
        work_cues=tuple((re.compile(k, re.I), v) for k, v in data["work_cues"].items()),
        doc_types_by_name=tuple(
            (re.compile(k, re.I), DocType(v)) for k, v in data["doc_types_by_name"].items()
        ),
        doc_types_by_class={k: DocType(v) for k, v in data["doc_types_by_class"].items()},
        first_person_rx=re.compile(data["first_person"], re.I),
        topics={
            " ".join(k.replace("'", "’").split()).casefold(): v for k, v in data["topics"].items()
        },
    )


def _meetings(data: dict[str, Any]) -> dict[str, Any]:
    time = dict(data["time"], relative_regex=re.compile(data["time"]["relative"]))
    relative = [(re.compile(k), v) for k, v in data["relative_days"].items()]
    return dict(data, time=time, relative_regex=relative)


def _quotations(data: dict[str, Any]) -> dict[str, Any]:
    macros = data.get("macros", {})
    saying = data["saying"]
    for macro, text in macros.items():
        saying = saying.replace("{" + macro + "}", text)
    return dict(
        data,
        speaker_label_rx=re.compile(data["speaker_label"]),
        described_rx=re.compile(data["described"]),
        anaphoric_lead_rx=re.compile(data["anaphoric_lead"]),
        verb_rx=re.compile(saying),
    )


def _votes(data: dict[str, Any]) -> dict[str, Any]:
    numbers = data["numbers"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers.values()):
        raise DataError("votes.toml: [numbers]: every value must be an integer")
    rollcall = dict(
        data["rollcall"],
        label_regex=re.compile(data["rollcall"]["label"]),
        gap_regex=re.compile(data["rollcall"]["gap"]),
    )
    return dict(
        data,
        pass_regex=re.compile(data["verbs"]["pass"]),
        fail_regex=re.compile(data["verbs"]["fail"]),
        intransitive_regex=re.compile(data["verbs"]["intransitive"]),
        relative_regex=re.compile(data["verbs"]["relative"]),
        anaphoric_motion_regex=re.compile(data["verbs"]["anaphoric_motion"]),
        rollcall=rollcall,
        proposer_of_regex=re.compile(data["proposer"]["of"]),
        proposer_verb_regex=re.compile(data["proposer"]["verb"]),
    )


PREPARE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "appointments": _appointments,
    "citations": _citations,
    "documents": _documents,
    "meetings": _meetings,
    "quotations": _quotations,
    "votes": _votes,
}
