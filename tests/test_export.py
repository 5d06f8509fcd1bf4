"""``kg export``: every format round-trips through rdflib, and output is deterministic."""

from __future__ import annotations

import argparse
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from kg import store as kg_store
from kg.errors import StoreError
from kg.export import (
    FORMATS,
    QUAD_FORMATS,
    add_export_arguments,
    export,
    format_for,
    run_export,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TRIG = Path(__file__).parent / "wikidata" / "fixtures" / "three-graphs.trig"
RDFLIB_FORMAT = {
    "turtle": "turtle",
    "trig": "trig",
    "nquads": "nquads",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
DOC_GRAPH = "https://w3id.org/october1917/graph/reed-10-jours"


def _build(where: Path) -> Path:
    kg_store.build(where, lambda s: s.load(path=str(TRIG), format=ox.RdfFormat.TRIG))
    return where


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("a") / "store")


@pytest.fixture(scope="module")
def expected(store_dir) -> Dataset:
    """The store's content, read back with Oxigraph's own dump (not kg.export)."""
    ds = Dataset()
    dump = kg_store.open_read_only(store_dir).dump(format=ox.RdfFormat.N_QUADS)
    ds.parse(data=dump, format="nquads")
    return ds


def _export(store_dir: Path, fmt: str, graph: str | None = None) -> bytes:
    out = io.BytesIO()
    export(store_dir, fmt, out, graph)
    return out.getvalue()


def _union(ds: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _graphs(ds: Dataset) -> dict[str, Graph]:
    found = {}
    for g in ds.graphs():
        if len(g) and isinstance(g.identifier, URIRef):
            found[str(g.identifier)] = to_isomorphic(g)
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_round_trips_through_rdflib(store_dir, expected, fmt):
    data = _export(store_dir, fmt)
    if fmt in QUAD_FORMATS:
        got = Dataset()
        got.parse(data=data, format=RDFLIB_FORMAT[fmt])
        assert _graphs(got) == _graphs(expected)  # per named graph
    else:
        got = Graph()
        got.parse(data=data, format=RDFLIB_FORMAT[fmt])
        assert isomorphic(got, _union(expected))  # the union


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_byte_identical_across_runs_and_stores(store_dir, tmp_path, fmt):
    other = _build(tmp_path / "other")  # blank nodes get other internal ids
    first = _export(store_dir, fmt)
    assert _export(store_dir, fmt) == first
    assert _export(other, fmt) == first


def test_line_formats_are_sorted(store_dir):
    for fmt in ("nquads", "ntriples"):
        lines = _export(store_dir, fmt).decode().splitlines()
        assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_turtle_has_our_prefixes_grouped_sorted_subjects(store_dir):
    text = _export(store_dir, "turtle").decode()
    assert "@prefix okg: <https://w3id.org/october1917/ontology#> ." in text
    assert "_:c14n" in text  # canonical blank-node labels
    assert "\\/" not in text  # no escaped local names (Virtuoso rejects them)
    declared = dict(re.findall(r"@prefix (\w+): <([^>]+)> \.", text))
    subjects = [
        _expand(line.split()[0], declared)
        for line in text.splitlines()
        if line and not line[0].isspace() and not line.startswith("@")
    ]
    lines = _export(store_dir, "ntriples").decode().splitlines()
    in_order = list(dict.fromkeys(line.split()[0] for line in lines))
    assert subjects == in_order  # each subject once, in sorted order


def _expand(token: str, prefixes: dict[str, str]) -> str:
    name, _, local = token.partition(":")
    return f"<{prefixes[name]}{local}>" if name in prefixes else token


def test_jsonld_uses_the_published_context(store_dir):
    doc = json.loads(_export(store_dir, "jsonld"))
    assert doc["@context"]["okg"] == "https://w3id.org/october1917/ontology#"
    assert doc["@context"]["@version"] == 1.1
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    assert "kg:graph/reed-10-jours" in graphs  # named graphs kept
    nodes = {n["@id"]: n for g in graphs.values() for n in g}
    assert "_:c14n0" in nodes  # canonical blank-node labels
    lenine = nodes["kg:person/lenine"]
    assert lenine["sameAs"] == "wd:Q1394"
    assert {"@language": "fr", "@value": "Lénine"} in lenine["prefLabel"]


def test_one_document_graph(store_dir, expected):
    got = Dataset()
    got.parse(data=_export(store_dir, "nquads", "reed-10-jours"), format="nquads")
    assert list(_graphs(got)) == [DOC_GRAPH]
    assert _graphs(got)[DOC_GRAPH] == to_isomorphic(expected.graph(URIRef(DOC_GRAPH)))
    turtle = Graph().parse(data=_export(store_dir, "turtle", DOC_GRAPH), format="turtle")
    assert isomorphic(turtle, expected.graph(URIRef(DOC_GRAPH)))


def test_unknown_graph_is_a_clear_error(store_dir):
    with pytest.raises(StoreError, match=r"no graph .*graph/nope in the store \(known: .*reed-10"):
        _export(store_dir, "trig", "nope")
    with pytest.raises(StoreError, match=r"graph/wikidata in the store .*`kg build` makes it"):
        _export(store_dir, "trig", "wikidata")


def test_cli_glue_writes_a_file(store_dir, tmp_path):
    parser = argparse.ArgumentParser()
    add_export_arguments(parser)
    out = tmp_path / "kg.nt"
    ns = parser.parse_args(["--store", str(store_dir), "--format", "ntriples", "-o", str(out)])
    assert ns.func(ns) == 0
    assert out.read_bytes() == _export(store_dir, "ntriples")
    ns = parser.parse_args(["--store", str(store_dir), "--format", "trig", "--profile", "wikidata"])
    with pytest.raises(StoreError):
        run_export(ns)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.ttl", "turtle"),
        ("a.nq", "nquads"),
        ("a.JSONLD", "jsonld"),
        ("a.txt", "trig"),
        (None, "trig"),
    ],
)
def test_format_defaults_to_the_file_extension_else_trig(name, fmt):
    assert format_for(Path(name) if name else None) == fmt
