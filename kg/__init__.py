"""October 1917 knowledge graph: cited, Wikidata-linked RDF from historical texts.

Pipeline (data flows forward only, see ``kg.pipeline``)::

    seeds.load -> repair -> segment -> extract/<kind> -> link -> rdf (+provenance)
               -> validate (SHACL) -> store (Oxigraph) -> query | export | serve
"""

__version__ = "0.1.0"
