"""Is this a French word?  Grammalecte's Hunspell dictionary, read by ``spylls``.

``wordfreq`` knows how often a form is written, not whether it is French: its
list carries misspellings (``trés``, ``aprés``), proper nouns in lower case
(``grèce``) and fragments (``ème``).  A repair that weighs two readings of a
damaged word asks this dictionary whether the rival reading is a word at all:
``très`` against ``trés`` is no choice, ``dès`` against ``dés`` is one.

The dictionary is Grammalecte's "Classique" French dictionary v7.0 (MPL 2.0,
``kg/data/repair/hunspell/``, with its README); it is loaded on first use,
about a second, once per process.  Its 380,000 Python objects then live as long as the
process, so they are moved out of the cyclic garbage collector's reach
(:func:`gc.freeze`): otherwise each of the collector's full passes walks them all
(0.26 s each, about 3.5 CPU-s per 50 synthetic documents, a fifth of the documents
phase).  Freezing only exempts objects from cycle detection; reference counting still
frees them.

>>> is_word("dès"), is_word("dés"), is_word("trés")
(True, True, False)
>>> is_word("grèce"), is_word("Grèce")
(False, True)
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import cache
from typing import Any

from kg.config import DATA_DIR
from kg.errors import DataError

DICTIONARY = DATA_DIR / "repair" / "hunspell" / "fr_FR"
#: A restored word whose runner-up reading is a dictionary word less than this much rarer
#: (log10 frequency) is reported as a doubt, the other word named ("dès"; "dés" also fits).
DOUBT = 2.2


@cache
def _dictionary() -> Any:
    from spylls.hunspell import Dictionary

    try:
        dictionary = Dictionary.from_files(str(DICTIONARY))
    except (OSError, ValueError) as exc:
        raise DataError(f"{DICTIONARY}.dic: {exc}") from exc
    gc.freeze()  # permanent for the process: out of the full collections' walk
    return dictionary


@cache
def is_word(word: str) -> bool:
    """Does the French dictionary accept ``word`` as written (case included)?"""
    return bool(_dictionary().lookup(word.replace("’", "'")))


def doubt(
    written: str,
    score: float,
    rival: str,
    rival_score: float,
    known: Callable[[str], bool] = is_word,
) -> str:
    """Why a word restored as ``written`` is reported: its runner-up ``rival`` is a word
    (``known``) less than :data:`DOUBT` rarer; ``""`` when there is no doubt.

    >>> doubt("dès", -3.57, "dés", -4.95)
    'restored as dès; dés is also a word'
    >>> doubt("très", -2.88, "trés", -5.08)
    ''
    """
    if rival_score > score - DOUBT and known(rival):
        return f"restored as {written}; {rival} is also a word"
    return ""
