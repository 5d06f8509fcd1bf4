"""The records of what extraction finds in the text: names (mentions) and days (dates).

A :class:`Mention` is a name the text prints, of a kind (:class:`EntityKind`), later
resolved by linking; a :class:`DateRef` is a day as the text states it, in its calendar
(:class:`Calendar`) and how it states it (:class:`DateQualifier`).  The facts of
:mod:`kg.model_facts` are made of them.  Import them from :mod:`kg.model`, which
re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum

from kg.model_text import Span


class EntityKind(str, Enum):
    PERSON = "person"
    BODY = "body"
    PLACE = "place"
    WORK = "work"
    POST = "post"


class NameType(str, Enum):
    """How a mention names a person (okg:nameType)."""

    SURNAME = "surname"
    FULL = "full"
    INITIALS = "initials"  # "A. Rykov"
    PATRONYMIC = "patronymic"  # "Vladimir Ilitch"
    BIRTH_NAME = "birth-name"  # "L. Bronstein" in "L. Bronstein (Trotski)"
    PSEUDONYM = "pseudonym"  # "Trotski" in the same
    TRANSLITERATION = "transliteration"  # a variant spelling ("Trotsky")


#: Key prefix of a mention of a name the gazetteer lacks: ``candidate:<Candidate.key>``.
CANDIDATE_PREFIX = "candidate:"


@dataclass(frozen=True)
class Mention:
    """A name found in the text; linking resolves it to an entity.

    ``key`` is a gazetteer key, or ``candidate:<kind>-<slug>`` for a name the gazetteer
    lacks (a :class:`Candidate` of the same document; its IRI is the candidate's).

    >>> Mention(EntityKind.PERSON, "candidate:person-riabtsev", Span("d", 0, 8, "Riabtsev")).candidate_key
    'person-riabtsev'
    """

    kind: EntityKind
    key: str  # gazetteer key the surface form matched, or CANDIDATE_PREFIX + candidate key
    span: Span
    name_type: NameType | None = None

    @property
    def candidate_key(self) -> str | None:
        """The :class:`Candidate` key this mention names, ``None`` for a gazetteer name."""
        return self.key[len(CANDIDATE_PREFIX) :] if self.key.startswith(CANDIDATE_PREFIX) else None


class Calendar(StrEnum):
    """Which calendar the text states a day in (okg:calendarAsStated)."""

    JULIAN = "julian"
    GREGORIAN = "gregorian"
    BOTH = "both"


class DateQualifier(StrEnum):
    """How the text states a day, when not as a plain date (okg:dateQualifier)."""

    APPROXIMATE = "approximate"  # "aux environs du 13 septembre", "vers le 20"
    RANGE = "range"  # "les 3 et 4 (16 et 17) juillet": the first day, and the range's end
    RELATIVE = "relative"  # "le lendemain", "cinq jours plus tard": computed from a day given


@dataclass(frozen=True)
class DateRef:
    """A calendar day as the text gives it (1917 Russia: Julian, Gregorian = Julian + 13).

    ``julian``/``gregorian`` are both filled; ``inferred`` names the one that
    was computed rather than stated ("julian" or "gregorian"), ``None`` when
    the text states both.
    """

    julian: date
    gregorian: date
    stated_calendar: Calendar
    span: Span
    time_of_day: str | None = None  # "22:45"
    qualifier: DateQualifier | None = None  # None: a plain date
    range_end: tuple[date, date] | None = None  # RANGE: the last day (Julian, Gregorian)
    relative_to: tuple[date, date] | None = None  # RELATIVE: the day it counts from (J, G)

    @property
    def inferred(self) -> Calendar | None:
        return {Calendar.JULIAN: Calendar.GREGORIAN, Calendar.GREGORIAN: Calendar.JULIAN}.get(
            self.stated_calendar
        )
