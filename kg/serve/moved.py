"""Redirects from IRIs that moved (docs/decisions/0008-document-iris-by-kind.md).

Before decision 0008 every document a text names had ``doc/<id>/decree/<key>``
(a fable, a newspaper, a letter alike); it is now ``doc/<id>/<type>/<key>``.
An entity whose key changed keeps its old key in the gazetteer's
``former_keys`` (``work/rabochiy-put`` is ``work/pravda``).  ``GET`` on an old
IRI answers ``301 Moved Permanently`` with the new path in ``Location``; the
new IRIs are minted by :mod:`kg.iris` only.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from kg import iris
from kg.config import BASE_IRI
from kg.model import DocType
from kg.serve.replies import Reply


@cache
def _former_keys() -> dict[str, str]:
    """``<kind>/<old key>`` → ``<kind>/<key>`` from the gazetteer's ``former_keys``."""
    from kg.gazetteer import load_gazetteer

    return {
        f"{e.kind.value}/{old}": f"{e.kind.value}/{e.key}"
        for e in load_gazetteer()
        for old in e.former_keys
    }


def _exists(store: ox.Store, iri: str) -> bool:
    return next(store.quads_for_pattern(ox.NamedNode(iri), None, None, None), None) is not None


def target(store: ox.Store, path: str) -> str | None:
    """The path (IRI minus BASE_IRI) an old IRI's path moved to, if the store has it."""
    candidates = [(path, "")]
    stem, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix:  # /doc/…/decree/x.ttl → /doc/…/fable/x.ttl
        candidates.append((stem, dot + suffix))
    for candidate, tail in candidates:
        found = [*iris.moved_document(candidate, tuple(t.value for t in DocType))]
        entity = iris.moved_entity(candidate, _former_keys())
        if entity is not None:
            found.append(entity)
        for iri in found:
            if str(iri).startswith(BASE_IRI) and _exists(store, str(iri)):
                return str(iri)[len(BASE_IRI) :] + tail
    return None


def redirect(store: ox.Store, path: str) -> Reply | None:
    """``301`` to where ``path`` moved, or ``None`` when it did not."""
    new = target(store, path)
    if new is None:
        return None
    body = f"moved permanently to /{new}\n".encode()
    return Reply(301, "text/plain; charset=utf-8", body, (("Location", "/" + new),))
