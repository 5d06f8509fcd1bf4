"""The records of the text stages: sources, repaired text, segments, evidence.

A seed file and its manifest entry (:class:`SourceDocument`), its clean text
(:class:`RepairedText`, the only text offsets ever refer to), its paragraphs
and sentences (:class:`SegmentedText`) and a piece of evidence (:class:`Span`).
Import them from :mod:`kg.model`, which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

# --------------------------------------------------------------------------- sources


class SourceFormat(str, Enum):
    """How a seed file was produced; selects the repair recipe."""

    PDF_TEXT = "pdf-text"  # text extracted from a PDF, diacritics damaged
    MARKDOWN = "markdown"  # Markdown-ish with <sup> tags and (n) notes
    PDF = "pdf"  # a PDF file: its text layer is read (kg.repair.pdf)
    HTML = "html"  # a web page: main content, headings and paragraphs (kg.repair.html)
    TEI = "tei"  # a TEI P5 edition: structure, notes, pages and encoded names (kg.repair.tei)


class DamageKind(str, Enum):
    """What went wrong with a text on its way to us; selects the repairs (kg.repair.damage)."""

    MARKS = "marks"  # seed 000: base letter + U+FFFD, spurious spaces, EP/AO codes
    LOST_LETTERS = "lost-letters"  # one U+FFFD in place of each non-ASCII character
    MOJIBAKE = "mojibake"  # UTF-8 bytes decoded as Latin-1/CP1252 (rÃ©volution, â€™)
    GLUED_WORDS = "glued-words"  # spaces lost (deZinoviev, dansla)
    OCR = "ocr"  # character confusions (0ctobre, Petr0grad, 1'armée)


#: Formats read as bytes, not as UTF-8 text.
BINARY_FORMATS = frozenset({SourceFormat.PDF})


@dataclass(frozen=True)
class Edition:
    """Where a document was printed."""

    title: str
    place: str = ""
    publisher: str = ""
    year: int | None = None
    pages: str = ""
    note: str = ""


@dataclass(frozen=True)
class DocumentMeta:
    """One manifest entry (``seeds/manifest.toml``)."""

    doc_id: str
    file: str
    title: str
    author: str
    language: str
    format: SourceFormat
    date_written: str  # ISO date or year, as precise as the evidence allows
    edition: Edition
    author_key: str = ""  # gazetteer key of the author, e.g. "krupskaya"
    author_wikidata: str = ""  # QID, only when vouched for
    translator: str = ""
    description: str = ""
    #: damage kinds named in the manifest (``damage = ["lost-letters"]``); empty: detected
    damage: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    """A seed file as read from disk, with its manifest entry."""

    meta: DocumentMeta
    path: Path
    raw: str  # the file as text ("" for a binary format such as pdf)
    sha256: str  # of the raw bytes
    data: bytes = field(default=b"", repr=False)  # the raw bytes of a binary format

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id


# --------------------------------------------------------------------------- repaired text


@dataclass(frozen=True)
class Footnote:
    """A footnote kept as its own addressable unit of the repaired text.

    ``start``/``end`` delimit the note's body (without its number) in the
    repaired text; ``call_start``/``call_end`` delimit the call marker in the
    running text (``None`` when the call could not be found).
    """

    label: str
    start: int
    end: int
    call_start: int | None = None
    call_end: int | None = None


@dataclass(frozen=True)
class LineMapping:
    """Repaired offsets ``[start, end)`` came from line ``source_line`` (1-based) of the seed."""

    start: int
    end: int
    source_line: int


@dataclass(frozen=True)
class RepairFlag:
    """A damaged word the repair could not restore with confidence: kept as printed.

    ``text[start:end]`` of the repaired text is the word as printed; ``kind``
    is the damage (``lost-letters``, ``mojibake``, ``glued-words``, ``ocr``,
    ``marks``), ``reason`` says why it was left alone.
    """

    start: int
    end: int
    kind: str
    reason: str


@dataclass(frozen=True)
class PageAnchor:
    """The printed page ``label`` starts at offset ``start`` of the repaired text."""

    start: int
    label: str


@dataclass(frozen=True)
class SourceMention:
    """A name the source itself encodes (TEI ``persName``/``orgName``/``placeName``).

    ``kind`` is ``person``, ``body`` or ``place``; ``ref`` the encoder's
    reference as written (``wd:Q1394``, a Wikidata IRI, ``#lenin``), and
    ``wikidata`` the QID it names, when it names one.
    """

    start: int
    end: int
    kind: str
    ref: str
    wikidata: str = ""


@dataclass(frozen=True)
class RepairedText:
    """Clean text of one document: the only text offsets ever refer to."""

    doc_id: str
    text: str
    footnotes: tuple[Footnote, ...] = ()
    line_map: tuple[LineMapping, ...] = ()
    body_end: int = -1  # offset where the running text ends and the notes begin (-1: no notes)
    flags: tuple[RepairFlag, ...] = ()  # damaged words kept as printed (``kg text --flags``)
    pages: tuple[PageAnchor, ...] = ()  # printed page numbers, in text order
    mentions: tuple[SourceMention, ...] = ()  # names encoded by the source (TEI)

    def page_at(self, offset: int) -> str | None:
        """The printed page an offset lies on (``None`` without page anchors)."""
        label = None
        for anchor in self.pages:
            if anchor.start > offset:
                break
            label = anchor.label
        return label

    def source_line(self, offset: int) -> int | None:
        """The seed line an offset of the repaired text came from (for debugging)."""
        for m in self.line_map:
            if m.start <= offset < m.end:
                return m.source_line
        return None


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    footnote: str | None = None  # label, when the paragraph is a footnote body


@dataclass(frozen=True)
class SegmentedText:
    repaired: RepairedText
    paragraphs: tuple[Paragraph, ...]

    @property
    def doc_id(self) -> str:
        return self.repaired.doc_id

    @property
    def text(self) -> str:
        return self.repaired.text


# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Span:
    """Evidence: ``text == repaired_text[start:end]`` of document ``doc_id``."""

    doc_id: str
    start: int
    end: int
    text: str
