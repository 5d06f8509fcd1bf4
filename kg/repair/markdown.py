"""Repair recipe for Markdown-ish seeds (``format = "markdown"``).

Rendered as plain text:

* ``**bold**`` and ``*emphasis*`` lose their asterisks, ``<sup>er</sup>``
  its tags (``1er``, ``IIe``), ``## heading`` its hashes;
* drop-capital splits at a paragraph start are mended: ``**L**E 29`` ->
  ``Le 29``, ``J E ne`` -> ``Je ne``;
* lines of one paragraph (title lines ending with two spaces) are joined;
* a paragraph cut by a blank line (it does not end a sentence and the next
  starts in lower case, or it ends on a bare word) is joined again;
* numbered notes: a paragraph ``(n) text`` is note ``n``; its call `` (n)``
  in the running text becomes ``[n]``.

Damage marks (U+FFFD), should a Markdown seed have them, go through
:mod:`kg.repair.accents` too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.model import RepairedText, SourceDocument
from kg.repair.accents import MARK, AccentRestorer, clean_words, log_frequency, rewrite_codes
from kg.repair.assemble import Paragraph, Piece, assemble, call_marker, collapse_spaces, flow

_NOTE = re.compile(r"^\((\d{1,3})\)\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
_BOLD_DROP_CAP = re.compile(r"^\*\*([A-ZÀ-Ý])\*\*([A-ZÀ-Ý]+)(?=\s)")
_SPACED_DROP_CAP = re.compile(r"^([A-ZÀ-Ý]) ([A-ZÀ-Ý]+)(?=\s+[a-zà-ÿ0-9])")
#: A spaced split ("J E") is mended only into a common word (log10 frequency).
_COMMON = -6.0
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"\*+")
_SENTENCE_END = ".!?…:"


@dataclass
class _Block:
    lines: list[int]
    kind: str  # "text", "heading" or "note"
    label: str = ""


def repair_markdown(doc: SourceDocument, marks: bool = True) -> RepairedText:
    """Render a Markdown-ish seed as plain text with addressable notes.

    >>> from kg.seeds import load  # doctest: +SKIP
    >>> repair_markdown(load(Path("seeds"))[1]).text[:26]  # doctest: +SKIP
    "L'intervention de Lénine a"
    """
    lines = [unicodedata.normalize("NFC", x) for x in doc.raw.split("\n")]
    if marks and any(MARK in x for x in lines):
        lines = [rewrite_codes(x) for x in lines]
        restorer = AccentRestorer(clean_words("\n".join(lines)))
        lines = [restorer.restore(x) for x in lines]
    blocks = _blocks(lines)
    texts = [_render(x) for x in lines]
    for block in blocks:
        first = block.lines[0]
        texts[first] = _start_of_block(texts[first], block)
    texts = [_EMPHASIS.sub("", x) for x in texts]
    labels = [b.label for b in blocks if b.kind == "note"]
    _mark_calls(texts, [b for b in blocks if b.kind != "note"], labels)
    paragraphs = [
        Paragraph(
            flow([Piece(texts[i], i + 1) for i in b.lines], _never_join), note=b.label or None
        )
        for b in _merge(blocks, texts)
    ]
    return assemble(doc.doc_id, paragraphs)


def _blocks(lines: list[str]) -> list[_Block]:
    """Blank-line separated blocks, each classified."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for i, line in enumerate(lines):
        if not line.strip():
            current = None
        elif current is None:
            note = _NOTE.match(line)
            kind = "note" if note else "heading" if _HEADING.match(line) else "text"
            current = _Block([i], kind, note.group(1) if note else "")
            blocks.append(current)
        else:
            current.lines.append(i)
    return blocks


def _render(line: str) -> str:
    """HTML tags out (``<sup>er</sup>`` -> ``er``), spaces collapsed.

    Asterisks stay until drop capitals (``**L**E``) are mended.
    """
    line = _TAG.sub("", line)
    return collapse_spaces(line)


def _start_of_block(text: str, block: _Block) -> str:
    if block.kind == "note":
        return _NOTE.sub("", text, count=1)
    if block.kind == "heading":
        return _HEADING.sub("", text, count=1)
    text = _BOLD_DROP_CAP.sub(lambda m: m.group(1) + m.group(2).lower(), text, count=1)
    split = _SPACED_DROP_CAP.match(text)
    if split:
        word = split.group(1) + split.group(2).lower()
        frequency = log_frequency(word.lower())
        if frequency is not None and frequency > _COMMON:
            text = word + text[split.end() :]
    return text


def _mark_calls(texts: list[str], blocks: list[_Block], labels: list[str]) -> None:
    """Replace `` (n)`` calls, in label order, by call markers."""
    order = [i for b in blocks for i in b.lines]
    k = 0
    column = 0
    for label in labels:
        pattern = re.compile(rf" ?\({label}\)")
        for j in range(k, len(order)):
            i = order[j]
            match = pattern.search(texts[i], column if j == k else 0)
            if match:
                marker = call_marker(label)
                texts[i] = texts[i][: match.start()] + marker + texts[i][match.end() :]
                k, column = j, match.start() + len(marker)
                break


def _merge(blocks: list[_Block], texts: list[str]) -> list[_Block]:
    """Join text blocks that a stray blank line cut in two (notes in between allowed)."""
    merged: list[_Block] = []
    for block in blocks:
        prev = next((b for b in reversed(merged) if b.kind != "note"), None)
        if (
            block.kind == "text"
            and prev is not None
            and prev.kind == "text"
            and _continues(texts[prev.lines[-1]], texts[block.lines[0]])
        ):
            prev.lines.extend(block.lines)
        else:
            merged.append(_Block(list(block.lines), block.kind, block.label))
    return merged


def _continues(prev: str, nxt: str) -> bool:
    prev = prev.rstrip()
    if not prev or prev[-1] in _SENTENCE_END:
        return False
    return nxt[:1].islower() or prev[-1].isalpha()


def _never_join(left: str, right: str) -> bool:
    """Markdown lines are not hyphenated by a layout: keep every hyphen."""
    return False
