"""Where document pages get their text: ``--seeds`` or ``$KG_SEEDS``, prepared at worker start."""

from __future__ import annotations

import shutil

from kg.serve import page_cache

from .conftest import ROOT, running

DOC = "/doc/000_429393bbd9028836"
MISSING = "The repaired text is not available to this server"


def _page(server) -> str:
    status, _, body = server.request("GET", DOC, headers={"Accept": "text/html"})
    assert status == 200
    return body.decode()


def test_seeds_option_names_the_texts(seeds_store, tmp_path, monkeypatch):
    copy = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "seeds", copy)
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    with running(seeds_store, "--seeds", str(copy)) as server:
        page = _page(server)
    assert MISSING not in page and '<mark class="fact"' in page
    # prepared when the workers started: the rendered page is in the cache folder
    assert list((tmp_path / "cache" / "pages").glob("*/*.html"))


def test_seeds_option_without_texts(seeds_store, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    with running(seeds_store, "--seeds", str(tmp_path / "none")) as server:
        assert MISSING in _page(server)


def test_kg_seeds_environment_variable(seeds_store, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("KG_SEEDS", str(tmp_path / "none"))  # the server's seeds/ is not used
    with running(seeds_store) as server:
        assert MISSING in _page(server)


def test_page_cache_renders_once_per_generation(tmp_path, monkeypatch):
    monkeypatch.setattr(page_cache, "PAGES", tmp_path)
    monkeypatch.setattr(page_cache, "_MEMORY", type(page_cache._MEMORY)())
    calls: list[int] = []

    def render() -> str:
        calls.append(1)
        return "<p>page</p>"

    generation = str(tmp_path / "gen-1")
    (tmp_path / "gen-1").mkdir()
    assert page_cache.get(generation, "iri", "seeds", render) == "<p>page</p>"
    page_cache._MEMORY.clear()  # another worker: reads the file
    assert page_cache.get(generation, "iri", "seeds", render) == "<p>page</p>"
    assert len(calls) == 1
    (tmp_path / "gen-1").rmdir()  # the generation is gone: its pages go too
    page_cache.prune()
    assert not list(tmp_path.glob("*/*.html"))
