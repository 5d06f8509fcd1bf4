from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import store
from kg.errors import StoreError

EX = "http://example.org/"


def _fill(value: str):
    def fill(st: ox.Store) -> None:
        st.add(
            ox.Quad(
                ox.NamedNode(EX + "s"),
                ox.NamedNode(EX + "p"),
                ox.Literal(value),
                ox.NamedNode(EX + "g"),
            )
        )

    return fill


def _value(store_dir: Path) -> str:
    st = store.open_read_only(store_dir)
    [row] = list(st.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return row["o"].value


def test_build_then_rebuild_swaps(tmp_path: Path) -> None:
    d = tmp_path / "store"
    store.build(d, _fill("one"))
    assert _value(d) == "one"
    reader = store.open_read_only(d)  # a server holding the old generation open
    store.build(d, _fill("two"))
    assert _value(d) == "two"
    assert len(list(reader.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))) == 1


@pytest.mark.parametrize("exc", [RuntimeError("stage failed"), KeyboardInterrupt()])
def test_failed_build_leaves_previous_store(tmp_path: Path, exc: BaseException) -> None:
    d = tmp_path / "store"
    store.build(d, _fill("good"))

    def failing(st: ox.Store) -> None:
        _fill("half")(st)
        raise exc

    with pytest.raises(type(exc)):
        store.build(d, failing)
    assert _value(d) == "good"
    assert len(list(tmp_path.glob("store.gen-*"))) == 1  # the half-built generation is gone


def test_generations_are_pruned(tmp_path: Path) -> None:
    d = tmp_path / "store"
    for v in "abcd":
        store.build(d, _fill(v))
    assert len(list(tmp_path.glob("store.gen-*"))) == 2  # current + previous


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here; run `kg build` first"):
        store.open_read_only(tmp_path / "nothing")


def test_plain_folder_store_is_adopted(tmp_path: Path) -> None:
    d = tmp_path / "store"
    st = ox.Store(str(d))
    _fill("plain")(st)
    st.flush()
    del st
    assert _value(d) == "plain"
    store.build(d, _fill("new"))
    assert d.is_symlink() and _value(d) == "new"
