"""Read a web page (``format = "html"``): main content, headings, paragraphs, notes.

Parsed with ``lxml.html``.  Dropped: scripts, styles, forms, navigation
(``nav``, ARIA ``navigation``/``banner``/``contentinfo``/``search``, page
``header``/``footer`` outside the article, elements whose class or id says
menu, breadcrumb, sidebar, share, cookie).  The main content is the first
``main``, ``article`` or ``[role=main]``, else the body.

Headings (``h1``-``h6``) and paragraph-like elements (``p``, ``li``,
``blockquote``, ``dd``…) become blocks of their own, so a bold title with an
italic inside stays one heading.  A footnote call is a link to ``#id``
inside ``sup`` (or ``role=doc-noteref``) whose target exists: the target
becomes note ``n`` (its back-link dropped) and its list or section leaves the
running text.  A page break marker (``role=doc-pagebreak``,
``epub:type=pagebreak``, ``span.pagenum``) gives a page anchor.
"""

from __future__ import annotations

import re
from typing import Any

from kg.errors import SeedError
from kg.model import SourceDocument
from kg.repair.blocks import Block, Run

#: an lxml element (lxml ships no type information)
Element = Any
#: footnote id -> (label, note element)
Notes = dict[str, tuple[str, Any]]

_DROP = (
    "//script|//style|//form|//noscript|//template|//nav|//button|//select|//iframe"
    "|//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='search']"
)
_NOISE = re.compile(
    r"\b(?:nav|navbar|menu|breadcrumbs?|sidebar|share|social|cookies?|skip)\b", re.I
)
_BLOCKS = frozenset(
    [
        "p",
        "li",
        "blockquote",
        "dd",
        "dt",
        "figcaption",
        "pre",
        "div",
        "section",
        "article",
        "main",
        "ul",
        "ol",
        "dl",
        "table",
        "tr",
        "td",
        "th",
        "header",
        "footer",
        "aside",
        "figure",
        "address",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "body",
        "tbody",
        "thead",
    ]
)
_PARAGRAPHS = frozenset(
    ["p", "li", "blockquote", "dd", "dt", "figcaption", "pre", "td", "th", "address"]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_LABEL = re.compile(r"^\W*(\w{1,6})\W*$")
_NOTE_LABEL = re.compile(r"^\s*(?:\[\s*\w{1,6}\s*\]|\(\s*\w{1,6}\s*\)|\w{1,6}[.)])\s*")


def html_blocks(doc: SourceDocument) -> list[Block]:
    """The page's blocks, in reading order, notes last."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(doc.raw)
    except (etree.ParserError, ValueError) as exc:
        raise SeedError(f"{doc.path}: not readable HTML ({exc})") from None
    for el in tree.xpath(_DROP):
        el.drop_tree()
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        outside = not el.xpath("ancestor::article|ancestor::main")
        if (el.tag in ("header", "footer") and outside) or (
            _NOISE.search(names) and el.tag not in ("body", "html")
        ):
            el.drop_tree()
    root = next(iter(tree.xpath("//main|//article|//*[@role='main']")), None)
    if root is None:
        root = tree.find("body") if tree.find("body") is not None else tree
    notes = _notes(root)
    blocks: list[Block] = []
    _walk(root, blocks, notes)
    for label, el in notes.values():
        block = Block("note", el.sourceline or 1, label=label)
        _inline(el, block.runs, notes, skip_backlinks=True)
        if block.runs:
            block.runs[0].text = _NOTE_LABEL.sub("", block.runs[0].text.lstrip(), count=1)
        blocks.append(block)
    return blocks


def _notes(root: Element) -> Notes:
    """Call target id -> (label, note element); the notes' containers are removed."""
    notes: Notes = {}
    count = 0
    for a in root.xpath(".//a[starts-with(@href, '#')]"):
        is_call = (
            a.xpath("ancestor::sup")
            or a.get("role") == "doc-noteref"
            or "noteref" in (a.get("class") or "")
        )
        target_id = a.get("href")[1:]
        targets = root.xpath(".//*[@id=$i]", i=target_id)
        if not is_call or not targets or target_id in notes:
            continue
        target = targets[0]
        if target.tag == "a" and target.getparent() is not None:
            target = target.getparent()
        count += 1
        m = _LABEL.match(a.text_content() or "")
        notes[target_id] = (m.group(1) if m else str(count), target)
    for _, el in list(notes.values()):
        container = el.getparent()
        if container is not None and container.tag in ("ol", "ul"):
            outer = container.getparent()
            hint = f"{outer.get('class', '')} {outer.get('id', '')} {outer.get('role', '')}"
            if (
                outer is not None
                and outer.tag in ("section", "div", "aside", "footer")
                and re.search(r"note", hint, re.I)
            ):
                container = outer
        if container is not None and container.getparent() is not None:
            container.getparent().remove(container)
        elif el.getparent() is not None:
            el.getparent().remove(el)
    return notes


def _walk(el: Element, blocks: list[Block], notes: Notes) -> None:
    """Blocks of ``el``: paragraph-like children are blocks, loose inline text too."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _HEADINGS or (tag in _PARAGRAPHS and not _has_blocks(el)):
        block = Block("heading" if tag in _HEADINGS else "text", el.sourceline or 1)
        _inline(el, block.runs, notes)
        if block.text().strip():
            blocks.append(block)
        return
    loose = Block("text", el.sourceline or 1)
    if el.text:
        loose.runs.append(Run(el.text))
    for child in el:
        if isinstance(child.tag, str) and child.tag in _BLOCKS:
            _flush(loose, blocks)
            loose = Block("text", child.sourceline or 1)
            _walk(child, blocks, notes)
        else:
            _inline_element(child, loose.runs, notes)
        if child.tail:
            loose.runs.append(Run(child.tail))
    _flush(loose, blocks)


def _flush(block: Block, blocks: list[Block]) -> None:
    if block.text().strip():
        blocks.append(block)


def _has_blocks(el: Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _PARAGRAPHS | _HEADINGS for c in el)


def _inline(el: Element, runs: list[Run], notes: Notes, skip_backlinks: bool = False) -> None:
    if el.text:
        runs.append(Run(el.text))
    for child in el:
        _inline_element(child, runs, notes, skip_backlinks)
        if child.tail:
            runs.append(Run(child.tail))


def _inline_element(
    child: Element, runs: list[Run], notes: Notes, skip_backlinks: bool = False
) -> None:
    tag = child.tag if isinstance(child.tag, str) else ""
    if not tag:
        return
    if tag == "br":
        runs.append(Run(" "))
        return
    page = _page_label(child)
    if page is not None:
        runs.append(Run(page=page))
        return
    if tag == "a" and (child.get("href") or "").startswith("#"):
        target = child.get("href")[1:]
        if target in notes:
            runs.append(Run(call=notes[target][0]))
            return
        if skip_backlinks or child.get("role") == "doc-backlink":
            return
    if tag == "sup" and child.xpath(".//a[starts-with(@href, '#')]"):
        for a in child.xpath(".//a[starts-with(@href, '#')]"):
            if a.get("href")[1:] in notes:
                runs.append(Run(call=notes[a.get("href")[1:]][0]))
                return
    _inline(child, runs, notes, skip_backlinks)


def _page_label(el: Element) -> str | None:
    role = el.get("role") or ""
    kind = el.get("epub:type") or el.get("{http://www.idpf.org/2007/ops}type") or ""
    cls = el.get("class") or ""
    if role == "doc-pagebreak" or kind == "pagebreak" or re.search(r"\bpagenum\b", cls):
        label = el.get("aria-label") or el.get("title") or el.text_content() or ""
        m = re.search(r"\w+$", label.strip())
        return m.group() if m else ""
    return None
