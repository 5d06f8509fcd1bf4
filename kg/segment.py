"""Stage ``segment``: paragraphs and sentences of a repaired text, as offsets.

Paragraphs are separated by blank lines (a run of white space holding two
line breaks or more); a paragraph holding a footnote body carries its label,
and its sentences start after the ``[n]`` label.  Every span is trimmed:
``text[start:end]`` never starts or ends with white space.

Sentences (French, kept simple on purpose):

* a sentence ends after ``.``, ``!``, ``?`` or ``…`` together with what
  closes it (``»`` with or without its space, quotes, brackets, a footnote
  call ``[n]``, another full stop: ``! ».``), when white space and a
  sentence opener follow (a capital, a digit, ``«``, ``—``, ``(`` or a quote);
* a full stop does not end a sentence after an initial (``V. Lénine``), a
  dotted acronym (``N.R.``), a known abbreviation (``t. 26``, ``pp. 5-25``,
  ``éd.``, see ``kg/data/repair/abbreviations.toml``), or after the number
  that opens a list item (``1. Ne jamais…``);
* ``etc.`` ends a sentence only before a capital, like any word;
* quotations get no special treatment: a quoted passage of several
  sentences is split like running text, and a closing ``»`` stays with the
  sentence it closes.  A would-be sentence without any word of two letters
  (``N.R.)``) is merged into the previous one.

>>> from kg.model import RepairedText
>>> seg = segment(RepairedText("d", "Voir V. Lénine, t. 26. Il dit « non ! » Puis rien."))
>>> [seg.text[s.start:s.end] for s in seg.paragraphs[0].sentences]
['Voir V. Lénine, t. 26.', 'Il dit « non ! »', 'Puis rien.']
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache

from kg.config import DATA_DIR
from kg.errors import DataError
from kg.model import Footnote, Paragraph, RepairedText, SegmentedText, Sentence

_ABBREVIATIONS_FILE = DATA_DIR / "repair" / "abbreviations.toml"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_TERMINAL = re.compile(r"[.!?…]")
_CLOSERS = '.!?…»"”’)]'
_CALL = re.compile(r"\[\d{1,3}\]")
_OPENERS = '«"“—–([¿¡'
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_ACRONYM = re.compile(r"^\(?(?:[^\W\d_]\.){2,}$")
_INITIAL = re.compile(r"^\(?[^\W\d_]$")
_WORD = re.compile(r"[^\W\d_]{2,}")


def segment(repaired: RepairedText) -> SegmentedText:
    """Split ``repaired.text`` into paragraphs and sentences (trimmed offsets).

    Raises :class:`~kg.errors.DataError` if the abbreviation list is unreadable.
    """
    text = repaired.text
    paragraphs = []
    for start, end in paragraph_spans(text):
        note = _note_in(repaired.footnotes, start, end)
        first = start if note is None else max(start, note.start)
        sentences = tuple(Sentence(s, e) for s, e in sentence_spans(text, first, end))
        paragraphs.append(Paragraph(start, end, sentences, None if note is None else note.label))
    return SegmentedText(repaired, tuple(paragraphs))


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Trimmed spans of the blank-line separated paragraphs of ``text``."""
    pos = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        yield from _trimmed(text, pos, brk.start())
        pos = brk.end()
    yield from _trimmed(text, pos, len(text))


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Trimmed spans of the sentences of ``text[start:end]``."""
    spans: list[tuple[int, int]] = []
    pos = start
    for stop in _boundaries(text, start, end):
        for span in _trimmed(text, pos, stop):
            if spans and not _WORD.search(text, span[0], span[1]):
                spans[-1] = (spans[-1][0], span[1])
            else:
                spans.append(span)
        pos = stop
    for span in _trimmed(text, pos, end):
        if spans and not _WORD.search(text, span[0], span[1]):
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
    return iter(spans)


def _boundaries(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets right after each sentence end in ``text[start:end]``."""
    sentence_start = start
    for match in _TERMINAL.finditer(text, start, end):
        if match.start() < sentence_start:
            continue
        stop = _extend_closers(text, match.end(), end)
        if stop >= end or not text[stop].isspace():
            continue
        opener = _next_visible(text, stop, end)
        if opener is None or not (opener.isupper() or opener.isdigit() or opener in _OPENERS):
            continue
        if match.group() == "." and _keeps_sentence(text, sentence_start, match.start()):
            continue
        sentence_start = stop
        yield stop


def _extend_closers(text: str, pos: int, end: int) -> int:
    """Move ``pos`` past closing marks, `` »`` and footnote calls."""
    while pos < end:
        if text[pos] in _CLOSERS:
            pos += 1
        elif text.startswith(" »", pos):
            pos += 2
        elif call := _CALL.match(text, pos, end):
            pos = call.end()
        else:
            break
    return pos


def _next_visible(text: str, pos: int, end: int) -> str | None:
    while pos < end and text[pos].isspace():
        pos += 1
    return text[pos] if pos < end else None


def _keeps_sentence(text: str, sentence_start: int, dot: int) -> bool:
    """Is the full stop at ``dot`` part of an abbreviation, initial or list number?"""
    token = _TOKEN_BEFORE.search(text, sentence_start, dot)
    if token is None:
        return True
    word = token.group(1) + "."
    if _INITIAL.match(token.group(1)) or _ACRONYM.match(word):
        return True
    if token.group(1).lower().lstrip("(") in _abbreviations():
        return True
    return token.group(1).isdigit() and not text[sentence_start : token.start()].strip()


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _note_in(footnotes: tuple[Footnote, ...], start: int, end: int) -> Footnote | None:
    return next((f for f in footnotes if start <= f.start < end), None)


@cache
def _abbreviations() -> frozenset[str]:
    """Lower-cased abbreviations (without their full stop) that never end a sentence."""
    try:
        data = tomllib.loads(_ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
        return frozenset(str(x).lower() for x in data["abbreviations"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{_ABBREVIATIONS_FILE}: {exc}") from exc
