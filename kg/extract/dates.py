"""Extractor: calendar days (and times of day) as the text gives them.

Forms read (French), each kept with its exact span:

* dual ``25 octobre (7 novembre)``, ``13 (26) octobre``, ``9 (22)``,
  ``3 et 4 (16 et 17) juillet``: Julian first, Gregorian in brackets;
* single ``7 octobre``, ``1er novembre 1917``: calendar from
  ``kg/data/patterns/dates.toml`` (Julian for 1917 Russia), the other inferred;
* ``Le lendemain, 6 novembre``: the calendar in which it is the day after the
  previous date;
* a bare day ``le 9`` / ``du 25`` after a month was given: that month.

How it is stated is kept (:class:`~kg.model.DateQualifier`): a day after one of
the ``approximate_words`` of ``dates.toml`` ("aux environs du", "vers le") is
approximate; ``3 et 4 (16 et 17) juillet`` is a range (its first day, and the
last as ``range_end``).  Relative days ("le lendemain") are the narrative
clock's (:mod:`kg.extract._narrative`).

Years come from the text: a year printed with a day or a month ("8 (21) janvier
1918", "en janvier 1918") holds for the dates that follow; a narrative that
runs from November-December into January-February without printing the year
moves to the next year; ``default_year`` only when the text prints none.
Russia changed calendars on 1/14 February 1918: a single date printed on or
after ``calendar_switch`` is Gregorian.

Dates stay honest: a day the text does not give is never produced.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from kg.calendar import gregorian_to_julian, julian_to_gregorian
from kg.extract.rules import RuleFile, Rules
from kg.model import Calendar, DateQualifier, DateRef, SegmentedText, Span

#: a date as matched: start, end, form, first month, first day, second month, day or year
_Found = tuple[int, int, str, int | None, int, int | None, int | None]


class _Conventions(NamedTuple):
    months: dict[str, int]
    default_year: int
    single_calendar: str
    next_day_words: tuple[str, ...]
    evening_words: tuple[str, ...]
    calendar_switch: date
    year_rollover: bool


@lru_cache(maxsize=4)  # keyed on the loaded (immutable) rules file
def conventions(data: RuleFile) -> _Conventions:
    return _Conventions(
        months={k.casefold(): v for k, v in data["months"].items()},
        default_year=data["default_year"],
        single_calendar=data["single_date_calendar"],
        next_day_words=tuple(data["next_day_words"]),
        evening_words=tuple(data["time"]["evening_words"]),
        calendar_switch=date.fromisoformat(str(data["calendar_switch"])),
        year_rollover=bool(data["year_rollover"]),
    )


@lru_cache(maxsize=4)
def _month_year(data: RuleFile) -> re.Pattern[str]:
    """A month printed with its year and no day ("en janvier 1918"): the narrative's year."""
    month = "|".join(sorted(map(re.escape, conventions(data).months), key=len, reverse=True))
    return re.compile(rf"(?<![\d\w])(?:{month})\s+(?P<y>1[6-9]\d\d)\b", re.IGNORECASE)


@lru_cache(maxsize=4)
def _patterns(data: RuleFile) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    month = (
        "(?:"
        + "|".join(sorted(map(re.escape, conventions(data).months), key=len, reverse=True))
        + ")"
    )
    day = r"(?:1er|[12]?\d|3[01])"
    dual = re.compile(
        rf"\b(?P<d1>{day})(?:\s+et\s+(?P<e1>{day}))?(?:\s+(?P<m1>{month}))?\s*"
        rf"\((?P<d2>{day})(?:\s+et\s+(?P<e2>{day}))?(?:\s+(?P<m2>{month}))?\)"
        rf"(?:\s+(?P<m3>{month}))?(?:\s+(?P<y>1[6-9]\d\d))?",
        re.IGNORECASE,
    )
    single = re.compile(
        rf"\b(?P<d>{day})\s+(?P<m>{month})\b(?:\s+(?P<y>1[6-9]\d\d)\b)?", re.IGNORECASE
    )
    bare = re.compile(rf"\b(?:[Ll]e|du)\s+(?P<d>{day})\b(?=\s*[,;.)]|\s+(?:eut|il|se|s’|au|à|a\b))")
    return dual, single, bare


_TIME = re.compile(r"\b(?P<h>[012]?\d)\s+heures(?:\s+(?P<mi>[0-5]\d))?(?P<ev>\s+du\s+soir)?")


def _day(text: str) -> int:
    return 1 if text.lower() == "1er" else int(text)


def find_dates(seg: SegmentedText, rules: Rules) -> tuple[DateRef, ...]:
    """Every calendar day in the document, in text order."""
    text = seg.text
    conv = conventions(rules["dates"])
    dual, single, bare = _patterns(rules["dates"])
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for m in dual.finditer(text):
        month_j = m["m1"] or m["m3"]
        month_g = m["m2"] or m["m3"]
        found.append(
            (
                m.start(),
                m.end(),
                "both",
                _month(conv, month_j),
                _day(m["d1"]),
                _month(conv, month_g),
                _day(m["d2"]),
            )
        )
        taken.append((m.start(), m.end()))
    for m in single.finditer(text):
        if not _overlaps(taken, m.start(), m.end()):
            found.append(
                (
                    m.start(),
                    m.end(),
                    "single",
                    _month(conv, m["m"]),
                    _day(m["d"]),
                    None,
                    int(m["y"]) if m["y"] else None,
                )
            )
            taken.append((m.start(), m.end()))
    for m in bare.finditer(text):
        if not _overlaps(taken, m.start("d"), m.end("d")):
            found.append((m.start("d"), m.end("d"), "bare", None, _day(m["d"]), None, None))
    found.sort()
    years = {m.start(): int(m["y"]) for m in dual.finditer(text) if m["y"]}
    years.update(
        (m.start(), int(m["y"]))
        for m in _month_year(rules["dates"]).finditer(text)
        if not _overlaps(taken, m.start(), m.end())
    )
    approximate = tuple(w.casefold() for w in rules["dates"].get("approximate_words", ()))
    return tuple(_qualify(text, r, dual, approximate) for r in _resolve(seg, found, conv, years))


def _qualify(
    text: str, ref: DateRef, dual: re.Pattern[str], approximate: tuple[str, ...]
) -> DateRef:
    """``ref`` marked approximate (after an approximate word) or as a range ("3 et 4 (16 et 17)")."""
    m = dual.match(text, ref.span.start)
    if m is not None and m["e1"] and m["e2"]:
        try:
            end = (
                ref.julian.replace(day=_day(m["e1"])),
                ref.gregorian.replace(day=_day(m["e2"])),
            )
        except ValueError:
            end = None
        if end is not None and end[0] > ref.julian and end[1] > ref.gregorian:
            return replace(ref, qualifier=DateQualifier.RANGE, range_end=end)
    before = " ".join(text[max(0, ref.span.start - 30) : ref.span.start].casefold().split())
    if any(before.endswith(w) or before.endswith(w + " ") for w in approximate):
        return replace(ref, qualifier=DateQualifier.APPROXIMATE)
    return ref


def _resolve(
    seg: SegmentedText, found: list[_Found], conv: _Conventions, years: dict[int, int]
) -> list[DateRef]:
    """Turn matches into days; the narrative's current day is the last date outside quotations,
    its year the last year printed with a day or a month (outside quotations)."""
    quoted = quotation_spans(seg.text)
    marks = sorted((at, y) for at, y in years.items() if not _overlaps(quoted, at, at + 1))
    out: list[DateRef] = []
    last: DateRef | None = None
    for start, end, form, month_a, day_a, month_b, extra in found:
        year = _year_at(marks, start, last, month_a or month_b, conv)
        try:
            ref = _make(seg, start, end, form, month_a, day_a, month_b, extra, last, conv, year)
        except ValueError:  # 31 novembre and the like: not a day, skip honestly
            ref = None
        if ref is not None:
            out.append(ref)
            if not _overlaps(quoted, start, end):
                last = ref
                if form == "single" and extra:
                    bisect.insort(marks, (start, extra))
    return out


def _year_at(
    marks: list[tuple[int, int]],
    start: int,
    last: DateRef | None,
    month: int | None,
    conv: _Conventions,
) -> int:
    """The year of a date printed without one: the year printed at or last before it, else
    the previous date's (one more when the narrative passes from Nov.-Dec. to Jan.-Feb.)."""
    i = bisect.bisect_right(marks, (start, 10_000))
    printed = marks[i - 1] if i else None
    if last is not None and (printed is None or printed[0] <= last.span.start):
        year = last.julian.year if last.stated_calendar != "gregorian" else last.gregorian.year
        base = last.julian if last.stated_calendar != "gregorian" else last.gregorian
        if conv.year_rollover and month is not None and base.month >= 11 and month <= 2:
            return year + 1
        return year
    return printed[1] if printed is not None else conv.default_year


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of « … » quotations (outermost, nesting-aware); an unclosed one runs to the end."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "«":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "»" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


def _make(
    seg: SegmentedText,
    start: int,
    end: int,
    form: str,
    month_a: int | None,
    day_a: int,
    month_b: int | None,
    extra: int | None,
    last: DateRef | None,
    conv: _Conventions,
    year: int,
) -> DateRef | None:
    span = Span(seg.doc_id, start, end, seg.text[start:end])
    if form == "both":
        mj = month_a or (last.julian.month if last else None)
        mg = month_b or mj
        if mj is None or mg is None or extra is None:  # a dual date has both days
            return None
        julian = date(year, mj, day_a)
        gregorian = date(year, mg, extra)
        if gregorian < julian:  # "30 (12)" across a month end, "19 décembre (1er janvier)"
            if mg < mj:
                gregorian = date(year + 1, mg, extra)
            else:
                gregorian = date(year + mg // 12, mg % 12 + 1, extra)
        return DateRef(julian, gregorian, Calendar.BOTH, span)
    if form == "bare":
        if last is None:
            return None
        base = last.julian if last.stated_calendar != "gregorian" else last.gregorian
        stated = date(base.year, base.month, day_a)
        return _single(
            stated,
            Calendar.GREGORIAN if last.stated_calendar == Calendar.GREGORIAN else Calendar.JULIAN,
            span,
        )
    if month_a is None:  # a single date prints its month
        return None
    year = extra or year
    stated = date(year, month_a, day_a)
    calendar = conv.single_calendar if stated < conv.calendar_switch else "gregorian"
    before = seg.text[max(0, start - 30) : start].casefold()
    if last is not None and any(w in before for w in conv.next_day_words):
        if last.gregorian + timedelta(days=1) == stated:
            calendar = "gregorian"
        elif last.julian + timedelta(days=1) == stated:
            calendar = "julian"
    return _single(stated, calendar, span)


def _single(stated: date, calendar: str, span: Span) -> DateRef:
    if calendar == "gregorian":
        return DateRef(gregorian_to_julian(stated), stated, Calendar.GREGORIAN, span)
    return DateRef(stated, julian_to_gregorian(stated), Calendar.JULIAN, span)


def _month(conv: _Conventions, name: str | None) -> int | None:
    return conv.months[name.casefold()] if name else None


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def find_times(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Times of day in ``text[start:end]`` as ``(start, end, "HH:MM")``."""
    time_ = _TIME
    out = []
    for m in time_.finditer(text, start, len(text) if end is None else end):
        hour = int(m["h"]) + (12 if m["ev"] and int(m["h"]) < 12 else 0)
        if hour < 24:
            out.append((m.start(), m.end(), f"{hour:02d}:{int(m['mi'] or 0):02d}"))
    return out
