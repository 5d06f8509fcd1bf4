"""Extractor: names the gazetteer lacks, reported with their uses (:class:`~kg.model.Candidate`).

Nothing a text names is dropped: a person, body, place or work that no gazetteer form
matches (exactly or as a variant, :mod:`kg.names`), or whose link the context forbids
(Moscow's committee, the IIIrd Congress), becomes a candidate with every use in the
document and the cue that typed it.  The cues are how French prose signals a name,
data in ``kg/data/patterns/candidates.toml``:

* person: a title or role before it ("le général X", "M. X", "le S-R X"), initials
  ("K. X"), a given name ("Vadim X"), a surname ending ("-ov", "-ski", "-dzé"), a list
  with a known person ("X, Y et Lénine");
* body: a head noun with its qualifiers ("Comité de salut public", "IIIe Congrès des
  soviets", "fraction bolchevique", "56e régiment"), an abbreviation in brackets after it;
* place: a locative preposition ("à X"), a place noun ("palais de X", "place X"), a city;
* work: a title after a noun announcing it ("le journal X"), a document named by its
  subject ("décret sur la presse"), the title part of a footnote reference.

Later uses of a candidate's form (a person's surname alone) are further mentions of it.

>>> from kg.model import RepairedText
>>> from kg.segment import segment
>>> from kg.extract import prepare
>>> from kg.gazetteer import load_gazetteer
>>> seg = segment(RepairedText("d", "Le général Broussilov arriva à Tarnopol."))
>>> sorted((c.kind.value, c.label) for c in extract(prepare(seg, load_gazetteer())))
[('person', 'Broussilov'), ('place', 'Tarnopol')]
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass

from kg import iris, names
from kg.config import DATA_DIR
from kg.errors import DataError
from kg.extract.context import Context
from kg.model import Candidate, EntityKind, Span

_WHERE = "kg/data/patterns/candidates.toml"
_KEYS = {
    "person": {"titles", "surname_endings", "list_words"},
    "body": {
        "heads",
        "lower_heads",
        "links",
        "articles",
        "not_complements",
        "infinitive_endings",
        "max_words",
    },
    "place": {"prepositions", "heads", "verbs"},
    "work": {"cues", "heads", "footnote_skip", "publishers", "locators"},
    "stop": {"words"},
}
_UP = "A-ZÀ-ÖØ-Ý"
_NAME = rf"[{_UP}][\w’'-]*[a-zà-ÿ][\w’'-]*"  # a capitalised word with lower-case letters
_INITIALS = rf"(?:[{_UP}]\.\s*(?:-\s*)?){{1,3}}"
_ORDINAL = r"(?:[IVXL]+(?:e|er|ème)|\d+(?:e|er|ème)|premier|première|deuxième|second|seconde|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|dixième)"
_WORD = re.compile(r"[\w’'-]+|\(|\)|[^\w\s]")


@dataclass(frozen=True)
class _Rules:
    titles: tuple[str, ...]
    surname_endings: tuple[str, ...]
    body_heads: tuple[str, ...]
    lower_heads: tuple[str, ...]
    links: frozenset[str]
    articles: frozenset[str]
    not_complements: frozenset[str]
    infinitive_endings: tuple[str, ...]
    max_words: int
    place_prepositions: tuple[str, ...]
    place_heads: tuple[str, ...]
    work_cues: tuple[str, ...]
    work_heads: tuple[str, ...]
    footnote_skip: tuple[str, ...]
    publishers: tuple[str, ...]
    locators: tuple[str, ...]
    stop: frozenset[str]


@functools.cache
def rules() -> _Rules:
    """``candidates.toml``, checked: an unknown section or key raises :class:`DataError`."""
    try:
        data = tomllib.loads((DATA_DIR / "patterns" / "candidates.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{_WHERE}: {exc}") from exc
    for section, table in data.items():
        if section not in _KEYS or not isinstance(table, dict):
            raise DataError(f"{_WHERE}: unknown section [{section}]")
        for key in table:
            if key not in _KEYS[section]:
                raise DataError(f"{_WHERE}: [{section}] unknown key {key!r}")
    try:
        p, b, pl, w = data["person"], data["body"], data["place"], data["work"]
        return _Rules(
            titles=tuple(p["titles"]),
            surname_endings=tuple(names.fold(e) for e in p["surname_endings"]),
            body_heads=tuple(b["heads"]),
            lower_heads=tuple(b["lower_heads"]),
            links=frozenset(b["links"]),
            articles=frozenset(b["articles"]),
            not_complements=frozenset(b["not_complements"]),
            infinitive_endings=tuple(b["infinitive_endings"]),
            max_words=int(b["max_words"]),
            place_prepositions=tuple(pl["prepositions"]),
            place_heads=tuple(pl["heads"]),
            work_cues=tuple(w["cues"]),
            work_heads=tuple(w["heads"]),
            footnote_skip=tuple(w["footnote_skip"]),
            publishers=tuple(w["publishers"]),
            locators=tuple(w["locators"]),
            stop=frozenset(data["stop"]["words"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{_WHERE}: missing or malformed {exc}") from exc


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _regexes() -> dict[str, re.Pattern[str]]:
    r = rules()
    name = rf"(?:{_INITIALS}\s*)?{_NAME}(?:\s+{_NAME})?"
    return {
        "title": re.compile(rf"(?<![\w’])(?:{_alternation(r.titles)})\s+(?P<name>{name})"),
        "initials": re.compile(rf"(?<![\w.’])(?P<name>{_INITIALS}\s*{_NAME})"),
        "given": re.compile(rf"(?<![\w’'-])(?P<name>{_NAME}\s+{_NAME})"),
        "word": re.compile(rf"(?<![\w’'-])(?P<name>{_NAME})(?![\w’'-])"),
        "body": re.compile(
            rf"(?<![\w’])(?:(?P<ord>{_ORDINAL})\s+)?"
            rf"(?P<head>{_alternation((*r.body_heads, *r.lower_heads))})(?![\w’])"
        ),
        "place": re.compile(
            rf"(?<![\w’])(?:{_alternation(r.place_prepositions)})\s+(?P<name>{_NAME}(?:[\s-]{_NAME}){{0,2}})"
        ),
        "place_head": re.compile(
            rf"(?<![\w’])(?P<head>{_alternation(r.place_heads)})\s+"
            rf"(?:(?:de|du|des|d’)\s*(?:la\s+|l’)?)?(?P<name>{_NAME}(?:\s+{_NAME})?)"
        ),
        "work_cue": re.compile(
            rf"(?<![\w’])(?:{_alternation(r.work_cues)})\s+(?:[a-zà-ÿ]+\s+)?"
            rf"(?:«\s*(?P<quoted>[^»\n]{{2,80}}?)\s*»|(?P<title>[{_UP}][^,.;:!?()«»\n]{{1,80}}))"
        ),
        "work_head": re.compile(rf"(?<![\w’])(?P<head>{_alternation(r.work_heads)})(?![\w’])"),
        # an abbreviation in brackets, or an apposition "…, la Tchéka."
        "alias": re.compile(
            rf"\s*\((?P<alias>[{_UP}][\w’-]+)\)|,\s+(?:la|le|l’)\s*(?P<apposed>[{_UP}][\w’-]+)(?=\s*[,.;])"
        ),
    }


@dataclass(frozen=True)
class _Hit:
    kind: EntityKind
    start: int
    end: int
    cue: str
    alias: tuple[int, int] | None = None  # a bracketed abbreviation of the same name


# --------------------------------------------------------------------------- extraction


def extract(ctx: Context) -> tuple[Candidate, ...]:
    """Every name of the document the gazetteer lacks, grouped, with its uses.

    Raises :class:`~kg.errors.DataError` if the rules file is malformed.
    """
    covered = [(m.span.start, m.span.end) for m in ctx.mentions]
    works = [(m.span.start, m.span.end) for m in ctx.mentions if m.kind is EntityKind.WORK]
    taken: list[tuple[int, int]] = []
    hits: list[_Hit] = []
    for finder in (_footnote_works, _works, _bodies, _people, _places, _surnames):
        for hit in finder(ctx):
            if _overlaps(taken, hit.start, hit.end):
                continue
            if _overlaps(covered, hit.start, hit.start + 1) or _overlaps(works, hit.start, hit.end):
                continue  # its first word is a known name, or it overlaps a known work
            if hit.kind is EntityKind.PERSON and _overlaps(covered, hit.start, hit.end):
                continue
            hits.append(hit)
            taken.append((hit.start, hit.end))
    hits.extend(_listed(ctx, hits, covered, taken))
    return _group(ctx, hits, covered, taken)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _is_name(word: str) -> bool:
    r = rules()
    plain = names.fold(word)
    return (
        word not in r.stop
        and word.split("’")[-1] not in r.stop
        and plain not in {names.fold(c) for c in names.rules().cities}
        and not any(word == h or word.startswith(h + " ") for h in r.body_heads)
    )


def _people(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    rx = _regexes()
    given = names.rules().given_names
    for m in rx["title"].finditer(text):
        if all(_is_name(w) for w in re.findall(_NAME, m.group("name"))):
            yield _Hit(EntityKind.PERSON, m.start("name"), m.end("name"), "title")
    for m in rx["initials"].finditer(text):
        surname = re.findall(_NAME, m.group("name"))[-1]
        if _is_name(surname):
            yield _Hit(EntityKind.PERSON, m.start("name"), m.end("name"), "initials")
    for m in rx["given"].finditer(text):
        first, second = m.group("name").split(None, 1)
        if names.fold(first) in {names.fold(g) for g in given} and _is_name(second):
            yield _Hit(EntityKind.PERSON, m.start("name"), m.end("name"), "given-name")


def _surnames(ctx: Context) -> Iterator[_Hit]:
    """A capitalised word with a surname ending ("-ov", "-ski", "-dzé") unknown to French."""
    endings = rules().surname_endings
    for m in _regexes()["word"].finditer(ctx.text):
        word = m.group("name")
        if len(word) >= 4 and names.fold(word).endswith(endings) and _is_name(word):
            yield _Hit(EntityKind.PERSON, m.start(), m.end(), "surname-ending")


def _listed(ctx: Context, hits: list[_Hit], covered, taken) -> list[_Hit]:
    """Single capitalised words listed with a person ("Smilga, Ouritski et Lénine")."""
    people = [(m.span.start, m.span.end) for m in ctx.mentions if m.kind is EntityKind.PERSON]
    people += [(h.start, h.end) for h in hits if h.kind is EntityKind.PERSON]
    item = rf"(?:{_INITIALS}\s*)?{_NAME}"
    chain = re.compile(rf"{item}(?:\s*(?:,|\bet\b|\bou\b)\s*{item})+")
    out: list[_Hit] = []
    for m in chain.finditer(ctx.text):
        words = list(re.finditer(item, m.group(0)))
        spans = [(m.start() + w.start(), m.start() + w.end()) for w in words]
        if not any(_overlaps(people, a, b) for a, b in spans):
            continue
        for (a, b), w in zip(spans, words, strict=True):
            if _overlaps(covered, a, b) or _overlaps(taken, a, b) or not _is_name(w.group(0)):
                continue
            out.append(_Hit(EntityKind.PERSON, a, b, "listed-with-a-person"))
            taken.append((a, b))
    return out


def _bodies(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    r = rules()
    for m in _regexes()["body"].finditer(text):
        end, words = _qualifiers(text, m.end(), r.links)
        if not words and not m.group("ord"):
            continue  # a head alone ("le comité") is a reference, not a name
        alias = _regexes()["alias"].match(text, end)
        group = ("alias" if alias.group("alias") else "apposed") if alias else ""
        span = (alias.start(group), alias.end(group)) if alias else None
        yield _Hit(EntityKind.BODY, m.start(), end, "head-noun", span)


def _qualifiers(text: str, at: int, links: frozenset[str]) -> tuple[int, int]:  # (end, words)
    """Where a name that began before ``at`` ends: over adjectives, complements ("de la
    Conférence", "contre la contre-révolution"), "et" + adjective, capitalised words."""
    r = rules()
    adjectives = names.rules()
    end, count = at, 0
    tokens = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, at, at + 200)]
    i = 0
    while i < len(tokens) and count < r.max_words:
        start, stop, word = tokens[i]
        if text[end:start].count("\n") or (start > end and text[end:start].strip()):
            break
        if _adjective(word, adjectives) or (
            word[0].isupper() and _is_name(word) and word[0] != "("
        ):
            end, count, i = stop, count + 1, i + 1
            continue
        if word == "et" and i + 1 < len(tokens) and _adjective(tokens[i + 1][2], adjectives):
            end, count, i = tokens[i + 1][1], count + 1, i + 2
            continue
        if word == "(" and i + 2 < len(tokens) and tokens[i + 2][2] == ")":
            end, count, i = tokens[i + 2][1], count + 1, i + 3
            continue
        complement = _complement(tokens, i, links)
        if complement is None:
            break
        end, count, i = tokens[complement][1], count + 1, complement + 1
    return end, count


def _complement(tokens, i: int, links: frozenset[str]) -> int | None:
    """Index of the noun of a complement starting at token ``i`` ("de la conférence")."""
    r = rules()
    word = tokens[i][2]
    j = i + 1
    if word.startswith("d’") and len(word) > 2:  # "d’Octobre" is one token
        noun = word[2:]
        j = i
    elif word in links:
        if j < len(tokens) and tokens[j][2] in r.articles:
            j += 1
        if j >= len(tokens):
            return None
        noun = tokens[j][2]
        if noun.startswith("l’") and len(noun) > 2:
            noun = noun[2:]
    else:
        return None
    if (
        not noun[:1].isalpha()
        or noun in r.not_complements
        or (noun.islower() and noun.endswith(r.infinitive_endings) and not noun.endswith("ier"))
    ):
        return None
    return j


def _adjective(word: str, rules_: names.NameRules) -> bool:
    return (
        word.islower()
        and len(word) >= 4
        and word not in rules_.not_adjectives
        and word.endswith(rules_.adjective_endings)
    )


def _places(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    rx = _regexes()
    for m in rx["place_head"].finditer(text):
        if _is_name(m.group("name").split()[0]):
            yield _Hit(EntityKind.PLACE, m.start(), m.end(), "place-noun")
    for m in rx["place"].finditer(text):
        words = m.group("name").split()
        if all(_is_name(w) for w in words) and not names.fold(words[-1]).endswith(
            rules().surname_endings
        ):
            yield _Hit(EntityKind.PLACE, m.start("name"), m.end("name"), "locative")
    cities = {names.fold(c) for c in names.rules().cities}
    for m in rx["word"].finditer(text):
        if names.fold(m.group("name")) in cities:
            yield _Hit(EntityKind.PLACE, m.start(), m.end(), "city")


def _works(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    rx = _regexes()
    for m in rx["work_cue"].finditer(text):
        if m.group("quoted"):
            yield _Hit(EntityKind.WORK, m.start("quoted"), m.end("quoted"), "quoted-title")
            continue
        start = m.start("title")
        end = _title_end(text, start, m.end("title"))
        words = [w for w in text[start:end].split() if w not in _TITLE_ARTICLES]
        if end > start and words and _is_name(words[0].split("’")[-1]):
            yield _Hit(EntityKind.WORK, start, end, "title-after-cue")
    for m in rx["work_head"].finditer(text):
        end, words = _qualifiers(text, m.end(), rules().links | {"sur"})
        if words:
            yield _Hit(EntityKind.WORK, m.start(), end, "document-subject")


_TITLE_ARTICLES = {"Le", "La", "Les", "L’", "Un", "Une"}


def _title_end(text: str, start: int, limit: int) -> int:
    """A title in running text: up to the punctuation when it is short (six words at
    most: "Les tâches du prolétariat,"), else its capitalised words."""
    words = list(re.finditer(r"[\w’'-]+", text[start:limit]))
    if len(words) <= 6 and limit < len(text) and text[limit] in ",.;:!?()":
        return start + len(text[start:limit].rstrip())
    end = start
    for i, w in enumerate(words):
        if w.group(0)[0].isupper():
            end = start + w.end()
            continue
        tail = text[start + w.start() : limit]
        if i > 0 and re.fullmatch(r"(?:et|de|du|des)\s+(?:(?:la|le|les)\s+)?[\w’'-]+\s*", tail):
            return start + len(text[start:limit].rstrip())
        break
    return end


def _footnote_works(ctx: Context) -> Iterator[_Hit]:
    """The title part of a footnote reference: the first comma-separated part that is not
    an author (a person's name), a city, a publisher, a year or a locator."""
    r = rules()
    cities = {names.fold(c) for c in names.rules().cities}
    people = [(m.span.start, m.span.end) for m in ctx.mentions if m.kind is EntityKind.PERSON]
    for note in ctx.seg.repaired.footnotes:
        body = ctx.text[note.start : note.end]
        offset = note.start
        for skip in sorted(r.footnote_skip, key=len, reverse=True):
            if body.startswith(skip + " "):
                body, offset = body[len(skip) + 1 :], offset + len(skip) + 1
                break
        at = 0
        for part in body.split(","):
            start = offset + at + len(part) - len(part.lstrip())
            end = offset + at + len(part.rstrip())
            at += len(part) + 1
            printed = ctx.text[start:end]
            if not printed or not printed[0].isupper():
                if printed and printed[:1].isdigit():
                    break
                continue
            author = len(printed.split()) <= 3 and (
                _overlaps(people, start, end) or re.fullmatch(rf"{_INITIALS}\s*{_NAME}", printed)
            )
            if (
                author
                or printed.split()[0] in r.locators
                or printed.startswith(r.publishers)
                or names.fold(printed) in cities
                or len(printed.split()) < 2
            ):
                continue
            yield _Hit(EntityKind.WORK, start, end, "footnote-title")
            break


# --------------------------------------------------------------------------- grouping


def _group(ctx: Context, hits: list[_Hit], covered, taken) -> tuple[Candidate, ...]:
    """One candidate per name: a person's forms share its surname; later bare uses of a
    form (a surname alone) are further mentions."""
    groups: dict[tuple[EntityKind, str], list[tuple[Span, str]]] = {}
    cues: dict[tuple[EntityKind, str], str] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        span = ctx.span(hit.start, hit.end)
        group = _group_key(hit.kind, span.text)
        groups.setdefault(group, []).append((span, hit.cue))
        cues.setdefault(group, hit.cue)
        if hit.alias is not None:
            groups[group].append((ctx.span(*hit.alias), "abbreviation"))
            taken.append(hit.alias)
    for group, uses in list(groups.items()):
        for form in {_repeat_form(group[0], s.text) for s, _ in uses}:
            for m in re.finditer(rf"(?<![\w’'-]){re.escape(form)}(?![\w’'-])", ctx.text):
                if not _overlaps(taken, m.start(), m.end()) and not _overlaps(
                    covered, m.start(), m.end()
                ):
                    uses.append((ctx.span(m.start(), m.end()), "repeat"))
                    taken.append((m.start(), m.end()))
    out = []
    for (kind, _), uses in groups.items():
        uses.sort(key=lambda u: u[0].start)
        forms = tuple(dict.fromkeys(" ".join(s.text.split()) for s, _ in uses))
        label = max(
            forms, key=lambda f: (len(f.split()) if kind is EntityKind.PERSON else 0, len(f))
        )
        if kind is not EntityKind.PERSON:
            label = forms[0]
        if (
            names.fold(label) in names.variant_index(ctx.gazetteer).folded
        ):  # a known name, not linked here
            label = f"{label} ({names.city_at(ctx.seg, uses[0][0].start) or 'homonyme'})"
        out.append(
            Candidate(
                key=f"{kind.value}-{iris.slug(label)}",
                evidence=uses[0][0],
                kind=kind,
                label=label,
                forms=forms,
                mentions=tuple(s for s, _ in uses),
                cue=cues[(kind, _)],
            )
        )
    return tuple(out)


def _group_key(kind: EntityKind, form: str) -> tuple[EntityKind, str]:
    if kind is EntityKind.PERSON:
        return kind, names.fold(form.split()[-1])
    return kind, names.fold(form)


def _repeat_form(kind: EntityKind, form: str) -> str:
    """What a later bare use prints: a person's surname, any other name as first printed."""
    form = " ".join(form.split())
    if kind is EntityKind.PERSON:
        surname = form.split()[-1]
        return surname if len(surname) >= 4 else form
    return form
