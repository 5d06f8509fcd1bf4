"""The records of the editorial layer: a historian's notes beside the text's claims.

A note is read from ``seeds/notes/*.toml`` (:mod:`kg.notes`) and becomes a
W3C Web Annotation in the ``graph/editorial`` named graph
(:mod:`kg.rdf.editorial`).  It never changes the extracted facts: the text's
claim stays, the note sits beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class NoteKind(StrEnum):
    """What the historian says about the anchored claim or span."""

    SIC = "sic"  # the text reads so (an error of the source, kept as printed)
    DISPUTED = "disputed"  # other sources disagree; the question is open
    CONTRADICTED = "contradicted"  # other sources show the claim is wrong
    CORRECTED_DATE = "corrected-date"  # the date (or time) stated is wrong; the right one given
    MISATTRIBUTION = "misattribution"  # words or a work credited to the wrong person
    COMMENT = "comment"  # a free comment


#: Kinds whose note must cite the historian's source.
SOURCED_KINDS = frozenset(
    {NoteKind.DISPUTED, NoteKind.CONTRADICTED, NoteKind.CORRECTED_DATE, NoteKind.MISATTRIBUTION}
)


@dataclass(frozen=True)
class NoteAnchor:
    """Where a note sits: a fact (its IRI) or a span of a document's repaired text.

    ``fact`` is an absolute IRI; ``quote`` (with its 1-based ``occurrence``
    when the text repeats it) is resolved to offsets when the graph is built.
    """

    document: str
    fact: str | None = None
    quote: str | None = None
    occurrence: int | None = None


@dataclass(frozen=True)
class EditorialNote:
    """One note of ``seeds/notes/<file>.toml``, table ``[notes.<key>]``."""

    file: str  # the notes file's stem: notes/<file>/<key> is the note's IRI
    key: str
    kind: NoteKind
    anchor: NoteAnchor
    comment: str
    language: str
    creator: str
    created: date
    source: str | None = None  # the historian's source, as a bibliographic citation
    source_url: str | None = None
    corrected_julian: date | None = None  # corrected-date: the right day (Julian calendar)
    corrected_time: str | None = None  # corrected-date: the right time of day, "03:10"
    attributed_to: str | None = None  # misattribution: gazetteer key of the right author
