"""Incremental builds: what is processed again, and what is reused from the cache.

``kg.pipeline.process`` is replaced by a stand-in that counts its calls and
returns a one-triple graph, so these tests exercise the cache and the build
(store load, atomic swap) without the cost of the real extractors.
"""

from __future__ import annotations

import ast
import multiprocessing
import shutil
import time
from pathlib import Path

import pytest

from kg import cache, config, iris, pipeline, store
from kg.errors import ValidationError
from kg.pipeline import DocumentResult, build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Counter:
    """A stand-in for ``pipeline.process`` that records the documents it was given."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, doc, gazetteer, shared) -> DocumentResult:
        self.seen.append(doc.doc_id)
        nq = f'<urn:doc:{doc.doc_id}> <urn:p> "{doc.sha256}" <{iris.graph(doc.doc_id)}> .\n'
        return DocumentResult(doc.doc_id, nq.encode(), 1, {"rdf": 0.0})


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counter = Counter()
    monkeypatch.setattr(pipeline, "process", counter)
    return counter


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    # The stand-in ``process`` makes no facts for the historian's notes to sit beside.
    shutil.rmtree(copy / "notes", ignore_errors=True)
    for f in copy.iterdir():
        f.chmod(0o644)
    return copy


def _build(seeds: Path, tmp_path: Path, name: str = "store") -> pipeline.BuildReport:
    return build(seeds, tmp_path / name, jobs=1, cache_dir=tmp_path / "cache")


def test_unchanged_corpus_reuses_every_document(
    seeds: Path, tmp_path: Path, counted: Counter
) -> None:
    first = _build(seeds, tmp_path)
    assert len(counted.seen) == 2 and not first.reused
    again = _build(seeds, tmp_path)
    assert (
        again.up_to_date and len(counted.seen) == 2
    )  # the store was already built from these inputs
    assert [d.triples for d in again.documents] == [d.triples for d in first.documents]
    elsewhere = _build(seeds, tmp_path, "other-store")  # a new store, same cache
    assert not elsewhere.up_to_date
    assert len(counted.seen) == 2 and elsewhere.reused == {d.doc_id for d in first.documents}


def test_a_changed_text_is_processed_again_alone(
    seeds: Path, tmp_path: Path, counted: Counter
) -> None:
    _build(seeds, tmp_path)
    changed = next(seeds.glob("003_*.txt"))
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8"
    )
    report = _build(seeds, tmp_path)
    assert counted.seen[2:] == [changed.stem]
    assert report.reused == {"000_429393bbd9028836"}
    assert (
        len(list((tmp_path / "cache" / "docs").glob(f"{changed.stem}-*.nq"))) == 1
    )  # old one pruned
    st = store.open_read_only(tmp_path / "store")
    assert len(list(st.quads_for_pattern(None, None, None, None))) > 0


def test_a_changed_manifest_entry_is_processed_again_alone(
    seeds: Path, tmp_path: Path, counted: Counter
) -> None:
    _build(seeds, tmp_path)
    manifest = seeds / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("year = 1929", "year = 1930"), encoding="utf-8")
    _build(seeds, tmp_path)
    assert counted.seen[2:] == ["003_2d74070e7dd118d0"]


@pytest.mark.parametrize("folder", ["DATA_DIR", "SHAPES_DIR", "ONTOLOGY_DIR"])
def test_a_changed_data_file_processes_everything_again(
    seeds: Path, tmp_path: Path, counted: Counter, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    copy = tmp_path / folder
    shutil.copytree(getattr(config, folder), copy)
    monkeypatch.setattr(config, folder, copy)
    cache.fingerprint.cache_clear()
    _build(seeds, tmp_path)
    edited = sorted(p for p in copy.rglob("*") if p.is_file())[
        0
    ]  # e.g. a pattern or gazetteer file
    edited.write_bytes(edited.read_bytes() + b"\n# edited\n")
    cache.fingerprint.cache_clear()
    _build(seeds, tmp_path)
    assert sorted(counted.seen[2:]) == sorted(counted.seen[:2])
    cache.fingerprint.cache_clear()


def test_extractor_version_and_base_iri_are_in_the_key(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = pipeline.seeds.load(seeds)[0]
    c = cache.Cache(tmp_path / "cache")
    keys = {c.key(doc)}
    for name, value in (("EXTRACTOR_VERSION", "999"), ("BASE_IRI", "https://example.org/")):
        monkeypatch.setattr(config, name, value)
        cache.fingerprint.cache_clear()
        keys.add(c.key(doc))
    cache.fingerprint.cache_clear()
    assert len(keys) == 3


def test_no_cache_processes_everything(seeds: Path, tmp_path: Path, counted: Counter) -> None:
    _build(seeds, tmp_path)
    report = build(seeds, tmp_path / "store", jobs=1, cache_dir=None)
    assert len(counted.seen) == 4 and not report.reused and not report.up_to_date


def test_the_build_never_imports_what_the_cache_key_leaves_out() -> None:
    """Modules outside the fingerprint (serve, wikidata, cli, …) stay outside the build.

    Follows every ``kg`` import (lazy ones inside functions too) from the pipeline and the
    stage packages whose modules are discovered at run time.
    """
    package = config.PACKAGE_DIR
    outside = {p.removesuffix(".py") for p in cache.OUTSIDE_BUILD}
    todo = ["kg.pipeline"] + [
        f"kg.{pkg}.{p.stem}"
        for pkg in ("extract", "rdf", "repair")
        for p in (package / pkg).glob("*.py")
    ]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        path = _module_file(package, name)
        if name in seen or path is None:
            continue
        seen.add(name)
        assert name.split(".")[1] not in outside, (
            f"the build imports {name}, which the cache key ignores"
        )
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                todo += [a.name for a in node.names if a.name.startswith("kg.")]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kg"):
                todo += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
    assert "kg.extract.mentions" in seen and "kg.validate" in seen


def _module_file(package: Path, name: str) -> Path | None:
    parts = name.split(".")[1:]
    if not parts:
        return None
    for candidate in (
        package.joinpath(*parts).with_suffix(".py"),
        package.joinpath(*parts, "__init__.py"),
    ):
        if candidate.is_file():
            return candidate
    return None


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="workers must inherit the patch"
)
def test_a_failure_in_a_worker_keeps_its_report_and_the_previous_store(
    seeds: Path, tmp_path: Path, counted: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(seeds, tmp_path)
    before = {str(q) for q in store.open_read_only(tmp_path / "store")}
    for text in seeds.glob("*.txt"):
        text.write_text(text.read_text(encoding="utf-8") + "\nEncore.\n", encoding="utf-8")

    def failing(doc, gazetteer, shared) -> DocumentResult:
        if doc.doc_id.startswith("003"):
            raise ValidationError(f"{doc.path}: the graph does not conform (1 problems)", "REPORT")
        return counted(doc, gazetteer, shared)

    monkeypatch.setattr(pipeline, "process", failing)
    with pytest.raises(ValidationError, match="does not conform") as err:
        build(seeds, tmp_path / "store", jobs=2, cache_dir=tmp_path / "cache")
    assert err.value.report == "REPORT"
    assert {str(q) for q in store.open_read_only(tmp_path / "store")} == before


def _dump(store_dir: Path) -> set[str]:
    """The store's quads, those with blank nodes (the ontology's, relabelled each build) left out."""
    return {str(q) for q in store.open_read_only(store_dir) if "_:" not in str(q)}


def test_an_edit_patches_a_copy_of_the_store(seeds: Path, tmp_path: Path, counted: Counter) -> None:
    first = _build(seeds, tmp_path)
    assert not first.patched
    changed = next(seeds.glob("003_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nEncore.\n", encoding="utf-8")
    report = _build(seeds, tmp_path)
    assert report.patched and counted.seen[2:] == [changed.stem]
    fresh = build(seeds, tmp_path / "fresh", jobs=1, cache_dir=None)
    assert not fresh.patched
    assert _dump(tmp_path / "store") == _dump(tmp_path / "fresh")


def test_a_removed_document_leaves_the_patched_store(
    seeds: Path, tmp_path: Path, counted: Counter
) -> None:
    _build(seeds, tmp_path)
    manifest = seeds / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[: text.index("[documents.003_2d74070e7dd118d0]")], encoding="utf-8")
    next(seeds.glob("003_*.txt")).unlink()
    report = _build(seeds, tmp_path)
    assert report.patched and len(counted.seen) == 2
    assert not any("003_2d74070e7dd118d0" in q for q in _dump(tmp_path / "store"))
    assert _dump(tmp_path / "store") == _dump(
        build(seeds, tmp_path / "fresh", cache_dir=None).store
    )


def test_a_failure_while_documents_are_loading_keeps_the_previous_store(
    seeds: Path, tmp_path: Path, counted: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader thread has already loaded a document when a later one fails: the
    generation it was loading into is removed, the previous one still serves."""
    _build(seeds, tmp_path)
    before = {str(q) for q in store.open_read_only(tmp_path / "store")}
    generations = sorted(tmp_path.glob("store.gen-*"))
    for text in seeds.glob("*.txt"):
        text.write_text(text.read_text(encoding="utf-8") + "\nEncore.\n", encoding="utf-8")
    loaded: list[Path] = []
    real_load = store.bulk_load_files

    def recording(st, paths, *args) -> None:
        real_load(st, paths, *args)
        loaded.extend(paths)

    def failing(doc, gazetteer, shared) -> DocumentResult:
        if doc.doc_id.startswith("003"):
            for _ in range(200):  # until the loader thread has loaded the first document
                if loaded:
                    break
                time.sleep(0.05)
            raise ValidationError(f"{doc.path}: the graph does not conform (1 problems)", "R")
        return counted(doc, gazetteer, shared)

    monkeypatch.setattr(store, "LOADER_BATCH", 1)  # every file is a batch of its own
    monkeypatch.setattr(store, "bulk_load_files", recording)
    monkeypatch.setattr(pipeline, "process", failing)
    with pytest.raises(ValidationError, match="does not conform"):
        _build(seeds, tmp_path)
    assert [p.name.startswith(counted.seen[-1]) for p in loaded] == [True]
    assert sorted(tmp_path.glob("store.gen-*")) == generations
    assert {str(q) for q in store.open_read_only(tmp_path / "store")} == before


def test_documents_are_loaded_while_the_others_are_processed(
    seeds: Path, tmp_path: Path, counted: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[str] = []
    real_load = store.bulk_load_files

    def recording(st, paths, *args) -> None:
        real_load(st, paths, *args)
        loaded.extend(p.name for p in paths)

    def slow_second(doc, gazetteer, shared) -> DocumentResult:
        if doc.doc_id.startswith("003"):
            for _ in range(200):  # the first document is in the store before this one ends
                if loaded:
                    break
                time.sleep(0.05)
            assert loaded
        return counted(doc, gazetteer, shared)

    monkeypatch.setattr(store, "LOADER_BATCH", 1)
    monkeypatch.setattr(store, "bulk_load_files", recording)
    monkeypatch.setattr(pipeline, "process", slow_second)
    report = _build(seeds, tmp_path)
    assert len(loaded) == len(report.documents) + len(pipeline.SHARED_GRAPHS)
    assert {str(iris.graph(d.doc_id)) for d in report.documents} <= {
        g.value for g in store.open_read_only(tmp_path / "store").named_graphs()
    }
