"""Which damage a document suffered, the repairs that undo it, and what is left to report.

:func:`detect` reads the signs of each :class:`~kg.model.DamageKind` in the
text; the manifest may name the kinds instead (``damage = ["lost-letters"]``,
``"none"``).  :func:`prepare` runs the text-level repairs, in this order:
mojibake (it hides letters), lost letters, OCR confusions, glued words.  The
``marks`` kind (seed 000) is repaired by the recipes themselves, line by line
(:mod:`kg.repair.accents`), as it always was.

Every repair keeps a word it cannot restore with confidence as printed and
returns it; :func:`flags` finds those words in the final repaired text as
:class:`~kg.model.RepairFlag` records (``kg text DOC --flags``).

Detection, with the thresholds below:

* marks vs lost letters: both print U+FFFD; in seed 000's kind the mark
  always follows the base letter of an accented one (``e\ufffd``), in lost
  letters it replaces the letter (``d\ufffdcret``, ``\ufffd Petrograd``), so
  more than :data:`LOST_SHARE` of marks after a consonant, a space or a
  capital means lost letters;
* mojibake: :data:`MIN_SIGNS` sequences such as ``Ã©`` or ``â€™``;
* OCR: :data:`MIN_SIGNS` words mixing letters and look-alike digits;
* glued words: :data:`MIN_SIGNS` tokens, and :data:`GLUED_SHARE` of all,
  that the lexicon does not know but splits into known words.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import DamageKind, RepairedText, RepairFlag
from kg.repair import glued, mojibake, ocr
from kg.repair.accents import MARK, _codes, rewrite_codes
from kg.repair.lexicon import Lexicon
from kg.repair.lost import LostLetters, Restored

LOST_SHARE = 0.15
MIN_SIGNS = 3
GLUED_SHARE = 0.004
_ORDER = (DamageKind.MOJIBAKE, DamageKind.LOST_LETTERS, DamageKind.OCR, DamageKind.GLUED_WORDS)
_WORDS = re.compile(r"[^\W\d_]+")


def kinds(text: str, named: Iterable[str] = ()) -> frozenset[DamageKind]:
    """The manifest's kinds when it names some (``"none"``: no repair), else :func:`detect`."""
    named = tuple(named)
    if named:
        return frozenset(DamageKind(k) for k in named if k != "none")
    return detect(text)


def detect(text: str) -> frozenset[DamageKind]:
    """The damage kinds whose signs ``text`` shows."""
    found: set[DamageKind] = set()
    if mojibake.count_signs(text) >= MIN_SIGNS:
        found.add(DamageKind.MOJIBAKE)
        text = mojibake.fix_mojibake(text).text
    if MARK in text:
        found.add(_mark_kind(text))
    if ocr.count_signs(text) >= MIN_SIGNS:
        found.add(DamageKind.OCR)
    if DamageKind.LOST_LETTERS not in found and DamageKind.MARKS not in found:
        tokens = len(_WORDS.findall(text))
        signs = glued.count_signs(text, Lexicon(text)) if tokens else 0
        if signs >= MIN_SIGNS and signs >= GLUED_SHARE * tokens:
            found.add(DamageKind.GLUED_WORDS)
    return frozenset(found)


def _mark_kind(text: str) -> DamageKind:
    bases = set(_codes().variants) | {b.upper() for b in _codes().variants} | {"ï"}
    text = rewrite_codes(text)
    marks = [k for k, ch in enumerate(text) if ch == MARK]
    replaced = sum(1 for k in marks if k == 0 or text[k - 1] not in bases)
    return DamageKind.LOST_LETTERS if replaced > LOST_SHARE * len(marks) else DamageKind.MARKS


@dataclass(frozen=True)
class Prepared:
    """The text after the text-level repairs, and the words each left as printed."""

    text: str
    reported: dict[str, tuple[str, str]]  # printed word -> (kind, reason)


def prepare(text: str, damage: frozenset[DamageKind], lexicon: Lexicon | None = None) -> Prepared:
    """Run the text-level repairs of ``damage`` (all but ``marks``) on ``text``."""
    reported: dict[str, tuple[str, str]] = {}
    if not damage - {DamageKind.MARKS}:
        return Prepared(text, reported)
    for kind in _ORDER:
        if kind not in damage:
            continue
        lexicon = Lexicon(text) if lexicon is None or kind is DamageKind.MOJIBAKE else lexicon
        result = _repair(kind, text, lexicon)
        for u in result.unresolved:
            reported.setdefault(result.text[u.start : u.end], (kind.value, u.reason))
        text = result.text
        if kind is DamageKind.MOJIBAKE:
            lexicon = None
    return Prepared(text, reported)


def _repair(kind: DamageKind, text: str, lexicon: Lexicon) -> Restored:
    if kind is DamageKind.MOJIBAKE:
        return mojibake.fix_mojibake(text)
    if kind is DamageKind.LOST_LETTERS:
        return LostLetters(lexicon).restore(text)
    if kind is DamageKind.OCR:
        return ocr.OcrConfusions(lexicon).restore(text)
    return glued.GluedWords(lexicon).restore(text)


def flags(text: str, reported: dict[str, tuple[str, str]]) -> tuple[RepairFlag, ...]:
    """The reported words as they stand in the final ``text``, and any mark left."""
    found: dict[tuple[int, int], RepairFlag] = {}
    words = sorted(reported, key=len, reverse=True)
    if words:
        pattern = re.compile(
            r"(?<![\w\ufffd])(?:" + "|".join(map(re.escape, words)) + r")(?![\w\ufffd])"
        )
        for m in pattern.finditer(text):
            kind, reason = reported[m.group()]
            found[(m.start(), m.end())] = RepairFlag(m.start(), m.end(), kind, reason)
    for m in re.finditer(rf"\S*{MARK}\S*", text):
        if not any(s <= m.start() < e for s, e in found):
            found[(m.start(), m.end())] = RepairFlag(
                m.start(), m.end(), DamageKind.LOST_LETTERS.value, "damage mark left"
            )
    return tuple(found[k] for k in sorted(found))


def with_doubts(repaired: RepairedText, doubts: dict[str, tuple[str, str]]) -> RepairedText:
    """``repaired`` with a flag on each word a restorer wrote with a doubt (its ``doubts``)."""
    if not doubts:
        return repaired
    found = flags(repaired.text, doubts)
    return dataclasses.replace(
        repaired, flags=tuple(sorted(repaired.flags + found, key=lambda f: f.start))
    )
