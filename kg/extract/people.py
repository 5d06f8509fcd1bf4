"""Extractor: the forms of people's names, typed (:class:`~kg.model.NameUsage`).

The gazetteer says *who* a printed name is; this module says *what kind* of
name it is (:class:`~kg.model.NameType`), from the rules of
``kg/data/patterns/people.toml``:

* a "Birthname (Pseudonym)" pair ("L. Bronstein (Trotski)") found by a regex
  and kept only when the gazetteer names the same single person in both
  parts: two usages (``birth-name`` and ``pseudonym``), each pointing at the
  other through ``paired``, with the pair as evidence;
* every other person mention typed by the first rule that applies
  (transliteration variant, birth name, pseudonym, initials, patronymic, full
  name, surname); one usage per (person, form, type) and document, with the
  evidence of its first use.  Untypable forms (a given name alone) are left
  to the plain mentions of :mod:`kg.extract.mentions`.

The name-finding helpers it shares with the bodies extractor live in
:mod:`kg.extract._names`.

>>> from kg.model import RepairedText
>>> from kg.segment import segment
>>> from kg.gazetteer import load_gazetteer
>>> from kg.extract import prepare
>>> seg = segment(RepairedText("d", "L. Bronstein (Trotski), aux Affaires étrangères."))
>>> ctx = prepare(seg, load_gazetteer())
>>> sorted(u.person.name_type.value for u in extract(ctx))
['birth-name', 'pseudonym']
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from kg import names
from kg.extract._names import compile_pattern, entity, patterns
from kg.extract.context import Context
from kg.gazetteer import normalize_form
from kg.model import Entity, EntityKind, FactKind, FactRef, Mention, NameType, NameUsage

# --------------------------------------------------------------------------- name types


def _fold(ctx: Context, text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for variant, canonical in sorted(
        patterns(ctx, "people")["transliteration"]["equivalent"], key=lambda pair: -len(pair[0])
    ):
        text = text.replace(variant, canonical)
    return text


def _last_word(form: str) -> str:
    return form.split()[-1] if form.split() else form


def _is_transliteration(ctx: Context, form: str, person: Entity) -> bool:
    label = person.label_fr
    if normalize_form(form) == normalize_form(label):
        return False
    mine, theirs = _last_word(form), _last_word(label)
    if mine == theirs:
        return False
    if _fold(ctx, mine) == _fold(ctx, theirs):
        return True
    threshold = float(patterns(ctx, "people")["transliteration"]["similarity"])
    return difflib.SequenceMatcher(None, _fold(ctx, mine), _fold(ctx, theirs)).ratio() >= threshold


def _type_regexes(ctx: Context) -> dict[str, re.Pattern[str]]:
    rules = patterns(ctx, "people")["name_types"]
    return {
        k: compile_pattern(ctx, "people", rules[k])
        for k in ("initials", "patronymic", "full", "surname")
    }


def name_type(ctx: Context, form: str, person: Entity) -> NameType | None:
    """The kind of name ``form`` is for ``person`` (``None`` when no rule applies)."""
    form = " ".join(form.split())
    regexes = _type_regexes(ctx)
    tests = {
        "transliteration": lambda: _is_transliteration(ctx, form, person),
        "birth-name": lambda: (
            bool(person.birth_name)
            and (form == person.birth_name or _last_word(form) == _last_word(person.birth_name))
        ),
        "pseudonym": lambda: form in person.pseudonyms,
        "initials": lambda: bool(regexes["initials"].match(form)),
        "patronymic": lambda: (
            bool(regexes["patronymic"].match(form)) or form in names.patronymics(person)
        ),
        "full": lambda: bool(regexes["full"].match(form)),
        "surname": lambda: (
            bool(regexes["surname"].match(form)) and _last_word(person.label_fr) == form
        ),
    }
    for rule in patterns(ctx, "people")["name_types"]["order"]:
        if tests[rule]():
            return NameType(rule)
    return None


# --------------------------------------------------------------------------- extraction


def _usage_key(person: str, kind: NameType, form: str) -> str:
    return f"{person}-{kind.value}-{' '.join(form.split())}"


def _pairs(ctx: Context) -> list[NameUsage]:
    """ "Birthname (Pseudonym)" pairs the gazetteer confirms (one person in each part)."""
    regex = compile_pattern(ctx, "people", patterns(ctx, "people")["pairs"]["pattern"])
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
        out.append(
            NameUsage(
                key=k_birth,
                evidence=evidence,
                person=birth,
                paired=FactRef(FactKind.NAME_USAGE, k_pseudo),
            )
        )
        out.append(
            NameUsage(
                key=k_pseudo,
                evidence=evidence,
                person=pseudo,
                paired=FactRef(FactKind.NAME_USAGE, k_birth),
            )
        )
    return out


def _typed_mentions(ctx: Context, taken: set[str], paired: set[tuple[int, int]]) -> list[NameUsage]:
    out: list[NameUsage] = []
    for mention in ctx.mentions:
        person = entity(ctx, mention.key) if mention.kind is EntityKind.PERSON else None
        if person is None or (mention.span.start, mention.span.end) in paired:
            continue
        kind = name_type(ctx, mention.span.text, person)
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
