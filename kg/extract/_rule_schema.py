"""The typed schema of the patterns files: the options a rule may take, file by file.

Each option with a closed set of values is an enum (:class:`DateFrom`, :class:`BodyFrom`
…); :data:`SCHEMAS` gives, for each ``kg/data/patterns/*.toml`` file, the arrays of
tables it may hold (``[[decision]]`` …), the keys each of their tables may use and what
each key is (a :data:`Kind`).  :mod:`kg.extract.rules` loads the files against it and
re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from kg.model import DocType, VoteResult

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
