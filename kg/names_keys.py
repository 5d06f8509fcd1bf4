"""The keys names are compared on, and ``names.toml`` typed: the base of :mod:`kg.names`.

:func:`rules` loads and checks ``kg/data/patterns/names.toml`` into :class:`NameRules`;
:func:`fold` and :func:`lossy` turn a name into its *folded* key (case, accents,
punctuation and the transliteration equivalences unified) and its *lossy* key (letters
outside ASCII and spaces dropped, for texts that lost their accented letters);
:func:`variant_index` files every gazetteer form under both keys, with the derived forms
(a person's patronymic alone, a body's form without a droppable adjective, a body's
form of three words or more without its number endings).  The private helpers here
(``_plain``, ``_fold_word``, ``_numberless``, ``_TOKEN``) are shared with
:mod:`kg.names_matching` and :mod:`kg.names_context`, and with no other module.

>>> fold("Kérenski") == fold("Kerensky"), fold("Zinovief") == fold("Zinoviev")
(True, True)
>>> fold("Eino Rahja") == fold("Eïno Rakhia")
True
>>> lossy("Lénine"), lossy("Lnine")
('lnine', 'lnine')
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.config import DATA_DIR
from kg.errors import DataError
from kg.gazetteer_model import surface_forms
from kg.model import Entity, EntityKind

if TYPE_CHECKING:
    from kg.gazetteer_model import Gazetteer

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
