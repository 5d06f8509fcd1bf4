"""Reading Wikidata items, and comparing their names and kinds with ours.

Names are compared on a *skeleton*: accents, case and punctuation dropped,
the usual French/English/German romanisations of Russian folded together
(``tch``/``ch``/``sh``/``zh``/``j``, ``ou``/``u``, ``y``/``i``, ``kh``/``h``,
``x``/``ks``, ``tz``/``ts``, ``w``/``v``), Russian Cyrillic romanised first
(*Каменев* meets *Kaménev*), a mute final *e* and doubled letters dropped.  So *Lénine* meets *Lenin*,
*Lounatcharski* meets *Lunacharsky* and *Chliapnikov* meets *Shlyapnikov*,
while *Lénine* and *Staline* stay apart.  Loose on purpose: the check hunts
wrong links, not spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from kg.model import Entity, EntityKind

HUMAN = "Q5"
#: Wikimedia pages that are never the thing itself.
NOT_A_THING = {
    "Q4167410": "disambiguation page",
    "Q13406463": "list article",
    "Q4167836": "category",
    "Q11266439": "template",
}
#: A person of 1917 was born by then (a child is not a delegate) and alive in 1917.
BORN_BY, ALIVE_IN = 1905, 1917

_FOLDS = (
    ("chtch", "§"),
    ("shch", "§"),
    ("tch", "§"),
    ("ch", "§"),
    ("sh", "§"),
    ("zh", "§"),
    ("dj", "§"),
    ("j", "§"),
    ("kh", "h"),
    ("ph", "f"),
    ("x", "ks"),
    ("tz", "ts"),
    ("w", "v"),
    ("ou", "u"),
    ("y", "i"),
    ("c", "k"),
    ("q", "k"),
)
_NOT_WORD = re.compile(r"[^a-z§]+")
#: Russian Cyrillic, romanised as the French and English texts do before folding.
_CYRILLIC = str.maketrans(
    {
        **dict(zip("абвгдезиклмнопрстуфыэ", "abvgdeziklmnoprstufye", strict=True)),
        **{"ё": "e", "й": "i", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh"},
        **{"щ": "shch", "ю": "iu", "я": "ia", "ъ": "", "ь": "i"},
    }
)


def skeleton(name: str) -> tuple[str, ...]:
    """The name's words, folded: accents, case, romanisation, mute final *e*, doubled letters.

    >>> skeleton("Lénine") == skeleton("Lenin")
    True
    >>> skeleton("Antonov-Ovseïenko") == skeleton("Antonov-Ovseyenko")
    True
    >>> skeleton("Lounatcharski") == skeleton("Lunacharsky")
    True
    >>> skeleton("Léon") == skeleton("Lénine")
    False
    >>> skeleton("Каменев") == skeleton("Kaménev") == skeleton("Kamenev")
    True
    """
    name = unicodedata.normalize("NFC", name).casefold().translate(_CYRILLIC)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    words = []
    for word in _NOT_WORD.split(plain):
        for old, new in _FOLDS:
            word = word.replace(old, new)
        if len(word) > 3 and word.endswith("e"):
            word = word[:-1]
        word = re.sub(r"(.)\1+", r"\1", word)
        if word:
            words.append(word)
    return tuple(words)


def names_match(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    """Whether some name of ours and some name of theirs agree (folded, word-subset).

    Initials are ignored, so *V. Oulianov* meets *Vladimir Ulyanov*.

    >>> names_match(["Lénine"], ["Vladimir Lenin"])
    True
    >>> names_match(["V. Oulianov"], ["Vladimir Ilyich Ulyanov"])
    True
    >>> names_match(["Lénine"], ["Joseph Stalin"])
    False
    """
    their_words = [_words(n) for n in theirs]
    for name in ours:
        mine = _words(name)
        if mine and any(other and (mine <= other or other <= mine) for other in their_words):
            return True
    return False


def _words(name: str) -> set[str]:
    words = skeleton(name)
    return {w for w in words if len(w) > 1} or set(words)


def our_names(entity: Entity) -> list[str]:
    return [n for n in (entity.label_fr, entity.label_en, *entity.aliases) if n]


def item_names(item: dict[str, Any]) -> list[str]:
    """Every label and alias of an item, in every language asked for."""
    names = [v.get("value", "") for v in (item.get("labels") or {}).values()]
    for values in (item.get("aliases") or {}).values():
        names.extend(v.get("value", "") for v in values)
    return [n for n in names if n]


def label(item: dict[str, Any], languages: Iterable[str] = ("fr", "en", "mul")) -> str:
    labels = item.get("labels") or {}
    for lang in languages:
        if lang in labels:
            return str(labels[lang].get("value", ""))
    return next((str(v.get("value", "")) for v in labels.values()), "")


def description(item: dict[str, Any], languages: Iterable[str] = ("fr", "en")) -> str:
    descriptions = item.get("descriptions") or {}
    for lang in languages:
        if lang in descriptions:
            return str(descriptions[lang].get("value", ""))
    return ""


def claim_values(item: dict[str, Any], prop: str) -> list[Any]:
    """Values of ``prop``'s statements (deprecated ones and no-value snaks skipped)."""
    values = []
    for statement in (item.get("claims") or {}).get(prop, []):
        if statement.get("rank") == "deprecated":
            continue
        value = (statement.get("mainsnak") or {}).get("datavalue", {}).get("value")
        if value is not None:
            values.append(value)
    return values


def instance_of(item: dict[str, Any]) -> set[str]:
    """The item's P31 (instance of) QIDs."""
    return {v["id"] for v in claim_values(item, "P31") if isinstance(v, dict) and "id" in v}


def years(item: dict[str, Any], prop: str) -> set[int]:
    """Years of a time property (P569 birth, P570 death): ``+1870-04-22T00:00:00Z`` -> 1870."""
    found = set()
    for value in claim_values(item, prop):
        match = (
            re.match(r"([+-]\d+)-", str(value.get("time", ""))) if isinstance(value, dict) else None
        )
        if match:
            found.add(int(match.group(1)))
    return found


def kind_problem(kind: EntityKind, item: dict[str, Any]) -> str:
    """Why the item is the wrong kind of thing for ``kind`` ("" when it is fine)."""
    p31 = instance_of(item)
    pages = sorted(NOT_A_THING[q] for q in p31 & NOT_A_THING.keys())
    if pages:
        return f"a Wikimedia {pages[0]}, not a {kind.value}"
    if kind is EntityKind.PERSON and HUMAN not in p31:
        shown = ", ".join(sorted(p31)) or "nothing"
        return f"not a human (P31 {shown}, expected Q5)"
    if kind is not EntityKind.PERSON and HUMAN in p31:
        return f"a human (P31 Q5), not a {kind.value}"
    return ""


def dates_problem(item: dict[str, Any]) -> str:
    """Why a person item cannot be someone active in 1917 ("" when it can)."""
    born, died = years(item, "P569"), years(item, "P570")
    if born and min(born) > BORN_BY:
        return f"born {min(born)}, too late for 1917"
    if died and max(died) < ALIVE_IN:
        return f"died {max(died)}, before 1917"
    return ""
