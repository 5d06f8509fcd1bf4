"""Extractor: sittings of bodies (séances, réunions, congrès) and the narrative clock.

Rules live in ``kg/data/patterns/meetings.toml`` (one ``[[session]]`` per way
French narrative mentions a sitting); this module interprets them:

* each rule is matched sentence by sentence; an occurrence gets a body (a
  gazetteer BODY mention in its ``body`` group, an anaphora, or the previous
  sitting), a date (see *dates* below), a time of day, a place, and the
  participants, absentees, chair and outcomes its *window* (the rest of its
  paragraph, and following paragraphs that refer back to it) names;
* occurrences of the same sitting (same body, same day) merge into one
  :class:`~kg.model.Meeting` keyed ``<body>-<julian yyyy-mm-dd>[-suffix]``.

Dates stay honest.  A sitting is dated only by a date (or a relative day,
"le lendemain", "cinq jours plus tard", computed from the previous day the
text gave) in its own sentence, or, for rules marked ``date = "narrative"``,
by the narrative's current day.  Times are read as printed ("A 15 heures
10" stays 15:10); "dans la soirée … à 10 heures 45" is 22:45.

The helpers here (:func:`narrative_days`, :func:`day_in`, :func:`day_at`,
:func:`bodies_in`, :func:`chain_before`, :func:`meeting_at`) are shared by the
``votes`` and ``appointments`` extractors.  Nothing here raises on text; a
malformed pattern file raises :class:`re.error` or :class:`tomllib.TOMLDecodeError`
at first use.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from kg import iris
from kg.config import DATA_DIR
from kg.extract.context import Context
from kg.extract.dates import conventions, find_times
from kg.gazetteer import load_gazetteer
from kg.model import DateRef, EntityKind, Fact, Meeting, Mention, Sentence

_BARE = re.compile(r"^(?:1er|\d{1,2})$")
_CHAIN_GAP = re.compile(
    r"^\s*(?:,|et|,\s*et|\[\d+\])?\s*(?:(?:l[ea]s?|l['’]|des?|du)\s+|celui\s+des?\s+|celle\s+des?\s+|le\s+groupe\s+des?\s+)?(?:\[\d+\]\s*)?$"
)
_SUBJECT_GAP = re.compile(r"^\)?(?:\s*\[\d+\])?\s*(?:,\s*qui\s+)?[^,.;:()«»\"]{0,30}$")


# --------------------------------------------------------------------------- patterns


@cache
def patterns() -> dict[str, Any]:
    """The meeting patterns (``meetings.toml``), regexes compiled."""
    data = tomllib.loads((DATA_DIR / "patterns" / "meetings.toml").read_text(encoding="utf-8"))
    for section in ("session", "participant", "absence", "chair", "place", "outcome"):
        for rule in data.get(section, []):
            rule["regex"] = re.compile(rule["pattern"])
    for form in data["body_form"]:
        form["regex"] = re.compile(form["form"])
    data["relative_regex"] = [(re.compile(k), v) for k, v in data["relative_days"].items()]
    data["time"]["relative_regex"] = re.compile(data["time"]["relative"])
    return data


@cache
def gazetteer_labels() -> dict[str, str]:
    """French label of every gazetteer entity, by key (packaged data)."""
    return {e.key: e.label_fr for e in load_gazetteer().entities}


# --------------------------------------------------------------------------- narrative clock


@lru_cache(maxsize=8)
def narrative_days(ctx: Context) -> tuple[tuple[int, DateRef], ...]:
    """Every day the text gives, as ``(offset, DateRef)`` in text order.

    Explicit dates come from ``ctx.dates``; a bare day ("du 25") is replaced
    by the explicit date of the same day in its paragraph when there is one
    (the finder may take the month of a date quoted just before).  Relative days
    ("le lendemain") are computed from the day before them; their DateRef
    spans the relative words.
    """
    events: list[tuple[int, str, Any]] = [(d.span.start, "date", d) for d in ctx.dates]
    for regex, delta in patterns()["relative_regex"]:
        for m in regex.finditer(ctx.text):
            if not any(0 <= d.span.start - m.end() <= 4 for d in ctx.dates):
                events.append((m.start(), "relative", (m, delta)))
    events.sort(key=lambda e: e[0])
    out: list[tuple[int, DateRef]] = []
    for offset, kind, value in events:
        ref = (
            _fix_bare(ctx, value)
            if kind == "date"
            else _relative(ctx, value, out[-1][1] if out else None)
        )
        if ref is not None:
            out.append((offset, ref))
    return tuple(out)


def _fix_bare(ctx: Context, ref: DateRef) -> DateRef:
    """A bare day ("du 25") takes the explicit date of the same day in its paragraph, if any."""
    para = ctx.paragraph_at(ref.span.start)
    if not _BARE.match(ref.span.text) or para is None:
        return ref
    for other in ctx.dates_in(para.start, para.end):
        if not _BARE.match(other.span.text) and other.julian.day == ref.julian.day:
            return other
    return ref


def _relative(
    ctx: Context, value: tuple[re.Match[str], Any], base: DateRef | None
) -> DateRef | None:
    m, delta = value
    if base is None:
        return None
    if delta == "n":
        word = m["n"].lower()
        delta = int(word) if word.isdigit() else patterns()["number_words"][word]
    step = timedelta(days=int(delta))
    return DateRef(
        base.julian + step,
        base.gregorian + step,
        base.stated_calendar,
        ctx.span(m.start(), m.end()),
    )


def day_in(ctx: Context, start: int, end: int) -> DateRef | None:
    """The first day (explicit or relative) stated inside ``[start, end)``."""
    return next((ref for off, ref in narrative_days(ctx) if start <= off < end), None)


def day_at(ctx: Context, offset: int) -> DateRef | None:
    """The narrative's current day at ``offset`` (the last day given before it)."""
    found = [ref for off, ref in narrative_days(ctx) if off < offset]
    return found[-1] if found else None


def date_label(ref: DateRef) -> str:
    """``"25 octobre (7 novembre) 1917"`` (Julian, Gregorian in brackets)."""
    names = {}
    for name, number in conventions().months.items():
        names.setdefault(number, name)
    j, g = ref.julian, ref.gregorian
    jd = "1er" if j.day == 1 else str(j.day)
    if j.month == g.month:
        return f"{jd} ({g.day}) {names[j.month]} {j.year}"
    return f"{jd} {names[j.month]} ({g.day} {names[g.month]}) {j.year}"


# --------------------------------------------------------------------------- names


def resolved_key(ctx: Context, mention: Mention) -> str:
    """The key linking will choose for ``mention`` (same rule as :mod:`kg.link`)."""
    if "|" not in mention.key:
        return mention.key
    options = mention.key.split("|")
    counts = {k: sum(1 for m in ctx.mentions if m.key == k) for k in options}
    return max(options, key=lambda k: (counts[k], -options.index(k)))


@lru_cache(maxsize=8)
def _body_forms(ctx: Context) -> tuple[Mention, ...]:
    out = []
    for form in patterns()["body_form"]:
        for m in form["regex"].finditer(ctx.text):
            if not _form_applies(ctx, form, m.start()):
                continue
            out.append(Mention(EntityKind.BODY, form["key"], ctx.span(m.start(), m.end())))
    return tuple(out)


def _form_applies(ctx: Context, form: dict[str, Any], offset: int) -> bool:
    sentence = ctx.sentence_at(offset)
    if "requires" in form and not ctx.mention_of(form["requires"], sentence.start, sentence.end):
        return False
    if "from" in form:
        day = day_at(ctx, offset + 1)
        return day is not None and day.julian >= date.fromisoformat(form["from"])
    return True


def bodies_in(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """BODY mentions in ``[start, end)``: the gazetteer's plus the contextual forms."""
    found = list(ctx.mentions_in(start, end, EntityKind.BODY))
    for extra in _body_forms(ctx):  # a contextual form wins over the shorter names inside it
        if start <= extra.span.start and extra.span.end <= end:
            found = [
                m
                for m in found
                if not (extra.span.start <= m.span.start and m.span.end <= extra.span.end)
            ]
            if not any(
                m.span.start < extra.span.end and extra.span.start < m.span.end for m in found
            ):
                found.append(extra)
    return tuple(sorted(found, key=lambda m: m.span.start))


def people_in(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """PERSON mentions in ``[start, end)``, one per person (the first)."""
    return unique(ctx.mentions_in(start, end, EntityKind.PERSON))


def unique(mentions: tuple[Mention, ...] | list[Mention]) -> tuple[Mention, ...]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return tuple(out)


def chain(ctx: Context, mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The first mention and those joined to it by ``,``/``et`` ("X, Y et Z")."""
    if not mentions:
        return ()
    out = [mentions[0]]
    for m in mentions[1:]:
        if out[-1].key == m.key or _CHAIN_GAP.match(ctx.text[out[-1].span.end : m.span.start]):
            out.append(m)
        else:
            break
    return unique(out)


def chain_before(
    ctx: Context, offset: int, kind: EntityKind = EntityKind.PERSON
) -> tuple[Mention, ...]:
    """The people (or bodies) named just before ``offset`` as a verb's subject."""
    sentence = ctx.sentence_at(max(offset - 1, 0))
    pool = (bodies_in if kind == EntityKind.BODY else ctx.mentions_in)(sentence.start, offset)
    pool = tuple(m for m in pool if m.kind == kind)
    if not pool or not _SUBJECT_GAP.match(ctx.text[pool[-1].span.end : offset]):
        return ()
    out = [pool[-1]]
    for m in reversed(pool[:-1]):
        if m.key == out[-1].key or _CHAIN_GAP.match(ctx.text[m.span.end : out[-1].span.start]):
            out.insert(0, m)
        else:
            break
    return unique(out)


def previous_body(ctx: Context, offset: int, head: str = "") -> Mention | None:
    """The nearest body named before ``offset`` (whose name holds ``head``, if given)."""
    for m in reversed(bodies_in(ctx, 0, offset)):
        if not head or head.casefold() in m.span.text.casefold():
            return m
    return None


def time_in(ctx: Context, sentence: Sentence) -> tuple[str, str]:
    """``("HH:MM", verbatim)`` of the time of day the sentence gives, or empty strings."""
    conf = patterns()["time"]
    text = ctx.text
    times = find_times(text, sentence.start, sentence.end)
    if not times:
        rel = conf["relative_regex"].search(text, sentence.start, sentence.end)
        return ("", rel.group(0)) if rel else ("", "")
    start, end, hhmm = times[0]
    hour, minute = (int(x) for x in hhmm.split(":"))
    said = text[sentence.start : sentence.end]
    back = text[max(0, start - conf["morning_lookback"]) : start]
    if (hour < 12 and any(w in said for w in conf["evening_words"])) or (
        1 <= hour <= 7 and any(w in back for w in conf["afternoon_after_words"])
    ):
        hour += 12
    return f"{hour:02d}:{minute:02d}", text[start:end]


# --------------------------------------------------------------------------- sittings


@dataclass(frozen=True)
class _Occurrence:
    rule: dict[str, Any]
    start: int
    end: int
    sentence: Sentence
    groups: dict[str, tuple[int, int]]
    body: Mention | None


@lru_cache(maxsize=8)
def sittings(ctx: Context) -> tuple[tuple[Meeting, ...], tuple[tuple[int, str], ...]]:
    """The document's meetings, and ``(offset, key)`` of every occurrence in text order."""
    occurrences = _occurrences(ctx)
    keyed: list[tuple[_Occurrence, str, Mention | None, DateRef | None, str]] = []
    pending = []
    for occ in occurrences:
        day = _date_of(ctx, occ)
        if occ.rule.get("body_from") == "same-day":
            pending.append((occ, day))
            continue
        body, part_of = occ.body, ""
        if occ.rule.get("part_of") == "previous-sitting" and keyed:
            body, part_of = keyed[-1][2], keyed[-1][1]
        keyed.append((occ, _key(ctx, occ, body, day, part_of), body, day, part_of))
    for occ, day in pending:
        same = {
            k: b for _, k, b, d, p in keyed if b and d and day and d.julian == day.julian and not p
        }
        if len(same) == 1:
            ((key, body),) = same.items()
            keyed.append((occ, key, body, day, ""))
    keyed.sort(key=lambda k: k[0].start)
    starts = [k[0].start for k in keyed] + [len(ctx.text)]
    groups: dict[str, list[tuple[_Occurrence, Mention | None, DateRef | None, str, int]]] = {}
    for i, (occ, key, body, day, part_of) in enumerate(keyed):
        groups.setdefault(key, []).append((occ, body, day, part_of, starts[i + 1]))
    meetings = tuple(_meeting(ctx, key, items) for key, items in groups.items())
    return meetings, tuple((k[0].start, k[1]) for k in keyed)


def _occurrences(ctx: Context) -> list[_Occurrence]:
    found: list[_Occurrence] = []
    for _para, sentence in ctx.sentences():
        said = ctx.text[sentence.start : sentence.end]
        for rule in patterns()["session"]:
            for m in rule["regex"].finditer(said):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                if any(o.start < end and start < o.end for o in found):
                    continue
                groups = {
                    k: (sentence.start + m.start(k), sentence.start + m.end(k))
                    for k, v in m.groupdict().items()
                    if v is not None
                }
                for body in _bodies_of(ctx, rule, groups, start):
                    found.append(_Occurrence(rule, start, end, sentence, groups, body))
    return sorted(found, key=lambda o: o.start)


def _bodies_of(
    ctx: Context, rule: dict[str, Any], groups: dict[str, tuple[int, int]], start: int
) -> list[Mention | None]:
    if "bodies" in groups:
        return list(unique(bodies_in(ctx, *groups["bodies"])))
    if "body" in groups:
        found = bodies_in(ctx, *groups["body"])
        return [found[0]] if found else []
    if rule.get("body_from") == "previous-mention":
        return [previous_body(ctx, start)]
    return [None]


def _date_of(ctx: Context, occ: _Occurrence) -> DateRef | None:
    mode = occ.rule.get("date", "sentence")
    if mode == "none":
        return None
    span = occ.groups.get("date", (occ.sentence.start, occ.sentence.end))
    found = day_in(ctx, *span)
    if found is None and mode == "narrative":
        found = day_at(ctx, occ.start)
    return found


def _key(
    ctx: Context, occ: _Occurrence, body: Mention | None, day: DateRef | None, part_of: str
) -> str:
    suffix = occ.rule.get("key_suffix", "")
    if part_of:
        return f"{part_of}-{suffix or 'suite'}"
    parts = [resolved_key(ctx, body)] if body else []
    if occ.rule.get("key") or not body:
        parts.append(occ.rule.get("key", "seance"))
        if "who" in occ.groups:
            who = bodies_in(ctx, *occ.groups["who"])
            parts.extend(resolved_key(ctx, m) for m in who) if who else parts.append(
                iris.slug(ctx.text[slice(*occ.groups["who"])])[:32].strip("-")
            )
    parts += [suffix] if suffix else []
    parts += [day.julian.isoformat()] if day else []
    return "-".join(parts)


def _meeting(
    ctx: Context,
    key: str,
    items: list[tuple[_Occurrence, Mention | None, DateRef | None, str, int]],
) -> Meeting:
    first, body, _, part_of, _ = items[0]
    day = next((d for _, _, d, _, _ in items if d is not None), None)
    facts: dict[str, Any] = {
        "participants": [],
        "absentees": [],
        "outcomes": [],
        "chair": None,
        "chair_label": "",
        "place": None,
        "place_note": "",
        "time": ("", ""),
    }
    for occ, _, _, _, stop in items:
        _read_own_groups(ctx, occ, body, facts)
        spans = [(occ.sentence.start, occ.sentence.end)]
        if occ.rule.get("window", True):
            spans = _window(ctx, occ, stop)
        for span in spans:
            _read_window(ctx, span, facts)
        if not facts["time"][0] and not facts["time"][1]:
            facts["time"] = time_in(ctx, occ.sentence)
    absent = {m.key for m in facts["absentees"]}
    return Meeting(
        key=key,
        evidence=ctx.span(first.sentence.start, first.sentence.end),
        body=body,
        date=day,
        place=facts["place"],
        participants=tuple(m for m in unique(facts["participants"]) if m.key not in absent),
        chair=facts["chair"],
        decisions=tuple(dict.fromkeys(facts["outcomes"])),
        label=_label(ctx, first, body, day),
        referred_only=all(o.rule.get("referred_only", False) for o, *_ in items),
        time_of_day=facts["time"][0],
        time_as_stated=facts["time"][1],
        part_of=part_of,
        place_note=facts["place_note"],
        chair_label=facts["chair_label"],
        absentees=unique(facts["absentees"]),
        recurrence=_group_text(ctx, first, "recurrence") or first.rule.get("recurrence", ""),
        note=_group_text(ctx, first, "note"),
    )


def _group_text(ctx: Context, occ: _Occurrence, name: str) -> str:
    return " ".join(ctx.text[slice(*occ.groups[name])].split()) if name in occ.groups else ""


def _label(ctx: Context, occ: _Occurrence, body: Mention | None, day: DateRef | None) -> str:
    body_label = gazetteer_labels().get(resolved_key(ctx, body), body.span.text) if body else ""
    printed = _group_text(ctx, occ, "body") or (body.span.text if body else "")
    label = occ.rule["label"].format(
        body=body_label, printed=printed, who=_group_text(ctx, occ, "who")
    )
    if body and "{" not in occ.rule["label"]:
        label = f"{label} du {body_label}" if not label.endswith(body_label) else label
    return f"{label}, {date_label(day)}" if day else label


def _read_own_groups(
    ctx: Context, occ: _Occurrence, body: Mention | None, facts: dict[str, Any]
) -> None:
    if "who" in occ.groups:
        found = people_in(ctx, *occ.groups["who"]) + bodies_in(ctx, *occ.groups["who"])
        facts["participants"] += [m for m in found if not body or m.key != body.key]
    if "place_note" in occ.groups and not facts["place_note"]:
        facts["place_note"] = _group_text(ctx, occ, "place_note")
    if occ.rule.get("place_from") == "paragraph" and facts["place"] is None:
        para = ctx.paragraph_at(occ.start)
        facts["place"] = ctx.mention_at(para.start, occ.start, EntityKind.PLACE) if para else None


def _window(ctx: Context, occ: _Occurrence, stop: int) -> list[tuple[int, int]]:
    """The rest of the paragraph, then following paragraphs that refer back (up to ``stop``)."""
    para = ctx.paragraph_at(occ.start)
    if para is None:
        return [(occ.sentence.start, occ.sentence.end)]
    spans = [(occ.sentence.start, min(para.end, stop))]
    anaphora = patterns()["window"]["anaphora"]
    for nxt in (p for p in ctx.seg.paragraphs if p.start > para.start):
        said = ctx.text[nxt.start : min(nxt.end, stop)]
        if nxt.start >= stop or not any(a in said for a in anaphora):
            break
        spans.append((nxt.start, min(nxt.end, stop)))
    return spans


def _read_window(ctx: Context, span: tuple[int, int], facts: dict[str, Any]) -> None:
    conf = patterns()
    for section, target in (("participant", "participants"), ("absence", "absentees")):
        for rule in conf[section]:
            for m in rule["regex"].finditer(ctx.text, *span):
                if rule.get("side") == "group":
                    facts[target] += people_in(ctx, m.start("who"), m.end("who"))
                else:
                    facts[target] += chain_before(ctx, m.start())
    for rule in conf["chair"]:
        for m in rule["regex"].finditer(ctx.text, *span):
            if m.groupdict().get("chair_label"):
                facts["chair_label"] = facts["chair_label"] or " ".join(m["chair_label"].split())
            elif m.groupdict().get("who") and facts["chair"] is None:
                found = people_in(ctx, m.start("who"), m.end("who"))
                facts["chair"] = found[0] if found else None
    for rule in conf["place"]:
        for m in rule["regex"].finditer(ctx.text, *span):
            if facts["place"] is None:
                facts["place"] = ctx.mention_at(m.start("place"), m.end("place"), EntityKind.PLACE)
                if m.groupdict().get("place_note"):
                    facts["place_note"] = " ".join(m["place_note"].split())
    for rule in conf["outcome"]:
        facts["outcomes"] += [
            " ".join(m["outcome"].split()) for m in rule["regex"].finditer(ctx.text, *span)
        ]


def meeting_at(ctx: Context, offset: int, bodies: tuple[Mention, ...] = ()) -> Meeting | None:
    """The sitting the narrative is telling at ``offset``.

    That is the last sitting mentioned before ``offset`` when it lies in the
    same paragraph, or when it is dated and the narrative has not moved to
    another day since.  ``None`` when ``bodies`` are named and the sitting's
    body is not among them.
    """
    meetings, occurrences = sittings(ctx)
    before = [(off, key) for off, key in occurrences if off <= offset]
    if not before:
        return None
    off, key = before[-1]
    meeting = next(m for m in meetings if m.key == key)
    para = ctx.paragraph_at(offset)
    same_para = para is not None and para.start <= off
    today = day_at(ctx, offset)
    same_day = (
        meeting.date is not None and today is not None and meeting.date.julian == today.julian
    )
    if not (same_para or same_day):
        return None
    if (
        bodies
        and meeting.body is not None
        and resolved_key(ctx, meeting.body) not in {resolved_key(ctx, b) for b in bodies}
    ):
        return None
    return meeting


def meeting_on(ctx: Context, day: DateRef | None, body: Mention | None) -> Meeting | None:
    """The sitting of ``body`` on ``day`` (Julian), if the text has one."""
    if day is None or body is None:
        return None
    key = resolved_key(ctx, body)
    meetings, _ = sittings(ctx)
    return next(
        (
            m
            for m in meetings
            if m.date
            and m.date.julian == day.julian
            and m.body
            and resolved_key(ctx, m.body) == key
            and not m.part_of
        ),
        None,
    )


def extract(ctx: Context) -> tuple[Fact, ...]:
    """Every sitting the document mentions (see the module docstring)."""
    meetings, _ = sittings(ctx)
    return meetings


__all__ = [
    "bodies_in",
    "chain",
    "chain_before",
    "date_label",
    "day_at",
    "day_in",
    "extract",
    "meeting_at",
    "meeting_on",
    "narrative_days",
    "people_in",
    "previous_body",
    "resolved_key",
    "time_in",
    "unique",
]
