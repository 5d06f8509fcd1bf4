"""Read a PDF file's text layer (``format = "pdf"``) into the ``pdf-text`` shape.

``pypdf`` gives every piece of text with its font size and position.  Per
page, the pieces are grouped into lines (top to bottom, left to right); the
body's font size is the commonest one of the document.  Then:

* a running head (the first line, set smaller than the body or in capitals,
  with a page number at one end) and a bare page number (the last line) are
  dropped, the number kept as the page's label (else pypdf's page label);
* lines below the body in a smaller size are the page's footnotes: they are
  written after a blank line, where the ``pdf-text`` recipe looks for them;
* a new page opens with a single space, the ``pdf-text`` mark of a page break.

The result goes through the ``pdf-text`` recipe (:mod:`kg.repair.pdf_layout`)
with the pages' first lines, which become :class:`~kg.model.PageAnchor`\\ s.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from kg.errors import SeedError
from kg.model import SourceDocument

#: A piece this close (in units of its size) to a line's baseline belongs to the line.
_SAME_LINE = 0.6
#: A line smaller than this share of the body size is a note (or a head).
_SMALL = 0.9
#: A space between lines this many times the usual one separates paragraphs.
_GAP = 1.4
_HEAD = re.compile(r"^\s*(?:(?P<a>\d{1,4})\s+\S.*|.*\S\s+(?P<b>\d{1,4}))\s*$")
_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")


@dataclass
class _Line:
    y: float
    pieces: list[tuple[float, str, float]]  # (x, text, size)

    @property
    def text(self) -> str:
        return "".join(t for _, t, _ in sorted(self.pieces, key=lambda p: p[0])).strip()

    @property
    def size(self) -> float:
        sizes: Counter[float] = Counter()
        for _, t, s in self.pieces:
            sizes[s] += len(t.strip())
        return sizes.most_common(1)[0][0] if sizes else 0.0


def pdf_text(doc: SourceDocument) -> tuple[str, tuple[tuple[int, str], ...]]:
    """The document's text in the ``pdf-text`` shape, and (first line, label) per page.

    Raises :class:`SeedError` for a file pypdf cannot read or without a text layer.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(doc.data))
        pages = [_lines(page) for page in reader.pages]
        labels = list(reader.page_labels)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise SeedError(f"{doc.path}: not a readable PDF ({exc})") from None
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            for _, t, s in line.pieces:
                sizes[s] += len(t.strip())
    if not sizes:
        raise SeedError(f"{doc.path}: the PDF has no text layer (scanned images need OCR first)")
    body = sizes.most_common(1)[0][0]
    out: list[str] = []
    starts: list[tuple[int, str]] = []
    for k, lines in enumerate(pages):
        label, content = _page(lines, body)
        if not content:
            continue
        if out:
            out.append("")
        starts.append((len(out) + 1, label or (labels[k] if k < len(labels) else str(k + 1))))
        first = True
        for text in content:
            out.append((" " + text) if first and k else text)
            first = False
    return "\n".join(out) + "\n", tuple(starts)


def _lines(page: object) -> list[_Line]:
    lines: list[_Line] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        scale = abs(tm[3] * cm[3]) or 1.0
        height = size * scale
        y = tm[5] * cm[3] + cm[5]
        x = tm[4] * cm[0] + cm[4]
        for line in lines:
            if abs(line.y - y) < _SAME_LINE * max(height, line.size):
                line.pieces.append((x, text.replace("\n", " "), height))
                return
        lines.append(_Line(y, [(x, text.replace("\n", " "), height)]))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines.sort(key=lambda line: -line.y)
    return [line for line in lines if line.text]


def _with_paragraph_gaps(lines: list[_Line]) -> list[str]:
    """The lines' text, a blank line where the space between two lines is unusually wide."""
    pitches = [a.y - b.y for a, b in itertools.pairwise(lines)]
    usual = sorted(pitches)[len(pitches) // 2] if pitches else 0.0
    out: list[str] = []
    for k, line in enumerate(lines):
        if k and usual and pitches[k - 1] > _GAP * usual:
            out.append("")
        out.append(line.text)
    return out


def _page(lines: list[_Line], body: float) -> tuple[str, list[str]]:
    """(printed page number or "", the page's lines: body, blank, notes)."""
    label = ""
    if lines:
        head = lines[0]
        m = _HEAD.match(head.text) or _NUMBER.match(head.text)
        small = head.size < _SMALL * body
        caps = not any(ch.islower() for ch in head.text)
        if m and (small or caps):
            label = next(g for g in m.groups() if g)
            lines = lines[1:]
    if lines and (m := _NUMBER.match(lines[-1].text)):
        label = label or m.group(1)
        lines = lines[:-1]
    last_body = max((i for i, line in enumerate(lines) if line.size >= _SMALL * body), default=-1)
    text = _with_paragraph_gaps(lines[: last_body + 1])
    notes = [line.text for line in lines[last_body + 1 :]]
    if notes:
        text += ["", *notes]
    return label, text
