"""Lay out a document whose structure the markup gives (``html``, ``tei``).

A reader (:mod:`kg.repair.html`, :mod:`kg.repair.tei`) hands over
:class:`Block`\\ s of :class:`Run`\\ s: headings, paragraphs and notes, each a
sequence of text runs, some of them a footnote call, an encoded name or the
start of a printed page.  This module repairs the runs' damage
(:mod:`kg.repair.damage`), normalises white space, and lays the blocks out as
every recipe does (:mod:`kg.repair.assemble`): headings and paragraphs are
paragraphs of their own, notes ``[n] body`` at the end.  Encoded names become
:class:`~kg.model.SourceMention`\\ s and page starts
:class:`~kg.model.PageAnchor`\\ s, with offsets into the one repaired text.
"""

from __future__ import annotations

import dataclasses
import re

from kg.errors import SeedError
from kg.model import (
    DamageKind,
    PageAnchor,
    RepairedText,
    SourceDocument,
    SourceFormat,
    SourceMention,
)
from kg.repair import damage
from kg.repair.accents import AccentRestorer, clean_words, rewrite_codes
from kg.repair.assemble import Paragraph, Piece, assemble, call_marker
from kg.repair.blocks import Block, Run
from kg.repair.lexicon import Lexicon

_SPACES = re.compile(r"\s+")
_QID = re.compile(r"(?:wikidata\.org/(?:entity|wiki)/|^wd:|^wikidata:)(Q[1-9]\d*)$")


def wikidata_of(ref: str) -> str:
    """The QID an encoder's reference names (``wd:Q1394``, a Wikidata IRI), else ``""``.

    >>> wikidata_of("https://www.wikidata.org/entity/Q1394"), wikidata_of("#lenin")
    ('Q1394', '')
    """
    m = _QID.search(ref.strip())
    return m.group(1) if m else ""


def repair_structured(doc: SourceDocument) -> RepairedText:
    """Read ``doc`` with its format's reader and lay it out."""
    if doc.meta.format is SourceFormat.HTML:
        from kg.repair.html import html_blocks

        blocks = html_blocks(doc)
    else:
        from kg.repair.tei import tei_blocks

        blocks = tei_blocks(doc)
    if not any(b.text().strip() for b in blocks):
        raise SeedError(f"{doc.path}: no text found in the {doc.meta.format.value} file")
    return layout(doc.doc_id, blocks, doc.meta.damage)


def layout(doc_id: str, blocks: list[Block], named: tuple[str, ...] = ()) -> RepairedText:
    """Repair the runs' damage and lay the blocks out into one :class:`RepairedText`."""
    whole = "\n\n".join(b.text() for b in blocks)
    kinds = damage.kinds(whole, named)
    reported: dict[str, tuple[str, str]] = {}
    lexicon = Lexicon(whole)
    restorer = AccentRestorer(clean_words(rewrite_codes(whole)))
    paragraphs: list[Paragraph] = []
    tagged: list[tuple[Piece, Run]] = []
    pages: list[tuple[Piece | None, str]] = []
    pending_pages: list[str] = []
    for block in blocks:
        pieces: list[Piece] = []
        for run, text in _normalised(block, kinds, lexicon, restorer, reported):
            if run.page is not None and block.kind != "note":
                pending_pages.append(run.page)
            if not text:
                continue
            piece = Piece(text, block.line)
            pieces.append(piece)
            if run.mention is not None:
                tagged.append((piece, run))
            if block.kind != "note":
                pages.extend((piece, label) for label in pending_pages)
                pending_pages.clear()
        if pieces:
            paragraphs.append(
                Paragraph(tuple(pieces), note=block.label if block.kind == "note" else None)
            )
    starts: dict[int, int] = {}
    repaired = assemble(doc_id, paragraphs, starts)
    mentions = tuple(
        SourceMention(
            starts[id(p)],
            starts[id(p)] + len(p.text),
            run.mention[0],
            run.mention[1],
            wikidata_of(run.mention[1]),
        )
        for p, run in tagged
        if run.mention is not None
    )
    anchors: list[PageAnchor] = []
    for first, label in pages:
        if first is not None and not any(a.label == label for a in anchors):
            anchors.append(PageAnchor(starts[id(first)], label))
    reported = {**restorer.doubts, **reported}
    return dataclasses.replace(
        repaired,
        mentions=mentions,
        pages=tuple(sorted(anchors, key=lambda a: a.start)),
        flags=tuple(
            sorted(repaired.flags + damage.flags(repaired.text, reported), key=lambda f: f.start)
        ),
    )


def _normalised(
    block: Block,
    kinds: frozenset[DamageKind],
    lexicon: Lexicon,
    restorer: AccentRestorer,
    reported: dict[str, tuple[str, str]],
) -> list[tuple[Run, str]]:
    """Each run with its final text: repaired, white space collapsed across the block."""
    out: list[tuple[Run, str]] = []
    space_before = True  # at the block start, leading space is dropped
    for run in block.runs:
        if run.call is not None:
            out.append((run, call_marker(run.call)))
            space_before = False
            continue
        text = run.text
        if DamageKind.MARKS in kinds:
            text = restorer.restore(rewrite_codes(text))
        prepared = damage.prepare(text, kinds, lexicon)
        for word, why in prepared.reported.items():
            reported.setdefault(word, why)
        text = _SPACES.sub(" ", prepared.text)
        if space_before:
            text = text.lstrip(" ")
        if text:
            space_before = text.endswith(" ")
        out.append((run, text))
    # the block's end: trailing space off the last run with text
    for k in range(len(out) - 1, -1, -1):
        run, text = out[k]
        if text:
            out[k] = (run, text.rstrip(" ") if run.call is None else text)
            break
    if out and out[-1][1] == "" and out[-1][0].call is None:
        pass
    return out
