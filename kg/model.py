"""The small frozen records the pipeline stages pass to each other.

Stages never share dicts of dicts: each stage takes and returns these
dataclasses (and tuples of them), so what flows between stages is typed and
immutable.  Character offsets are Python ``str`` indices (Unicode code
points) into :attr:`RepairedText.text`, start inclusive, end exclusive, the
W3C Web Annotation convention; ``kg text DOC`` prints exactly that text.

The records are defined by concern and re-exported here, so
``from kg.model import …`` stays the one import point: the text stages
(sources, repaired text, segments, evidence) in :mod:`kg.model_text`, names
and days found in the text in :mod:`kg.model_mentions`, the fact records in
:mod:`kg.model_facts`, the editorial notes in :mod:`kg.model_notes`.  This
module holds what bundles them: a document's :class:`Extraction`, a gazetteer
:class:`Entity` and a :class:`LinkedDocument`.

Glossary (English code, French data): *séance* = :class:`Meeting`,
*scrutin* = :class:`Vote`, *corps/comité* = body, *commissaire* = a
:class:`Appointment` to a post.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model_facts import (
    Appointment,
    BodyRelation,
    Candidate,
    Citation,
    Decree,
    DelegateCount,
    DocType,
    Fact,
    FactKind,
    FactRef,
    Meeting,
    Membership,
    NameUsage,
    Quotation,
    ReportedSpeech,
    Resignation,
    Vote,
    VoteResult,
    Walkout,
)
from kg.model_mentions import (
    CANDIDATE_PREFIX,
    Calendar,
    DateQualifier,
    DateRef,
    EntityKind,
    Mention,
    NameType,
)
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
