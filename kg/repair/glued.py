"""Split words glued together by a lost space (``deZinoviev``, ``avecTrotski``, ``dansla``).

A token is split only when the lexicon does not know it as printed (the
document's own words do not count: a glued token recurs) and a split makes
every part a known word: a French word of Zipf frequency ≥ :data:`MIN_ZIPF`,
a rarer one the French dictionary accepts (:func:`_vouched`), or a word of the
gazetteer's names (``Trotskine`` = Trotski + ne).  Among
splits into at most :data:`MAX_PARTS` parts, the one whose parts score best
(log10 frequency, each extra part costing :data:`PART_COST`) wins if it wins
by :data:`~kg.repair.lost.MARGIN`; a token with a small letter followed by a
capital (``lesBolcheviks``) that no split explains is reported.

>>> from kg.repair.lexicon import Lexicon
>>> GluedWords(Lexicon("")).restore("Il parla avecTrotski dansla salle.").text
'Il parla avec Trotski dans la salle.'
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from kg.repair.lexicon import Lexicon
from kg.repair.lost import MARGIN, Restored, Unresolved
from kg.repair.spelling import is_word

MIN_ZIPF = 4.0
#: A word the dictionary accepts (:mod:`kg.repair.spelling`) needs no Zipf floor from this length.
VOUCHED_LENGTH = 4
MAX_PARTS = 3
PART_COST = 1.0
_MIN_LOGF = MIN_ZIPF - 9
#: A split must beat the printed word's own score by this much (log10) when it has one.
WHOLE_MARGIN = 1.5
#: A subject pronoun glued after a verb is an inversion: "Estil" = "Est-il".
_INVERTED = frozenset({"il", "elle", "on", "ils", "elles", "je", "tu", "nous", "vous"})
_NOT_VERBS = frozenset(
    {"et", "ou", "mais", "que", "qui", "quand", "si", "dont", "où", "comme", "car", "puis", "donc"}
)
#: Other parts of two or three letters need Zipf 4.9 ("bon", "vol", "dos"; not "ser", "nov");
#: a single letter is a word only if listed ("à", "a", "y": never the "s" of "s'" or a "d").
_SHORT_MIN_LOGF = 4.9 - 9
#: Frequent tokens that are fragments, not words.
_FRAGMENTS = frozenset({"qu", "jusqu", "lorsqu", "puisqu", "aujourd"})
#: Zipf 5: a word frequent enough to open a glued capitalised token.
_FREQUENT = 5.0 - 9
#: Parts of three letters or fewer must be one of these (wordfreq is full of short noise).
_SHORT = frozenset(
    [
        "à",
        "a",
        "y",
        "de",
        "du",
        "le",
        "la",
        "un",
        "en",
        "et",
        "il",
        "on",
        "ne",
        "se",
        "ce",
        "sa",
        "ma",
        "ta",
        "tu",
        "te",
        "me",
        "je",
        "au",
        "ou",
        "où",
        "si",
        "ni",
        "lui",
        "les",
        "des",
        "une",
        "par",
        "sur",
        "pas",
        "qui",
        "que",
        "aux",
        "ces",
        "ses",
        "mes",
        "est",
        "son",
        "mon",
        "ton",
        "nos",
        "vos",
        "ils",
        "eux",
        "moi",
        "toi",
        "mai",
        "dit",
        "fut",
        "été",
        "ont",
        "eut",
        "sous",
        "vers",
        "ans",
        "jour",
        "mis",
        "pris",
    ]
)
#: Function words after which a short word needs only MIN_ZIPF ("du vit", "avec fil").
_FUNCTION = _SHORT | frozenset(
    ["avec", "pour", "dans", "sans", "chez", "entre", "contre", "après", "avant", "comme", "leur"]
)
_TOKEN = re.compile(r"(?<![\w’'\-])[^\W\d_]{4,}(?![\w’'\-])")
_CASE_JOIN = re.compile(r"[a-zà-ÿœ][A-ZÀ-ÝŒ]")


def count_signs(text: str, lexicon: Lexicon) -> int:
    """Tokens that look glued: a small letter then a capital, or two frequent words."""
    glued = GluedWords(lexicon)
    return sum(
        1
        for m in _TOKEN.finditer(text)
        if not glued.known(m.group()) and glued.split(m.group())[0] is not None
    )


def _vouched(lower: str) -> bool:
    """A rarer word (below :data:`MIN_ZIPF`) of four letters or more that the French
    dictionary accepts: a part, and a token known as printed ("cohérence")."""
    return len(lower) >= VOUCHED_LENGTH and is_word(lower)


def _join(parts: tuple[str, ...]) -> str:
    out = parts[0]
    for prev, part in itertools.pairwise(parts):
        inverted = part.lower() in _INVERTED and prev.lower() not in _NOT_VERBS
        out += ("-" if inverted else " ") + part
    return out


class GluedWords:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._split = lru_cache(maxsize=1 << 14)(self._split_uncached)

    def known(self, token: str) -> bool:
        """Known as printed: a name, or a word at least as frequent as a split would need."""
        lower = token.lower()
        if lower in self.lexicon.names or self.lexicon.logf.get(lower, -99.0) >= _MIN_LOGF:
            return True
        return lower in self.lexicon.logf and _vouched(lower)

    def _whole(self, token: str) -> float:
        return self.lexicon.logf.get(token.lower(), -99.0)

    def restore(self, text: str) -> Restored:
        out: list[str] = []
        unresolved: list[Unresolved] = []
        pos = shift = 0
        for m in _TOKEN.finditer(text):
            token = m.group()
            if self.known(token):
                continue
            parts, reason = self.split(token)
            if parts is None:
                reason = self._suspect(token) or reason
                if _CASE_JOIN.search(token) or reason.startswith(("ambiguous", "possibly")):
                    start = m.start() + shift
                    unresolved.append(Unresolved(start, start + len(token), reason))
                continue
            reading = _join(parts)
            out.append(text[pos : m.start()])
            out.append(reading)
            shift += len(reading) - len(token)
            pos = m.end()
        out.append(text[pos:])
        return Restored("".join(out), tuple(unresolved))

    def _suspect(self, token: str) -> str:
        """Why an unknown lower-case token that no split explains may still be glued: a
        function word then any word wordfreq lists ("nesu" = "ne" + "su")."""
        if not token.islower():
            return ""
        for k in range(2, len(token) - 1):
            head, tail = token[:k], token[k:]
            if head in _FUNCTION and tail in self.lexicon.logf:
                return f"possibly glued: {head} {tail}"
        return ""

    def split(self, token: str) -> tuple[tuple[str, ...] | None, str]:
        return self._split(token)

    def _split_uncached(self, token: str) -> tuple[tuple[str, ...] | None, str]:
        options = sorted(self._splits(token, MAX_PARTS), key=lambda o: -o[0])
        if token[:1].isupper() and not _CASE_JOIN.search(token):
            # a name's shape: split only after a name the gazetteer knows ("Trotskine")
            # or after a very frequent word at a sentence start ("Estil", "Dansla")
            options = [
                o
                for o in options
                if o[1][0].lower() in self.lexicon.names
                or self.lexicon.logf.get(o[1][0].lower(), -99.0) >= _FREQUENT
            ]
        if not options:
            return None, "no split into known words"
        best = options[0]
        if best[0] < self._whole(token) + WHOLE_MARGIN:
            return None, "the word as printed is known"
        if len(options) > 1 and options[1][0] > best[0] - MARGIN:
            return None, f"ambiguous: {' '.join(best[1])} or {' '.join(options[1][1])}"
        return best[1], ""

    def _splits(self, token: str, parts: int) -> list[tuple[float, tuple[str, ...]]]:
        out: list[tuple[float, tuple[str, ...]]] = []
        for k in range(1, len(token)):
            head, tail = token[:k], token[k:]
            head_score = self._part(head, first=True)
            if head_score is None:
                continue
            # after a function word ("du", "avec") a short word needs only Zipf 4 ("du vit")
            tail_score = self._part(tail, first=False, relaxed=head.lower() in _FUNCTION)
            if tail_score is not None:
                out.append((head_score + tail_score - PART_COST, (head, tail)))
            if parts > 2:
                for score, rest in self._splits(tail, parts - 1):
                    out.append((head_score + score - PART_COST, (head, *rest)))
        return out

    def _part(self, word: str, first: bool, relaxed: bool = False) -> float | None:
        """The score of one part, ``None`` if it may not stand alone; ``relaxed``: after a
        listed function word, a short part needs only :data:`MIN_ZIPF`."""
        lower = word.lower()
        short = len(word) <= 3 and lower not in _SHORT and lower not in self.lexicon.names
        if short and len(word) == 1:
            return None
        floor = _MIN_LOGF if relaxed and len(word) == 3 else _SHORT_MIN_LOGF
        if short and (lower in _FRAGMENTS or self.lexicon.logf.get(lower, -99.0) < floor):
            return None
        if not first and word[:1].islower() and any(c.isupper() for c in word[1:]):
            return None
        if word[1:] != word[1:].lower() and not word.isupper():
            return None  # a capital inside a part: split there instead
        if lower in self.lexicon.names and (word[:1].isupper() or first):
            return max(self.lexicon.logf.get(lower, -3.0), -3.0)
        score = self.lexicon.logf.get(lower)
        if score is None or (score < _MIN_LOGF and not _vouched(lower)):
            return None
        if word[:1].isupper() and not first:
            return None  # "avecTrotski": the capital part must be a name
        return score
