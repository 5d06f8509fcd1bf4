"""Shared fixtures: the project's seeds, and a store built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real graph, built from seeds/ once for the whole test session."""
    from kg.pipeline import build

    store_dir = tmp_path_factory.mktemp("kg") / "store"
    build(SEEDS, store_dir)
    return store_dir


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/seeds.nq from the current code (see tests/golden/graph.py)",
    )
