"""Restore letters lost to a wrong charset: one U+FFFD in place of each non-ASCII character.

The damage (a web page decoded with the wrong charset, dev-set passage 205):
``r\ufffdvolution``, ``\ufffd Petrograd``, ``\ufffduvres``, ``l\ufffdhomme``.  Every
ASCII character is intact, so a mark stands for exactly one character that is
*not* ASCII: an accented letter, a ligature (œ, æ), a typographic apostrophe
or quote, a dash, a no-break space.  Restoring keeps the text's length.

The method is lexical:

* a damaged word is looked up in an index of the lexicon's words
  (:class:`~kg.repair.lexicon.Lexicon`: ``wordfreq``, the gazetteer, the
  document's own undamaged words) keyed by the word with each non-ASCII
  character masked: ``r\ufffdvolution`` finds révolution at once, whatever
  the number of marks; the most frequent reading wins;
* an inner mark after an elided article (``l``, ``d``, ``qu``…) may be the
  apostrophe ``’``; a mark before ``:;!?`` after a known word a no-break space;
* a mark standing alone is ``à`` inside a sentence, ``«`` after a colon;
* case: a mark inside a word is lower case (upper in an upper-case word); a
  word-initial mark is a capital at a sentence start, in a word the
  gazetteer spells with one, or after a comma in a title word of
  ``kg/data/repair/capitals.toml`` (``Lénine, Œuvres``, ``Paris, Éditions``);
  a word of its ``always`` list (``état``/``État``) is reported there.

A word with no known reading, or with two readings of similar frequency
(:data:`MARGIN`), is kept as printed and reported (:class:`Unresolved`).

>>> from kg.repair.lexicon import Lexicon
>>> LostLetters(Lexicon("")).restore("La r\ufffdvolution \ufffd Petrograd").text
'La révolution à Petrograd'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, partial

from kg.config import DATA_DIR
from kg.errors import DataError
from kg.repair.accents import MARK
from kg.repair.lexicon import COMMON_WORD, Lexicon
from kg.repair.spelling import doubt, is_word

#: A reading must be this much more frequent (log10) than the next one, or it is reported.
MARGIN = 0.7
#: Readings kept per masked form of the frequency list.
READINGS = 3
_CAPITALS_FILE = DATA_DIR / "repair" / "capitals.toml"
_TOKEN = re.compile(rf"(?:[^\W\d_]|{MARK})*{MARK}(?:[^\W\d_]|{MARK})*")
_ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")
_ELIDES_BEFORE = frozenset("aeiouyhâàéèêîôûœ" + MARK)
_SENTENCE_END = ".!?…"
_WRAPPED_AFTER = re.compile(r"-\n[ \t]*((?:[^\W\d_]|\ufffd)+)")
_WRAPPED_BEFORE = re.compile(r"((?:[^\W\d_]|\ufffd)+)-\n[ \t]*$")
_OPENING = '«“"(—–'
_BEFORE_HIGH_PUNCT = ":;!?»"


@dataclass(frozen=True)
class Unresolved:
    """A damaged word reported: kept as printed, or restored with a doubt; and why."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Restored:
    text: str
    unresolved: tuple[Unresolved, ...]


@dataclass(frozen=True)
class _Reading:
    chars: str  # the characters that replace the marks, in order
    score: float
    word: str  # the restored word, for messages


@cache
def _capitals() -> tuple[frozenset[str], frozenset[str]]:
    """(always capitalised, capitalised unless after a determiner), lower case."""
    try:
        data = tomllib.loads(_CAPITALS_FILE.read_text(encoding="utf-8"))
        always = frozenset(str(w).lower() for w in data["always"])
        titles = frozenset(str(w).lower() for w in data["titles"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{_CAPITALS_FILE}: {exc}") from exc
    return always, titles


@cache
def _masked_index() -> dict[str, list[tuple[float, str]]]:
    """Masked lower-case word -> its :data:`READINGS` most frequent readings (wordfreq)."""
    from kg.repair.accents import _log_frequencies

    index: dict[str, list[tuple[float, str]]] = {}
    for word, score in _log_frequencies().items():
        if word.isascii() and "'" not in word:
            continue
        _add(index, word.replace("'", "’"), score)
    return index


#: Letters past the last mark that an unknown word must share with known words (:meth:`_by_stem`).
STEM_TAIL = 3


@cache
def _stems(length: int) -> dict[str, dict[str, list[tuple[float, str]]]]:
    """Masked prefix of ``length`` characters -> masked word -> readings."""
    out: dict[str, dict[str, list[tuple[float, str]]]] = {}
    for masked, entries in _masked_index().items():
        if len(masked) > length:
            out.setdefault(masked[:length], {})[masked] = entries
    return out


def _mask(word: str) -> str:
    return "".join(MARK if not ch.isascii() or ch == "'" else ch for ch in word)


def _add(index: dict[str, list[tuple[float, str]]], word: str, score: float) -> None:
    entry = index.setdefault(_mask(word), [])
    if any(w == word for _, w in entry):
        return
    entry.append((score, word))
    entry.sort(reverse=True)
    del entry[READINGS:]


class LostLetters:
    """Restores lost letters with one lexicon (one instance per document)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        from kg.repair.accents import CORPUS_SCORE

        base = _masked_index()
        self._extra: dict[str, list[tuple[float, str]]] = {}
        for word in (*lexicon.corpus, *lexicon.names):
            if not word.isascii():
                score = lexicon.score(word)
                freq = lexicon.logf.get(word)
                if word not in lexicon.corpus and freq is not None and freq >= COMMON_WORD:
                    score = freq  # a common word of a name ("près") keeps its own frequency
                _add(self._extra, word, score if score is not None else CORPUS_SCORE)
        self._base = base
        self._own = frozenset(w.lower() for w in (*lexicon.corpus, *lexicon.names))

    def restore(self, text: str) -> Restored:
        """Replace every mark by its character, or keep the word and report it."""
        if MARK not in text:
            return Restored(text, ())
        out = list(text)
        unresolved: list[Unresolved] = []
        for m in _TOKEN.finditer(text):
            chars, reason = self._token(text, m.start(), m.end())
            if reason:  # kept as printed (no characters), or restored with a doubt
                unresolved.append(Unresolved(m.start(), m.end(), reason))
            if chars is None:
                continue
            marks = [k for k in range(m.start(), m.end()) if text[k] == MARK]
            for k, ch in zip(marks, chars, strict=True):
                out[k] = ch
        return Restored("".join(out), tuple(unresolved))

    # ------------------------------------------------------------------ one token

    def _token(self, text: str, start: int, end: int) -> tuple[str | None, str]:
        token = text[start:end]
        if len(token) == 1:
            return self._standalone(text, start, end)
        readings = self._readings(token, text, end) or self._by_stem(token)
        if not readings:  # a run of marks alone is read like any word ("\ufffd\ufffd" = çà)
            return None, "a run of marks" if not token.strip(MARK) else "no known word fits"
        readings.sort(key=lambda r: -r.score)
        capital = not token[:1].islower()  # a capital or a mark: a proper noun may fit
        readings = self._plausible(token, text, start, readings, capital)
        best = readings[0]
        rival = next((r for r in readings[1:] if r.chars.lower() != best.chars.lower()), None)
        if rival is not None and rival.score > best.score - MARGIN:
            return None, f"ambiguous: {best.word} or {rival.word}"
        always, _ = _capitals()
        initial = token[0] == MARK and not _sentence_start(text, start)
        if initial and best.word.lower() in always:
            return None, f"capital or not: {best.word} or {best.word.capitalize()}"
        chars = self._cased(token, best, text, start)
        if rival is None:
            return chars, ""
        known = partial(self._attested, capital=capital)
        return chars, doubt(best.word, best.score, rival.word, rival.score, known)

    def _plausible(
        self, token: str, text: str, start: int, readings: list[_Reading], capital: bool
    ) -> list[_Reading]:
        """The readings worth weighing, most frequent first.

        A word (of the French dictionary, the corpus or the gazetteer) outranks a
        form only ``wordfreq`` knows (``tr\ufffds``: très, not the misspelling
        trés); a capital inside a sentence asks for a proper noun when one fits
        (``Gr\ufffdce``: Grèce, not grâce).
        """
        words = [r for r in readings if self._attested(r.word, capital)]
        readings = words or readings
        if token[:1].isupper() and not _sentence_start(text, start):
            proper = [r for r in readings if _proper(r.word)]
            readings = proper or readings
        return readings

    def _attested(self, word: str, capital: bool) -> bool:
        """A word of the corpus, the gazetteer or the dictionary (a proper noun only if
        the token may take a capital)."""
        word = word.strip().lower()
        return word in self._own or is_word(word) or (capital and _proper(word))

    def _readings(self, token: str, text: str, end: int) -> list[_Reading]:
        wrapped = self._wrapped(token, text, end)
        if wrapped:
            return wrapped
        lower = token.lower()
        readings = [_Reading(_marks_of(lower, w), s, w) for s, w in self._lookup(lower)]
        for k, ch in enumerate(lower):  # an elided article: l’homme, qu’il
            elided = lower[:k] in _ELISIONS and lower[k + 1 : k + 2] in _ELIDES_BEFORE
            if ch == MARK and elided:
                for s, w in self._lookup(lower[k + 1 :]) if MARK in lower[k + 1 :] else ():
                    readings.append(
                        _Reading("’" + _marks_of(lower[k + 1 :], w), s, f"{token[:k]}’{w}")
                    )
                rest = self.lexicon.score(lower[k + 1 :])
                if rest is not None and MARK not in lower[k + 1 :] and len(lower) - k > 2:
                    readings.append(_Reading("’", rest, f"{token[:k]}’{lower[k + 1 :]}"))
        if lower.endswith(MARK) and lower.count(MARK) == 1:  # "dit\ufffd:" = dit + no-break space
            after = text[end : end + 1]
            word = self.lexicon.score(lower[:-1])
            if after and after in _BEFORE_HIGH_PUNCT and word is not None:
                readings.append(_Reading("\u00a0", word, f"{token[:-1]}\u00a0"))
        return readings

    def _by_stem(self, token: str) -> list[_Reading]:
        """An unknown inflection: the known words sharing its stem agree on the marks.

        The stem runs to :data:`STEM_TAIL` letters past the last mark
        (``d\ufffdmet`` for ``d\ufffdmettaient``: démettre, démettait… all read é).
        """
        lower = token.lower()
        last = lower.rfind(MARK)
        stem = lower[: last + 1 + STEM_TAIL]
        if len(stem) < last + 1 + STEM_TAIL or MARK in stem[last + 1 :]:
            return []
        key = _mask(stem)
        seen: dict[str, tuple[float, str]] = {}
        for masked, entries in _stems(len(key)).get(key, {}).items():
            for score, word in entries:
                if _fits(stem, word[: len(stem)]):
                    chars = _marks_of(stem, word[: len(stem)])
                    if chars not in seen or seen[chars][0] < score:
                        seen[chars] = (score, word)
            del masked
        if len(seen) != 1:
            return []
        ((chars, (score, word)),) = seen.items()
        return [_Reading(chars, score, word[: len(stem)] + lower[len(stem) :])]

    def _wrapped(self, token: str, text: str, end: int) -> list[_Reading]:
        """A word hyphenated across a line end: read it whole (``sovi\ufffd-`` + ``tiques``)."""
        start = end - len(token)
        after = _WRAPPED_AFTER.match(text, end)
        before = _WRAPPED_BEFORE.search(text, 0, start)
        if after is None and before is None:
            return []
        left = before.group(1) if before else ""
        right = after.group(1) if after else ""
        whole = (left + token + right).lower()
        readings = []
        for s, w in self._lookup(whole):
            part = w[len(left) : len(left) + len(token)]
            readings.append(_Reading(_marks_of(token.lower(), part), s, w))
        return readings

    def _lookup(self, lower: str) -> list[tuple[float, str]]:
        key = _mask(lower)
        found = {w: s for s, w in (*self._base.get(key, ()), *self._extra.get(key, ()))}
        return sorted(((s, w) for w, s in found.items() if _fits(lower, w)), reverse=True)

    def _standalone(self, text: str, start: int, end: int) -> tuple[str | None, str]:
        if end - start != 1:
            return None, "a run of marks"
        before = text[:start].rstrip(" \t")
        after = text[end:].lstrip(" \t")
        if not after[:1].isalnum():
            return None, "a lone mark before punctuation"
        prev = before[-1:] if before else ""
        if prev == ":":
            return "«", ""
        if _sentence_start(text, start):
            return None, "sentence start: À or « or —"
        return "à", ""

    def _cased(self, token: str, reading: _Reading, text: str, start: int) -> str:
        letters = [c for c in token if c != MARK]
        upper_word = len(letters) > 1 and all(c.isupper() for c in letters if c.isalpha())
        chars = list(reading.chars)
        if upper_word:
            return "".join(c.upper() for c in chars)
        if token[0] == MARK and self._capital_initial(reading, text, start):
            chars[0] = chars[0].upper()
        return "".join(chars)

    def _capital_initial(self, reading: _Reading, text: str, start: int) -> bool:
        word = reading.word.lower()
        if _sentence_start(text, start):
            return True
        printed = self.lexicon.printed_form(word)
        if (printed is not None and printed[:1].isupper()) or _proper(word):
            return True
        _, titles = _capitals()
        return word in titles and text[:start].rstrip()[-1:] == ","


def _proper(word: str) -> bool:
    """A proper noun: the dictionary writes it with a capital only (grèce / Grèce)."""
    lower = word.strip().lower()
    return not is_word(lower) and is_word(lower[:1].upper() + lower[1:])


def _marks_of(lower: str, word: str) -> str:
    return "".join(w for c, w in zip(lower, word, strict=True) if c == MARK)


def _fits(lower: str, word: str) -> bool:
    return len(lower) == len(word) and all(
        c == w or (c == MARK and ((not w.isascii() and w.isalpha()) or w == "’"))
        for c, w in zip(lower, word, strict=True)
    )


def _sentence_start(text: str, start: int) -> bool:
    """Is ``start`` the first word of a sentence (or of the text, or of a paragraph)?"""
    k = start - 1
    while k >= 0 and (text[k] in " \t" or text[k] in _OPENING):
        k -= 1
    if k < 0:
        return True
    if text[k] == "\n":
        j = k - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or text[j] == "\n":
            return True
        k = j
    return text[k] in _SENTENCE_END
