"""The ``graph/meta`` graph: which graph came from which document, by which run."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef

from kg import __version__, iris
from kg.config import DATASET_LICENSE, EXTRACTOR_VERSION
from kg.model import SourceDocument
from kg.vocab import DCTERMS, PROV, RDF, RDFS


def meta_graph(docs: Iterable[SourceDocument]) -> Graph:
    """Provenance of every named graph (PROV-O bundles).

    Deterministic: no timestamps, so identical input gives identical output.
    """
    g = Graph()
    agent = iris.agent(f"kg-{__version__}-extractors-{EXTRACTOR_VERSION}")
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"kg {__version__} (extractors v{EXTRACTOR_VERSION})")))
    dataset = iris.dataset()
    g.add((dataset, RDF.type, PROV.Collection))
    g.add((dataset, DCTERMS.license, URIRef(DATASET_LICENSE)))
    g.add((dataset, RDFS.label, Literal("October 1917 knowledge graph", lang="en")))
    for name in ("ontology", "gazetteer", "meta", "editorial"):
        g.add((iris.graph(name), RDF.type, PROV.Bundle))
        g.add((iris.graph(name), RDFS.label, Literal(f"{name} graph", lang="en")))
    for doc in docs:
        graph = iris.graph(doc.doc_id)
        g.add((graph, RDF.type, PROV.Bundle))
        g.add((graph, RDF.type, PROV.Entity))
        g.add(
            (graph, RDFS.label, Literal(f"statements extracted from {doc.meta.title}", lang="en"))
        )
        g.add((graph, PROV.wasDerivedFrom, iris.document(doc.doc_id)))
        g.add((graph, PROV.wasAttributedTo, agent))
        g.add((graph, DCTERMS.source, Literal(f"seeds/{doc.meta.file} sha256:{doc.sha256}")))
    return g
