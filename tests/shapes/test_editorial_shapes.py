"""shapes/editorial.ttl: a conforming note, and one violation per rule."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal

from kg import iris, rdf
from kg.model import EditorialNote, NoteAnchor, NoteKind
from kg.validate import validate
from kg.vocab import DCTERMS, OA, OKG

DOC = "doc1"
FACT = str(iris.document(DOC)) + "/membership/x"


def note(kind: NoteKind = NoteKind.CONTRADICTED, **extra: object) -> Graph:
    record = EditorialNote(
        file="doc1",
        key="n1",
        kind=kind,
        anchor=NoteAnchor(DOC, fact=FACT),
        comment="Not so.",
        language="en",
        creator="A. Historian",
        created=date(2026, 12, 1),
        source=extra.pop("source", "Some Book, Paris, 1990"),  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )
    return rdf.editorial_graph([record], {DOC: "x" * 10}, [])


NOTE = iris.note("doc1", "n1")


def test_a_good_note_conforms() -> None:
    assert validate(note()).conforms
    assert validate(note(NoteKind.CORRECTED_DATE, corrected_julian=date(1917, 10, 12))).conforms
    assert validate(note(NoteKind.COMMENT, source=None)).conforms


def _broken(change: str) -> Graph:
    g = note()
    if change == "no source":
        g.remove((NOTE, DCTERMS.source, None))
    elif change == "wrong motivation":
        g.set((NOTE, OA.motivatedBy, OA.commenting))
    elif change == "unknown kind":
        g.set((NOTE, OKG.noteKind, OKG.Meeting))
    elif change == "no creator":
        g.remove((NOTE, DCTERMS.creator, None))
    elif change == "empty comment":
        body = g.value(NOTE, OA.hasBody)
        g.remove((body, None, None))
    elif change == "created not a date":
        g.set((NOTE, DCTERMS.created, Literal("yesterday")))
    elif change == "corrected without a date":
        g.set((NOTE, OKG.noteKind, OKG.CorrectedDate))
        g.set((NOTE, OA.motivatedBy, OA.editing))
    return g


@pytest.mark.parametrize(
    "change",
    [
        "no source",
        "wrong motivation",
        "unknown kind",
        "no creator",
        "empty comment",
        "created not a date",
        "corrected without a date",
    ],
)
def test_a_bad_note_is_reported(change: str) -> None:
    report = validate(_broken(change))
    assert not report.conforms
    assert str(NOTE) in report.text or "TextualBody" in report.text


# ---------------------------------------------------------------- dates as stated (core.ttl)


def _dated(qualifier: str | None = "range") -> Graph:
    from kg.model import Calendar, DateQualifier, DateRef, Span
    from kg.rdf.dates import add_date_mention
    from kg.vocab import RDF

    text = "les 8 et 9 (21 et 22) mai"
    ref = DateRef(
        date(1917, 5, 8),
        date(1917, 5, 21),
        Calendar.BOTH,
        Span("t", 4, len(text), text[4:]),
        qualifier=DateQualifier.RANGE,
        range_end=(date(1917, 5, 9), date(1917, 5, 22)),
    )
    g = Graph()
    add_date_mention(g, ref, text)
    g.add((iris.text("t"), RDF.type, OKG.TextManifestation))
    g.add((iris.text("t"), OKG.sha256, Literal("0" * 64)))
    if qualifier != "range":
        mention = iris.fact("t", "date", f"4-{len(text)}")
        g.set((mention, OKG.dateQualifier, Literal(qualifier)))
    return g


def test_a_ranged_date_conforms_and_an_unknown_qualifier_does_not() -> None:
    assert validate(_dated()).conforms
    report = validate(_dated("sometime"))
    assert not report.conforms and "dateQualifier" in report.text
