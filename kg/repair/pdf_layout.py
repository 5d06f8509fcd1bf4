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

import dataclasses
import itertools
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.model import PageAnchor, RepairedText, SourceDocument
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
from kg.repair.damage import with_doubts

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


def repair_pdf(
    doc: SourceDocument, marks: bool = True, pages: Sequence[tuple[int, str]] = ()
) -> RepairedText:
    """Repair a PDF extraction: accents, notes, paragraphs, calls.

    ``marks``: restore seed 000's damage marks (:mod:`kg.repair.accents`);
    off when the text was repaired of another damage already.  ``pages``:
    (first line, 1-based; page label) of each page when the reader knows them
    (:mod:`kg.repair.pdf`); running heads give them otherwise.

    >>> from kg.seeds import load  # doctest: +SKIP
    >>> repair_pdf(load(Path("seeds"))[0]).text[:22]  # doctest: +SKIP
    'Les journées d’Octobre'
    """
    lines = [unicodedata.normalize("NFC", x) for x in doc.raw.split("\n")]
    raw_lines = [rewrite_codes(x) for x in lines] if marks else lines
    restorer = AccentRestorer(clean_words("\n".join(raw_lines)))
    heads = running_heads(raw_lines)
    blocks, notes, drop_cap = _layout(raw_lines, frozenset(heads))
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
    repaired = with_doubts(assemble(doc.doc_id, paragraphs), restorer.doubts)
    starts = sorted({**{i + 1: label for i, label in heads.items()}, **dict(pages)}.items())
    if starts:
        repaired = dataclasses.replace(repaired, pages=page_anchors(repaired, starts))
    return repaired


#: A running head: a page number and a title in capitals, far apart, or a number alone.
_RUNNING_HEAD = re.compile(
    r"^\s*(?:(?P<a>\d{1,4})\s{3,}(?P<ta>[^a-z]{3,})|(?P<tb>[^a-z]{3,}?)\s{3,}(?P<b>\d{1,4})|(?P<c>\d{1,4})|[—–-]\s*(?P<d>\d{1,4})\s*[—–-])\s*$"
)


def running_heads(lines: list[str]) -> dict[int, str]:
    """Line index -> printed page number, for running heads and bare page numbers.

    A head stands alone between blank lines (or at the text's start or end);
    its title part has no lower-case letter.  A page number between dashes
    (``— 41 —``) is one wherever it stands, e.g. right under a footnote.
    """
    heads: dict[int, str] = {}
    for i, line in enumerate(lines):
        m = _RUNNING_HEAD.match(line)
        if m is None:
            continue
        alone = (i == 0 or not lines[i - 1].strip()) and (
            i + 1 == len(lines) or not lines[i + 1].strip()
        )
        title = m.group("ta") or m.group("tb") or ""
        if m.group("d"):
            heads[i] = m.group("d")
        elif alone and (not title or any(ch.isalpha() for ch in title)):
            heads[i] = m.group("a") or m.group("b") or m.group("c")
    return heads


def page_anchors(
    repaired: RepairedText, starts: Sequence[tuple[int, str]]
) -> tuple[PageAnchor, ...]:
    """Page anchors from (first source line, 1-based; page label) pairs, via the line map.

    A page's text starts at the first repaired offset from one of its lines;
    running text and notes are laid out apart, so only the running text's
    first offset on each page counts.
    """
    anchors: list[PageAnchor] = []
    bounds = [line for line, _ in starts] + [10**9]
    for k, (first, label) in enumerate(starts):
        offsets = [
            m.start
            for m in repaired.line_map
            if first <= m.source_line < bounds[k + 1]
            and (repaired.body_end < 0 or m.start < repaired.body_end)
        ]
        if offsets:
            anchors.append(PageAnchor(min(offsets), label))
    anchors.sort(key=lambda a: a.start)
    return tuple(anchors)


def _layout(
    lines: list[str], heads: frozenset[int] = frozenset()
) -> tuple[list[_Block], list[_Note], int | None]:
    """Sort lines into running-text blocks and notes; find the drop capital.

    ``heads``: indices of running-head lines (:func:`running_heads`), which end a page.
    """
    blocks: list[_Block] = []
    notes: list[_Note] = []
    drop_cap: int | None = None
    in_note, after_blank, expected = False, True, 1
    block: _Block | None = None
    new_page = False
    for i, line in enumerate(lines):
        if not line.strip():
            after_blank, block = True, None
            continue
        if i in heads:
            after_blank, block, in_note, new_page = True, None, False, True
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
                block = _Block(page_break=in_note or new_page or line.startswith(" "))
                blocks.append(block)
                new_page = False
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
            from kg.repair.lexicon import gazetteer_words

            # a name the gazetteer spells whole ("Chliap-" + "nikov")
            return (left + right).lower() in gazetteer_words()
        if f"{left}-{right}".lower() in self._text:
            return False
        parts = (log_frequency(left.lower()), log_frequency(right.lower()))
        if not all(p is not None and p > _KNOWN_PART for p in parts):
            return True
        # two known parts, but the whole is about as frequent as the rarer one ("ap-prouvait")
        return joined >= min(p for p in parts if p is not None) - _JOIN_MARGIN


#: log10 frequency above which a word counts as known on its own (zipf 2).
_KNOWN_PART = -7.0
#: log10 margin by which a joined word may be rarer than the rarer of two known parts.
_JOIN_MARGIN = 0.5
