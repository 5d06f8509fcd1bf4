"""Repair recipe for text extracted from a PDF (``format = "pdf-text"``).

What the extraction left, and what this module does about it:

* diacritics destroyed -> :mod:`kg.repair.accents`, line by line;
* footnotes interleaved with the running text: a note starts at a line
  ``n Text`` (``n`` the next expected label, after a blank line or another
  note) and runs until a page break; a page break shows as a line starting
  with a single space.  A note continued after a blank line (a lower-case or
  digit start, e.g. ``325-326.``) stays one note;
* paragraphs: blank lines separate blocks, but the PDF also leaves blank
  lines at page and column breaks; a block continues the previous one when
  that one does not end a sentence and the block starts in lower case (or
  starts a new page).  A short line followed by a capital ends a paragraph
  (title lines);
* the drop capital of the first paragraph sits alone on a later line: it is
  put back in front of the first block that starts in lower case;
* footnote calls glued to words (``spontanément1``, ``»3``, ``».7``) or after
  a space (``» 8``, ``bleu 10``) become ``[n]``; they are searched in label
  order, each after the previous call and before its own note;
* hard wraps are joined, hyphenation decided by the lexicon.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from kg.model import RepairedText, SourceDocument
from kg.repair.accents import AccentRestorer, clean_words, log_frequency, rewrite_codes
from kg.repair.assemble import (
    CALL_CLOSE,
    CALL_OPEN,
    Paragraph,
    Piece,
    assemble,
    call_marker,
    collapse_spaces,
    flow,
)

_NOTE_START = re.compile(r"^(\d{1,3}) +(?=[A-ZÀ-ÝŒ«\"(])")
_DROP_CAP = re.compile(r"^[A-ZÀ-ÝŒ]$")
_TRAILING_CALL = re.compile(
    rf"(?:(?<=[^\W\d_]|»|\.)\s?\d{{1,3}}|{CALL_OPEN}[^{CALL_CLOSE}]*{CALL_CLOSE})$"
)
_SENTENCE_END = ".!?…»"
_KEEP_OPEN = ",;:(-–"
_SHORT_LINE = 0.6
#: Words after which a spaced number is never a footnote call (dates, pages, counts).
_NOT_BEFORE_CALL = frozenset(
    {
        *("le", "la", "les", "l", "du", "des", "de", "d", "au", "aux", "à", "a", "en", "et"),
        *("ou", "sur", "par", "pour", "vers", "dès", "depuis", "environ", "p", "pp", "t"),
        *("n", "no", "avant", "après", "pendant", "entre", "contre", "sauf", "que", "qui"),
        *("dont", "moins", "plus"),
    }
)


@dataclass
class _Block:
    """Consecutive non-blank running-text lines (0-based indices)."""

    lines: list[int] = field(default_factory=list)
    page_break: bool = False  # first line opens a new page


@dataclass
class _Note:
    label: str
    lines: list[int] = field(default_factory=list)


def repair_pdf(doc: SourceDocument, marks: bool = True) -> RepairedText:
    """Repair a PDF extraction: accents, notes, paragraphs, calls.

    ``marks``: restore seed 000's damage marks (:mod:`kg.repair.accents`);
    off when the text was repaired of another damage already.

    >>> from kg.seeds import load  # doctest: +SKIP
    >>> repair_pdf(load(Path("seeds"))[0]).text[:22]  # doctest: +SKIP
    'Les journées d’Octobre'
    """
    lines = [unicodedata.normalize("NFC", x) for x in doc.raw.split("\n")]
    raw_lines = [rewrite_codes(x) for x in lines] if marks else lines
    restorer = AccentRestorer(clean_words("\n".join(raw_lines)))
    blocks, notes, drop_cap = _layout(raw_lines)
    restore = restorer.restore if marks else str
    texts = [collapse_spaces(restore(x)) for x in raw_lines]
    if drop_cap is not None:
        _put_back_drop_cap(texts, blocks, drop_cap)
    for note in notes:
        texts[note.lines[0]] = _NOTE_START.sub("", texts[note.lines[0]] + " ", count=1).rstrip()
    body_lines = [i for b in blocks for i in b.lines]
    _mark_calls(texts, body_lines, notes)
    join = _JoinRule(texts)
    paragraphs = [
        Paragraph(flow([Piece(texts[i], i + 1) for i in lines], join))
        for lines in _paragraphs(blocks, texts)
    ]
    paragraphs += [
        Paragraph(flow([Piece(texts[i], i + 1) for i in n.lines], join), note=n.label)
        for n in notes
    ]
    return assemble(doc.doc_id, paragraphs)


def _layout(lines: list[str]) -> tuple[list[_Block], list[_Note], int | None]:
    """Sort lines into running-text blocks and notes; find the drop capital."""
    blocks: list[_Block] = []
    notes: list[_Note] = []
    drop_cap: int | None = None
    in_note, after_blank, expected = False, True, 1
    block: _Block | None = None
    for i, line in enumerate(lines):
        if not line.strip():
            after_blank, block = True, None
            continue
        start = _NOTE_START.match(line)
        if start and int(start.group(1)) == expected and (after_blank or in_note):
            notes.append(_Note(start.group(1), [i]))
            in_note, expected, block = True, expected + 1, None
        elif in_note and not line.startswith(" ") and (not after_blank or _continues_note(line)):
            notes[-1].lines.append(i)
        elif drop_cap is None and _DROP_CAP.match(line.strip()):
            drop_cap = i
        else:
            if block is None:
                block = _Block(page_break=in_note or line.startswith(" "))
                blocks.append(block)
            block.lines.append(i)
            in_note = False
        after_blank = False
    return blocks, notes, drop_cap


def _continues_note(line: str) -> bool:
    first = line.lstrip()[:1]
    return first.islower() or first.isdigit()


def _put_back_drop_cap(texts: list[str], blocks: list[_Block], drop_cap: int) -> None:
    """Prefix the drop capital to the first block that starts in lower case.

    Without such a block the letter stays where it was printed, as a block.
    """
    for block in blocks:
        first = block.lines[0]
        if texts[first][:1].islower():
            texts[first] = texts[drop_cap] + texts[first]
            texts[drop_cap] = ""
            return
    at = next((k for k, b in enumerate(blocks) if b.lines[0] > drop_cap), len(blocks))
    blocks.insert(at, _Block([drop_cap]))


def _paragraphs(blocks: list[_Block], texts: list[str]) -> list[list[int]]:
    """Group block lines into paragraphs (line indices)."""
    width = _typical_width(texts, blocks)
    paragraphs: list[list[int]] = []
    for block in blocks:
        lines = [i for i in block.lines if texts[i]]
        if not lines:
            continue
        if paragraphs and _continues(texts[paragraphs[-1][-1]], texts[lines[0]], block.page_break):
            paragraphs[-1].extend(lines[:1])
        else:
            paragraphs.append(lines[:1])
        for prev, line in itertools.pairwise(lines):
            if _ends_title_line(texts[prev], texts[line], width):
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
    return paragraphs


def _typical_width(texts: list[str], blocks: list[_Block]) -> float:
    widths = [len(texts[i]) for b in blocks for i in b.lines if texts[i]]
    return statistics.median(widths) if widths else 0.0


def _continues(prev: str, nxt: str, page_break: bool) -> bool:
    """Does a block starting with ``nxt`` continue the paragraph ending with ``prev``?"""
    prev = _TRAILING_CALL.sub("", prev).rstrip()
    if not prev or prev[-1] in _SENTENCE_END:
        return False
    return nxt[:1].islower() or page_break


def _ends_title_line(line: str, nxt: str, width: float) -> bool:
    """A short line followed by a capital, inside a block, ends its paragraph."""
    short = len(line) < _SHORT_LINE * width
    return short and line[-1] not in _KEEP_OPEN and (nxt[:1].isupper() or nxt[:1] == "«")


def _mark_calls(texts: list[str], body_lines: list[int], notes: list[_Note]) -> None:
    """Replace each note's call in the running text by its :func:`call_marker`."""
    cursor = (0, 0)
    for note in notes:
        limit = note.lines[0]
        hit = _find_call(texts, body_lines, cursor, limit, _glued(note.label))
        if hit is None:
            hit = _find_call(texts, body_lines, cursor, limit, _spaced(note.label))
        if hit is None:
            continue
        k, start, end = hit
        i = body_lines[k]
        marker = call_marker(note.label)
        texts[i] = texts[i][:start] + marker + texts[i][end:]
        cursor = (k, start + len(marker))


def _glued(label: str) -> re.Pattern[str]:
    """``spontanément1``, ``»3``, ``».7``: the label right after a letter or a mark."""
    return re.compile(rf"(?<=[^\W\d_]|[»).,;:!?’\"])(?P<n>{label})(?!\w)")


def _spaced(label: str) -> re.Pattern[str]:
    """``» 8``, ``bleu 10 et``: the label after a space, at a line end or before a word."""
    return re.compile(rf"(?:»|\b(?P<word>[^\W\d_]{{2,}})) (?P<n>{label})(?=$| [^\W\d_]|[,;.])")


def _find_call(
    texts: list[str],
    body_lines: list[int],
    cursor: tuple[int, int],
    limit: int,
    pattern: re.Pattern[str],
) -> tuple[int, int, int] | None:
    """The first match after ``cursor`` on a body line before line ``limit``.

    Returns (index in ``body_lines``, start, end) of the text the call replaces.
    """
    start_k, column = cursor
    for k in range(start_k, len(body_lines)):
        i = body_lines[k]
        if i >= limit:
            return None
        for match in pattern.finditer(texts[i], column if k == start_k else 0):
            word = match.groupdict().get("word")
            if word is not None and word.lower() in _NOT_BEFORE_CALL:
                continue
            start = match.start("n") - (1 if texts[i][match.start("n") - 1] == " " else 0)
            return k, start, match.end("n")
    return None


class _JoinRule:
    """Join ``left-`` + ``right`` across a line end only when the joined word is
    known and the hyphenated compound is not (neither printed elsewhere in the
    document nor made of two known words)."""

    def __init__(self, texts: list[str]) -> None:
        self._text = "\n".join(texts).lower()

    def __call__(self, left: str, right: str) -> bool:
        joined = log_frequency((left + right).lower())
        if joined is None:
            return False
        if f"{left}-{right}".lower() in self._text:
            return False
        parts = (log_frequency(left.lower()), log_frequency(right.lower()))
        return not all(p is not None and p > _KNOWN_PART for p in parts)


#: log10 frequency above which a word counts as known on its own (zipf 2).
_KNOWN_PART = -7.0
