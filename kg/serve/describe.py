"""Self-descriptions: the SPARQL 1.1 Service Description and a VoID/DCAT dataset.

* ``GET /sparql`` (no query) answers the Service Description of the endpoint.
* ``GET /dataset`` and ``GET /.well-known/void`` answer ``<BASE_IRI dataset>``:
  a ``void:Dataset`` and ``dcat:Dataset`` with its triple count, entities per
  class (``void:classPartition``), the Wikidata linkset (``schema:sameAs`` /
  ``owl:sameAs`` to ``wd:``), each named graph as a subset, the licence and
  the seed documents as ``dcterms:source``.  Statistics are computed with
  SPARQL in a worker (and cached by the server per store generation).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg import iris
from kg.config import BASE_IRI
from kg.serve import formats as F
from kg.serve import page_cache
from kg.serve import results as R
from kg.serve.replies import Failure, Reply
from kg.vocab import PREFIXES

N = ox.NamedNode
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FORMATS = "http://www.w3.org/ns/formats/"
TYPE = N(RDF + "type")
DATASET = N(str(iris.dataset()))
XSD_INTEGER = N("http://www.w3.org/2001/XMLSchema#integer")
_PREFIXES = {**PREFIXES, "void": VOID, "dcat": DCAT, "sd": SD, "formats": FORMATS}
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "TriG",
    "N-Quads",
)


def describe(store: ox.Store, request: dict[str, Any]) -> Reply | Failure:
    offer = F.choose(request.get("fmt"), request.get("accept"), F.GRAPHS)
    if offer is None:
        types = ", ".join(o.media_type for o in F.GRAPHS)
        return Failure(406, "not-acceptable", f"available: {types}")
    if request["op"] == "service":
        return R.graph(service(store, request), offer, prefixes=_PREFIXES)
    # the statistics take a few hundred ms: computed once per generation (kg.serve.page_cache)
    key = f"void\n{request['base_url']}\n{request.get('license')}\n{offer.media_type}"
    body = page_cache.get(
        request.get("store", ""),
        key,
        "",
        lambda: R.graph(void(store, request), offer, prefixes=_PREFIXES).body.decode("utf-8"),
    )
    return Reply(200, offer.content_type, (body or "").encode("utf-8"))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def _select(store: ox.Store, sparql: str) -> ox.QuerySolutions:
    """The rows of a SELECT over the union graph."""
    rows = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return rows


def _count(store: ox.Store, sparql: str) -> int:
    rows = list(_select(store, sparql))
    return int(rows[0][0].value) if rows and rows[0][0] is not None else 0


def service(store: ox.Store, request: dict[str, Any]) -> list[ox.Triple]:
    """The Service Description of ``<base_url>/sparql``."""
    endpoint = N(request["base_url"] + "/sparql")
    out = [
        ox.Triple(endpoint, TYPE, N(SD + "Service")),
        ox.Triple(endpoint, N(SD + "endpoint"), endpoint),
        ox.Triple(endpoint, N(SD + "supportedLanguage"), N(SD + "SPARQL11Query")),
    ]
    if request.get("updates"):
        out.append(ox.Triple(endpoint, N(SD + "supportedLanguage"), N(SD + "SPARQL11Update")))
    if request.get("allow_service"):
        out.append(ox.Triple(endpoint, N(SD + "feature"), N(SD + "BasicFederatedQuery")))
    out += [ox.Triple(endpoint, N(SD + "resultFormat"), N(FORMATS + f)) for f in RESULT_FORMATS]
    dataset = ox.BlankNode()
    out += [
        ox.Triple(endpoint, N(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, TYPE, N(SD + "Dataset")),
        ox.Triple(dataset, N(VOID + "triples"), _int(len(store))),
        ox.Triple(dataset, N(DCT + "description"), DATASET),
        ox.Triple(dataset, N(RDFS + "comment"), ox.Literal(_default_graph(request), language="en")),
    ]
    for graph in sorted(store.named_graphs(), key=str):
        named, inner = ox.BlankNode(), ox.BlankNode()
        out += [
            ox.Triple(dataset, N(SD + "namedGraph"), named),
            ox.Triple(named, N(SD + "name"), graph),
            ox.Triple(named, N(SD + "graph"), inner),
            ox.Triple(inner, TYPE, N(SD + "Graph")),
        ]
    return out


def _default_graph(request: dict[str, Any]) -> str:
    """What the default graph is, said plainly (no ``sd:UnionDefaultGraph``: see below)."""
    if not request.get("union", True):
        return "The default graph is the store's own default graph, which kg build leaves empty."
    # sd:UnionDefaultGraph would promise the RDF merge of the named graphs (a set), but
    # Oxigraph's union is a bag: a triple held by two graphs matches twice.
    return (
        "The default graph is the union of every named graph taken as a bag, not their "
        "RDF merge: a triple stated in n graphs matches n times; use SELECT DISTINCT "
        "(or CONSTRUCT, whose answer is a set) for distinct triples. sd:UnionDefaultGraph "
        "is therefore not announced."
    )


_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_ENTITIES = (
    f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o "
    f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE_IRI}")) }}'
)
_LINKS = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { "
    "{ ?s schema:sameAs ?o } UNION { ?s owl:sameAs ?o } "
    'FILTER(STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) } }'
)
_SOURCES = (
    f"SELECT DISTINCT ?d WHERE {{ ?d ?p ?o "
    f'FILTER(isIRI(?d) && REGEX(STR(?d), "^{BASE_IRI}doc/[^/]+$")) }} ORDER BY ?d'
)
_LICENSE = "SELECT ?l WHERE { ?x dcterms:license ?l } ORDER BY ?l LIMIT 1"


def void(store: ox.Store, request: dict[str, Any]) -> list[ox.Triple]:
    """VoID and DCAT statistics of the whole store."""
    ds, endpoint = DATASET, N(request["base_url"] + "/sparql")
    out = [
        ox.Triple(ds, TYPE, N(VOID + "Dataset")),
        ox.Triple(ds, TYPE, N(DCAT + "Dataset")),
        ox.Triple(ds, N(DCT + "title"), ox.Literal("October 1917 knowledge graph", language="en")),
        ox.Triple(ds, N(VOID + "sparqlEndpoint"), endpoint),
        ox.Triple(ds, N(VOID + "uriSpace"), ox.Literal(BASE_IRI)),
        ox.Triple(ds, N(VOID + "triples"), _int(len(store))),
        ox.Triple(ds, N(VOID + "entities"), _int(_count(store, _ENTITIES))),
    ]
    out += _distribution(ds, endpoint)
    for row in _select(store, _CLASSES):
        part = ox.BlankNode()
        out += [
            ox.Triple(ds, N(VOID + "classPartition"), part),
            ox.Triple(part, N(VOID + "class"), row["c"]),
            ox.Triple(part, N(VOID + "entities"), _int(int(row["n"].value))),
        ]
    graphs = store.query(_GRAPHS)
    assert isinstance(graphs, ox.QuerySolutions)
    for row in graphs:
        out += [
            ox.Triple(ds, N(VOID + "subset"), row["g"]),
            ox.Triple(row["g"], TYPE, N(VOID + "Dataset")),
            ox.Triple(row["g"], N(VOID + "triples"), _int(int(row["n"].value))),
        ]
    out += _linkset(ds, _count(store, _LINKS))
    licence = request.get("license") or next(
        (r["l"].value for r in _select(store, _LICENSE)),
        None,
    )
    if licence:
        out.append(ox.Triple(ds, N(DCT + "license"), N(licence)))
    out += [ox.Triple(ds, N(DCT + "source"), r["d"]) for r in _select(store, _SOURCES)]
    return out


def _distribution(ds: ox.NamedNode, endpoint: ox.NamedNode) -> list[ox.Triple]:
    service = ox.BlankNode()
    return [
        ox.Triple(ds, N(DCAT + "accessService"), service),
        ox.Triple(service, TYPE, N(DCAT + "DataService")),
        ox.Triple(service, N(DCAT + "endpointURL"), endpoint),
        ox.Triple(service, N(DCT + "conformsTo"), N("https://www.w3.org/TR/sparql11-protocol/")),
        ox.Triple(service, N(DCAT + "servesDataset"), ds),
    ]


def _linkset(ds: ox.NamedNode, links: int) -> list[ox.Triple]:
    """The links to Wikidata, as a void:Linkset."""
    linkset = ox.BlankNode()
    return [
        ox.Triple(ds, N(VOID + "subset"), linkset),
        ox.Triple(linkset, TYPE, N(VOID + "Linkset")),
        ox.Triple(linkset, N(VOID + "subjectsTarget"), ds),
        ox.Triple(linkset, N(VOID + "objectsTarget"), N("http://www.wikidata.org/entity/")),
        ox.Triple(linkset, N(VOID + "linkPredicate"), N("http://schema.org/sameAs")),
        ox.Triple(linkset, N(VOID + "linkPredicate"), N("http://www.w3.org/2002/07/owl#sameAs")),
        ox.Triple(linkset, N(VOID + "triples"), _int(links)),
    ]
