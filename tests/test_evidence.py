"""Every evidence record of the real store quotes exactly the repaired text at its offsets,
and every fact node has evidence."""

from __future__ import annotations

from pathlib import Path

from kg import iris, seeds
from kg.pipeline import repaired_text
from kg.query import run
from kg.store import open_read_only
from kg.validate import load_shapes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

EVIDENCE = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?ann ?source ?start ?end ?exact WHERE {
  ?ann a oa:Annotation ; oa:hasTarget ?target .
  ?target a oa:SpecificResource ; oa:hasSource ?source ; oa:hasSelector ?position , ?quote .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
}"""

# Subjects typed with a fact class that no annotation has as its body.
UNANNOTATED = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?node ?class WHERE {
  ?node a ?class .
  VALUES ?class { %s }
  FILTER NOT EXISTS { ?ann oa:hasBody ?node }
}"""

EVIDENCED_CLASSES = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?class WHERE {
  ?shape sh:targetClass ?class ; sh:property ?p .
  ?p sh:path ?path ; sh:minCount ?n . ?path sh:inversePath oa:hasBody . FILTER(?n >= 1)
}"""


def fact_classes() -> list[str]:
    """Every class some shapes file requires evidence of (``[ sh:inversePath oa:hasBody ] ; sh:minCount 1``)."""
    return sorted(f"<{row[0]}>" for row in load_shapes().query(EVIDENCED_CLASSES))


MIN_EVIDENCE = 300  # names, dates, footnotes and the works facts alone give ~370


def _texts() -> dict[str, str]:
    return {str(iris.text(doc.doc_id)): repaired_text(doc).text for doc in seeds.load(SEEDS)}


def test_every_evidence_quotes_its_offsets(built_store: Path) -> None:
    texts = _texts()
    answer = run(open_read_only(built_store), EVIDENCE)
    checked, problems = 0, []
    for row in answer.result:
        text = texts.get(row["source"].value)
        assert text is not None, (
            f"{row['ann'].value}: evidence in unknown text {row['source'].value}"
        )
        start, end = int(row["start"].value), int(row["end"].value)
        if text[start:end] != row["exact"].value:
            problems.append(
                f"{row['ann'].value}: [{start}:{end}] is {text[start:end]!r}, says {row['exact'].value!r}"
            )
        checked += 1
    assert problems == []
    assert checked > MIN_EVIDENCE


def test_every_body_of_an_annotation_is_a_node_with_evidence(built_store: Path) -> None:
    store = open_read_only(built_store)
    classes = fact_classes()
    assert (
        "<http://schema.org/Quotation>" in classes
        and "<http://purl.org/spar/cito/Citation>" in classes
    )
    missing = list(run(store, UNANNOTATED % " ".join(classes)).result)
    assert [(r["node"].value, r["class"].value) for r in missing] == []


def test_every_annotation_has_one_body_and_both_selectors(built_store: Path) -> None:
    query = """
    PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT ?ann WHERE {
      ?ann a oa:Annotation .
      # an editorial note may target a fact's IRI instead of a span (docs/editorial.md)
      FILTER NOT EXISTS { ?ann a <https://w3id.org/october1917/ontology#EditorialNote> }
      FILTER NOT EXISTS { ?ann oa:hasBody ?b ; oa:hasTarget ?t .
                          ?t oa:hasSelector ?p , ?q . ?p a oa:TextPositionSelector . ?q a oa:TextQuoteSelector }
    }"""
    assert list(run(open_read_only(built_store), query).result) == []


def test_every_fact_names_the_rule_that_read_it(built_store: Path) -> None:
    """Each registered fact kind's evidence is attributed to a rule agent with a label and
    the data file (or pass) it comes from, so "which rule made this?" is one query."""
    from kg.rdf import REGISTRY

    store = open_read_only(built_store)
    classes = " ".join(f"<{r.rdf_class}>" for r in REGISTRY)
    unattributed = f"""
    PREFIX oa: <http://www.w3.org/ns/oa#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT DISTINCT ?node WHERE {{
      VALUES ?class {{ {classes} }}
      ?node a ?class . ?ann oa:hasBody ?node .
      FILTER NOT EXISTS {{ ?ann prov:wasAttributedTo ?rule . ?rule a prov:SoftwareAgent }}
    }}"""
    assert [r["node"].value for r in run(store, unattributed).result] == []
    prefix = str(iris.rule("x"))[: -len("x")]
    rules = f"""
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?rule ?label ?source WHERE {{
      ?rule a prov:SoftwareAgent ; rdfs:label ?label ; dcterms:source ?source .
      FILTER(STRSTARTS(STR(?rule), "{prefix}"))
    }}"""
    rows = list(run(store, rules).result)
    assert rows and all(r["source"].value.startswith("kg/") for r in rows)
