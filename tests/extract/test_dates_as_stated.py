"""Dates as the text states them: approximate, ranges, relative days (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph

from kg.extract.dates import find_dates
from kg.extract.rules import load_rules
from kg.model import DateQualifier, RepairedText
from kg.rdf.dates import add_date_mention
from kg.segment import segment
from kg.vocab import OKG
from tests.extract.test_meetings import context


def _dates(text: str):
    return find_dates(segment(RepairedText("t", text)), load_rules())


@pytest.mark.parametrize(
    ("text", "stated", "qualifier"),
    [
        ("Aux environs du 2 mars, la délégation partit.", "2 mars", DateQualifier.APPROXIMATE),
        ("Vers le 14 (27) août, ils revinrent.", "14 (27) août", DateQualifier.APPROXIMATE),
        ("Aux alentours du 5 juin il écrivit.", "5 juin", DateQualifier.APPROXIMATE),
        ("Le 2 mars, la délégation partit.", "2 mars", None),
        ("Il partit pour le 2 mars, vers midi.", "2 mars", None),
    ],
)
def test_approximate_dates_are_marked(text: str, stated: str, qualifier) -> None:
    (ref,) = _dates(text)
    assert (ref.span.text, ref.qualifier) == (stated, qualifier)


def test_a_range_keeps_both_days_in_both_calendars() -> None:
    (ref,) = _dates("Les grèves des 8 et 9 (21 et 22) mai gagnèrent la ville.")
    assert ref.qualifier is DateQualifier.RANGE
    assert (ref.julian, ref.gregorian) == (date(1917, 5, 8), date(1917, 5, 21))
    assert ref.range_end == (date(1917, 5, 9), date(1917, 5, 22))


def test_a_relative_day_says_what_it_counts_from() -> None:
    ctx = context("Le 4 (17) mai, le comité siégea. Le lendemain les délégués votèrent.")
    ref = ctx.clock[-1][1]
    assert ref.span.text == "Le lendemain" and ref.qualifier is DateQualifier.RELATIVE
    assert ref.relative_to == (date(1917, 5, 4), date(1917, 5, 17))
    assert (ref.julian, ref.gregorian) == (date(1917, 5, 5), date(1917, 5, 18))


def test_the_qualifier_is_in_the_graph() -> None:
    text = "Les grèves des 8 et 9 (21 et 22) mai gagnèrent la ville."
    (ref,) = _dates(text)
    g = Graph()
    node_day = add_date_mention(g, ref, text)
    (mention,) = g.subjects(OKG.refersTo, node_day)
    assert str(g.value(mention, OKG.dateQualifier)) == "range"
    end = g.value(mention, OKG.rangeEnd)
    assert str(g.value(end, OKG.gregorianDate)) == "1917-05-22"
