"""Undo common OCR confusions (``0ctobre``, ``Petr0grad``, ``1énine``, ``rnême``).

The confusions are data (``kg/data/repair/ocr.toml``).  A word is touched
only when the lexicon does not know it as printed; each confusable
occurrence is tried in turn (at most :data:`MAX_SITES` per word) and the
reading the lexicon knows best wins, if it wins by :data:`~kg.repair.lost.MARGIN`
(and is reported as a doubt when the runner-up, a word of the dictionary, is less
than :data:`~kg.repair.spelling.DOUBT` rarer: ``lo1``, loi or lol).  A word mixing
letters and digits that no reading explains, or with two readings as likely, is reported;
ordinals (``1er``, ``5e``, ``IIe``, ``XIXe``) and footnote calls after a
word (``spontanément1``) are not damage.

>>> from kg.repair.lexicon import Lexicon
>>> OcrConfusions(Lexicon("")).restore("le 25 0ctobre à Petr0grad").text
'le 25 octobre à Petrograd'
"""

from __future__ import annotations

import itertools
import re
import tomllib
from functools import cache

from kg.config import DATA_DIR
from kg.errors import DataError
from kg.repair.lexicon import Lexicon
from kg.repair.lost import MARGIN, Restored, Unresolved
from kg.repair.spelling import doubt, is_word

_FILE = DATA_DIR / "repair" / "ocr.toml"
MAX_SITES = 4
_TOKEN = re.compile(r"(?<![\w|])[\w|]+(?![\w|])")
_ORDINAL = re.compile(r"^(?:\d+|[IVXLC]+)(?:er|re|e|es|ème|èmes|nd|nde|bis)?$", re.IGNORECASE)
#: A digit among letters: "0ctobre", "Petr0grad" (not a call glued at the end: "mot1").
_CAPITAL_INSIDE = re.compile(r"[^\W\d_](?<![A-ZÀ-ÝŒ])[A-ZÀ-ÝŒ]")
_MIXED = re.compile(r"(?:^[01|5](?=[^\W\d_])|(?<=[^\W\d_])[01|5](?=[^\W\d_]))")


@cache
def confusions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    try:
        data = tomllib.loads(_FILE.read_text(encoding="utf-8"))
        return tuple((str(c["printed"]), tuple(map(str, c["read"]))) for c in data["confusions"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{_FILE}: {exc}") from exc


def suspicious(token: str) -> bool:
    """Does ``token`` mix letters and confusable digits the way OCR does?"""
    return not _ORDINAL.match(token) and bool(_MIXED.search(token))


#: The characters :data:`_MIXED` reads as a confused letter: a token without one is not suspicious.
_CONFUSABLE = frozenset("01|5")


def count_signs(text: str) -> int:
    tokens = (m.group() for m in _TOKEN.finditer(text))
    return sum(suspicious(t) for t in tokens if not _CONFUSABLE.isdisjoint(t))


class OcrConfusions:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def restore(self, text: str) -> Restored:
        out: list[str] = []
        unresolved: list[Unresolved] = []
        pos = shift = 0
        for m in _TOKEN.finditer(text):
            token = m.group()
            if _ORDINAL.match(token) or token.isdigit() or self._known(token):
                continue
            reading, reason = self._best(token)
            if reading is None:
                if suspicious(token) or reason.startswith("ambiguous"):
                    start = m.start() + shift
                    unresolved.append(Unresolved(start, start + len(token), reason))
                continue
            if reason:  # restored with a doubt
                start = m.start() + shift
                unresolved.append(Unresolved(start, start + len(reading), reason))
            out.append(text[pos : m.start()])
            out.append(reading)
            shift += len(reading) - len(token)
            pos = m.end()
        out.append(text[pos:])
        return Restored("".join(out), tuple(unresolved))

    def _known(self, token: str) -> bool:
        return token.isalpha() and self.lexicon.known(token.lower())

    def _best(self, token: str) -> tuple[str | None, str]:
        sites = [
            (m.start(), printed, reads)
            for printed, reads in confusions()
            for m in re.finditer(re.escape(printed), token)
        ][:MAX_SITES]
        if not sites:
            return None, "no confusion explains it"
        scored: dict[str, float] = {}
        for chosen in itertools.product(*[(None, *reads) for _, _, reads in sites]):
            if all(c is None for c in chosen):
                continue
            word = _apply(token, sites, chosen)
            if word is None or not word.isalpha() or _CAPITAL_INSIDE.search(word):
                continue  # "lo1" is not "loI": a capital after a small letter is no reading
            score = self.lexicon.score(word.lower())
            if score is not None:
                scored[word] = max(score, scored.get(word, score))
        if not scored:
            return None, "no reading is a known word"
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        best = ranked[0]
        rival = next((r for r in ranked[1:] if r[0].lower() != best[0].lower()), None)
        if rival is not None and rival[1] > best[1] - MARGIN:
            return None, f"ambiguous: {best[0]} or {rival[0]}"
        word = _case(token, best[0])
        printed = self.lexicon.printed_form(word.lower())
        if not token[:1].isalpha() and printed and printed[:1].isupper():
            word = word[:1].upper() + word[1:]
        return word, doubt(word, best[1], *rival, known=self._word) if rival is not None else ""

    def _word(self, word: str) -> bool:
        lower = word.lower()
        return lower in self.lexicon.corpus or lower in self.lexicon.names or is_word(lower)


def _apply(
    token: str, sites: list[tuple[int, str, tuple[str, ...]]], chosen: tuple[str | None, ...]
) -> str | None:
    out: list[str] = []
    pos = 0
    for (start, printed, _), read in sorted(zip(sites, chosen, strict=True), key=lambda x: x[0][0]):
        if read is None:
            continue
        if start < pos:
            return None
        out.append(token[pos:start])
        out.append(read)
        pos = start + len(printed)
    out.append(token[pos:])
    return "".join(out)


def _case(token: str, word: str) -> str:
    """Digits read as letters take the case of their neighbours (``0CTOBRE``, ``0ctobre``)."""
    letters = [c for c in token if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return word.upper()
    if not token[:1].isalpha() and token[1:2].islower():
        return word[:1].lower() + word[1:]
    return word
