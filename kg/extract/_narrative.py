"""Helpers shared by the event extractors: the narrative clock, names, clauses.

Used by :mod:`~kg.extract.meetings`, :mod:`~kg.extract.votes`,
:mod:`~kg.extract.appointments` and :mod:`~kg.extract.documents`; this module
finds no facts of its own (it has no ``extract`` and its leading underscore
keeps it out of extractor discovery).

* the *narrative clock*: every day the text gives, explicit or relative ("le
  lendemain", "cinq jours plus tard", computed from the previous day given),
  and the narrative's current day at any offset (:func:`day_in`,
  :func:`day_at`); times of day as printed (:func:`time_in`);
* *names*: bodies (the gazetteer's and the contextual forms of
  ``meetings.toml``), people, enumerations ("X, Y et Z") and a verb's subject
  (:func:`chain_before`), the byline's person (:func:`narrator`), what a
  pronoun stands for (:func:`antecedent`);
* *match groups and clauses*: a match's groups as text offsets, the mentions
  inside one, where the clause (or the noun phrase before a passive verb) starts.

Patterns: ``kg/data/patterns/meetings.toml``.  Nothing here raises on text; a
malformed pattern file raises :class:`~kg.errors.DataError` (see :mod:`kg.extract.rules`)
at first use.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from kg.extract.context import Clock, Context
from kg.extract.dates import conventions, find_times
from kg.extract.rules import RuleFile
from kg.model import DateQualifier, DateRef, EntityKind, Meeting, Mention, Sentence

_BARE = re.compile(r"^(?:1er|\d{1,2})$")
_CHAIN_GAP = re.compile(
    r"^\s*(?:,|et|,\s*et|\[\d+\])?\s*(?:(?:l[ea]s?|l['’]|des?|du)\s+|celui\s+des?\s+|celle\s+des?\s+|le\s+groupe\s+des?\s+)?(?:\[\d+\]\s*)?$"
)
_SUBJECT_GAP = re.compile(r"^\)?(?:\s*\[\d+\])?\s*(?:,\s*qui\s+)?[^,.;:()«»\"]{0,30}$")
_ARTICLE = re.compile(r"^\s*(?:[Ll][ea]s?|[Uu]ne?|[Ll]['’])\b")


# --------------------------------------------------------------------------- patterns


def patterns(ctx: Context) -> RuleFile:
    """The checked ``meetings.toml`` (:mod:`kg.extract.rules`)."""
    return ctx.rules["meetings"]


# --------------------------------------------------------------------------- narrative clock


def narrative_clock(ctx: Context) -> Clock:
    """Every day the text gives, as ``(offset, DateRef)`` in text order.

    Explicit dates come from ``ctx.dates``; a bare day ("du 25") is replaced
    by the explicit date of the same day in its paragraph when there is one
    (the finder may take the month of a date quoted just before).  Relative days
    ("le lendemain") are computed from the day before them; their DateRef
    spans the relative words.
    """
    events: list[tuple[int, str, Any]] = [(d.span.start, "date", d) for d in ctx.dates]
    for regex, delta in patterns(ctx)["relative_regex"]:
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
        delta = int(word) if word.isdigit() else patterns(ctx)["number_words"][word]
    step = timedelta(days=int(delta))
    return DateRef(
        base.julian + step,
        base.gregorian + step,
        base.stated_calendar,
        ctx.span(m.start(), m.end()),
        qualifier=DateQualifier.RELATIVE,
        relative_to=(base.julian, base.gregorian),
    )


def day_in(ctx: Context, start: int, end: int) -> DateRef | None:
    """The first day (explicit or relative) stated inside ``[start, end)``."""
    return next((ref for off, ref in ctx.clock if start <= off < end), None)


def day_at(ctx: Context, offset: int) -> DateRef | None:
    """The narrative's current day at ``offset`` (the last day given before it)."""
    found = [ref for off, ref in ctx.clock if off < offset]
    return found[-1] if found else None


def time_in(ctx: Context, sentence: Sentence) -> tuple[str, str]:
    """``("HH:MM", verbatim)`` of the time of day the sentence gives, or empty strings."""
    conf = patterns(ctx)["time"]
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


def date_label(ctx: Context, ref: DateRef) -> str:
    """``"25 octobre (7 novembre) 1917"`` (Julian, Gregorian in brackets)."""
    names: dict[int, str] = {}
    for name, number in conventions(ctx.rules["dates"]).months.items():
        names.setdefault(number, name)
    j, g = ref.julian, ref.gregorian
    jd = "1er" if j.day == 1 else str(j.day)
    if j.month == g.month:
        return f"{jd} ({g.day}) {names[j.month]} {j.year}"
    return f"{jd} {names[j.month]} ({g.day} {names[g.month]}) {j.year}"


# --------------------------------------------------------------------------- names


def resolved_key(ctx: Context, mention: Mention) -> str:
    """The key linking will choose for ``mention`` (same rule as :mod:`kg.link`)."""
    return ctx.resolved(mention.key)


def contextual_bodies(ctx: Context) -> tuple[Mention, ...]:
    """The clock's second half: contextual names of bodies (``body_form``), which may need the day."""
    out = []
    for form in patterns(ctx)["body_form"]:
        for m in form["regex"].finditer(ctx.text):
            if not _form_applies(ctx, form, m.start()):
                continue
            out.append(Mention(EntityKind.BODY, form["key"], ctx.span(m.start(), m.end())))
    return tuple(out)


def _form_applies(ctx: Context, form: dict[str, Any], offset: int) -> bool:
    sentence = ctx.sentence_at(offset)
    if "requires" in form and not ctx.mention_of(form["requires"], sentence.start, sentence.end):
        return False
    if "from" in form or "until" in form:
        day = day_at(ctx, offset + 1) or day_in(ctx, sentence.start, sentence.end)
        if day is None:
            return False
        if "from" in form and day.julian < date.fromisoformat(form["from"]):
            return False
        if "until" in form and day.julian > date.fromisoformat(form["until"]):
            return False
    if "scene" in form:
        return bool(scene_at(ctx, offset) == form["scene"])
    return True


_SCENE = re.compile(
    r"(?<![\w’'])[ÀA]\s+(?=[A-Z])"
)  # a capital "À" opens a sentence (or follows a heading)


def scene_at(ctx: Context, offset: int) -> str | None:
    """The gazetteer key of the place the paragraph holding ``offset`` is set in: the last
    scene-setting opening before it, "À <place>," with a capital "À" ("À Moscou, la
    nouvelle arrive …")."""
    para = ctx.paragraph_at(offset)
    if para is None:
        return None
    found = None
    for m in _SCENE.finditer(ctx.text, para.start, offset):
        place = ctx.mention_at(m.end(), min(m.end() + 40, offset), EntityKind.PLACE)
        if place is None or place.span.start != m.end():
            continue
        if ctx.text[place.span.end : place.span.end + 1] == ",":
            found = place.key
    return found


def bodies_in(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """BODY mentions in ``[start, end)``: the gazetteer's plus the contextual forms."""
    found = list(ctx.mentions_in(start, end, EntityKind.BODY))
    for extra in ctx.body_forms:  # a contextual form wins over the shorter names inside it
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


def named_bodies_in(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """Bodies in ``[start, end)``: :func:`bodies_in`, and the uses of bodies the gazetteer
    lacks (candidates, keyed ``candidate:<key>``) that overlap none of them.

    A bare common noun ("le congrès", "le présidium") names the nearest body named
    before whose full name holds that noun (:func:`head_antecedent`)."""
    known = list(bodies_in(ctx, start, end))
    candidates = [m for m in ctx.names_in(start, end, EntityKind.BODY) if m.candidate_key]
    for (
        c
    ) in candidates:  # a longer name holding a known one is another body ("VIe Congrès du Parti X")
        inside = [k for k in known if c.span.start < k.span.start and k.span.end <= c.span.end]
        if inside:
            known = [k for k in known if k not in inside]
    extra = [
        m
        for m in candidates
        if not any(k.span.start < m.span.end and m.span.start < k.span.end for k in known)
    ]
    found = sorted((*known, *extra), key=lambda m: m.span.start)
    return tuple(head_antecedent(ctx, m) for m in found)


def _all_named_bodies(ctx: Context, start: int, end: int) -> list[Mention]:
    """Every body name in ``[start, end)``, overlapping ones included (gazetteer, contextual
    and candidate names)."""
    found = {(m.span.start, m.key): m for m in bodies_in(ctx, start, end)}
    for m in ctx.names_in(start, end, EntityKind.BODY):
        found.setdefault((m.span.start, m.key), m)
    return sorted(found.values(), key=lambda m: (m.span.start, -m.span.end))


def head_antecedent(ctx: Context, mention: Mention) -> Mention:
    """``mention`` itself, or, when it is a bare one-word name ("congrès", "Congrès"), the same
    span naming the nearest body named before it whose printed name (of several words)
    holds that noun: in "Le VIe Congrès du parti s'ouvrit … ; le congrès élut", the
    congress is the VIe, whatever a generic alias of the gazetteer says."""
    word = mention.span.text.strip()
    if " " in word or "-" in word:
        return mention
    head = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    for before in reversed(_all_named_bodies(ctx, 0, mention.span.start)):
        if " " in before.span.text.strip() and head.search(before.span.text):
            if before.key == mention.key:
                return mention
            return Mention(mention.kind, before.key, mention.span, mention.name_type)
    return mention


def name_key(ctx: Context, mention: Mention) -> str:
    """The key segment of a name: its linked key, or its candidate's key."""
    return mention.candidate_key or resolved_key(ctx, mention)


#: what may come before a clause's subject: a date or an adverb, then an article
_OPENING = re.compile(
    r"^(?:[^,;:]{0,40},\s*)?(?:[Ll][ae]\s+|[Ll]es\s+|[Ll]['’]\s*)?"
    r"(?:(?:[\w-]+\s+)?membres\s+(?:du\s+|de\s+la\s+|de\s+l['’]\s*|des\s+))?$"
)  # "douze membres du comité X se réunirent": the comité's sitting
_PRONOUN_SUBJECT = re.compile(r"^\s*(?:[^,;:]{0,40},\s*)?(?:[Ii]ls?|[Ee]lles?)\b[^,;:]{0,20}$")
_SUBJECT_HEAD = re.compile(r"^\s*(?:[^,;:]{0,40},\s*)?(?:[Ll][ea]\s+|[Ll]['’]\s*)(?P<head>\w+)")


def opening_bodies(ctx: Context, offset: int) -> tuple[Mention, ...]:
    """The bodies that open the clause (else the sentence) holding ``offset``: its subject,
    after a date or an adverb ("Le 15 novembre, le comité X et le comité Y tinrent séance")."""
    sentence = ctx.sentence_at(offset)
    for start in dict.fromkeys((clause_start(ctx, offset), sentence.start)):
        found = named_bodies_in(ctx, start, offset)
        if found and _OPENING.match(ctx.text[start : found[0].span.start].lstrip()):
            return chain(ctx, found)
    return ()


def pronoun_subject(text: str) -> bool:
    """``text`` (what precedes a verb in its clause) is a third-person subject pronoun,
    after an opening date or adverb ("il décida", "Le lendemain, il siège")."""
    return bool(_PRONOUN_SUBJECT.match(text))


def previous_named_body(ctx: Context, offset: int) -> Mention | None:
    """The nearest body (gazetteer or candidate) named before ``offset``."""
    found = named_bodies_in(ctx, 0, offset)
    return found[-1] if found else None


def pronoun_body(ctx: Context, sentence: Sentence) -> Mention | None:
    """The body a subject pronoun opening ``sentence`` stands for: the body that is the
    subject of the previous sentence; or, when that subject is a bare head noun ("Le
    comité, où …, s'installe …"), the nearest body named before whose name holds it
    (heads: ``[pronoun] heads`` of meetings.toml); else the nearest body named before."""
    previous = ctx.sentence_at(max(sentence.start - 2, 0))
    if previous.start < sentence.start:
        found = named_bodies_in(ctx, previous.start, previous.end)
        if found and _OPENING.match(ctx.text[previous.start : found[0].span.start].lstrip()):
            return found[0]
        head = _SUBJECT_HEAD.match(ctx.text[previous.start : previous.end])
        if head and head["head"].casefold() in patterns(ctx)["pronoun"]["heads"]:
            word = re.compile(rf"(?<!\w){re.escape(head['head'])}(?!\w)", re.IGNORECASE)
            for before in reversed(named_bodies_in(ctx, 0, previous.start + head.end())):
                if " " in before.span.text.strip() and word.search(before.span.text):
                    return before
    return previous_named_body(ctx, sentence.start)


def people_in(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """PERSON mentions in ``[start, end)``, one per person (the first)."""
    return unique(ctx.mentions_in(start, end, EntityKind.PERSON))


def people_in_all(ctx: Context, start: int, end: int) -> tuple[Mention, ...]:
    """Every PERSON mention in ``[start, end)`` (repeats kept)."""
    return ctx.mentions_in(start, end, EntityKind.PERSON)


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
    pool = (
        bodies_in(ctx, sentence.start, offset)
        if kind == EntityKind.BODY
        else ctx.mentions_in(sentence.start, offset)
    )
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


def narrator(ctx: Context) -> Mention | None:
    """The person of the byline: an opening paragraph that is only a person's name."""
    for para in ctx.seg.paragraphs[:6]:
        found = ctx.mentions_in(para.start, para.end, EntityKind.PERSON)
        if len(found) == 1 and found[0].span.start == para.start and found[0].span.end == para.end:
            return found[0]
    return None


def antecedent(ctx: Context, offset: int) -> Mention | None:
    """The subject a third-person pronoun at ``offset`` stands for.

    The first person named in the nearest earlier sentence naming one (subjects
    come first in French narrative), searched back through three paragraphs.
    """
    sentences = [s for _p, s in ctx.sentences() if s.end <= offset + 1 and s.start < offset]
    para = ctx.paragraph_at(offset)
    limit = para.start - 3000 if para else 0
    for s in reversed(sentences):
        if s.end < limit:
            break
        end = min(s.end, offset)
        found = ctx.mentions_in(s.start, end, EntityKind.PERSON)
        if found:
            return found[0]
    return None


def plural_antecedent(ctx: Context, offset: int) -> tuple[Mention, ...]:
    """The enumeration of bodies opening the previous sentence ("Les SR de droite, les menchéviks
    et les bundistes").
    """
    previous = [s for _p, s in ctx.sentences() if s.end <= offset]
    if not previous:
        return ()
    s = previous[-1]
    out, pos = [], s.start
    for m in ctx.mentions_in(s.start, s.end, EntityKind.BODY):
        gap = ctx.text[pos : m.span.start]
        if not re.fullmatch(
            r"(?:\s|,|\[\d+\]|\b(?:[Ll]es|[Ll]e|[Ll]a|[Ll]’|des|et|ainsi\s+que)\b)*", gap
        ):
            break
        out.append(m)
        pos = m.span.end
    return tuple(out)


# --------------------------------------------------------------------------- match groups, clauses


def group_spans(m: re.Match[str], base: int) -> dict[str, tuple[int, int]]:
    """``name -> (start, end)`` of every group that matched, as text offsets (``base`` + match's)."""
    return {
        k: (base + m.start(k), base + m.end(k)) for k, v in m.groupdict().items() if v is not None
    }


def group_mentions(
    ctx: Context, m: re.Match[str], group: str, kind: EntityKind | None = None
) -> tuple[Mention, ...]:
    """Mentions (of ``kind``, if given) inside the group ``group`` of ``m``; none if it did not match."""
    if m.groupdict().get(group) is None:
        return ()
    return ctx.mentions_in(m.start(group), m.end(group), kind)


def clause_start(ctx: Context, offset: int) -> int:
    """Start of the clause holding ``offset``: after the last ``;`` or ``:`` of its sentence."""
    sentence = ctx.sentence_at(offset)
    cut = max(
        ctx.text.rfind(";", sentence.start, offset), ctx.text.rfind(":", sentence.start, offset)
    )
    return cut + 1 if cut >= 0 else sentence.start


def clause_subject_start(ctx: Context, offset: int) -> int:
    """Start of the noun phrase before a passive verb: the last comma-piece opening with an article."""
    start = clause_start(ctx, offset)
    pieces = [start] + [i + 1 for i in range(start, offset) if ctx.text[i] == ","]
    for piece in reversed(pieces):
        if _ARTICLE.match(ctx.text[piece:offset]):
            return piece
    return start


# --------------------------------------------------------------------------- sittings
# (read the meetings pass's result, ``ctx.sittings``; used by votes and appointments)


def meeting_at(ctx: Context, offset: int, bodies: tuple[Mention, ...] = ()) -> Meeting | None:
    """The sitting the narrative is telling at ``offset``.

    That is the last sitting mentioned before ``offset`` when it lies in the
    same paragraph, or when it is dated and the narrative has not moved to
    another day since.  ``None`` when ``bodies`` are named and the sitting's
    body is not among them.
    """
    meetings, occurrences = ctx.sittings.meetings, ctx.sittings.occurrences
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
    meetings = ctx.sittings.meetings
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
