"""Small HTML helpers for server-rendered pages (no templates, no inline scripts).

IRIs minted under BASE_IRI link to their path on this server, so a page
works on any host and port:

>>> local_href("https://w3id.org/october1917/person/lenin")
'/person/lenin'
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from kg.config import BASE_IRI
from kg.vocab import PREFIXES

_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


_NAMESPACES = tuple((prefix, str(ns)) for prefix, ns in PREFIXES.items())


def short(iri: str) -> str:
    """A prefixed name when a known namespace matches (the longest one), else the IRI.

    >>> short("https://w3id.org/october1917/ontology#wikidataEvidence")
    'okg:wikidataEvidence'
    """
    best = max(
        ((prefix, ns) for prefix, ns in _NAMESPACES if iri.startswith(ns) and iri != ns),
        key=lambda pair: len(pair[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def local_href(iri: str) -> str:
    if iri.startswith(BASE_IRI) and len(iri) > len(BASE_IRI):
        return "/" + quote(iri[len(BASE_IRI) :], safe=_PATH_SAFE)
    return iri


def link(iri: str, text: str) -> str:
    cls = ' class="local"' if iri.startswith(BASE_IRI) else ""
    return f'<a{cls} href="{esc(local_href(iri))}" title="{esc(iri)}">{esc(text)}</a>'


def term(node: Any, text: str) -> str:
    """An RDF term as HTML: IRIs as links, literals with their language or datatype."""
    if isinstance(node, ox.NamedNode):
        return link(node.value, text)
    if isinstance(node, ox.Literal):
        tag = f'<span class="lang">@{esc(node.language)}</span>' if node.language else ""
        return f'<span class="literal">{esc(node.value)}</span>{tag}'
    return f"<code>{esc(node)}</code>"


def formats_bar(iri: str) -> str:
    href = esc(local_href(iri))
    names = (
        ("turtle", "Turtle"),
        ("jsonld", "JSON-LD"),
        ("ntriples", "N-Triples"),
        ("rdfxml", "RDF/XML"),
    )
    links = " · ".join(f'<a href="{href}?format={n}">{t}</a>' for n, t in names)
    return f'<p class="formats">Data: {links}</p>'


NAV = (
    ("/", "October 1917"),
    ("/query", "Query"),
    ("/browse/people", "People"),
    ("/browse/bodies", "Bodies"),
    ("/browse/meetings", "Meetings"),
    ("/browse/documents", "Documents"),
    ("/timeline", "Timeline"),
    ("/network", "Network"),
)


def nav() -> str:
    links = " ".join(
        f'<a{" class=home" if href == "/" else ""} href="{href}">{text}</a>' for href, text in NAV
    )
    return f'<a class="skip" href="#main">Skip to content</a><nav aria-label="Site">{links}</nav>'


def page(
    title: str,
    body: str,
    alternate: str | None = None,
    scripts: tuple[str, ...] = ("pages.js",),
    styles: tuple[str, ...] = (),
) -> str:
    """A whole page: the site's navigation, ``body`` in ``<main>``, scripts from ``/static``."""
    alt = ""
    if alternate:
        href = esc(local_href(alternate))
        alt = (
            f'<link rel="alternate" type="text/turtle" href="{href}?format=turtle">'
            f'<link rel="alternate" type="application/ld+json" href="{href}?format=jsonld">'
        )
    css = "".join(f'<link rel="stylesheet" href="/static/{esc(s)}">' for s in styles)
    js = "".join(f'<script src="/static/{esc(s)}" defer></script>' for s in scripts)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)} · October 1917</title><link rel="icon" href="data:,">{alt}{css}'
        f'<link rel="stylesheet" href="/static/style.css">{js}</head><body>'
        f'{nav()}<main id="main">{body}</main></body></html>\n'
    )
