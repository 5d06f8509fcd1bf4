"""The fact records: one frozen dataclass per kind of statement extraction reads.

Every record is a :class:`Fact` (a key, its evidence, the rule that read it) of one
:class:`FactKind`, the IRI segment of its kind; a record points at another fact of the
same document with a :class:`FactRef`.  The enums of their fields (:class:`VoteResult`,
:class:`DocType`) live beside them.  Import them from :mod:`kg.model`, which re-exports
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from kg.model_mentions import DateRef, EntityKind, Mention
from kg.model_text import Span


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
