"""Stage ``rdf``: linked records → RDF graphs with provenance.

* :func:`document_graph` builds the named graph of one document: the document
  and its text, its footnotes, the names it uses, and every fact (each with a
  Web Annotation citing its span; see :mod:`kg.rdf.provenance`).
* :func:`gazetteer_graph` builds the shared entities' graph.

Fact builders live in one module per kind of fact and register the record
types they handle in their ``BUILDERS`` mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import Graph

from kg.errors import KgError
from kg.model import Entity, Fact, LinkedDocument, SourceDocument
from kg.rdf.context import RdfContext
from kg.rdf.dates import add_date_mention
from kg.rdf.documents import add_document, add_footnotes
from kg.rdf.entities import add_entities, add_name_usages
from kg.vocab import PREFIXES

Builder = Callable[[RdfContext, Fact], None]


def _builders() -> dict[type, Builder]:
    from kg.rdf import FACT_MODULES

    table: dict[type, Builder] = {}
    for module in FACT_MODULES:
        table.update(module.BUILDERS)
    return table


FACT_MODULES: list = []  # filled below: one module per kind of fact


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def document_graph(doc: SourceDocument, linked: LinkedDocument) -> Graph:
    """All statements extracted from one document, with their evidence."""
    g = new_graph()
    repaired = linked.segmented.repaired
    by_key = {e.key: e for e in linked.entities}
    add_document(g, doc, repaired)
    add_footnotes(g, repaired)
    add_name_usages(g, doc.doc_id, linked.extraction.mentions, by_key, repaired.text)
    for ref in linked.extraction.dates:
        add_date_mention(g, ref, repaired.text)
    ctx = RdfContext(g, doc.doc_id, repaired.text, by_key)
    builders = _builders()
    for fact in linked.extraction.facts:
        builder = builders.get(type(fact))
        if builder is None:
            raise KgError(f"no RDF builder for {type(fact).__name__}")
        builder(ctx, fact)
    return g


def gazetteer_graph(entities: Iterable[Entity]) -> Graph:
    g = new_graph()
    entities = tuple(entities)
    add_entities(g, entities, {e.key: e for e in entities})
    return g


def _register() -> None:
    import importlib
    import pkgutil

    import kg.rdf as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"kg.rdf.{info.name}")
        if hasattr(module, "BUILDERS"):
            FACT_MODULES.append(module)


_register()
