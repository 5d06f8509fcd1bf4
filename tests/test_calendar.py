from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kg.calendar import gregorian_to_julian, julian_to_gregorian


def test_october_revolution() -> None:
    assert julian_to_gregorian(date(1917, 10, 25)) == date(1917, 11, 7)
    assert julian_to_gregorian(date(1917, 12, 31)) == date(1918, 1, 13)
    assert julian_to_gregorian(date(1918, 1, 31)) == date(1918, 2, 13)


@given(st.dates(min_value=date(1900, 3, 14), max_value=date(2100, 2, 27)))
def test_thirteen_days_in_the_20th_century(gregorian: date) -> None:
    assert gregorian_to_julian(gregorian) == gregorian - timedelta(days=13)


@given(st.dates(min_value=date(1583, 1, 1), max_value=date(2400, 1, 1)))
def test_round_trip(gregorian: date) -> None:
    julian = gregorian_to_julian(gregorian)
    if julian.month == 2 and julian.day == 29:
        return  # a Julian-only leap day has no Python date container
    assert julian_to_gregorian(julian) == gregorian
