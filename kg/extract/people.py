"""Extractor: the forms of people's names, typed (:class:`~kg.model.NameUsage`).

The gazetteer says *who* a printed name is; this module says *what kind* of
name it is (:class:`~kg.model.NameType`), from the rules of
``kg/data/patterns/people.toml``:

* a "Birthname (Pseudonym)" pair ("L. Bronstein (Trotski)") found by a regex
  and kept only when the gazetteer names the same single person in both
  parts: two usages (``birth-name`` and ``pseudonym``), each pointing at the
  other through ``paired_key``, with the pair as evidence;
* every other person mention typed by the first rule that applies
  (transliteration variant, birth name, pseudonym, initials, patronymic, full
  name, surname); one usage per (person, form, type) and document, with the
  evidence of its first use.  Untypable forms (a given name alone) are left
  to the plain mentions of :mod:`kg.extract.mentions`.

The module also holds the small name-finding helpers the bodies extractor
shares (:func:`names_in`, :func:`author_of`, :func:`patterns`).

>>> from kg.model import RepairedText
>>> from kg.segment import segment
>>> from kg.extract.context import Context
>>> from kg.extract.mentions import find_mentions
>>> seg = segment(RepairedText("d", "L. Bronstein (Trotski), aux Affaires étrangères."))
>>> ctx = Context.make(seg, find_mentions(seg, gazetteer()), ())
>>> sorted(u.person.name_type.value for u in extract(ctx))
['birth-name', 'pseudonym']
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

from kg.errors import DataError
from kg.extract.context import Context
from kg.extract.rules import RuleFile, load_rules
from kg.gazetteer import Gazetteer, load_gazetteer, normalize_form, surface_forms
from kg.model import Entity, EntityKind, Mention, NameType, NameUsage

_WORD = r"[\w\u00C0-\u024F]"

# --------------------------------------------------------------------------- shared helpers


def patterns(name: str) -> RuleFile:
    """The checked ``kg/data/patterns/<name>.toml`` (:mod:`kg.extract.rules`).

    Raises :class:`~kg.errors.DataError` when a patterns file is missing or malformed.
    """
    return load_rules()[name]


def compile_pattern(name: str, source: str, flags: int = 0) -> re.Pattern[str]:
    """A regex of ``<name>.toml`` with its ``[macros]`` (``{TXT}`` …) expanded.

    Raises :class:`~kg.errors.DataError` on an invalid regex.
    """
    for macro, value in patterns(name).get("macros", {}).items():
        source = source.replace("{" + macro + "}", value)
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise DataError(f"kg/data/patterns/{name}.toml: bad regex {source!r}: {exc}") from exc


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer (the extractors' only data besides the patterns)."""
    return load_gazetteer()


@cache
def _kind_matcher(kind: EntityKind) -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, set[str]] = {}
    for entity in gazetteer().by_kind(kind):
        for form in surface_forms(entity):
            table.setdefault(normalize_form(form), set()).add(entity.key)
    forms = sorted(
        {
            " ".join(f.replace("'", "’").split())
            for e in gazetteer().by_kind(kind)
            for f in surface_forms(e)
        },
        key=len,
        reverse=True,
    )
    alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    pattern = re.compile(rf"(?<!{_WORD})(?:{alternation})(?!{_WORD})")
    return pattern, {form: "|".join(sorted(keys)) for form, keys in table.items()}


def names_in(ctx: Context, start: int, end: int, kind: EntityKind) -> tuple[Mention, ...]:
    """Gazetteer names of one kind inside ``[start, end)``, longest first, in text order.

    Unlike ``ctx.mentions_in`` this sees a body's name even where a longer
    name of another kind covers it ("secrétaire du comité de …" is a post).
    """
    pattern, table = _kind_matcher(kind)
    text = ctx.text[start:end].replace("'", "’")
    found = []
    for m in pattern.finditer(text):
        key = resolve(ctx, table[normalize_form(m.group(0))])
        found.append(Mention(kind, key, ctx.span(start + m.start(), start + m.end())))
    return tuple(found)


def resolve(ctx: Context, key: str) -> str:
    """An ambiguous key ``a|b`` read as the option the document names most (as the linker does)."""
    if "|" not in key:
        return key
    options = key.split("|")
    counts = {o: sum(1 for m in ctx.mentions if m.key == o) for o in options}
    return max(options, key=lambda o: (counts[o], -options.index(o)))


def author_of(ctx: Context) -> Mention | None:
    """The byline: a paragraph near the top that is only a person's name (the memoir's "je")."""
    limit = int(patterns("bodies").get("author", {}).get("byline_paragraphs", 5))
    for paragraph in ctx.seg.paragraphs[:limit]:
        people = ctx.mentions_in(paragraph.start, paragraph.end, EntityKind.PERSON)
        if (
            len(people) == 1
            and people[0].span.start == paragraph.start
            and people[0].span.end == paragraph.end
        ):
            return people[0]
    return None


def entity(key: str) -> Entity | None:
    """The gazetteer entity of an unambiguous key (``None`` for ``a|b``)."""
    return None if "|" in key else gazetteer().get(key)


# --------------------------------------------------------------------------- name types


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for variant, canonical in sorted(
        patterns("people")["transliteration"]["equivalent"], key=lambda pair: -len(pair[0])
    ):
        text = text.replace(variant, canonical)
    return text


def _last_word(form: str) -> str:
    return form.split()[-1] if form.split() else form


def _is_transliteration(form: str, person: Entity) -> bool:
    label = person.label_fr
    if normalize_form(form) == normalize_form(label):
        return False
    mine, theirs = _last_word(form), _last_word(label)
    if mine == theirs:
        return False
    if _fold(mine) == _fold(theirs):
        return True
    threshold = float(patterns("people")["transliteration"]["similarity"])
    return difflib.SequenceMatcher(None, _fold(mine), _fold(theirs)).ratio() >= threshold


@cache
def _type_regexes() -> dict[str, re.Pattern[str]]:
    rules = patterns("people")["name_types"]
    return {
        k: compile_pattern("people", rules[k])
        for k in ("initials", "patronymic", "full", "surname")
    }


def name_type(form: str, person: Entity) -> NameType | None:
    """The kind of name ``form`` is for ``person`` (``None`` when no rule applies)."""
    form = " ".join(form.split())
    regexes = _type_regexes()
    tests = {
        "transliteration": lambda: _is_transliteration(form, person),
        "birth-name": lambda: (
            bool(person.birth_name)
            and (form == person.birth_name or _last_word(form) == _last_word(person.birth_name))
        ),
        "pseudonym": lambda: form in person.pseudonyms,
        "initials": lambda: bool(regexes["initials"].match(form)),
        "patronymic": lambda: bool(regexes["patronymic"].match(form)),
        "full": lambda: bool(regexes["full"].match(form)),
        "surname": lambda: (
            bool(regexes["surname"].match(form)) and _last_word(person.label_fr) == form
        ),
    }
    for rule in patterns("people")["name_types"]["order"]:
        if tests[rule]():
            return NameType(rule)
    return None


# --------------------------------------------------------------------------- extraction


def _usage_key(person: str, kind: NameType, form: str) -> str:
    return f"{person}-{kind.value}-{' '.join(form.split())}"


def _pairs(ctx: Context) -> list[NameUsage]:
    """ "Birthname (Pseudonym)" pairs the gazetteer confirms (one person in each part)."""
    regex = compile_pattern("people", patterns("people")["pairs"]["pattern"])
    out: list[NameUsage] = []
    for m in regex.finditer(ctx.text):
        births = ctx.mentions_in(m.start("birth"), m.end("birth"), EntityKind.PERSON)
        pseudos = ctx.mentions_in(m.start("pseudonym"), m.end("pseudonym"), EntityKind.PERSON)
        if len(births) != 1 or len(pseudos) != 1 or births[0].key != pseudos[0].key:
            continue
        if "|" in births[0].key:
            continue
        key = births[0].key
        birth = Mention(EntityKind.PERSON, key, births[0].span, NameType.BIRTH_NAME)
        pseudo = Mention(EntityKind.PERSON, key, pseudos[0].span, NameType.PSEUDONYM)
        evidence = ctx.span(m.start(), m.end())
        k_birth = _usage_key(key, NameType.BIRTH_NAME, birth.span.text)
        k_pseudo = _usage_key(key, NameType.PSEUDONYM, pseudo.span.text)
        out.append(NameUsage(key=k_birth, evidence=evidence, person=birth, paired_key=k_pseudo))
        out.append(NameUsage(key=k_pseudo, evidence=evidence, person=pseudo, paired_key=k_birth))
    return out


def _typed_mentions(ctx: Context, taken: set[str], paired: set[tuple[int, int]]) -> list[NameUsage]:
    out: list[NameUsage] = []
    for mention in ctx.mentions:
        person = entity(mention.key) if mention.kind is EntityKind.PERSON else None
        if person is None or (mention.span.start, mention.span.end) in paired:
            continue
        kind = name_type(mention.span.text, person)
        if kind is None:
            continue
        key = _usage_key(person.key, kind, mention.span.text)
        if key in taken:
            continue
        taken.add(key)
        typed = Mention(EntityKind.PERSON, person.key, mention.span, kind)
        out.append(NameUsage(key=key, evidence=mention.span, person=typed))
    return out


def extract(ctx: Context) -> tuple[NameUsage, ...]:
    """Typed name usages: gazetteer-confirmed pairs first, then every other typable form.

    Raises :class:`~kg.errors.DataError` if the patterns file is unreadable.
    """
    pairs = _pairs(ctx)
    taken = {u.key for u in pairs}
    paired = {(u.person.span.start, u.person.span.end) for u in pairs}
    return (*pairs, *_typed_mentions(ctx, taken, paired))
