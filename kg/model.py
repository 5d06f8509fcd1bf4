"""The small frozen records the pipeline stages pass to each other.

Stages never share dicts of dicts: each stage takes and returns these
dataclasses (and tuples of them), so what flows between stages is typed and
immutable.  Character offsets are Python ``str`` indices (Unicode code
points) into :attr:`RepairedText.text`, start inclusive, end exclusive, the
W3C Web Annotation convention; ``kg text DOC`` prints exactly that text.

The records of the text stages (sources, repaired text, segments, evidence)
are defined in :mod:`kg.model_text`; this module re-exports them, so
``from kg.model import …`` stays the one import point.

Glossary (English code, French data): *séance* = :class:`Meeting`,
*scrutin* = :class:`Vote`, *corps/comité* = body, *commissaire* = a
:class:`Appointment` to a post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import ClassVar

from kg.model_notes import EditorialNote, NoteAnchor, NoteKind
from kg.model_text import (
    BINARY_FORMATS,
    DamageKind,
    DocumentMeta,
    Edition,
    Footnote,
    LineMapping,
    PageAnchor,
    Paragraph,
    RepairedText,
    RepairFlag,
    SegmentedText,
    Sentence,
    SourceDocument,
    SourceFormat,
    SourceMention,
    Span,
)

__all__ = [
    "BINARY_FORMATS",
    "CANDIDATE_PREFIX",
    "Appointment",
    "BodyRelation",
    "Calendar",
    "Candidate",
    "Citation",
    "DamageKind",
    "DateQualifier",
    "DateRef",
    "Decree",
    "DelegateCount",
    "DocType",
    "DocumentMeta",
    "Edition",
    "EditorialNote",
    "Entity",
    "EntityKind",
    "Extraction",
    "Fact",
    "FactKind",
    "FactRef",
    "Footnote",
    "LineMapping",
    "LinkedDocument",
    "Meeting",
    "Membership",
    "Mention",
    "NameType",
    "NameUsage",
    "NoteAnchor",
    "NoteKind",
    "PageAnchor",
    "Paragraph",
    "Quotation",
    "RepairFlag",
    "RepairedText",
    "ReportedSpeech",
    "Resignation",
    "SegmentedText",
    "Sentence",
    "SourceDocument",
    "SourceFormat",
    "SourceMention",
    "Span",
    "Vote",
    "VoteResult",
    "Walkout",
]

# --------------------------------------------------------------------------- extraction


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


class VoteResult(StrEnum):
    """What a decision did to its motion; ``UNKNOWN`` for a proposal whose fate is not told."""

    UNKNOWN = ""
    PASS = "pass"
    FAIL = "fail"


class DocType(StrEnum):
    """The kind of document a :class:`Decree` record is (okg:documentType)."""

    APPEAL = "appeal"
    ARTICLE = "article"
    DECLARATION = "declaration"
    DECREE = "decree"
    FABLE = "fable"
    LETTER = "letter"
    MANDATE = "mandate"
    MEMOIR = "memoir"
    MINUTES = "minutes"
    NEWSPAPER = "newspaper"
    NOTE = "note"
    ORDER = "order"
    PERIODICAL = "periodical"
    POEM = "poem"
    REPORT = "report"
    RESOLUTION = "resolution"
    WORK = "work"  # a gazetteer work of no more precise type


class FactKind(StrEnum):
    """Every kind of fact; the value is the IRI segment (``doc/<id>/<kind>/<key>``)."""

    NAME_USAGE = "nameusage"
    MEMBERSHIP = "membership"
    BODY_RELATION = "bodyrelation"
    MEETING = "meeting"
    VOTE = "vote"
    DELEGATE_COUNT = "delegatecount"
    WALKOUT = "walkout"
    RESIGNATION = "resignation"
    APPOINTMENT = "appointment"
    DECREE = "decree"
    CITATION = "citation"
    QUOTATION = "quotation"
    REPORTED_SPEECH = "reportedspeech"
    CANDIDATE = "candidate"


@dataclass(frozen=True)
class FactRef:
    """A pointer from one record to another fact of the same document."""

    kind: FactKind
    key: str

    def __str__(self) -> str:
        return f"{self.kind.value}/{self.key}"


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


@dataclass(frozen=True, kw_only=True)
class Fact:
    """Base of every extracted statement: a local key and its evidence."""

    key: str  # unique per document and kind, stable across runs (IRIs derive from it)
    evidence: Span
    #: the rule that read it, ``<patterns file stem>.<rule name>`` ("votes.count-adopted");
    #: its evidence annotation is attributed to that rule (docs/decisions/0007-rule-provenance.md)
    rule: str = ""

    KIND: ClassVar[FactKind]

    @property
    def ref(self) -> FactRef:
        """How another record points at this one."""
        return FactRef(self.KIND, self.key)


@dataclass(frozen=True, kw_only=True)
class NameUsage(Fact):
    """A form of a person's name as the text prints it (okg:NameMention)."""

    KIND = FactKind.NAME_USAGE
    person: Mention
    paired: FactRef | None = None  # the usage printed alongside ("L. Bronstein (Trotski)")


@dataclass(frozen=True, kw_only=True)
class Membership(Fact):
    KIND = FactKind.MEMBERSHIP

    member: Mention
    body: Mention
    role: str = ""  # "président", "secrétaire", "leader", "" for plain membership
    date: DateRef | None = None  # when the text dates the membership's beginning


@dataclass(frozen=True, kw_only=True)
class BodyRelation(Fact):
    """``part`` is a unit or sub-organisation of ``whole`` (org:subOrganizationOf)."""

    KIND = FactKind.BODY_RELATION
    part: Mention
    whole: Mention
    relation: str = "part-of"  # key of [relations] in kg/data/patterns/bodies.toml
    address: str = ""  # the part's address as printed (places: "92/1, appartement 42")


@dataclass(frozen=True, kw_only=True)
class Meeting(Fact):
    KIND = FactKind.MEETING

    body: Mention | None = None
    date: DateRef | None = None
    place: Mention | None = None
    participants: tuple[Mention, ...] = ()
    chair: Mention | None = None
    decisions: tuple[str, ...] = ()
    label: str = ""  # short human label, French
    referred_only: bool = False  # mentioned ("le lendemain le Comité Central se réunit")
    # added by the events area (meetings/votes/appointments):
    time_of_day: str = ""  # "HH:MM" as read from the text (also when no day is given)
    time_as_stated: str = ""  # "à 10 heures 45", verbatim
    part_of: FactRef | None = None  # the Meeting this sitting continues (a resumption)
    place_note: str = ""  # "au deuxième", "une pièce de Smolny …", verbatim
    chair_label: str = ""  # an unnamed chair ("Le président de séance")
    absentees: tuple[Mention, ...] = ()  # "en l'absence de Lénine et de Trotsky"
    recurrence: str = ""  # "chaque semaine" for a recurring meeting
    note: str = ""  # "(sic !)" and similar editorial marks kept from the text
    # added by the meetings area (issue 10):
    inferred: bool = False  # no sentence narrates it: implied by a decision the body took that day
    day_from_context: bool = False  # its day is carried from the narrative ("le lendemain", …)


@dataclass(frozen=True, kw_only=True)
class Vote(Fact):
    KIND = FactKind.VOTE

    meeting: FactRef | None = None  # the Meeting that decided
    motion: str = ""
    proposer: Mention | None = None
    for_count: int | None = None
    against_count: int | None = None
    unanimous: bool = False
    voters_for: tuple[Mention, ...] = ()
    voters_against: tuple[Mention, ...] = ()
    result: VoteResult = VoteResult.UNKNOWN
    # added by the events area:
    bodies: tuple[Mention, ...] = ()  # who decided, when no meeting says it (or several bodies)
    date: DateRef | None = None  # when the text dates a decision without a meeting
    against_label: str = ""  # unnamed opponents ("Le président de séance et la majorité")
    subjects: tuple[Mention, ...] = ()  # works (decrees) the motion is about
    # added by the votes area (issue 10):
    abstentions: int | None = None  # "et 4 abstentions", "4 s'abstinrent"
    voters_abstaining: tuple[Mention, ...] = ()  # roll call "S'abstinrent : X, Y"
    votes_cast: int | None = None  # "obtint 97 voix sur 102": the 102
    statement: str = ""  # the clause stating the decision, as printed ("fut repoussée par …")


@dataclass(frozen=True, kw_only=True)
class DelegateCount(Fact):
    KIND = FactKind.DELEGATE_COUNT

    meeting: FactRef | None = None
    group: Mention | None = None  # party/faction; None = all delegates
    count: int = 0
    # added by the events area:
    subset_of: FactRef | None = None  # the DelegateCount this one is part of ("169 sur 193")


@dataclass(frozen=True, kw_only=True)
class Walkout(Fact):
    KIND = FactKind.WALKOUT

    meeting: FactRef | None = None
    groups: tuple[Mention, ...] = ()
    count: int | None = None
    date: DateRef | None = None
    # added by the events area:
    partial_groups: tuple[Mention, ...] = ()  # groups only part of which left


@dataclass(frozen=True, kw_only=True)
class Resignation(Fact):
    KIND = FactKind.RESIGNATION

    person: Mention
    left: Mention | None = None  # body or post left
    date: DateRef | None = None


@dataclass(frozen=True, kw_only=True)
class Appointment(Fact):
    KIND = FactKind.APPOINTMENT

    post: str = ""  # French label of the post ("commissaire du peuple à l'Agriculture")
    post_key: str = ""
    body: Mention | None = None  # the body the post belongs to
    person: Mention | None = None  # None when the post stayed vacant
    date: DateRef | None = None
    appointed_by: Mention | None = None
    # added by the events area:
    vacant: bool = False  # the post stayed vacant (then ``person`` is None)
    holder_label: str = ""  # unnamed holders ("des commissaires", "Le président de séance")
    meeting: FactRef | None = None  # the Meeting that made the appointment
    kind: str = "appointment"  # "appointment" (named to the post) | "holding" (said to hold it)


@dataclass(frozen=True, kw_only=True)
class Decree(Fact):
    """A decree, appeal, letter, mandate or other document the text names."""

    KIND = FactKind.DECREE
    title: str = ""  # only a title the text prints or the gazetteer's title of the work
    description: str = ""  # what the text says it is ("Article du Dielo Naroda"), not a title
    doc_type: DocType = DocType.WORK
    authors: tuple[Mention, ...] = ()
    adopted_by: Mention | None = None
    reported_by: Mention | None = None
    date: DateRef | None = None
    meeting: FactRef | None = None
    # added by the works extraction (documents, citations, quotations)
    # the gazetteer work this document is (kind WORK; span = what identifies it)
    work: Mention | None = None
    recipients: tuple[Mention, ...] = ()  # addressees of a letter or an order
    published_in: Mention | None = None  # newspaper or periodical (kind WORK)
    signatory_count: int | None = None  # "signé par 242 députés"
    more_evidence: tuple[Span, ...] = ()  # further spans stating facts about the same document


@dataclass(frozen=True, kw_only=True)
class Citation(Fact):
    """A bibliographic reference made by a footnote."""

    KIND = FactKind.CITATION
    footnote: str = ""  # label of the footnote making it
    work_title: str = ""
    author: Mention | None = None
    edition: str = ""
    volume: str = ""
    pages: str = ""
    year: int | None = None
    publisher: str = ""
    place: str = ""
    cites: FactRef | None = None  # the Decree or Quotation it supports, if known
    # added by the works extraction
    work: str = ""  # key of the Decree record (same document) of the cited work, if any
    container_title: str = ""  # the periodical a part is printed "in"
    issue: str = ""  # "7" for "n° 7"
    characterisation: str = ""  # CiTO property local name, e.g. "citesAsSourceDocument"
    repeats: FactRef | None = None  # the earlier, fuller citation an abbreviated one repeats
    book: Mention | None = None  # the cited book/periodical as named in the note (kind WORK)
    part: str = ""  # "première partie" of a volume
    container: Mention | None = None  # the periodical named after "in" (kind WORK)
    printed_title: str = ""  # the title as the reference prints it ("Œuvres complètes")
    inline: bool = False  # printed in the running text, not in a footnote


@dataclass(frozen=True, kw_only=True)
class Quotation(Fact):
    KIND = FactKind.QUOTATION

    text: str = ""  # the quoted words, as repaired text
    speaker: Mention | None = None
    date: DateRef | None = None
    work: FactRef | None = None  # the Decree it comes from
    footnote: str = ""  # label of the footnote giving its source
    # added by the works extraction
    speaker_label: str = ""  # how the text names an unlinked speaker ("Un délégué de Tver")
    within: FactRef | None = None  # the enclosing Quotation (a quotation inside a quotation)
    # the others who signed or said it with ``speaker`` (a declaration signed by several)
    co_speakers: tuple[Mention, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ReportedSpeech(Fact):
    """What someone said, in the narrator's words (indirect speech, okg:ReportedSpeech):
    "Le camarade Lénine constate que …", "Kamenev proposa de …".  Unlike a
    :class:`Quotation`, ``content`` is not the speaker's wording."""

    KIND = FactKind.REPORTED_SPEECH

    speaker: Mention | None = None  # a person or body (known or candidate)
    speaker_label: str = ""  # an unnamed speaker as the text describes it
    verb: str = ""  # the verb of saying as printed ("constate", "a déclaré")
    content: str = ""  # the reported clause, after "que" / "de"
    mode: str = "statement"  # "statement" (… que …) or "proposal" (… de + infinitive)
    date: DateRef | None = None  # a day the sentence gives


@dataclass(frozen=True, kw_only=True)
class Candidate(Fact):
    """A name the gazetteer lacks (okg:Candidate), with every use: reported, never dropped.

    ``key`` is ``<kind>-<slug of label>``.
    """

    KIND = FactKind.CANDIDATE

    kind: EntityKind
    label: str  # the fullest printed form
    forms: tuple[str, ...] = ()  # every printed form, in order of first use
    mentions: tuple[Span, ...] = ()  # every use, in text order
    cue: str = ""  # the rule of kg/data/patterns/candidates.toml that typed it


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document, before linking."""

    doc_id: str
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()
    dates: tuple[DateRef, ...] = ()


# --------------------------------------------------------------------------- linking


@dataclass(frozen=True)
class Entity:
    """A gazetteer entry (or an unlinked entity met in the text)."""

    key: str
    kind: EntityKind
    label_fr: str
    label_en: str = ""
    aliases: tuple[str, ...] = ()
    types: tuple[str, ...] = ()  # CURIEs, e.g. "org:FormalOrganization"
    wikidata: str = ""  # QID, empty when unlinked
    wikidata_evidence: str = ""  # where the QID was vouched for
    part_of: str = ""  # key of the whole, for bodies
    broader: str = ""  # key of the more general post this post is a kind of, for posts
    description: str = ""
    birth_name: str = ""  # people only; also listed in ``aliases``
    pseudonyms: tuple[str, ...] = ()  # people only; also listed in ``aliases``
    former_titles: tuple[str, ...] = ()  # works only: other titles it appeared under (aliases too)
    former_keys: tuple[str, ...] = ()  # keys it had before: their IRIs redirect to this one


@dataclass(frozen=True)
class LinkedDocument:
    """One document after linking: its extraction and the entities it uses."""

    segmented: SegmentedText
    extraction: Extraction
    entities: tuple[Entity, ...]
