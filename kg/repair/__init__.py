"""Stage ``repair``: turn a seed document into clean, readable French text.

One recipe per :class:`~kg.model.SourceFormat`:

* ``pdf-text`` -> :mod:`kg.repair.pdf_layout` (accents restored by
  :mod:`kg.repair.accents`, notes separated, paragraphs re-flowed);
* ``markdown`` -> :mod:`kg.repair.markdown` (markup rendered as plain text).

Both lay out the result the same way (:mod:`kg.repair.assemble`): running
text paragraphs separated by blank lines, then one paragraph ``[n] body`` per
footnote; calls are ``[n]`` in the running text.
"""

from __future__ import annotations

from kg.errors import SeedError
from kg.model import RepairedText, SourceDocument, SourceFormat
from kg.repair.markdown import repair_markdown
from kg.repair.pdf_layout import repair_pdf

__all__ = ["repair"]


def repair(doc: SourceDocument) -> RepairedText:
    """Repair ``doc`` according to its manifest format.

    Raises :class:`~kg.errors.SeedError` for a format without a recipe.

    >>> from pathlib import Path
    >>> from kg.seeds import load
    >>> doc = load(Path("seeds"))[0]  # doctest: +SKIP
    >>> repair(doc).text.startswith("Les journées d’Octobre")  # doctest: +SKIP
    True
    """
    if doc.meta.format is SourceFormat.PDF_TEXT:
        return repair_pdf(doc)
    if doc.meta.format is SourceFormat.MARKDOWN:
        return repair_markdown(doc)
    raise SeedError(f"{doc.path}: no repair recipe for format {doc.meta.format!r}")
