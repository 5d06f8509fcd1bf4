"""Restore French diacritics that a PDF text extraction destroyed.

The damage (seed 000): an accented letter is printed as its base letter
followed by the mark U+FFFD, often with a spurious space after the mark
(``e\ufffd te\ufffd`` = été, ``de\ufffd ja\ufffd`` = déjà); capitals and ï use
other codes (``EP tat`` = État, ``AO`` = À, ``ïF`` = ï, ``ï\ufffd`` = î), listed
in ``kg/data/repair/codes.toml`` and rewritten first.

The method is lexical, not a list of damaged forms:

* every word made of letters and marks gets candidates, each marked letter
  replaced by its accented variants (e: é è ê ë, a: à â ä, …);
* a candidate scores the log10 of its French frequency (``wordfreq``), raised
  to :data:`CORPUS_SCORE` when the document prints the word undamaged
  elsewhere; a word nobody knows scores :data:`UNKNOWN_SCORE` and takes the
  default variants (é, à, û, ô, î: the usual reading in transliterated names);
* a single space right after a mark may be spurious: over each chain of
  words linked by such spaces, dynamic programming picks the joins and splits
  whose words score best in sum (each extra word costs its log-probability
  plus :data:`SPLIT_PENALTY`, so ``é té`` loses to ``été``).

>>> AccentRestorer().restore("il e\ufffd tait de\ufffd ja\ufffd  a\ufffd  Petrograd")
'il était déjà  à  Petrograd'
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.config import DATA_DIR
from kg.errors import DataError
from kg.repair.spelling import doubt, is_word

MARK = "\ufffd"

#: Score (log10 of a frequency) of a word no lexicon knows.
UNKNOWN_SCORE = -12.0
#: Score floor of a word the document itself prints undamaged.
CORPUS_SCORE = -3.0
#: Cost (log10) of reading a single space after a mark as a real word boundary:
#: the damage puts a spurious space *and* the real one there ("Comité  Central").
SPLIT_PENALTY = -2.0
#: Words with more marks than this are not enumerated (defaults are used).
_MAX_MARKS = 6

_CODES_FILE = DATA_DIR / "repair" / "codes.toml"
_LETTER = r"[^\W\d_]"
_ATOM = re.compile(rf"(?:{_LETTER}|{MARK})+")
#: A damaged word, or several linked by single spaces that follow a mark.
_WORD_CHARS = rf"(?:{_LETTER}|{MARK})"
_CHAIN = re.compile(
    rf"(?<!{_LETTER})(?<!{MARK})"  # at a word start
    rf"(?:(?:{_WORD_CHARS}*{MARK} (?={_LETTER}))+{_WORD_CHARS}+|{_WORD_CHARS}*{MARK}{_WORD_CHARS}*)"
)
#: A word with a real accented letter (candidates for the corpus's clean words).
_ACCENTED_WORD = re.compile(rf"(?<!{_LETTER}){_LETTER}*[à-öø-ÿœ]{_LETTER}*", re.IGNORECASE)
_SPURIOUS_BEFORE_PUNCT = re.compile(rf"(?<={MARK}) (?=[,.)\-…])")


@dataclass(frozen=True)
class _Codes:
    variants: dict[str, str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]


@dataclass(frozen=True)
class Choice:
    """The best reading of one damaged word and its score."""

    text: str
    score: float
    doubt: str = ""  # why the reading is reported: another French word fits the marks


@cache
def _codes() -> _Codes:
    try:
        data = tomllib.loads(_CODES_FILE.read_text(encoding="utf-8"))
        variants = {str(k): str(v) for k, v in data["variants"].items()}
        rewrites = tuple((re.compile(c["pattern"]), c["replace"]) for c in data["codes"])
    except (OSError, KeyError, TypeError, re.error, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{_CODES_FILE}: {exc}") from exc
    return _Codes(variants, rewrites)


@cache
def _log_frequencies() -> dict[str, float]:
    """French word -> log10 frequency, loaded once from ``wordfreq``."""
    import wordfreq  # deferred: the list takes ~0.2 s to load

    return {w: math.log10(f) for w, f in wordfreq.get_frequency_dict("fr").items() if f > 0}


def log_frequency(word: str) -> float | None:
    """log10 of the French frequency of ``word`` (lower case), ``None`` if unknown.

    >>> log_frequency("été") > log_frequency("té")
    True
    """
    return _log_frequencies().get(word)


def rewrite_codes(text: str) -> str:
    """Rewrite the special damage codes (``EP``, ``AO``, ``ïF``…) as base letter + mark.

    >>> rewrite_codes("d’EP tat, EïFno")
    'd’E\ufffd tat, Eïno'
    """
    for pattern, replacement in _codes().rewrites:
        text = pattern.sub(replacement, text)
    return text


def clean_words(text: str) -> frozenset[str]:
    """Lower-cased words of ``text`` printed with real accents and no damage mark."""
    return frozenset(
        m.group(0).lower()
        for m in _ACCENTED_WORD.finditer(text)
        if MARK not in text[max(m.start() - 2, 0) : m.start()]
        and text[m.end() : m.end() + 1] != MARK
    )


class AccentRestorer:
    """Restores damaged words, with a cache per word; one instance per document.

    ``corpus_words`` are words the document prints undamaged (see
    :func:`clean_words`); they win over rarer readings.
    """

    def __init__(self, corpus_words: Iterable[str] = ()) -> None:
        self._logf = _log_frequencies()
        self._corpus: dict[str, list[str]] = {}
        for word in {w.lower() for w in corpus_words}:
            self._corpus.setdefault(_skeleton(word), []).append(word)
        self._cache: dict[str, Choice] = {}
        #: restored word -> ("marks", why it is reported), for :func:`kg.repair.damage.flags`
        self.doubts: dict[str, tuple[str, str]] = {}

    def restore(self, text: str) -> str:
        """Return ``text`` with every marked word restored and no mark left.

        Spaces other than spurious ones are kept as they are; line breaks
        are never joined across.  Apply :func:`rewrite_codes` first.
        """
        if MARK not in text:
            return text
        text = _SPURIOUS_BEFORE_PUNCT.sub("", text)
        out: list[str] = []
        pos = 0
        for chain in _CHAIN.finditer(text):
            out.append(text[pos : chain.start()])
            out.append(self._restore_chain(chain.group().split(" ")))
            pos = chain.end()
        out.append(text[pos:])
        return "".join(out).replace(MARK, "")

    def best(self, word: str) -> Choice:
        """The best reading of one word (letters and marks, no spaces)."""
        hit = self._cache.get(word)
        if hit is None:
            hit = self._cache[word] = self._best(word)
        return hit

    # ------------------------------------------------------------------ internals

    def _restore_chain(self, words: list[str]) -> str:
        groups = [(0, 1)] if len(words) == 1 else self._segment(words)
        out = []
        for i, j in groups:
            choice = self.best("".join(words[i:j]))
            if choice.doubt:
                self.doubts[choice.text] = ("marks", choice.doubt)
            out.append(choice.text)
        return " ".join(out)

    def _segment(self, words: list[str]) -> list[tuple[int, int]]:
        """Dynamic programming: the grouping of ``words`` with the best total score."""
        n = len(words)
        best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * n
        for j in range(1, n + 1):
            for i in range(j):
                score = best[i][0] + self.best("".join(words[i:j])).score
                if i:
                    score += SPLIT_PENALTY
                if score > best[j][0]:
                    best[j] = (score, i)
        groups: list[tuple[int, int]] = []
        j = n
        while j > 0:
            i = best[j][1]
            groups.append((i, j))
            j = i
        return groups[::-1]

    def _best(self, word: str) -> Choice:
        lower = word.lower()
        options = _options(lower)
        text, score, rival = _lexicon_reading(lower)
        printed = False  # the document prints a reading undamaged: no doubt left
        for candidate in self._corpus.get(_skeleton("".join(o[0] for o in options)), ()):
            fits = all(c in o for c, o in zip(candidate, options, strict=True))
            bonus = max(self._logf.get(candidate, CORPUS_SCORE), CORPUS_SCORE)
            printed = printed or fits
            if fits and bonus > score:
                text, score = candidate, bonus
        why = doubt(text, score, *rival) if rival is not None and not printed else ""
        return Choice(_recase(word, text), score, why)


@lru_cache(maxsize=1 << 16)
def _lexicon_reading(lower: str) -> tuple[str, float, tuple[str, float] | None]:
    """Best reading of a lower-case damaged word by word frequency alone, its score and
    the runner-up (a word of the dictionary, if any: a misspelling is no rival)."""
    options = _options(lower)
    logf = _log_frequencies()
    found: list[tuple[float, str]] = []
    if sum(len(o) > 1 for o in options) <= _MAX_MARKS:
        for letters in itertools.product(*options):
            candidate = "".join(letters)
            score = logf.get(candidate)
            if score is not None:
                found.append((score, candidate))
    if not found:
        return "".join(o[0] for o in options), UNKNOWN_SCORE, None
    found.sort(reverse=True)
    rival = next(((w, sc) for sc, w in found[1:] if is_word(w)), None)
    return found[0][1], found[0][0], rival


def _options(lower: str) -> tuple[str, ...]:
    """Per output letter, the letters it may be (several after a mark)."""
    variants = _codes().variants
    options: list[str] = []
    for k, ch in enumerate(lower):
        if ch == MARK:
            continue
        if k + 1 < len(lower) and lower[k + 1] == MARK:
            options.append(variants.get(ch, ch))
        else:
            options.append(ch)
    return tuple(options)


@cache
def _unaccent_table() -> dict[int, str]:
    return {ord(v): base for base, vs in _codes().variants.items() for v in vs}


def _skeleton(word: str) -> str:
    """``word`` without accents on the letters the damage can hit (lower case)."""
    return word.translate(_unaccent_table())


def _recase(original: str, restored: str) -> str:
    """Give ``restored`` (lower case, no marks) the capitals of ``original``."""
    letters = [ch for ch in original if ch != MARK]
    if len(letters) != len(restored):  # a rare letter whose lower case is longer
        return restored
    return "".join(r.upper() if o.isupper() else r for o, r in zip(letters, restored, strict=True))
