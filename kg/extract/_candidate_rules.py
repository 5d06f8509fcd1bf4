"""The rules of :mod:`kg.extract.candidates` (``kg/data/patterns/candidates.toml``, typed and
checked) and the word tests its finders share."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from kg import names
from kg.config import DATA_DIR
from kg.errors import DataError
from kg.model import EntityKind

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
    "work": {"cues", "heads", "footnote_skip", "publishers", "locators", "verbs"},
    "stop": {"words"},
}
_UP = "A-ZÀ-ÖØ-Ý"
_NAME = rf"[{_UP}][\w’'-]*[a-zà-ÿ][\w’'-]*"  # a capitalised word with lower-case letters
_INITIALS = rf"(?:[{_UP}]\.\s*(?:-\s*)?){{1,3}}"
_ORDINAL = r"(?:(?!L(?:e|er|ème)\b)[IVXL]+(?:e|er|ème)\b|\d+(?:e|er|ème)|premier|première|deuxième|second|seconde|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|dixième)"
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
    place_verbs: tuple[str, ...]
    work_cues: tuple[str, ...]
    work_heads: tuple[str, ...]
    work_verbs: tuple[str, ...]
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
            place_verbs=tuple(pl.get("verbs", ())),
            work_cues=tuple(w["cues"]),
            work_heads=tuple(w["heads"]),
            work_verbs=tuple(w.get("verbs", ())),
            footnote_skip=tuple(w["footnote_skip"]),
            publishers=tuple(w["publishers"]),
            locators=tuple(w["locators"]),
            stop=frozenset(data["stop"]["words"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{_WHERE}: missing or malformed {exc}") from exc


def _alternation(words: Iterable[str]) -> str:
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
        # a verb of movement or of taking a place, then the name ("gagnent X", "occupent
        # le X"); the name is one or two capitalised words ending the clause
        "place_verb": re.compile(
            rf"(?<![\w’])(?:{_alternation(r.place_verbs)})\s+(?:(?:le|la|les)\s+|l’)?"
            rf"(?P<name>{_NAME}(?:\s+{_NAME})?)(?=\s*[,.;:!?]|\s+(?:et|près|puis|où)\b)"
        ),
        "place_head": re.compile(
            rf"(?<![\w’])(?P<head>{_alternation(r.place_heads)})\s+"
            rf"(?:(?:de|du|des|d’)\s*(?:la\s+|l’)?)?(?P<name>{_NAME}(?:\s+{_NAME})?)"
        ),
        "work_cue": re.compile(
            rf"(?<![\w’])(?:{_alternation(r.work_cues)})\s+(?:[a-zà-ÿ]+\s+)?"
            rf"(?:«\s*(?P<quoted>[^»\n]{{2,80}}?)\s*»|(?P<title>[{_UP}][^,.;:!?()«»\n]{{1,80}}))"
        ),
        # a title, then its apposition: "X, le journal …", "X, l’organe du parti"
        "work_apposed": re.compile(
            rf"(?<![\w’'-])(?P<title>{_NAME}(?:\s+{_NAME}){{0,4}}),\s+(?:le|la|l’|l'|son|sa|leur)\s*"
            rf"(?:{_alternation(r.work_cues)})(?![\w’])"
        ),
        # a verb of writing, then a title starting with its article
        "work_verb": re.compile(
            rf"(?<![\w’])(?:{_alternation(r.work_verbs)})\s+"
            rf"(?P<title>(?:Les?|La|L’|L')\s*[{_UP}][^,.;:!?()«»\[\n]{{1,80}})"
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


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


class _SpanIndex:
    """Fixed spans (a document's mentions), asked many times whether one overlaps
    ``[start, end)``: the spans sorted by start, with the furthest end reached so far.

    >>> index = _SpanIndex([(10, 20), (2, 4)])
    >>> index.overlaps(3, 5), index.overlaps(4, 10), index.overlaps(19, 30)
    (True, False, True)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Does a span start before ``end`` and end after ``start``?  (``_overlaps``)"""
        before = bisect.bisect_left(self._starts, end)  # the spans starting before ``end``
        return before > 0 and self._reach[before - 1] > start


def _is_name(word: str) -> bool:
    r = rules()
    heads, head_words = _heads()
    return (
        word not in r.stop
        and word.split("’")[-1] not in r.stop
        and names.fold(word) not in folded_cities()
        and word not in heads
        and not word.startswith(head_words)
    )


@functools.cache
def folded_cities() -> frozenset[str]:
    """The folded city names of ``names.toml`` (a city is a place, not a candidate name)."""
    return frozenset(names.fold(c) for c in names.rules().cities)


@functools.cache
def _heads() -> tuple[frozenset[str], tuple[str, ...]]:
    """The body head nouns, and each followed by a space (what a longer name starts with)."""
    heads = rules().body_heads
    return frozenset(heads), tuple(f"{h} " for h in heads)


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


def _complement(tokens: list[tuple[int, int, str]], i: int, links: frozenset[str]) -> int | None:
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
