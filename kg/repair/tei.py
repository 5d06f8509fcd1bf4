"""Read a TEI P5 edition (``format = "tei"``): the text with its structure and encoded names.

Parsed with ``lxml``; only ``text`` is read (the ``teiHeader`` is metadata).

* ``head`` is a heading; ``p``, ``ab``, ``item``, ``l``, ``byline``,
  ``dateline``, ``opener``, ``closer``, ``trailer``, ``docTitle`` are
  paragraphs; ``div``, ``list``, ``lg``, ``front``, ``body``, ``back`` hold them;
* ``note`` is a footnote: its place in the text is the call ``[n]`` (``@n``,
  else its rank), its content a note paragraph;
* ``pb`` starts page ``@n`` (a :class:`~kg.model.PageAnchor`); ``lb`` is a space
  unless ``break="no"``; ``fw`` (running heads), ``del``, ``gap``, ``figure``
  are left out; in ``choice`` the edited reading is kept (``corr``, ``reg``,
  ``expan``);
* ``persName``, ``orgName`` and ``placeName`` are encoded names: each becomes a
  :class:`~kg.model.SourceMention` (kind person, body or place) with its
  ``@ref`` (``@key`` else) and the QID it names (``wd:Q1394``, a Wikidata IRI).
"""

from __future__ import annotations

from kg.errors import SeedError
from kg.model import SourceDocument
from kg.repair.blocks import Block, Run

TEI = "{http://www.tei-c.org/ns/1.0}"
_PARAGRAPHS = frozenset(
    [
        "p",
        "ab",
        "item",
        "l",
        "byline",
        "dateline",
        "opener",
        "closer",
        "trailer",
        "docTitle",
        "titlePart",
        "salute",
        "signed",
        "argument",
        "epigraph",
        "castItem",
        "label",
    ]
)
_CONTAINERS = frozenset(
    [
        "text",
        "front",
        "body",
        "back",
        "div",
        "div1",
        "div2",
        "div3",
        "div4",
        "div5",
        "div6",
        "div7",
        "list",
        "lg",
        "sp",
        "group",
        "floatingText",
        "titlePage",
        "docImprint",
    ]
)
_SKIP = frozenset(
    ["fw", "del", "gap", "figure", "graphic", "teiHeader", "sic", "orig", "abbr", "surplus"]
)
_NAMES = {"persName": "person", "orgName": "body", "placeName": "place"}
_EDITED = ("corr", "reg", "expan")


def tei_blocks(doc: SourceDocument) -> list[Block]:
    """The edition's blocks in reading order, notes last."""
    from lxml import etree

    try:
        root = etree.fromstring(
            doc.raw.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError as exc:
        raise SeedError(f"{doc.path}: not well-formed XML ({exc})") from None
    text = root.find(f".//{TEI}text")
    if text is None:
        raise SeedError(f"{doc.path}: no TEI <text> element (namespace {TEI[1:-1]})")
    reader = _Reader()
    reader.container(text)
    return reader.blocks + reader.notes


def _local(el: object) -> str:
    tag = el.tag  # type: ignore[attr-defined]
    return tag[len(TEI) :] if isinstance(tag, str) and tag.startswith(TEI) else ""


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[Block] = []
        self._count = 0

    def container(self, el: object) -> None:
        loose = Block("text", el.sourceline or 1)  # type: ignore[attr-defined]
        if (el.text or "").strip():  # type: ignore[attr-defined]
            loose.runs.append(Run(el.text))  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            name = _local(child)
            if name in _SKIP:
                pass
            elif name == "head" or name in _PARAGRAPHS:
                self._flush(loose)
                loose = Block("text", child.sourceline or 1)
                block = Block("heading" if name == "head" else "text", child.sourceline or 1)
                self.inline(child, block.runs)
                self._flush(block)
            elif name in _CONTAINERS or (name in ("quote", "cit", "q") and _has_blocks(child)):
                self._flush(loose)
                loose = Block("text", child.sourceline or 1)
                self.container(child)
            else:
                self.element(child, loose.runs)
            if ((child.tail or "").strip() or loose.runs) and child.tail:
                loose.runs.append(Run(child.tail))
        self._flush(loose)

    def _flush(self, block: Block) -> None:
        if (
            block.text().strip()
            or any(r.call for r in block.runs)
            or any(r.page for r in block.runs)
        ):
            self.blocks.append(block)

    def inline(self, el: object, runs: list[Run]) -> None:
        if el.text:  # type: ignore[attr-defined]
            runs.append(Run(el.text))  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            self.element(child, runs)
            if child.tail:
                runs.append(Run(child.tail))

    def element(self, el: object, runs: list[Run]) -> None:
        name = _local(el)
        if not name or name in _SKIP:
            return
        if name == "pb":
            runs.append(Run(page=el.get("n") or ""))  # type: ignore[attr-defined]
        elif name == "lb":
            if el.get("break") != "no":  # type: ignore[attr-defined]
                runs.append(Run(" "))
        elif name == "note":
            self._count += 1
            label = (el.get("n") or str(self._count)).strip()  # type: ignore[attr-defined]
            runs.append(Run(call=label))
            note = Block("note", el.sourceline or 1, label=label)  # type: ignore[attr-defined]
            self.inline(el, note.runs)
            self.notes.append(note)
        elif name == "choice":
            kept = next((c for c in el if _local(c) in _EDITED), None)  # type: ignore[attr-defined]
            if kept is not None:
                self.inline(kept, runs)
        elif name in _NAMES:
            ref = el.get("ref") or el.get("key") or ""  # type: ignore[attr-defined]
            inner: list[Run] = []
            self.inline(el, inner)
            text = "".join(r.text for r in inner if r.call is None and r.page is None)
            runs.append(Run(text, mention=(_NAMES[name], ref)))
            runs.extend(r for r in inner if r.call is not None or r.page is not None)
        else:
            self.inline(el, runs)


def _has_blocks(el: object) -> bool:
    return any(_local(c) in _PARAGRAPHS for c in el)  # type: ignore[attr-defined]
