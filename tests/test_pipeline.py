"""The whole build end to end, and the CLI on a store built once for this module.

The real seeds are built once here (``--jobs 2``, with a cache); the
``--jobs 1`` comparison uses the session's ``built_store`` (conftest).
Failures are injected into a copy of the seeds with one tiny extra document,
so that only that document is processed again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg import iris, pipeline, store
from kg.errors import ValidationError
from kg.pipeline import BuildReport, build
from kg.query import GRAPH_FORMATS, RESULT_FORMATS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DOCS = ("000_429393bbd9028836", "003_2d74070e7dd118d0")
EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml")
EXTRA = """**Note de l'éditeur**

Le 25 octobre 1917, Lénine parla devant le Congrès des soviets.
"""


@pytest.fixture(scope="module")
def where(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pipeline")


@pytest.fixture(scope="module")
def built(where: Path) -> BuildReport:
    """The real seeds, built with two workers and a cache (``where/cache``)."""
    return build(SEEDS, where / "store", jobs=2, cache_dir=where / "cache")


@pytest.fixture
def seeds_plus_one(tmp_path: Path) -> Path:
    """The seeds and one small extra Markdown document."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "zz_extra.txt").write_text(EXTRA, encoding="utf-8")
    with (seeds / "manifest.toml").open("a", encoding="utf-8") as f:
        f.write(
            '\n[documents.zz_extra]\nfile = "zz_extra.txt"\ntitle = "Extra"\nauthor = "X"\n'
            'language = "fr"\nformat = "markdown"\ndate_written = "1917"\n'
            '[documents.zz_extra.edition]\ntitle = "Test"\n'
        )
    return seeds


def _graphs(store_dir: Path) -> set[str]:
    st = store.open_read_only(store_dir)
    return {
        row["g"].value for row in st.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    }


def _quads(store_dir: Path) -> tuple[set[str], Dataset]:
    """Quads without blank nodes as N-Quads lines; the others as a dataset (compare isomorphic)."""
    plain, blank = set(), []
    for q in store.open_read_only(store_dir):
        line = f"{q.subject} {q.predicate} {q.object} {q.graph_name} ."
        has_blank = isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        (blank.append if has_blank else plain.add)(line)
    return plain, Dataset().parse(data="\n".join(blank), format="nquads")


def test_build_has_both_documents_and_the_shared_graphs(built: BuildReport) -> None:
    graphs = _graphs(built.store)
    for name in (*DOCS, "gazetteer", "ontology", "meta"):
        assert str(iris.graph(name)) in graphs
    assert [d.doc_id for d in built.documents] == list(DOCS)
    assert all(d.triples > 0 and d.nquads.is_file() for d in built.documents)
    assert not built.reused


def test_jobs_2_gives_the_same_quads_as_jobs_1(built: BuildReport, built_store: Path) -> None:
    plain_2, blank_2 = _quads(built.store)
    plain_1, blank_1 = _quads(built_store)  # conftest: jobs=1, no cache
    assert plain_1 == plain_2
    for g1 in blank_1.graphs():
        assert isomorphic(g1, blank_2.graph(g1.identifier))


def test_a_document_that_does_not_validate_leaves_the_previous_store(
    built: BuildReport, where: Path, seeds_plus_one: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _quads(built.store)[0]
    monkeypatch.setattr(pipeline, "check_evidence", lambda g, texts: ["an evidence span is wrong"])
    with pytest.raises(ValidationError, match=r"zz_extra\.txt: the graph does not conform") as err:
        build(seeds_plus_one, built.store, jobs=1, cache_dir=where / "cache")
    assert "an evidence span is wrong" in err.value.report
    assert _quads(built.store)[0] == before


def test_a_failing_store_load_leaves_the_previous_store(
    built: BuildReport, where: Path, seeds_plus_one: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _quads(built.store)[0]

    def half_then_fail(st: ox.Store, files: list[Path]) -> None:
        st.bulk_load(path=files[0], format=ox.RdfFormat.N_QUADS)
        raise OSError("disk full")

    monkeypatch.setattr(store, "bulk_load_files", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        build(seeds_plus_one, built.store, jobs=1, cache_dir=where / "cache")
    assert _quads(built.store)[0] == before
    assert str(iris.graph("zz_extra")) not in _graphs(built.store)


# ---------------------------------------------------------------- the CLI, for real


def kg(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_build(tmp_path: Path) -> None:
    small = tmp_path / "seeds"
    small.mkdir()
    manifest = (SEEDS / "manifest.toml").read_text(encoding="utf-8")
    shutil.copy(SEEDS / f"{DOCS[1]}.txt", small)
    (small / "manifest.toml").write_text(
        manifest[manifest.index(f"[documents.{DOCS[1]}]") :], encoding="utf-8"
    )
    done = kg("build", "--seeds", small, "--store", tmp_path / "store")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built 1 documents, ")
    assert _graphs(tmp_path / "store") >= {str(iris.graph(DOCS[1]))}


def test_cli_text() -> None:
    done = kg("text", DOCS[1])
    assert done.returncode == 0
    assert "Lénine" in done.stdout
    missing = kg("text", "no-such-doc")
    assert missing.returncode == 2
    assert (
        missing.stderr.startswith("kg: error: ") and "no document 'no-such-doc'" in missing.stderr
    )
    assert len(missing.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["table", *RESULT_FORMATS, *GRAPH_FORMATS])
def test_cli_query_every_format(built: BuildReport, fmt: str) -> None:
    sparql = (
        "CONSTRUCT { ?d ?p ?o } WHERE { ?d a <https://w3id.org/october1917/ontology#Document> ; ?p ?o }"
        if fmt in GRAPH_FORMATS
        else "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    done = kg("query", "--store", built.store, "--format", fmt, sparql)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_cli_query_errors(built: BuildReport, tmp_path: Path) -> None:
    bad = kg("query", "--store", built.store, "SELECT * WHERE {")
    assert bad.returncode == 2
    assert bad.stderr.startswith("kg: error: malformed query: error at 1:17")
    missing = kg("query", "--store", tmp_path / "nowhere", "SELECT * WHERE { ?s ?p ?o }")
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith("no store here; run `kg build` first")
    assert len(missing.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_cli_export_every_format(built: BuildReport, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"export.{fmt}"
    done = kg("export", "--store", built.store, "--format", fmt, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1000


def test_cli_validate_and_entities(built: BuildReport) -> None:
    for engine in ("fast", "pyshacl"):
        done = kg("validate", "--store", built.store, "--engine", engine)
        assert done.returncode == 0, done.stdout[-2000:]
        assert "Conforms: True" in done.stdout
    unlinked = kg("entities", "--unlinked")
    assert unlinked.returncode == 0
    rows = [line.split("\t") for line in unlinked.stdout.splitlines()]
    assert rows and all(row[2] == "-" for row in rows)
