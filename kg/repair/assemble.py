"""Shared last steps of every repair recipe: re-flow lines, lay out the text.

A recipe hands over paragraphs as lists of :class:`Piece` (the cleaned text
of one seed line and its 1-based line number), body first, then notes.
:func:`flow` joins the lines of a paragraph (hyphenation decided by a
callback); :func:`assemble` writes the running text, then one paragraph
``[n] body`` per note, and computes the line map and the footnote spans.

Footnote calls travel through the recipe as :func:`call_marker` strings (two
private-use characters around the label) that :func:`assemble` turns into
``[n]``, same length, so offsets never shift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.model import Footnote, LineMapping, RepairedText, RepairFlag

CALL_OPEN = "\ue000"
CALL_CLOSE = "\ue001"
PARAGRAPH_BREAK = "\n\n"

_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007]+")
_CALL = re.compile(f"{CALL_OPEN}([^{CALL_CLOSE}]*){CALL_CLOSE}")
_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
_WORD_START = re.compile(r"^([^\W\d_]+)")

#: ``join(left, right)`` says whether ``left-`` + ``right`` is one word split by a line end.
JoinRule = Callable[[str, str], bool]


@dataclass(frozen=True)
class Piece:
    """Text that came from one seed line (1-based ``line``)."""

    text: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the repaired text, ``note`` = footnote label for a note body."""

    pieces: tuple[Piece, ...]
    note: str | None = None


def call_marker(label: str) -> str:
    """The in-flight form of a footnote call; becomes ``[label]`` in the text."""
    return f"{CALL_OPEN}{label}{CALL_CLOSE}"


def collapse_spaces(text: str) -> str:
    """Runs of spaces (including no-break spaces) become one ordinary space; strip."""
    return _SPACES.sub(" ", text).strip()


def flow(pieces: Sequence[Piece], join: JoinRule) -> tuple[Piece, ...]:
    """Join hard-wrapped lines: a space between lines, hyphenation per ``join``.

    Each returned piece carries its trailing separator, so concatenating the
    pieces gives the paragraph.
    """
    kept = [Piece(collapse_spaces(p.text), p.line) for p in pieces]
    kept = [p for p in kept if p.text]
    out: list[Piece] = []
    for k, piece in enumerate(kept):
        if k + 1 == len(kept):
            out.append(piece)
            break
        text = piece.text
        left = _HYPHEN_END.search(text) if text.endswith("-") else None
        right = _WORD_START.match(kept[k + 1].text)
        if left and right:
            if join(left.group(1), right.group(1)):
                text = text[:-1]
        else:
            text += " "
        out.append(Piece(text, piece.line))
    return tuple(out)


def assemble(
    doc_id: str, paragraphs: Sequence[Paragraph], starts: dict[int, int] | None = None
) -> RepairedText:
    """Lay out body paragraphs then note paragraphs into a :class:`RepairedText`.

    ``starts``, when given, receives ``id(piece) -> offset`` of every piece
    written (for records that point into a piece, e.g. encoded names).
    Raises nothing; a call whose note is missing is left as ``[n]`` text.  A note
    without its call, or a call without its note, is reported as a ``footnote``
    flag (:func:`unpaired`).
    """
    writer = _Writer(starts)
    body = [p for p in paragraphs if p.note is None]
    notes = [p for p in paragraphs if p.note is not None]
    for k, para in enumerate(body):
        if k:
            writer.write(PARAGRAPH_BREAK, None)
        for piece in para.pieces:
            writer.piece(piece)
    body_end = writer.pos if notes else -1
    spans: dict[str, tuple[int, int]] = {}
    for para in notes:
        assert para.note is not None
        if writer.pos:
            writer.write(PARAGRAPH_BREAK, None)
        first = para.pieces[0].line if para.pieces else None
        writer.write(f"[{para.note}] ", first)
        start = writer.pos
        for piece in para.pieces:
            writer.piece(piece)
        spans.setdefault(para.note, (start, writer.pos))
    text = writer.text()
    calls: dict[str, tuple[int, int]] = {}
    for m in _CALL.finditer(text):
        calls.setdefault(m.group(1), (m.start(), m.end()))
    text = text.replace(CALL_OPEN, "[").replace(CALL_CLOSE, "]")
    footnotes = tuple(
        Footnote(label, start, end, *calls.get(label, (None, None)))
        for label, (start, end) in spans.items()
    )
    flags = unpaired(footnotes, calls)
    return RepairedText(doc_id, text, footnotes, tuple(writer.line_map), body_end, flags)


def unpaired(
    footnotes: Sequence[Footnote], calls: dict[str, tuple[int, int]]
) -> tuple[RepairFlag, ...]:
    """A ``footnote`` flag for each note without a call and each call without a note.

    >>> unpaired([Footnote("1", 40, 52)], {"2": (10, 13)})
    (RepairFlag(start=10, end=13, kind='footnote', reason='call 2 has no note'), \
RepairFlag(start=40, end=52, kind='footnote', reason='note 1 has no call in the running text'))
    """
    labels = {f.label for f in footnotes}
    out = [
        RepairFlag(s, e, "footnote", f"call {label} has no note")
        for label, (s, e) in calls.items()
        if label not in labels
    ]
    out += [
        RepairFlag(f.start, f.end, "footnote", f"note {f.label} has no call in the running text")
        for f in footnotes
        if f.call_start is None
    ]
    return tuple(sorted(out, key=lambda f: f.start))


class _Writer:
    """Appends text and keeps the line map (merging runs from the same line)."""

    def __init__(self, starts: dict[int, int] | None = None) -> None:
        self._parts: list[str] = []
        self.pos = 0
        self.line_map: list[LineMapping] = []
        self._starts = starts

    def piece(self, piece: Piece) -> None:
        if self._starts is not None:
            self._starts[id(piece)] = self.pos
        self.write(piece.text, piece.line)

    def write(self, text: str, line: int | None) -> None:
        if not text:
            return
        end = self.pos + len(text)
        if line is not None:
            last = self.line_map[-1] if self.line_map else None
            if last and last.source_line == line and last.end == self.pos:
                self.line_map[-1] = LineMapping(last.start, end, line)
            else:
                self.line_map.append(LineMapping(self.pos, end, line))
        self._parts.append(text)
        self.pos = end

    def text(self) -> str:
        return "".join(self._parts)
