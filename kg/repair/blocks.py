"""The blocks a structured reader (:mod:`kg.repair.html`, :mod:`kg.repair.tei`) hands to
:mod:`kg.repair.structured`: headings, paragraphs and notes made of text runs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    """Text of one block, or a call (``call`` = note label), or a page start (``page``)."""

    text: str = ""
    mention: tuple[str, str] | None = None  # (kind, ref) of an encoded name
    call: str | None = None
    page: str | None = None


@dataclass
class Block:
    kind: str  # "heading", "text" or "note"
    line: int  # source line (1-based) of the element
    runs: list[Run] = field(default_factory=list)
    label: str = ""  # the note's label

    def text(self) -> str:
        return "".join(r.text for r in self.runs)
