"""The Wikidata-shaped view of the graph, kept in its own named graph ``graph/wikidata``.

A user who knows Wikidata can query our store as if it were WDQS::

    ?person wdt:P39 ?post .                      # truthy claims between linked items
    ?person p:P39 [ ps:P39 ?post ; pq:P580 ?start ; prov:wasDerivedFrom/pr:P248 ?doc ] .
    ?meeting wdt:P710 wd:Q1394 .                 # our meetings, under their own IRIs

Nothing here is written by hand: :func:`view_queries` reads the alignments of
the store's ontology graph (``ontology/*.ttl``, chiefly
``ontology/wikidata-alignment.ttl``) and generates SPARQL ``CONSTRUCT``
queries, which Oxigraph evaluates on the data graphs:

1. *direct claims*: each property aligned to ``wdt:Pn`` (``rdfs:subPropertyOf``
   or ``owl:equivalentProperty``, transitively) gives ``wd:Qs wdt:Pn wd:Qo``
   (or a literal) when its subject and IRI object are linked by
   ``schema:sameAs`` to Wikidata items, with a bare statement node;
2. *statement nodes*: each ``okgw:StatementMapping`` gives ``wd:Qs p:Pn ?st``,
   ``?st ps:Pn ?v``, its qualifiers (``pq:``), rank, and one reference per
   evidence annotation (``pr:P248`` stated in = our document, ``pr:P1683``
   quotation = the span, ``pr:P854`` = the annotation), plus ``wdt:Pn``;
3. ``wdt:P31`` from class equivalences, labels (``rdfs:label``,
   ``schema:name``, ``skos:prefLabel``, ``skos:altLabel``,
   ``schema:description``) of the linked items, and a description of each
   property used (``wikibase:directClaim``, ``wikibase:claim`` …).

Items: a node linked to Wikidata is its ``wd:`` item; in statement mappings
any other node stays as our own IRI (an item of ours, which keeps its own
labels and gets ``wdt:P31``) unless the mapping says ``okgw:linkedOnly true``; direct claims
are only made between linked items.  An item the ontology declares ``okgw:notValueOf wd:Pn``
is not a value of ``Pn`` (a faction item is no party for P102, an event item no organiser
or appointing body for P664/P748): there the node counts as unlinked.  Values: ``xsd:date`` and ``xsd:gYear`` become ``xsd:dateTime`` as on WDQS; a
property's ``wikibase:propertyType`` decides which values it accepts.
Statement and reference IRIs are minted by :func:`kg.iris.view_node`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.query import ResultRow
from rdflib.term import Node

from kg import iris
from kg.errors import DataError
from kg.vocab import KG, OKG, OKGW, OWL, PREFIXES, RDFS, SH, WD, WDT, WIKIBASE

VIEW_GRAPH = ox.NamedNode(str(iris.graph("wikidata")))
ONTOLOGY_GRAPH = ox.NamedNode(str(iris.graph("ontology")))
WD_ITEM = f"{WD}Q"
WIKIDATA_PROP = "http://www.wikidata.org/prop/"
CIRCA = f"{WD}Q5727902"  # "circa", the usual value of P1480 sourcing circumstances
_PID_USE = re.compile(r"\b(?:wdt|p|ps|pq|pr):(P\d+)\b")

_PREFIXES = {
    k: PREFIXES[k] for k in ("rdf", "rdfs", "xsd", "skos", "schema", "oa", "prov", "dcterms")
}
_PREFIXES |= {k: PREFIXES[k] for k in ("wd", "wdt", "p", "ps", "pq", "pr", "wikibase")}
_HEADER = "".join(f"PREFIX {k}: <{v}>\n" for k, v in _PREFIXES.items())

#: Which values a Wikidata datatype accepts (``?v`` is the value after linking).
_ACCEPTS: dict[Node | None, str] = {
    WIKIBASE.WikibaseItem: "isIRI(?v)",
    WIKIBASE.Url: "isIRI(?v)",
    WIKIBASE.Time: "DATATYPE(?v) = xsd:dateTime",
    WIKIBASE.Quantity: "isNumeric(?v)",
    WIKIBASE.Monolingualtext: 'LANG(?v) != ""',
    WIKIBASE.String: "isLiteral(?v)",
    WIKIBASE.ExternalId: "isLiteral(?v)",
}
_PROPERTY_LINKS = {  # Wikibase's description of a property: predicate -> namespace
    "directClaim": "wdt",
    "claim": "p",
    "statementProperty": "ps",
    "qualifier": "pq",
    "reference": "pr",
}


@dataclass(frozen=True)
class ViewQuery:
    """One generated ``CONSTRUCT``; ``after_statements`` ones also read the view graph."""

    name: str
    sparql: str
    after_statements: bool = False


def build_view(store: ox.Store) -> int:
    """(Re)write ``graph/wikidata`` from the store's data and ontology graphs; return its size.

    Raises :class:`~kg.errors.DataError` when a mapping of the ontology is
    malformed.

    >>> store = ox.Store()
    >>> build_view(store)
    0
    """
    if VIEW_GRAPH in set(store.named_graphs()):
        store.remove_graph(VIEW_GRAPH)
    data = [g for g in store.named_graphs() if g not in (VIEW_GRAPH, ONTOLOGY_GRAPH)]
    if not data:
        return 0
    queries = view_queries(alignments(store))
    # The data graphs are read as the store's union default graph: passing the list of
    # graphs instead makes Oxigraph scan each one per pattern (minutes at 200 documents).
    # The ontology's triples use no data property, and the view's own triples
    # (wd:/wdt:/p:) match no data pattern, so the union gives the same answers.
    # Oxigraph evaluates a query without the GIL: the queries of a phase run side by side
    # (1.7x faster on 2 cores).  The statements' queries read no view triple (and the
    # view's triples match no data pattern): each adds its triples in batches as they
    # come, so their results are never held in memory all at once.  The later queries read
    # the statements: their (few) results are added after the whole phase, in order.
    with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        first = [q for q in queries if not q.after_statements]
        list(pool.map(lambda q: _add_constructed(store, q), first))
        late = [q for q in queries if q.after_statements]
        for found in list(pool.map(lambda q: _constructed(store, q), late)):
            store.extend(ox.Quad(t.subject, t.predicate, t.object, VIEW_GRAPH) for t in found)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, VIEW_GRAPH))


def _constructed(store: ox.Store, q: ViewQuery) -> list[ox.Triple]:
    return list(store.query(q.sparql, use_default_graph_as_union=True))  # type: ignore[arg-type]


#: Triples of one view query added to the store per transaction.
VIEW_BATCH = 50_000


def _add_constructed(store: ox.Store, q: ViewQuery) -> None:
    batch: list[ox.Quad] = []
    triples = store.query(q.sparql, use_default_graph_as_union=True)
    assert isinstance(triples, ox.QueryTriples), q.name  # a view query is a CONSTRUCT
    for t in triples:
        batch.append(ox.Quad(t.subject, t.predicate, t.object, VIEW_GRAPH))
        if len(batch) >= VIEW_BATCH:
            store.extend(batch)
            batch = []
    if batch:
        store.extend(batch)


def alignments(store: ox.Store) -> Graph:
    """The store's ontology graph as an rdflib graph (mappings are read from it)."""
    g = Graph()
    if ONTOLOGY_GRAPH in set(store.named_graphs()):
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ONTOLOGY_GRAPH)
        assert data is not None  # without an output, dump returns the bytes
        g.parse(data=data.decode("utf-8"), format="nt")
    return g


def view_queries(ontology: Graph) -> list[ViewQuery]:
    """Every ``CONSTRUCT`` of the view, generated from the alignments in ``ontology``."""
    types = {p: t for p, t in ontology.subject_objects(WIKIBASE.propertyType)}
    queries = [statement_query(ontology, m, types) for m in _mappings(ontology)]
    queries += [
        direct_query(prop, pid, types.get(WD[pid])) for prop, pid in direct_alignments(ontology)
    ]
    queries += [_item_query(ontology, own=False), _item_query(ontology, own=True)]
    used = sorted({pid for q in queries for pid in _pids(q.sparql)})
    queries.append(ViewQuery("properties", _properties_query(ontology, used, types)))
    return queries


# ------------------------------------------------------------------ direct claims


def direct_alignments(ontology: Graph) -> list[tuple[URIRef, str]]:
    """``(our property, "Pn")`` for every property aligned to ``wdt:Pn`` (not by skos:closeMatch)."""
    rows = ontology.query(
        """SELECT DISTINCT ?prop ?wdt WHERE {
             ?prop (rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)+ ?wdt .
             FILTER(STRSTARTS(STR(?wdt), STR(wdt:)) && !STRSTARTS(STR(?prop), STR(wdt:)))
           }""",
        initNs={"rdfs": RDFS, "owl": OWL, "wdt": WDT},
    )
    return sorted(
        (URIRef(row.prop), str(row.wdt)[len(WDT) :])
        for row in rows
        if isinstance(row, ResultRow)  # a SELECT's rows
    )


def direct_query(prop: URIRef, pid: str, datatype: Node | None) -> ViewQuery:
    """``wd:Qs wdt:Pn value`` (+ a bare statement) for each ``s prop o`` between linked items.

    A claim already made, with qualifiers, by a statement mapping gets no second statement.
    """
    st = iris.view_node_sparql(f"statement/{pid}", "?subject", "?v")
    body = f"""
  ?s <{prop}> ?o .
  ?s schema:sameAs ?subject . FILTER(STRSTARTS(STR(?subject), "{WD_ITEM}"))
  {_resolve("?o", "?v", pid=pid)}
  FILTER({_accepts(datatype)})
  OPTIONAL {{ GRAPH <{VIEW_GRAPH.value}> {{ ?subject p:{pid} ?made . ?made ps:{pid} ?v }} }}
  FILTER(!BOUND(?made) || EXISTS {{ GRAPH <{VIEW_GRAPH.value}> {{
    ?subject p:{pid} ?kept . ?kept ps:{pid} ?v ; wikibase:rank wikibase:NormalRank }} }})
  BIND(IF(BOUND(?made), ?unbound, {st}) AS ?st)"""
    template = f"""
  ?subject wdt:{pid} ?v ; p:{pid} ?st .
  ?st a wikibase:Statement, wikibase:BestRank ; ps:{pid} ?v ; wikibase:rank wikibase:NormalRank ."""
    return ViewQuery(f"direct {prop} -> {pid}", _construct(template, body), after_statements=True)


# ------------------------------------------------------------------ statement mappings


def _mappings(ontology: Graph) -> list[URIRef | BNode]:
    return sorted(ontology.subjects(RDF.type, OKGW.StatementMapping), key=str)  # type: ignore[arg-type]


def statement_query(ontology: Graph, mapping: Node, types: dict[Node, Node]) -> ViewQuery:
    """The ``CONSTRUCT`` of one ``okgw:StatementMapping``; raises :class:`DataError` if malformed."""
    fact_class = _one(ontology, mapping, OKGW.factClass)
    pid = _pid(_one(ontology, mapping, OKGW.property), mapping)
    value_path = path_sparql(ontology, _one(ontology, mapping, OKGW.value))
    subject_path = ontology.value(mapping, OKGW.subject)
    st = iris.view_node_sparql(f"statement/{pid}", "?fact", "?subject", "?v")
    body = [f"?fact a <{fact_class}> ."]
    body += [
        f"FILTER NOT EXISTS {{ ?fact a <{c}> }}"
        for c in ontology.objects(mapping, OKGW.excludedFactClass)
    ]
    body += _subject(ontology, mapping, subject_path)
    body.append(f"?fact {value_path} ?o .")
    # A filter, not a triple pattern: the same solutions (?o is bound by the value path and
    # a type triple is there once or not), but Oxigraph then keeps the membership-first join
    # order; with the pattern it evaluated the P102 mappings quadratically (200 documents:
    # 13.4 s -> 0.37 s for one query).
    body += [f"FILTER EXISTS {{ ?o a <{c}> }}" for c in ontology.objects(mapping, OKGW.valueClass)]
    body += [
        f"FILTER NOT EXISTS {{ ?o a <{c}> }}"
        for c in ontology.objects(mapping, OKGW.excludedValueClass)
    ]
    keep = not _linked_only(ontology, mapping)
    body += [
        _resolve("?o", "?v", keep, pid),
        f"FILTER({_accepts(types.get(WD[pid]))})",
        f"BIND({st} AS ?st)",
        *_deprecation(
            types.get(WD[pid]) == WIKIBASE.Time,
            direct=isinstance(ontology.value(mapping, OKGW.value), URIRef),
        ),
    ]
    template = [
        f"?subject wdt:{pid} ?truthy ; p:{pid} ?st .",
        f"?st a wikibase:Statement, ?best ; ps:{pid} ?v ; wikibase:rank ?rank ; pq:P2241 ?reason .",
    ]
    if types.get(WD[pid]) == WIKIBASE.Time:
        body += _as_stated()
        template += [
            "?st pq:P1480 ?circumstance .",
            f"?st <{WIKIDATA_PROP}statement/value/{pid}> ?tv .",
            "?tv a wikibase:TimeValue ; wikibase:timeValue ?v ; wikibase:timePrecision ?precision .",
        ]
    for i, qualifier in enumerate(sorted(ontology.objects(mapping, OKGW.qualifier), key=str)):
        qpid = _pid(_one(ontology, qualifier, OKGW.property), mapping)
        qpath = path_sparql(ontology, _one(ontology, qualifier, OKGW.value))
        accepts = _accepts(types.get(WD[qpid])).replace("?v", f"?q{i}")
        body.append(
            f"OPTIONAL {{ ?fact {qpath} ?qo{i} . {_resolve(f'?qo{i}', f'?q{i}', keep, qpid)} FILTER({accepts}) }}"
        )
        template.append(f"?st pq:{qpid} ?q{i} .")
    evidence = ontology.value(mapping, OKGW.evidence)
    body.append(_references(None if evidence is None else path_sparql(ontology, evidence)))
    template.append("?st prov:wasDerivedFrom ?ref .")
    template.append("?ref a wikibase:Reference ; pr:P248 ?doc ; pr:P1683 ?quote ; pr:P854 ?ann .")
    template += [
        f"?subject wdt:P31 <{item}> ." for item in ontology.objects(mapping, OKGW.instanceOf)
    ]
    return ViewQuery(f"mapping {mapping}", _construct("\n  ".join(template), "\n  ".join(body)))


def _as_stated() -> list[str]:
    """Bind ``?circumstance`` and ``?precision`` from how the text states the fact's day.

    The day of ``?fact`` stated approximately (a DateMention of that day with
    ``okg:dateQualifier "approximate"`` inside the fact's evidence) gets *sourcing
    circumstances* (P1480) *circa* (wd:Q5727902) and month precision (10); a day
    computed from another (``"relative"``, « le lendemain ») gets P1480 ``okg:ComputedDate``
    (an item of ours: inferred, not stated); otherwise day precision (11).  ``?tv`` is the
    statement's ``psv:`` value node.
    """
    # The qualified mentions (a few hundred) in a sub-select, evaluated once: as a plain
    # pattern Oxigraph joined every dated fact with every mention of its day in the corpus
    # first (the meeting-date mapping at 200 documents: 5.9 -> 1.0 CPU s, same triples).
    return [
        "OPTIONAL { ?fact <http://www.w3.org/2006/time#hasTime> ?aday . "
        "{ SELECT ?aday ?how ?atext ?as ?ae WHERE { "
        f'?adm <{OKG.dateQualifier}> ?how . FILTER(?how IN ("approximate", "relative")) '
        f"?adm <{OKG.refersTo}> ?aday . "
        "?aann oa:hasBody ?adm ; oa:hasTarget ?at . ?at oa:hasSource ?atext ; oa:hasSelector ?ap . "
        "?ap oa:start ?as ; oa:end ?ae } } "
        "?bann oa:hasBody ?fact ; oa:hasTarget ?bt . ?bt oa:hasSource ?atext ; oa:hasSelector ?bp . "
        "?bp oa:start ?bs ; oa:end ?be . FILTER(?bs <= ?as && ?be >= ?ae) }",
        f'BIND(IF(?how = "approximate", <{CIRCA}>, IF(?how = "relative", <{OKG.ComputedDate}>, ?unbound)) AS ?circumstance)',
        'BIND(IF(COALESCE(?how = "approximate", false), 10, 11) AS ?precision)',
        f"BIND({iris.view_node_sparql('value', '?st')} AS ?tv)",
    ]


def _deprecation(dated: bool, direct: bool = True) -> list[str]:
    """Bind ``?rank``, ``?best``, ``?truthy`` and ``?reason`` from the editorial notes on ``?fact``.

    As on Wikidata, a claim a historian's note shows wrong (``okg:Contradicted``,
    ``okg:Misattribution``; for a date, ``okg:CorrectedDate`` on the fact or on a span
    inside its evidence) is kept with ``wikibase:DeprecatedRank``, the note's kind as
    reason for deprecated rank (P2241), and no ``wdt:`` truthy triple.  A claim the view
    infers through a path (``direct=False``: a party from the organ of a membership) is not
    what the note contests, and keeps its rank.
    """
    if not direct:
        return [
            "BIND(wikibase:NormalRank AS ?rank) BIND(wikibase:BestRank AS ?best) BIND(?v AS ?truthy)"
        ]
    lines = [
        f"OPTIONAL {{ ?wrong a <{OKG.EditorialNote}> ; oa:hasTarget ?fact ; <{OKG.noteKind}> ?why . "
        f"FILTER(?why IN (<{OKG.Contradicted}>, <{OKG.Misattribution}>)) }}"
    ]
    if dated:
        lines += [
            f"OPTIONAL {{ ?misdated <{OKG.noteKind}> <{OKG.CorrectedDate}> ; oa:hasTarget ?fact }}",
            f"OPTIONAL {{ ?misdatedSpan <{OKG.noteKind}> <{OKG.CorrectedDate}> ; oa:hasTarget ?nt . "
            "?nt oa:hasSource ?ntext ; oa:hasSelector ?np . ?np oa:start ?ns ; oa:end ?ne . "
            "?fann oa:hasBody ?fact ; oa:hasTarget ?ft . ?ft oa:hasSource ?ntext ; oa:hasSelector ?fp . "
            "?fp oa:start ?fs ; oa:end ?fe . FILTER(?fs <= ?ns && ?fe >= ?ne) }",
            f"BIND(IF(BOUND(?misdated) || BOUND(?misdatedSpan), <{OKG.CorrectedDate}>, ?why) AS ?reason)",
        ]
    else:
        lines.append("BIND(?why AS ?reason)")
    lines += [
        "BIND(IF(BOUND(?reason), wikibase:DeprecatedRank, wikibase:NormalRank) AS ?rank)",
        "BIND(IF(BOUND(?reason), ?unbound, wikibase:BestRank) AS ?best)",
        "BIND(IF(BOUND(?reason), ?unbound, ?v) AS ?truthy)",
    ]
    return lines


def _subject(ontology: Graph, mapping: Node, path: Node | None) -> list[str]:
    """Bind ``?s`` (our node) and ``?subject`` (its Wikidata item, else ``?s`` unless linked-only)."""
    linked = f'?s schema:sameAs ?linked . FILTER(STRSTARTS(STR(?linked), "{WD_ITEM}"))'
    lines = ["BIND(?fact AS ?s)" if path is None else f"?fact {path_sparql(ontology, path)} ?s ."]
    if _linked_only(ontology, mapping):
        return [*lines, linked, "BIND(?linked AS ?subject)"]
    return [*lines, f"OPTIONAL {{ {linked} }}", "BIND(COALESCE(?linked, ?s) AS ?subject)"]


def _linked_only(ontology: Graph, mapping: Node) -> bool:
    return ontology.value(mapping, OKGW.linkedOnly) == Literal(True)


def _references(path: str | None) -> str:
    """One reference per evidence annotation (of the fact, or of the node at ``path`` from it).

    Each gives stated in (P248, our document), quotation (P1683, the span) and reference URL
    (P854, the annotation).
    """
    ref = iris.view_node_sparql("reference", "?ann")
    evidenced = (
        "?ann oa:hasBody ?fact ;"
        if path is None
        else f"?fact {path} ?evidenced . ?ann oa:hasBody ?evidenced ;"
    )
    optional = (
        f"OPTIONAL {{ {evidenced} prov:wasDerivedFrom ?doc . "
        "OPTIONAL { ?ann oa:hasTarget/oa:hasSelector/oa:exact ?exact } "
        "OPTIONAL { ?doc dcterms:language ?lang } "
        'BIND(STRLANG(STR(?exact), IF(BOUND(?lang), STR(?lang), "und")) AS ?quote) '
        f"BIND({ref} AS ?ref) }}"
    )
    # per fact when the annotations are the fact's own; through a path, Oxigraph evaluates
    # the path unbound inside LATERAL (votes-for at 200 documents: 2 s -> 319 s)
    return _lateral(optional) if path is None else optional


def path_sparql(g: Graph, path: Node) -> str:
    """A SHACL property path (IRI, list, inverse/alternative/repetition node) as SPARQL.

    >>> g = Graph()
    >>> path_sparql(g, URIRef("http://x/p"))
    '<http://x/p>'
    """
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, BNode) and g.value(path, RDF.first) is not None:
        return "(" + "/".join(path_sparql(g, p) for p in Collection(g, path)) + ")"
    if (inverse := g.value(path, SH.inversePath)) is not None:
        return f"^{path_sparql(g, inverse)}"
    if (options := g.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(path_sparql(g, p) for p in Collection(g, options)) + ")"
    for prop, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (inner := g.value(path, prop)) is not None:
            return f"({path_sparql(g, inner)}){op}"
    raise DataError(f"ontology: {path} is not a SHACL property path")


# ------------------------------------------------------------------ types, labels, properties


def _item_query(ontology: Graph, own: bool) -> ViewQuery:
    """Labels, aliases, descriptions and ``wdt:P31`` of the view's items.

    ``own=False``: every node linked to a Wikidata item, described as that item.
    ``own=True`` (after the statements): our own nodes the view uses as items get
    ``wdt:P31`` only; their labels are already in the data graphs (copying them would
    double every label in the store's union default graph).
    """
    values = " ".join(f"(<{c}> <{q}>)" for c, q in _class_items(ontology)) or "(rdf:nil rdf:nil)"
    types = f"VALUES (?class ?q) {{ {values} }} ?x a ?class ."
    if own:
        body = f"""{{ SELECT DISTINCT ?x WHERE {{ GRAPH <{VIEW_GRAPH.value}> {{ {{ ?x ?p1 ?y }} UNION {{ ?y ?p2 ?x }} }}
      FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{KG}") && !STRSTARTS(STR(?x), "{KG}wikidata/")) }} }}
  {types}"""
        return ViewQuery("own items", _construct("?x wdt:P31 ?q .", body), after_statements=True)
    body = f"""?x schema:sameAs ?item . FILTER(STRSTARTS(STR(?item), "{WD_ITEM}"))
  {{ ?x rdfs:label ?label }} UNION {{ ?x skos:prefLabel ?pref }} UNION {{ ?x skos:altLabel ?alias }}
  UNION {{ ?x schema:description ?description }} UNION {{ {types} }}"""
    template = """?item rdfs:label ?label ; schema:name ?label ; skos:prefLabel ?pref ;
      skos:altLabel ?alias ; schema:description ?description ; wdt:P31 ?q ."""
    return ViewQuery("linked items", _construct(template, body))


def _class_items(ontology: Graph) -> list[tuple[URIRef, URIRef]]:
    """``(our class, wd:Q…)`` for every ``owl:equivalentClass`` with a Wikidata item (either way)."""
    pairs = set()
    for cls, item in ontology.subject_objects(OWL.equivalentClass):
        for ours, theirs in ((cls, item), (item, cls)):
            if (
                isinstance(ours, URIRef)
                and str(theirs).startswith(WD_ITEM)
                and not str(ours).startswith(WD_ITEM)
            ):
                pairs.add((ours, URIRef(str(theirs))))
    return sorted(pairs)


def _properties_query(ontology: Graph, pids: Iterable[str], types: dict[Node, Node]) -> str:
    lines = []
    for pid in pids:
        lines.append(f"wd:{pid} a wikibase:Property .")
        lines += [f"wd:{pid} wikibase:{pred} {ns}:{pid} ." for pred, ns in _PROPERTY_LINKS.items()]
        if (datatype := types.get(WD[pid])) is not None:
            lines.append(f"wd:{pid} wikibase:propertyType <{datatype}> .")
        for label in ontology.objects(WD[pid], RDFS.label):
            if isinstance(label, Literal):
                lines.append(f"wd:{pid} rdfs:label {label.n3()} .")
    return _construct("\n  ".join(lines), "")


# ------------------------------------------------------------------ helpers


def _lateral(optional: str) -> str:
    """``optional`` (an ``OPTIONAL { … }`` reading only the fact's own nodes) evaluated once
    per solution so far, with its variables bound (Oxigraph's ``LATERAL``, SEP-0006).

    The same solutions as the plain ``OPTIONAL`` when the variables it shares with the rest
    of the query are bound before it (``?fact``, ``?o``): Oxigraph evaluates a plain one
    over the whole store, then joins (every evidence annotation of the corpus, for each
    mapping: the P102 mapping via organs at 200 documents 3.7 -> 0.45 CPU s).

    >>> _lateral("OPTIONAL { ?fact ?p ?o }")
    'LATERAL { OPTIONAL { ?fact ?p ?o } }'
    """
    return f"LATERAL {{ {optional} }}"


def _construct(template: str, body: str) -> str:
    return f"{_HEADER}CONSTRUCT {{\n  {template}\n}} WHERE {{\n  {body}\n}}\n"


def _resolve(raw: str, out: str, keep_unlinked: bool = False, pid: str | None = None) -> str:
    """Bind ``out`` to the Wikidata item ``raw`` is linked to (else ``raw`` itself if
    ``keep_unlinked``), or to ``raw`` as a Wikidata literal (dates as xsd:dateTime,
    numbers as xsd:decimal).

    An item the ontology declares ``okgw:notValueOf wd:<pid>`` is not used as a value of
    that property (a faction item is not a party for P102, an event item not an organiser
    or appointing body for P664/P748): the node then counts as unlinked there.
    """
    linked = f"{raw}_wd"
    literal = (
        f'IF(DATATYPE({raw}) = xsd:date, STRDT(CONCAT(STR({raw}), "T00:00:00Z"), xsd:dateTime), '
        f'IF(DATATYPE({raw}) = xsd:gYear, STRDT(CONCAT(STR({raw}), "-01-01T00:00:00Z"), xsd:dateTime), '
        f"IF(isNumeric({raw}), STRDT(STR({raw}), xsd:decimal), {raw})))"
    )
    item = f"COALESCE({linked}, {raw})" if keep_unlinked else linked
    unfit = "" if pid is None else f" FILTER NOT EXISTS {{ {linked} <{OKGW.notValueOf}> wd:{pid} }}"
    return (
        f'OPTIONAL {{ {raw} schema:sameAs {linked} . FILTER(STRSTARTS(STR({linked}), "{WD_ITEM}")){unfit} }} '
        f"BIND(IF(isLiteral({raw}), {literal}, {item}) AS {out})"
    )


def _accepts(datatype: Node | None) -> str:
    return _ACCEPTS.get(datatype, "BOUND(?v)")


def _one(g: Graph, subject: Node, predicate: URIRef) -> Node:
    value = g.value(subject, predicate)
    if value is None:
        raise DataError(f"ontology: mapping {subject} has no {predicate}")
    return value


def _pid(entity: Node, mapping: Node) -> str:
    if not (str(entity).startswith(f"{WD}P") and str(entity)[len(WD) + 1 :].isdigit()):
        raise DataError(f"ontology: mapping {mapping}: {entity} is not a Wikidata property (wd:Pn)")
    return str(entity)[len(WD) :]


def _pids(sparql: str) -> set[str]:
    return set(_PID_USE.findall(sparql))
