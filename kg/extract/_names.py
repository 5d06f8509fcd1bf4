"""Name-finding helpers shared by the people and bodies passes.

:func:`names_in` finds gazetteer names of one kind even where a longer name of
another kind covers them; :func:`author_of` reads a byline; :func:`patterns`
and :func:`compile_pattern` read a patterns file (macros expanded).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.errors import DataError
from kg.extract.context import Context
from kg.extract.rules import RuleFile
from kg.gazetteer import Gazetteer, normalize_form, surface_forms
from kg.model import Entity, EntityKind, Mention

_WORD = r"[\w\u00C0-\u024F]"

# --------------------------------------------------------------------------- shared helpers


def patterns(ctx: Context, name: str) -> RuleFile:
    """The checked ``kg/data/patterns/<name>.toml`` (:mod:`kg.extract.rules`)."""
    return ctx.rules[name]


def compile_pattern(ctx: Context, name: str, source: str, flags: int = 0) -> re.Pattern[str]:
    """A regex of ``<name>.toml`` with its ``[macros]`` (``{TXT}`` …) expanded.

    Raises :class:`~kg.errors.DataError` on an invalid regex.
    """
    for macro, value in patterns(ctx, name).get("macros", {}).items():
        source = source.replace("{" + macro + "}", value)
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise DataError(f"kg/data/patterns/{name}.toml: bad regex {source!r}: {exc}") from exc


@lru_cache(maxsize=16)  # keyed on the (immutable) gazetteer
def _kind_matcher(gazetteer: Gazetteer, kind: EntityKind) -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, set[str]] = {}
    for entity in gazetteer.by_kind(kind):
        for form in surface_forms(entity):
            table.setdefault(normalize_form(form), set()).add(entity.key)
    forms = sorted(
        {
            " ".join(f.replace("'", "’").split())
            for e in gazetteer.by_kind(kind)
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
    pattern, table = _kind_matcher(ctx.gazetteer, kind)
    text = ctx.text[start:end].replace("'", "’")
    found = []
    for m in pattern.finditer(text):
        key = resolve(ctx, table[normalize_form(m.group(0))])
        found.append(Mention(kind, key, ctx.span(start + m.start(), start + m.end())))
    return tuple(found)


def resolve(ctx: Context, key: str) -> str:
    """An ambiguous key ``a|b`` read as the option the document names most (as the linker does)."""
    return ctx.resolved(key)


def author_of(ctx: Context) -> Mention | None:
    """The byline: a paragraph near the top that is only a person's name (the memoir's "je")."""
    limit = int(patterns(ctx, "bodies").get("author", {}).get("byline_paragraphs", 5))
    for paragraph in ctx.seg.paragraphs[:limit]:
        people = ctx.mentions_in(paragraph.start, paragraph.end, EntityKind.PERSON)
        if (
            len(people) == 1
            and people[0].span.start == paragraph.start
            and people[0].span.end == paragraph.end
        ):
            return people[0]
    return None


def entity(ctx: Context, key: str) -> Entity | None:
    """The gazetteer entity of an unambiguous key (``None`` for ``a|b``)."""
    return None if "|" in key else ctx.gazetteer.get(key)
