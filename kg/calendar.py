"""Julian ↔ Gregorian conversion for the dates the texts give.

Russia used the Julian calendar until 31 January 1918 (Julian), followed by
14 February 1918 (Gregorian).  Between 1 March 1900 and 28 February 2100 the
Gregorian date is the Julian date plus 13 days.  Conversion goes through the
Julian Day Number, so it is exact for every date, not only that window.

>>> julian_to_gregorian(date(1917, 10, 25))
datetime.date(1917, 11, 7)
>>> gregorian_to_julian(date(1917, 11, 7))
datetime.date(1917, 10, 25)
"""

from __future__ import annotations

from datetime import date

#: Wikidata's calendar-model items (used as OWL-Time TRS IRIs).
JULIAN_QID = "Q1985786"
GREGORIAN_QID = "Q1985727"

_GREGORIAN_JDN_OFFSET = 1721425  # date.toordinal() + this = Julian Day Number


def julian_jdn(year: int, month: int, day: int) -> int:
    """Julian Day Number of a date of the (proleptic) Julian calendar."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def julian_to_gregorian(julian: date) -> date:
    """The Gregorian date of a day given in the Julian calendar.

    ``julian`` is a :class:`datetime.date` whose fields hold the Julian
    year/month/day (Python dates are proleptic Gregorian, so this is a
    convenient container, not a claim about the day).
    """
    return date.fromordinal(
        julian_jdn(julian.year, julian.month, julian.day) - _GREGORIAN_JDN_OFFSET
    )


def gregorian_to_julian(gregorian: date) -> date:
    """The Julian year/month/day of a Gregorian date (inverse of :func:`julian_to_gregorian`)."""
    jdn = gregorian.toordinal() + _GREGORIAN_JDN_OFFSET
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - (1461 * d) // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = d - 4800 + m // 10
    return date(year, month, day)
