"""The words a repair may restore: French word frequencies, the gazetteer, the document.

Every repair that has to choose between readings asks one :class:`Lexicon`:
the log10 frequency of a word in French (``wordfreq``), raised to
:data:`~kg.repair.accents.CORPUS_SCORE` when the document itself prints the
word undamaged or the gazetteer knows it as (part of) a name.  A word none of
them knows has no score (``None``): a repair never *produces* such a word,
it keeps the printed form and reports it.

>>> lex = Lexicon("Kaménev parla.")
>>> lex.score("kaménev") is not None and lex.score("kamxnev") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from kg.repair.accents import CORPUS_SCORE, MARK, _log_frequencies

#: A word: letters, with inner apostrophes or hyphens left to the caller.
WORD = re.compile(r"[^\W\d_]+")


@cache
def gazetteer_words() -> Mapping[str, str]:
    """Lower-cased word -> printed form, for every word of every gazetteer surface form."""
    from kg.gazetteer import load_gazetteer, surface_forms

    words: dict[str, str] = {}
    for entity in load_gazetteer():
        for form in surface_forms(entity):
            for word in WORD.findall(form):
                if len(word) > 1:
                    words.setdefault(word.lower(), word)
    return words


@cache
def gazetteer_single_words() -> frozenset[str]:
    """Lower-cased gazetteer surface forms of one word ("Petrograd", "Paris", "Trotski")."""
    from kg.gazetteer import load_gazetteer, surface_forms

    return frozenset(
        form.lower()
        for entity in load_gazetteer()
        for form in surface_forms(entity)
        if len(WORD.findall(form)) == 1
    )


#: log10 frequency above which a word inside a longer name ("Révolution d'Octobre") is a
#: common French word, restored in lower case (months, "ordre", "comité" are above -4.3).
COMMON_WORD = -4.3


class Lexicon:
    """Word scores for one document: wordfreq, the gazetteer and the document's own words."""

    def __init__(self, corpus_text: str = "", *, names: Iterable[str] | None = None) -> None:
        self.logf = _log_frequencies()
        self.names: Mapping[str, str] = gazetteer_words() if names is None else _names(names)
        self.single_names: frozenset[str] = (
            gazetteer_single_words()
            if names is None
            else frozenset(n.lower() for n in names if len(WORD.findall(n)) == 1)
        )
        self.corpus = _printed_words(corpus_text)

    def score(self, lower: str) -> float | None:
        """log10 frequency of a lower-case word, floored for the document's and names' words."""
        freq = self.logf.get(lower)
        if lower in self.corpus or lower in self.names:
            return max(freq if freq is not None else CORPUS_SCORE, CORPUS_SCORE)
        return freq

    def known(self, lower: str) -> bool:
        return self.score(lower) is not None

    def printed_form(self, lower: str) -> str | None:
        """The gazetteer's spelling of a name word (its capitals), if it is one: a name of
        one word, or a word of a longer name that is not a common French word.

        >>> lex = Lexicon(names=["Petrograd", "Révolution d'Octobre"])
        >>> lex.printed_form("petrograd"), lex.printed_form("octobre")
        ('Petrograd', None)
        """
        form = self.names.get(lower)
        if form is None or lower in self.single_names:
            return form
        freq = self.logf.get(lower)
        return form if freq is None or freq < COMMON_WORD else None


def _printed_words(text: str) -> frozenset[str]:
    """The lower-cased words of two letters or more ``text`` prints undamaged (no
    :data:`~kg.repair.accents.MARK` in or beside them)."""
    if MARK not in text:  # the common case: no word to look around
        return frozenset(w.lower() for w in WORD.findall(text) if len(w) > 1)
    return frozenset(
        w.lower()
        for m in WORD.finditer(text)
        if len(w := m.group()) > 1 and MARK not in text[max(m.start() - 1, 0) : m.end() + 1]
    )


def _names(names: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for form in names:
        for word in WORD.findall(form):
            out.setdefault(word.lower(), word)
    return out
