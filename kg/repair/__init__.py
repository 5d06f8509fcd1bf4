"""Stage ``repair``: turn a seed document into clean, readable French text.

First the damage the text suffered is detected, or read from the manifest
(:mod:`kg.repair.damage`), and the text-level repairs run: mojibake, lost
letters, OCR confusions, glued words.  Then one recipe per
:class:`~kg.model.SourceFormat` lays the text out:

* ``pdf-text`` -> :mod:`kg.repair.pdf_layout` (seed 000's damage marks
  restored by :mod:`kg.repair.accents`, notes separated, paragraphs re-flowed);
* ``markdown`` -> :mod:`kg.repair.markdown` (markup rendered as plain text);
* ``pdf`` -> :mod:`kg.repair.pdf` (the text layer, pages kept as anchors, then
  the ``pdf-text`` recipe);
* ``html`` -> :mod:`kg.repair.html` and ``tei`` -> :mod:`kg.repair.tei`
  (structure read from the markup, :mod:`kg.repair.structured`).

All lay out the result the same way (:mod:`kg.repair.assemble`): running
text paragraphs separated by blank lines, then one paragraph ``[n] body`` per
footnote; calls are ``[n]`` in the running text.  Words no repair could
restore with confidence stay as printed and are listed in
:attr:`~kg.model.RepairedText.flags`.
"""

from __future__ import annotations

import dataclasses

from kg.errors import SeedError
from kg.model import DamageKind, RepairedText, SourceDocument, SourceFormat
from kg.repair import damage
from kg.repair.markdown import repair_markdown
from kg.repair.pdf_layout import repair_pdf

__all__ = ["repair"]


def repair(doc: SourceDocument) -> RepairedText:
    """Repair ``doc`` according to its manifest format and its damage.

    Raises :class:`~kg.errors.SeedError` for a format without a recipe or a
    file the format's reader cannot read.

    >>> from pathlib import Path
    >>> from kg.seeds import load
    >>> doc = load(Path("seeds"))[0]  # doctest: +SKIP
    >>> repair(doc).text.startswith("Les journées d’Octobre")  # doctest: +SKIP
    True
    """
    fmt = doc.meta.format
    if fmt in (SourceFormat.HTML, SourceFormat.TEI):
        from kg.repair.structured import repair_structured

        return repair_structured(doc)
    pages: tuple[tuple[int, str], ...] = ()
    if fmt is SourceFormat.PDF:
        from kg.repair.pdf import pdf_text

        text, pages = pdf_text(doc)
        doc = dataclasses.replace(doc, raw=text)
    elif fmt not in (SourceFormat.PDF_TEXT, SourceFormat.MARKDOWN):
        raise SeedError(f"{doc.path}: no repair recipe for format {fmt!r}")
    kinds = damage.kinds(doc.raw, doc.meta.damage)
    prepared = damage.prepare(doc.raw, kinds)
    fixed = dataclasses.replace(doc, raw=prepared.text)
    marks = DamageKind.MARKS in kinds
    if fmt is SourceFormat.MARKDOWN:
        repaired = repair_markdown(fixed, marks=marks)
    else:
        repaired = repair_pdf(fixed, marks=marks, pages=pages)
    found = damage.flags(repaired.text, prepared.reported)
    return dataclasses.replace(
        repaired, flags=tuple(sorted(repaired.flags + found, key=lambda f: f.start))
    )
