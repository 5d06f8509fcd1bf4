"""Calendar days in two calendars (OWL-Time), and how a text stated them.

A day is one node, ``day/<gregorian>``, a ``time:DateTimeInterval`` with a
Gregorian ``time:DateTimeDescription`` and a Julian
``time:GeneralDateTimeDescription`` (``time:hasTRS wd:Q1985786``), plus flat
copies ``okg:gregorianDate`` (xsd:date) and ``okg:julianDate`` (string
YYYY-MM-DD) for SPARQL.  How a document stated it (verbatim form, which
calendar was stated, which one was inferred) is a per-mention node with
evidence, so "dates stay honest".
"""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.calendar import JULIAN_QID
from kg.model import DateRef
from kg.rdf.provenance import add_evidence
from kg.vocab import OKG, RDF, RDFS, SCHEMA, TIME, XSD


def add_day(g: Graph, ref: DateRef) -> URIRef:
    """The shared day node of ``ref`` (idempotent)."""
    return add_day_of(g, ref.julian, ref.gregorian)


def add_day_of(g: Graph, j: date, gr: date) -> URIRef:
    """The shared day node of the Julian date ``j`` = Gregorian ``gr`` (idempotent)."""
    day = iris.day(gr)
    greg = iris.part(day, "gregorian")
    jul = iris.part(day, "julian")
    g.add((day, RDF.type, TIME.DateTimeInterval))
    g.add((day, RDF.type, OKG.DayInterval))
    g.add((day, RDFS.label, Literal(f"{gr.isoformat()} (julien {j.isoformat()})")))
    g.add((day, OKG.gregorianDate, Literal(gr.isoformat(), datatype=XSD.date)))
    g.add((day, OKG.julianDate, Literal(j.isoformat())))
    g.add((day, TIME.hasDateTimeDescription, greg))
    g.add((day, TIME.hasDateTimeDescription, jul))
    g.add((greg, RDF.type, TIME.DateTimeDescription))
    g.add((greg, TIME.unitType, TIME.unitDay))
    g.add((greg, TIME.year, Literal(f"{gr.year:04d}", datatype=XSD.gYear)))
    g.add((greg, TIME.month, Literal(f"--{gr.month:02d}", datatype=XSD.gMonth)))
    g.add((greg, TIME.day, Literal(f"---{gr.day:02d}", datatype=XSD.gDay)))
    g.add((jul, RDF.type, TIME.GeneralDateTimeDescription))
    g.add((jul, RDF.type, OKG.JulianDateTimeDescription))
    g.add((jul, TIME.hasTRS, iris.wikidata(JULIAN_QID)))
    g.add((jul, TIME.unitType, TIME.unitDay))
    g.add((jul, TIME.year, Literal(f"{j.year:04d}", datatype=TIME.generalYear)))
    g.add((jul, TIME.month, Literal(f"--{j.month:02d}", datatype=TIME.generalMonth)))
    g.add((jul, TIME.day, Literal(f"---{j.day:02d}", datatype=TIME.generalDay)))
    return day


def add_date_mention(g: Graph, ref: DateRef, text: str) -> URIRef:
    """The document's statement of a day: verbatim form, calendars, evidence."""
    day = add_day(g, ref)
    node = iris.fact(ref.span.doc_id, "date", f"{ref.span.start}-{ref.span.end}")
    g.add((node, RDF.type, OKG.DateMention))
    g.add((node, OKG.refersTo, day))
    g.add((node, OKG.dateAsStated, Literal(ref.span.text, lang="fr")))
    g.add((node, OKG.calendarAsStated, Literal(ref.stated_calendar.value)))
    if ref.inferred:
        g.add((node, OKG.inferredCalendar, Literal(ref.inferred.value)))
    if ref.time_of_day:
        g.add((node, OKG.timeOfDay, Literal(f"{ref.time_of_day}:00", datatype=XSD.time)))
    if ref.qualifier is not None:
        g.add((node, OKG.dateQualifier, Literal(ref.qualifier.value)))
    if ref.range_end is not None:
        g.add((node, OKG.rangeEnd, add_day_of(g, *ref.range_end)))
    if ref.relative_to is not None:
        g.add((node, OKG.relativeTo, add_day_of(g, *ref.relative_to)))
    add_evidence(g, node, ref.span, text)
    return day


def add_when(
    g: Graph, subject: URIRef, ref: DateRef | None, text: str, time_of_day: str | None = None
) -> None:
    """Date ``subject`` (an event or document) with ``ref``: flat xsd:date + the day node."""
    if ref is None:
        return
    day = add_date_mention(g, ref, text)
    g.add((subject, TIME.hasTime, day))
    value = ref.gregorian.isoformat()
    if time_of_day:
        g.add((subject, OKG.timeOfDay, Literal(f"{time_of_day}:00", datatype=XSD.time)))
    g.add((subject, SCHEMA.startDate, Literal(value, datatype=XSD.date)))
