"""Repair recipe for Markdown-ish seeds (``format = "markdown"``).

Rendered as plain text:

* ``**bold**`` and ``*emphasis*`` lose their asterisks, ``<sup>er</sup>``
  its tags (``1er``, ``IIe``), ``## heading`` its hashes;
* drop-capital splits at a paragraph start are mended: ``**L**E 29`` ->
  ``Le 29``, ``J E ne`` -> ``Je ne``;
* lines of one paragraph (title lines ending with two spaces) are joined;
* a paragraph cut by a blank line (it does not end a sentence and the next
  starts in lower case, or it ends on a bare word) is joined again;
* notes in the styles of ``kg/data/repair/footnotes.toml``
  (:mod:`kg.repair.footnotes`): a paragraph ``(n) text``, ``<sup>n</sup> text``,
  ``[n] text`` or ``[^n]: text``, or a line ``n. text`` of a list under a
  ``## Notes`` heading, is note ``n`` (the heading itself is dropped); its
  call (`` (n)``, ``<sup>n</sup>``, `` [n]``, ``[^n]``) in the running text
  becomes ``[n]``.  A note whose call is not found, or an unmistakable call
  (``<sup>n</sup>``, ``[^n]``) left without its note, is reported as a
  ``footnote`` flag (``kg text DOC --flags``); neither stops the repair.

Damage marks (U+FFFD), should a Markdown seed have them, go through
:mod:`kg.repair.accents` too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.model import RepairedText, SourceDocument
from kg.repair.accents import MARK, AccentRestorer, clean_words, log_frequency, rewrite_codes
from kg.repair.assemble import (
    Paragraph,
    Piece,
    assemble,
    call_marker,
    collapse_spaces,
    flow,
)
from kg.repair.damage import with_doubts
from kg.repair.footnotes import FootnoteRules, NoteStyle, footnote_rules

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
    kind: str  # "text", "heading", "notes-heading" (dropped) or "note"
    label: str = ""  # the note's label, digits read ("¹" -> "1")
    style: NoteStyle | None = None
    printed: str = ""  # the label as printed, for finding its call


def repair_markdown(doc: SourceDocument, marks: bool = True) -> RepairedText:
    """Render a Markdown-ish seed as plain text with addressable notes.

    >>> from kg.seeds import load  # doctest: +SKIP
    >>> repair_markdown(load(Path("seeds"))[1]).text[:26]  # doctest: +SKIP
    "L'intervention de Lénine a"
    """
    lines = [unicodedata.normalize("NFC", x) for x in doc.raw.split("\n")]
    doubts: dict[str, tuple[str, str]] = {}
    if marks and any(MARK in x for x in lines):
        lines = [rewrite_codes(x) for x in lines]
        restorer = AccentRestorer(clean_words("\n".join(lines)))
        lines = [restorer.restore(x) for x in lines]
        doubts = restorer.doubts
    rules = footnote_rules()
    blocks = _blocks(lines, rules)
    for block in blocks:
        if block.style is not None:
            first = block.lines[0]
            lines[first] = block.style.start.sub("", lines[first], count=1)
    notes = [b for b in blocks if b.kind == "note"]
    body = [b for b in blocks if b.kind in ("text", "heading")]
    _mark_calls(lines, body, notes)
    _mark_orphans(lines, body, rules)
    texts = [_render(x) for x in lines]
    for block in blocks:
        first = block.lines[0]
        texts[first] = _start_of_block(texts[first], block)
    texts = [_EMPHASIS.sub("", x) for x in texts]
    paragraphs = [
        Paragraph(
            flow([Piece(texts[i], i + 1) for i in b.lines], _never_join), note=b.label or None
        )
        for b in _merge([b for b in blocks if b.kind != "notes-heading"], texts)
    ]
    return with_doubts(assemble(doc.doc_id, paragraphs), doubts)


def _blocks(lines: list[str], rules: FootnoteRules) -> list[_Block]:
    """Blank-line separated blocks, each classified; each line of a notes list is a note."""
    blocks: list[_Block] = []
    current: _Block | None = None
    in_notes = False
    for i, line in enumerate(lines):
        if not line.strip():
            current = None
            continue
        note = rules.note_start(line, in_notes)
        if current is not None and not (note and (in_notes or current.kind == "note")):
            current.lines.append(i)
            continue
        if note:
            printed = note[1].group("label")
            current = _Block([i], "note", label_of(printed), note[0], printed)
        elif rules.notes_heading.match(line):
            in_notes = True
            current = _Block([i], "notes-heading")
        elif _HEADING.match(line):
            in_notes = False
            current = _Block([i], "heading")
        else:
            current = _Block([i], "text")
        blocks.append(current)
    return blocks


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def label_of(printed: str) -> str:
    """A note label as the text refers to it: superscript digits read (``"¹²"`` -> ``"12"``)."""
    return printed.translate(_SUPERSCRIPT_DIGITS)


def _render(line: str) -> str:
    """HTML tags out (``<sup>er</sup>`` -> ``er``), spaces collapsed.

    Asterisks stay until drop capitals (``**L**E``) are mended.
    """
    line = _TAG.sub("", line)
    return collapse_spaces(line)


def _start_of_block(text: str, block: _Block) -> str:
    if block.kind == "note":
        return text
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


def _mark_calls(lines: list[str], blocks: list[_Block], notes: list[_Block]) -> None:
    """Replace each note's call, in note order, by a call marker.

    A call is looked for after the previous one, by the call patterns of its note's style in
    order (the first that matches anywhere after the cursor wins).
    """
    order = [i for b in blocks for i in b.lines]
    k = column = 0
    for note in notes:
        assert note.style is not None
        for pattern in note.style.call_patterns(note.printed or note.label):
            hit = _search(lines, order, k, column, pattern)
            if hit is not None:
                j, match = hit
                i = order[j]
                marker = call_marker(note.label)
                lines[i] = lines[i][: match.start()] + marker + lines[i][match.end() :]
                k, column = j, match.start() + len(marker)
                break


def _search(
    lines: list[str], order: list[int], k: int, column: int, pattern: re.Pattern[str]
) -> tuple[int, re.Match[str]] | None:
    for j in range(k, len(order)):
        match = pattern.search(lines[order[j]], column if j == k else 0)
        if match:
            return j, match
    return None


def _mark_orphans(lines: list[str], blocks: list[_Block], rules: FootnoteRules) -> None:
    """Unmistakable calls left over (a note called twice, a call without its note) become
    call markers too: ``[n]`` in the text rather than a digit glued to the word, and a call
    without its note is reported (:func:`kg.repair.assemble.unpaired`).
    """
    for i in (i for b in blocks for i in b.lines):
        for rx in rules.orphan_calls:
            lines[i] = rx.sub(lambda m: call_marker(label_of(m["label"])), lines[i])


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
