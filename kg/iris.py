"""The one place where IRIs are minted.

Scheme (see docs/decisions/0002-iri-scheme.md), all under :data:`kg.config.BASE_IRI`:

=====================================  ===========================================
``person/<key>``, ``body/<key>``, …    gazetteer entities (kind/key)
``doc/<doc_id>``                       a source document (the abstract text)
``doc/<doc_id>/text``                  the repaired-text manifestation offsets refer to
``doc/<doc_id>/note/<label>``          a footnote of that text
``doc/<doc_id>/<kind>/<key>``          a fact extracted from that document
``doc/<doc_id>/<type>/<key>``          a document that document names, by its type
                                       (``decree``, ``letter``, ``newspaper``, ``fable`` …;
                                       docs/decisions/0008-document-iris-by-kind.md)
``doc/<doc_id>/evidence/<n>``          a Web Annotation citing a span
``day/<yyyy-mm-dd>``                   a calendar day (Gregorian date in the IRI)
``graph/<doc_id>``                     the named graph of a document's statements
``graph/ontology|gazetteer|meta|wikidata|editorial``  the shared graphs
``note/<file>/<key>``                  an editorial note (``seeds/notes/<file>.toml``)
``wikidata/<kind>/<digest>``           a statement or reference node of the Wikidata-shaped view
=====================================  ===========================================

IRIs are deterministic: the same input always mints the same IRI.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from datetime import date

from rdflib import URIRef

from kg.vocab import KG

_SLUG_BAD = re.compile(r"[^a-z0-9]+")
_SLUG_RULE_BAD = re.compile(r"[^a-z0-9.]+")


def slug(text: str) -> str:
    """A lower-case ASCII slug: ``slug("Comité Central") == "comite-central"``."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_BAD.sub("-", ascii_.lower()).strip("-") or "x"


# The IRIs a document graph repeats (its text, its document, the entities and facts it
# names, each a few times per fact) are minted once: rdflib re-validates every new URIRef.


@functools.lru_cache(maxsize=1 << 14)
def entity(kind: str, key: str) -> URIRef:
    return KG[f"{kind}/{key}"]


@functools.lru_cache(maxsize=256)
def document(doc_id: str) -> URIRef:
    return KG[f"doc/{doc_id}"]


@functools.lru_cache(maxsize=256)
def text(doc_id: str) -> URIRef:
    return KG[f"doc/{doc_id}/text"]


def footnote(doc_id: str, label: str) -> URIRef:
    return KG[f"doc/{doc_id}/note/{label}"]


@functools.lru_cache(maxsize=1 << 14)
def fact(doc_id: str, kind: str, key: str) -> URIRef:
    """A fact's IRI; a key that does not survive slugging keeps a short digest so IRIs stay unique."""
    s = slug(key)
    if s != key:
        s = f"{s}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"
    return KG[f"doc/{doc_id}/{kind}/{s}"]


#: The IRI segment of a named document's type where it is not the type itself: a note
#: left for someone is a letter (its classes are fabio:Letter, bibo:Letter) and
#: ``doc/<id>/note/`` is the footnotes'; an untyped work is a ``work``.
_DOCUMENT_SEGMENTS = {"note": "letter", "": "work"}

#: The segment every named document had before decision 0008.
FORMER_DOCUMENT_SEGMENT = "decree"


def document_segment(doc_type: str) -> str:
    """``doc/<id>/<segment>/<key>`` of a named document of type ``doc_type``.

    >>> document_segment("fable"), document_segment("note"), document_segment("")
    ('fable', 'letter', 'work')
    """
    return _DOCUMENT_SEGMENTS.get(doc_type, doc_type)


def named_document(doc_id: str, doc_type: str, key: str) -> URIRef:
    """A document the text ``doc_id`` names (a decree, a letter, a newspaper …), by type.

    >>> str(named_document("d", "newspaper", "pravda")).endswith("/doc/d/newspaper/pravda")
    True
    """
    return fact(doc_id, document_segment(doc_type), key)


def moved_document(path: str, doc_types: tuple[str, ...]) -> tuple[URIRef, ...]:
    """Where an IRI of the former scheme (``doc/<id>/decree/<key>``, every named document
    under ``decree``) may have gone: the document of that key under each type's segment.

    >>> [str(i).rsplit("/", 2)[-2] for i in moved_document("doc/d/decree/x", ("fable", "letter"))]
    ['fable', 'letter']
    >>> moved_document("doc/d/vote/x", ("fable",))
    ()
    """
    parts = path.strip("/").split("/")
    if len(parts) != 4 or parts[0] != "doc" or parts[2] != FORMER_DOCUMENT_SEGMENT:
        return ()
    segments = dict.fromkeys(document_segment(t) for t in doc_types)
    return tuple(
        KG[f"doc/{parts[1]}/{segment}/{parts[3]}"]
        for segment in segments
        if segment != FORMER_DOCUMENT_SEGMENT
    )


def moved_entity(path: str, former_keys: dict[str, str]) -> URIRef | None:
    """The entity IRI a former key's IRI (``work/rabochiy-put``) now redirects to;
    ``former_keys`` maps ``<kind>/<old key>`` to ``<kind>/<key>`` (gazetteer ``former_keys``).

    >>> str(moved_entity("work/a", {"work/a": "work/b"})).endswith("/work/b")
    True
    """
    new = former_keys.get(path.strip("/"))
    return KG[new] if new else None


def evidence(doc_id: str, start: int, end: int, body: str) -> URIRef:
    """The annotation citing ``[start, end)`` of ``doc_id`` for the fact IRI ``body``."""
    digest = hashlib.sha1(body.encode("utf-8")).hexdigest()[:10]
    return KG[f"doc/{doc_id}/evidence/{start}-{end}-{digest}"]


def note(file: str, key: str) -> URIRef:
    """The editorial note ``[notes.<key>]`` of ``seeds/notes/<file>.toml``."""
    return KG[f"note/{file}/{key}"]


def day(gregorian: date) -> URIRef:
    return KG[f"day/{gregorian.isoformat()}"]


def graph(name: str) -> URIRef:
    """``graph("ontology")`` or ``graph(doc_id)``."""
    return KG[f"graph/{name}"]


def part(parent: URIRef, name: str) -> URIRef:
    """A resource belonging to ``parent``: ``<parent>/<name>`` (a day's Julian description, an edition)."""
    return URIRef(f"{parent}/{name}")


def fragment(parent: URIRef, name: str) -> URIRef:
    """A node described only inside ``parent``: ``<parent>#<name>`` (an annotation's target)."""
    return URIRef(f"{parent}#{name}")


def dataset() -> URIRef:
    """The whole graph as a dataset (VoID/DCAT, licence)."""
    return KG["dataset"]


def agent(name: str) -> URIRef:
    """The software that produced the graphs."""
    return KG[f"agent/{name}"]


def rule(name: str) -> URIRef:
    """An extraction rule, ``<patterns file stem>.<rule name>``: the agent its facts'
    evidence is attributed to (docs/decisions/0007-rule-provenance.md).

    >>> str(rule("votes.count-adopted")).endswith("/agent/rule/votes.count-adopted")
    True
    """
    return KG[f"agent/rule/{slug_rule(name)}"]


def slug_rule(name: str) -> str:
    """A rule name kept readable in an IRI: lower case, ``[a-z0-9.-]``."""
    return _SLUG_RULE_BAD.sub("-", name.lower()).strip("-") or "x"


def wikidata(qid: str) -> URIRef:
    return URIRef(f"http://www.wikidata.org/entity/{qid}")


def view_node(kind: str, *parts: str) -> URIRef:
    """A statement or reference node of the Wikidata-shaped view (:mod:`kg.wikidata_view`).

    ``wikidata/<kind>/<16 hex of sha1(parts joined by a space)>``; the view
    mints the same IRIs inside SPARQL with :func:`view_node_sparql`.

    >>> view_node("statement/P39", "fact", "value").startswith(KG + "wikidata/statement/P39/")
    True
    """
    digest = hashlib.sha1(" ".join(parts).encode("utf-8")).hexdigest()[:16]
    return KG[f"wikidata/{kind}/{digest}"]


def view_node_sparql(kind: str, *expressions: str) -> str:
    """The SPARQL expression minting :func:`view_node` from the string values of ``expressions``."""
    joined = ', " ", '.join(f"STR({e})" for e in expressions)
    return f'IRI(CONCAT("{KG}wikidata/{kind}/", SUBSTR(SHA1(CONCAT({joined})), 1, 16)))'
