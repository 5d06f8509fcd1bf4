"""Extractor: names of gazetteer entities found in the text.

Every alias of every gazetteer entry (``kg/data/gazetteer.toml``) becomes a
literal pattern; the longest match wins at each position, and a match must
stand on word boundaries.  Aliases are case-sensitive as written in the
gazetteer (the gazetteer lists the capitalised and lower-case forms the texts
use), apostrophes ``'`` and ``’`` are interchangeable.  An alias shared by
several entities of one kind is ambiguous: its mentions carry every key
joined with ``|`` and the kind-specific extractors or the linker decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from kg import names
from kg.gazetteer import Gazetteer
from kg.model import EntityKind, Mention, SegmentedText, Span

_WORD = r"[\w\u00C0-\u024F]"


@lru_cache(maxsize=4)
def _matcher(gazetteer: Gazetteer) -> tuple[re.Pattern[str], dict[str, tuple[EntityKind, str]]]:
    forms: dict[str, set[tuple[EntityKind, str]]] = {}
    for entity in gazetteer.entities:
        for form in {entity.label_fr, *entity.aliases}:
            form = " ".join(form.replace("'", "’").split())
            if form:
                forms.setdefault(form, set()).add((entity.kind, entity.key))
    table: dict[str, tuple[EntityKind, str]] = {}
    for form, owners in forms.items():
        kinds = {k for k, _ in owners}
        kind = EntityKind.PERSON if EntityKind.PERSON in kinds else sorted(kinds)[0]
        keys = sorted(key for k, key in owners if k == kind)
        table[form] = (kind, "|".join(keys))
    pattern = re.compile(rf"(?<!{_WORD})(?:{_alternation(table)})(?!{_WORD})")
    return pattern, table


def _alternation(forms: Iterable[str]) -> str:
    """Every form, longest first, grouped by first character: the regex engine tries the
    alternatives in order and the first that matches (with the word boundary after it)
    wins; only those starting with the text's character can, so grouping them under it
    (their order kept) picks the same form while trying a few instead of all at each word.

    >>> _alternation(["ab", "b", "abc", "a c"])
    'a(?:bc|\\\\s+c|b)|b(?:)'
    """
    groups: dict[str, list[str]] = {}
    for form in sorted(forms, key=len, reverse=True):
        first = re.escape(form[0])
        rest = re.escape(form[1:]).replace(r"\ ", r"\s+")
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _compound(pattern: re.Pattern[str], text: str, m: re.Match[str]) -> re.Match[str]:
    """A form cut at a hyphen ("I. Petrov" of "I. Petrov-Vodkine", the gazetteer knowing
    both "I. Petrov" and "Petrov-Vodkine") yields to the form that starts at one of its
    later words and runs over the hyphen: the hyphenated name is one name."""
    if not re.match(r"-\w", text[m.end() : m.end() + 2]):
        return m
    for word in re.finditer(rf"(?<!{_WORD}){_WORD}", text[m.start() + 1 : m.end()]):
        longer = pattern.match(text, m.start() + 1 + word.start())
        if longer is not None and longer.end() > m.end():
            return longer
    return m


def find_mentions(seg: SegmentedText, gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """Every gazetteer name in the text, longest match first, in text order."""
    pattern, table = _matcher(gazetteer)
    text = seg.text.replace("'", "’")  # same length: offsets are unchanged
    out: list[Mention] = []
    for m in pattern.finditer(text):
        if out and m.start() < out[-1].span.end:
            continue  # inside a compound name found by _compound
        m = _compound(pattern, text, m)
        kind, key = table[" ".join(m.group(0).split())]
        out.append(
            Mention(kind, key, Span(seg.doc_id, m.start(), m.end(), seg.text[m.start() : m.end()]))
        )
    exact = names.widen(seg, tuple(out), gazetteer)  # "S-R" + "de gauche", "Parti des …"
    found = (*exact, *names.tolerant_mentions(seg, exact, gazetteer))  # variants, initials
    return tuple(sorted(names.screen(seg, found, gazetteer), key=lambda m: m.span.start))
