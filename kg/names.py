"""Tolerant, careful name matching: the one home of name variants and context checks.

The rules are data (``kg/data/patterns/names.toml``, checked when loaded).  Three
things live here, used by :mod:`kg.extract.mentions` after its exact pass:

* :func:`variant_index`: every gazetteer form under two variant keys, built once per
  gazetteer (:func:`variant_index`): *folded* (case, accents,
  punctuation and the transliteration equivalences unified) and *lossy* (letters
  outside ASCII and spaces dropped, for texts that lost their accented letters).  A key
  claimed by two entities is ambiguous and links to neither.  Derived forms join them:
  a person's patronymic alone ("Ilitch"), a body's form without a droppable adjective,
  and (bodies, three words or more) the form with the number endings dropped.
* :func:`widen`: exact body mentions read with the words around them that make a
  longer name (a wing "S-R de gauche", "Parti des" + members, a bracketed faction);
* :func:`tolerant_mentions`: the names the exact pass missed, matched on those keys,
  plus the longer forms with initials or a given name ("V. I. Lénine", "Maria
  Spiridonova") as further mentions of the same person.
* :func:`screen`: mentions the context contradicts are dropped, never guessed: a body of
  one city named in another ("… de Moscou", "de cette ville", the narrative's city), an
  ordinal that is not the body's ("IIIe Congrès"), another constituency ("… de
  paysans"), an adjective the one-word form lacks ("Congrès extraordinaire"), a generic
  part ("présidium") whose whole is not the body in question.  What is dropped is left
  for :mod:`kg.extract.candidates` to report.

>>> fold("Kérenski") == fold("Kerensky"), fold("Zinovief") == fold("Zinoviev")
(True, True)
>>> fold("Eino Rahja") == fold("Eïno Rakhia")
True
>>> lossy("Lénine"), lossy("Lnine")
('lnine', 'lnine')
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.config import DATA_DIR
from kg.errors import DataError
from kg.gazetteer_model import surface_forms
from kg.model import Entity, EntityKind, Mention, SegmentedText, Span

if TYPE_CHECKING:
    from kg.gazetteer_model import Gazetteer

_Options = list[Entity]  # the gazetteer entities a mention's key may name
_Cities = list[tuple[int, str]]  # (offset, folded city name) of every city printed

_PATH = DATA_DIR / "patterns" / "names.toml"
_SECTIONS = {
    "transliteration": {"equivalences"},
    "initials": {"pattern"},
    "given_names": {"names"},
    "patronymics": {"endings"},
    "bodies": {"party_of_members", "number_endings", "faction_heads", "droppable"},
    "cities": {"names"},
    "local_bodies": None,  # any key: a gazetteer key
    "context": {
        "constituencies",
        "ordinal_words",
        "adjective_endings",
        "not_adjectives",
        "body_heads",
    },
}
_TOKEN = re.compile(r"[^\W_]+")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(frozen=True)
class NameRules:
    """``names.toml``, typed."""

    equivalences: tuple[tuple[re.Pattern[str], str], ...]
    initials: re.Pattern[str]
    given_names: frozenset[str]  # plain (lower case, no accents)
    patronymic_endings: tuple[str, ...]  # plain
    party_of_members: tuple[str, ...]
    number_endings: tuple[str, ...]
    faction_heads: tuple[str, ...]
    droppable: frozenset[str]  # plain
    cities: Mapping[str, str]  # folded -> as printed in the list
    local_bodies: Mapping[str, str]  # gazetteer key -> folded city
    constituencies: tuple[str, ...]
    ordinal_words: Mapping[str, int]
    adjective_endings: tuple[str, ...]
    not_adjectives: frozenset[str]
    body_heads: tuple[str, ...]


@functools.cache
def rules() -> NameRules:
    """Load and check ``kg/data/patterns/names.toml``.

    Raises :class:`~kg.errors.DataError` naming the file and the key for an unknown
    section or key, a bad regex or a malformed value.
    """
    where = "kg/data/patterns/names.toml"
    try:
        data = tomllib.loads(_PATH.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{where}: {exc}") from exc
    for section, table in data.items():
        if section not in _SECTIONS or not isinstance(table, dict):
            raise DataError(f"{where}: unknown section [{section}]")
        allowed = _SECTIONS[section]
        for key in table:
            if allowed is not None and key not in allowed:
                raise DataError(f"{where}: [{section}] unknown key {key!r}")
    try:
        equivalences = tuple((re.compile(a), b) for a, b in data["transliteration"]["equivalences"])
        initials = re.compile(data["initials"]["pattern"])
    except (re.error, ValueError, KeyError) as exc:
        raise DataError(f"{where}: bad [transliteration] or [initials]: {exc}") from exc
    context = data.get("context", {})
    return NameRules(
        equivalences=equivalences,
        initials=initials,
        given_names=frozenset(_plain(n) for n in data["given_names"]["names"]),
        patronymic_endings=tuple(_plain(e) for e in data.get("patronymics", {}).get("endings", ())),
        party_of_members=tuple(data.get("bodies", {}).get("party_of_members", ())),
        number_endings=tuple(data.get("bodies", {}).get("number_endings", ())),
        faction_heads=tuple(data.get("bodies", {}).get("faction_heads", ())),
        droppable=frozenset(_plain(w) for w in data.get("bodies", {}).get("droppable", ())),
        cities={_plain(c): c for c in data["cities"]["names"]},
        local_bodies={k: _plain(v) for k, v in data.get("local_bodies", {}).items()},
        constituencies=tuple(context.get("constituencies", ())),
        ordinal_words={k.casefold(): int(v) for k, v in context.get("ordinal_words", {}).items()},
        adjective_endings=tuple(context.get("adjective_endings", ())),
        not_adjectives=frozenset(context.get("not_adjectives", ())),
        body_heads=tuple(context.get("body_heads", ())),
    )


# --------------------------------------------------------------------------- keys


@functools.lru_cache(maxsize=2**17)  # pure; the same words come back all through a corpus
def _plain(text: str) -> str:
    """Lower case, no accents, words joined by one space (no equivalences)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_TOKEN.findall(text))


@functools.lru_cache(maxsize=2**17)
def fold(text: str) -> str:
    """The folded key of a name: :func:`_plain`, then the equivalences on each word."""
    return " ".join(_fold_word(word) for word in _plain(text).split())


@functools.lru_cache(maxsize=2**16)
def _numberless(key: str) -> str:
    """A folded key with the number endings dropped from each word (longer than three)."""
    ends = rules().number_endings
    return " ".join(
        w[: -len(e)] if len(w) > 3 and (e := next((x for x in ends if w.endswith(x)), "")) else w
        for w in key.split()
    )


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    for pattern, replacement in rules().equivalences:
        word = pattern.sub(replacement, word)
    return word


@functools.lru_cache(maxsize=2**17)
def lossy(text: str) -> str:
    """The key of a name whose accented letters were lost: lower case, ASCII letters only."""
    text = unicodedata.normalize("NFC", text.casefold())
    return "".join(c for c in text if c.isascii() and c.isalnum())


@dataclass(frozen=True)
class VariantIndex:
    folded: Mapping[str, tuple[str, ...]]
    lossy: Mapping[str, tuple[str, ...]]
    kinds: Mapping[str, EntityKind]
    capitalised: frozenset[str]  # folded keys of forms printed with a capital
    max_words: int
    first_words: frozenset[str] = frozenset()  # first folded word of every key
    numberless: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # bodies, 3+ words
    lossy_starts: frozenset[str] = frozenset()  # first three letters of every lossy key


@functools.lru_cache(maxsize=8)  # keyed on the (immutable, hashable) gazetteer
def variant_index(gazetteer: Gazetteer) -> VariantIndex:
    """Every gazetteer form under its folded and lossy keys (see the module docstring)."""

    folded: dict[str, set[str]] = {}
    lost: dict[str, set[str]] = {}
    capitalised: set[str] = set()
    numberless: dict[str, set[str]] = {}
    longest = 1
    for entity in gazetteer.entities:
        if entity.kind is EntityKind.POST:
            continue
        for form in (*surface_forms(entity), *patronymics(entity), *_shortened(entity)):
            key = fold(form)
            if not key:
                continue
            folded.setdefault(key, set()).add(entity.key)
            if entity.kind is EntityKind.BODY and len(key.split()) >= 3:
                numberless.setdefault(_numberless(key), set()).add(entity.key)
            if form[:1].isupper():
                capitalised.add(key)
            longest = max(longest, len(key.split()))
            if any(not c.isascii() for c in form if c.isalpha()) and len(lossy(form)) >= 4:
                lost.setdefault(lossy(form), set()).add(entity.key)
    return VariantIndex(
        folded={k: tuple(sorted(v)) for k, v in folded.items()},
        lossy={k: tuple(sorted(v)) for k, v in lost.items()},
        kinds={e.key: e.kind for e in gazetteer.entities},
        capitalised=frozenset(capitalised),
        max_words=longest,
        first_words=frozenset(k.split()[0] for k in (*folded, *numberless)),
        numberless={k: tuple(sorted(v)) for k, v in numberless.items()},
        lossy_starts=frozenset(k[:3] for k in lost),
    )


def _shortened(entity: Entity) -> tuple[str, ...]:
    """A body's forms without a droppable adjective ("provisoire"), three words or more left."""
    if entity.kind is not EntityKind.BODY:
        return ()
    drop = rules().droppable
    out = []
    for form in surface_forms(entity):
        words = form.split()
        kept = [w for w in words if _plain(w) not in drop]
        if len(kept) < len(words) and len(fold(" ".join(kept)).split()) >= 3:
            out.append(" ".join(kept))
    return tuple(out)


def patronymics(entity: Entity) -> tuple[str, ...]:
    """The patronymic alone of a person's "Given Patronymic" form ("Vladimir Ilitch")."""
    if entity.kind is not EntityKind.PERSON:
        return ()
    r = rules()
    out = []
    for form in surface_forms(entity):
        words = form.split()
        if (
            len(words) == 2
            and words[1][:1].isupper()
            and _plain(words[0]) in r.given_names
            and _plain(words[1]).endswith(r.patronymic_endings)
        ):
            out.append(words[1])
    return tuple(out)


# --------------------------------------------------------------------------- matching

_BREAK = re.compile(r"[,;:!?«»\"“”\[\]{}*_/]|\n\s*\n")


@dataclass(frozen=True)
class _Words:
    """The words of a stretch of text, each with its keys, and which gaps a name may span."""

    spans: tuple[tuple[int, int], ...]
    folded: tuple[str, ...]
    lossy: tuple[str, ...]
    joinable: tuple[bool, ...]  # may a name run from word i into word i + 1?


def _words(text: str, start: int, end: int) -> _Words:
    spans = tuple((m.start(), m.end()) for m in _TOKEN.finditer(text, start, end))
    folded = tuple(_fold_word(_plain(text[a:b])) for a, b in spans)
    lost = tuple(lossy(text[a:b]) for a, b in spans)
    joinable = []
    for (a, b), (c, _) in itertools.pairwise(spans):
        gap = text[b:c]
        ok = len(gap) <= 3 and not _BREAK.search(gap) and ("." not in gap or b - a == 1)
        joinable.append(ok)
    return _Words(spans, folded, lost, tuple(joinable))


def tolerant_mentions(
    seg: SegmentedText, found: tuple[Mention, ...], gazetteer: Gazetteer
) -> tuple[Mention, ...]:
    """The names the exact pass missed, and the longer forms of persons it found.

    ``found`` are the exact mentions; the result adds to them (never replaces one).
    """
    index = variant_index(gazetteer)
    text = seg.text
    covered = sorted((m.span.start, m.span.end) for m in found)
    out: list[Mention] = []
    for start, end in _uncovered(covered, len(text)):
        out.extend(_variants_in(seg, start, end, index))
    people = [m for m in (*found, *out) if m.kind is EntityKind.PERSON and "|" not in m.key]
    taken = {(m.span.start, m.span.end) for m in (*found, *out)}
    for mention in people:
        longer = _with_initials_or_given_name(seg, mention, gazetteer)
        if longer is not None and (longer.span.start, longer.span.end) not in taken:
            taken.add((longer.span.start, longer.span.end))
            out.append(longer)
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _wings(gazetteer: Gazetteer) -> dict[str, tuple[tuple[str, str], ...]]:
    """Per whole: (folded words after a form of the whole, part key) for each part whose
    form is a form of its whole then more words ("… de gauche")."""
    out: dict[str, set[tuple[str, str]]] = {}
    for part in gazetteer.entities:
        whole = gazetteer.get(part.part_of) if part.part_of else None
        if part.kind is not EntityKind.BODY or whole is None:
            continue
        for form in surface_forms(part):
            for head in surface_forms(whole):
                if fold(form).startswith(fold(head) + " "):
                    out.setdefault(whole.key, set()).add(
                        (fold(form)[len(fold(head)) + 1 :], part.key)
                    )
    return {k: tuple(sorted(v)) for k, v in out.items()}


def widen(
    seg: SegmentedText, found: tuple[Mention, ...], gazetteer: Gazetteer
) -> tuple[Mention, ...]:
    """Exact body mentions read with the words around them that make a longer name of
    the same body or of its wing (names.toml ``[bodies]``): "S-R" + "de gauche" is the
    left wing's name when its form is the party's then "de gauche"; "Parti des" + the
    members' plural form is the party of those members."""
    text = seg.text
    wings = _wings(gazetteer)
    out = []
    for m in found:
        if m.kind is EntityKind.BODY and "|" not in m.key:
            start, end, key = m.span.start, m.span.end, m.key
            after = _words(text, end, min(len(text), end + 60))
            gap = text[end : after.spans[0][0]] if after.spans else ""
            for suffix, part in wings.get(key, ()):
                n = len(suffix.split())
                if (
                    len(after.spans) >= n
                    and len(gap) <= 2
                    and not _BREAK.search(gap)
                    and " ".join(after.folded[:n]) == suffix
                    and all(after.joinable[: n - 1])
                ):
                    end, key = after.spans[n - 1][1], part
                    break
            faction = _faction(text, end, gazetteer.get(key), gazetteer)
            if faction is not None:
                end, key = faction
            printed = text[start:end]
            if printed[:1].islower() and printed.split()[0].endswith("s"):
                for prefix in rules().party_of_members:
                    at = start - len(prefix) - 1
                    if at >= 0 and re.fullmatch(re.escape(prefix) + r"\s", text[at:start]):
                        start = at
                        break
            if (start, end, key) != (m.span.start, m.span.end, m.key):
                m = Mention(m.kind, key, Span(seg.doc_id, start, end, text[start:end]))
        out.append(m)
    return tuple(out)


def _faction(
    text: str, end: int, body: Entity | None, gazetteer: Gazetteer
) -> tuple[int, str] | None:
    """ "(bolchevik)" after a party's name: (where it ends, the faction's party key)."""
    m = re.match(r"\s?\(([^\W\d_][\w-]*)\)", text[end : end + 40])
    if m is None or body is None or not body.label_fr.startswith(rules().faction_heads):
        return None
    word = _numberless(fold(m.group(1)))
    keys = {
        e.key
        for e in gazetteer.by_kind(EntityKind.BODY)
        for f in surface_forms(e)
        if len(fold(f).split()) == 1 and _numberless(fold(f)) == word
    }
    return (end + m.end(), keys.pop()) if len(keys) == 1 and body.key not in keys else None


def _uncovered(covered: list[tuple[int, int]], length: int) -> Iterator[tuple[int, int]]:
    at = 0
    for start, end in covered:
        if start > at:
            yield at, start
        at = max(at, end)
    if at < length:
        yield at, length


def _variants_in(seg: SegmentedText, start: int, end: int, index: VariantIndex) -> list[Mention]:
    text = seg.text
    words = _words(text, start, end)
    out: list[Mention] = []
    i = 0
    while i < len(words.spans):
        found = _longest_at(words, i, index, text)
        if found is None:
            i += 1
            continue
        n, key = found
        a, b = words.spans[i][0], words.spans[i + n - 1][1]
        out.append(Mention(index.kinds[key], key, Span(seg.doc_id, a, b, text[a:b])))
        i += n
    return out


def _longest_at(words: _Words, i: int, index: VariantIndex, text: str) -> tuple[int, str] | None:
    """The longest run of words from ``i`` whose key names exactly one entity."""
    if (
        words.folded[i] not in index.first_words
        and _numberless(words.folded[i]) not in index.first_words
        and words.lossy[i][:3] not in index.lossy_starts
    ):
        return None
    limit = 1
    while (
        limit < index.max_words and i + limit < len(words.spans) and words.joinable[i + limit - 1]
    ):
        limit += 1
    for n in range(limit, 0, -1):
        keys = index.folded.get(" ".join(words.folded[i : i + n]))
        a, b = words.spans[i][0], words.spans[i + n - 1][1]
        printed = text[a:b]
        if keys is None and printed.isascii():
            keys = index.lossy.get("".join(words.lossy[i : i + n]))
        if keys is None and n >= 3:
            keys = index.numberless.get(_numberless(" ".join(words.folded[i : i + n])))
        if keys is None or len(keys) != 1:
            continue  # unknown, or ambiguous: it stays unlinked
        kind = index.kinds[keys[0]]
        if not printed[:1].isupper() and (kind in (EntityKind.PERSON, EntityKind.PLACE) or n == 1):
            continue  # proper names and one-word names keep their capital
        return n, keys[0]
    return None


def _with_initials_or_given_name(
    seg: SegmentedText, mention: Mention, gazetteer: Gazetteer
) -> Mention | None:
    text = seg.text
    before = text[max(0, mention.span.start - 24) : mention.span.start]
    m = rules().initials.search(before)
    start = None
    if m is not None:
        start = mention.span.start - len(before) + m.start()
    else:
        g = re.search(r"(?<![\w’'])([A-ZÀ-Ý][\w’'-]+)\s+$", before)
        entity = gazetteer.get(mention.key)
        own = {_plain(w) for w in (entity.label_fr if entity else "").split()[:-1]}
        if g is not None and (_plain(g.group(1)) in rules().given_names | own):
            start = mention.span.start - len(before) + g.start(1)
    if start is None:
        return None
    return Mention(
        mention.kind,
        mention.key,
        Span(seg.doc_id, start, mention.span.end, text[start : mention.span.end]),
    )


# --------------------------------------------------------------------------- context


def screen(
    seg: SegmentedText, mentions: tuple[Mention, ...], gazetteer: Gazetteer
) -> tuple[Mention, ...]:
    """The mentions the context does not contradict (see the module docstring)."""
    cities = _city_marks(seg.text)
    bodies = [m for m in mentions if m.kind is EntityKind.BODY]
    kept = []
    for mention in mentions:
        if mention.kind is EntityKind.BODY:
            after = seg.text[mention.span.end : mention.span.end + 60]
            mention = _narrowed(seg, mention, gazetteer, cities, after)
        if mention.kind is EntityKind.BODY and _contradicted(
            seg, mention, gazetteer, cities, bodies
        ):
            continue
        kept.append(mention)
    return tuple(kept)


def _contradicted(
    seg: SegmentedText,
    mention: Mention,
    gazetteer: Gazetteer,
    cities: list[tuple[int, str]],
    bodies: list[Mention],
) -> bool:
    options = [e for k in mention.key.split("|") if (e := gazetteer.get(k)) is not None]
    if not options:
        return False
    text = seg.text
    after = text[mention.span.end : mention.span.end + 60]
    before = text[max(0, mention.span.start - 30) : mention.span.start]
    return (
        _wrong_city(seg, mention, options, cities, after)
        or _wrong_ordinal(before, mention, options)
        or _other_constituency(after, options)
        or _unknown_adjective(after, mention, options)
        or _other_whole(seg, mention, options, gazetteer, bodies, after)
        or _other_territory(after, mention, options)
    )


def _city_marks(text: str) -> list[tuple[int, str]]:
    """Every city name the text prints, as (offset, folded name)."""
    known = rules().cities
    marks = []
    for m in re.finditer(r"[A-ZÀ-Ý][\w’'-]+", text):
        key = _plain(m.group(0))
        if key in known:
            marks.append((m.start(), key))
    return marks


def _wrong_city(
    seg: SegmentedText, mention: Mention, options: _Options, cities: _Cities, after: str
) -> bool:
    homes = {rules().local_bodies.get(e.key) for e in options}
    if None in homes:
        return False  # not a body of one city (or one option is not)
    city = _context_city(seg, mention, cities, after)
    return city is not None and city not in homes


def _narrowed(
    seg: SegmentedText, mention: Mention, gazetteer: Gazetteer, cities: _Cities, after: str
) -> Mention:
    """An ambiguous body name ("Comité militaire révolutionnaire", Petrograd's or
    Pskov's) whose context names one option's city ("de cette ville" after "Pskov")
    refers to that option alone; otherwise it stays ambiguous (unlinked)."""
    keys = mention.key.split("|")
    homes = {k: rules().local_bodies.get(k) for k in keys}
    if len(keys) < 2 or None in homes.values():
        return mention
    city = _context_city(seg, mention, cities, after)
    chosen = [k for k, home in homes.items() if home is not None and _plain(home) == city]
    return replace(mention, key=chosen[0]) if len(chosen) == 1 else mention


def _context_city(seg: SegmentedText, mention: Mention, cities: _Cities, after: str) -> str | None:
    """The city the context puts a body's name in (folded), if it says."""
    qualifier = re.match(r"\s+(?:de|du|à)\s+(?:la\s+ville\s+de\s+)?([A-ZÀ-Ý][\w’'-]+)", after)
    own = [w for w in _plain(mention.span.text).split() if w in rules().cities]
    city: str | None
    if own:
        city = own[-1]  # the printed name says its city ("Soviet de Moscou")
    elif qualifier is not None and _plain(qualifier.group(1)) in rules().cities:
        city = _plain(qualifier.group(1))
    else:
        city = _narrative_city(seg, mention.span.start, cities, after)
    return city


def _narrative_city(seg: SegmentedText, offset: int, cities: _Cities, after: str) -> str | None:
    """The city the text is in at ``offset``: "de cette ville" right after the name is the
    city named last; else a city the same sentence puts the action in ("À Moscou, …");
    else the city the running text names most (three times or more, and three times as
    often as any other)."""
    earlier = [c for at, c in cities if at < offset]
    if re.match(r"\s+de\s+cette\s+ville", after):
        return earlier[-1] if earlier else None
    sentence = _sentence_start(seg, offset)
    here = re.findall(r"(?:^|[\s(])(?:[àÀA]|en|au)\s+([A-ZÀ-Ý][\w’'-]+)", seg.text[sentence:offset])
    local = [_plain(c) for c in here if _plain(c) in rules().cities]
    if local:
        return local[-1]
    body_end = seg.repaired.body_end if seg.repaired.body_end >= 0 else len(seg.text)
    return _dominant_city([(at, c) for at, c in cities if at < body_end])


def _sentence_start(seg: SegmentedText, offset: int) -> int:
    for paragraph in seg.paragraphs:
        if paragraph.start <= offset < paragraph.end:
            for sentence in paragraph.sentences:
                if sentence.start <= offset < sentence.end:
                    return sentence.start
            return paragraph.start
    return offset


def _dominant_city(cities: _Cities) -> str | None:
    counts: dict[str, int] = {}
    for _, city in cities:
        counts[city] = counts.get(city, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 3 * ranked[1][1]):
        return None
    return ranked[0][0]


def city_at(seg: SegmentedText, offset: int, end: int | None = None) -> str | None:
    """The city the text is in at ``offset`` (as the cities list prints it), if it says;
    ``end``: where the name ends, so that "… de cette ville" after it counts."""
    after = seg.text[end : end + 60] if end is not None else ""
    city = _narrative_city(seg, offset, _city_marks(seg.text), after)
    return rules().cities.get(city) if city else None


def _ordinal(word: str) -> int | None:
    word = word.strip()
    m = re.fullmatch(r"([IVXL]+)(?:e|er|ème|re)", word)
    if m and word != "Le":  # "Le" is the article
        values = [_ROMAN[c] for c in m.group(1)]
        return sum(
            -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
        )
    m = re.fullmatch(r"(\d+)(?:e|er|ème|re)", word)
    if m:
        return int(m.group(1))
    return rules().ordinal_words.get(word.casefold())


def _wrong_ordinal(before: str, mention: Mention, options: _Options) -> bool:
    m = re.search(r"(\S+)\s+$", before)
    printed = _ordinal(m.group(1)) if m else None
    if printed is None:
        return False
    for entity in options:
        own = [o for w in entity.label_fr.split() if (o := _ordinal(w)) is not None]
        if not own or printed in own:
            return False
    return True


def _other_constituency(after: str, options: _Options) -> bool:

    m = re.match(r"\s+(?:de|des)\s+(?:députés\s+)?(\w+)", after)
    if m is None or m.group(1) not in rules().constituencies:
        return False
    word = m.group(1)
    return not any(word in form for e in options for form in surface_forms(e))


# a territory named right after a one-word body form: "Congrès des soviets de la région du
# Nord", "Congrès des soviets de Sibérie" (the complement's capitalised word)
_TERRITORY = re.compile(
    r"\s+(?:des\s+soviets\s+)?(?:de\s+la\s+région\s+(?:du\s+|de\s+la\s+|de\s+l[’']|de\s+)"
    r"|de\s+(?:la\s+|l[’'])?|du\s+|d[’'])([A-ZÀ-Ý][\w’'-]+)"
)


def _other_territory(after: str, mention: Mention, options: _Options) -> bool:
    """A one-word form ("Congrès") followed by a territory no form of the entity names:
    another body ("le Congrès des soviets de Sibérie" is not the IInd Congress).

    >>> from kg.model import Entity, EntityKind, Mention, Span
    >>> congress = Entity("c", EntityKind.BODY, "IIe Congrès des soviets", aliases=("Congrès",))
    >>> m = Mention(EntityKind.BODY, "c", Span("d", 3, 10, "Congrès"))
    >>> _other_territory(" des soviets de la région du Nord s'ouvrit", m, [congress])
    True
    >>> _other_territory(" des soviets s'ouvrit", m, [congress])
    False
    """
    if len(mention.span.text.split()) != 1:
        return False
    m = _TERRITORY.match(after)
    if m is None:
        return False
    word = _plain(m.group(1))
    return not any(word in _plain(form) for e in options for form in surface_forms(e))


def _unknown_adjective(after: str, mention: Mention, options: _Options) -> bool:

    if len(mention.span.text.split()) != 1:
        return False
    m = re.match(r"\s+([a-zà-ÿ]+)\b", after)
    if m is None:
        return False
    word = m.group(1)
    r = rules()
    if word in r.not_adjectives or not word.endswith(r.adjective_endings) or len(word) < 4:
        return False
    return not any(word in form for e in options for form in surface_forms(e))


def _another_head(word: str, whole: Entity | None, gazetteer: Gazetteer) -> bool:
    """``word`` is a body's head noun ("conférence") that no form of ``whole`` (or of the
    wholes above it) starts with: the complement names another body."""
    heads = {h.casefold() for h in rules().body_heads}
    if word.casefold() not in heads:
        return False
    chain = []
    while whole is not None and whole not in chain:
        chain.append(whole)
        whole = gazetteer.get(whole.part_of) if whole.part_of else None
    return not any(
        f.split()[0].casefold() == word.casefold() for e in chain for f in surface_forms(e)
    )


def _other_whole(
    seg: SegmentedText,
    mention: Mention,
    options: _Options,
    gazetteer: Gazetteer,
    bodies: list[Mention],
    after: str,
) -> bool:
    """A generic part ("présidium") whose whole is not the body the text is about."""

    if len(options) != 1 or not options[0].part_of or len(mention.span.text.split()) != 1:
        return False  # only a generic one-word form of a part ("présidium")
    part = options[0]
    whole = gazetteer.get(part.part_of)
    if whole is None:
        return False
    printed = _plain(mention.span.text)
    if any(_plain(f) in printed for f in surface_forms(whole)):
        return False
    family = {whole.key, part.key, *(e.key for e in gazetteer.parts_of(whole.key))}
    complement = re.match(r"\s+(?:de\s+la|de\s+l[’']|du|des|de)\s*", after)
    if complement is not None:
        at = mention.span.end + complement.end()
        follower = next((b for b in bodies if b.span.start == at), None)
        if follower is not None:
            return not (set(follower.key.split("|")) & family)
        noun = re.match(r"[\w-]+", seg.text[at : at + 40])
        if noun is not None and _another_head(noun.group(0), whole, gazetteer):
            return True  # "présidium de la conférence": a conference's, not the congress's
    heads = tuple(rules().body_heads)
    paragraphs = seg.paragraphs
    i = next((j for j, p in enumerate(paragraphs) if p.start <= mention.span.start < p.end), 0)
    floor = paragraphs[max(0, i - 1)].start if paragraphs else 0
    earlier = [
        b
        for b in bodies
        if floor <= b.span.start < mention.span.start
        and b.span.text[:1].isupper()
        and b.span.text.startswith(heads)
    ]
    if not earlier:
        return False
    return not (set(earlier[-1].key.split("|")) & family)
