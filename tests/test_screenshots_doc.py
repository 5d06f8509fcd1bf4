"""Every page the screenshot script takes is committed in docs/screenshots/ and linked from the README."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shots() -> list[tuple[str, str]]:
    tree = ast.parse((ROOT / "scripts" / "screenshots.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "SHOTS" for t in targets):
                return [(e[0], e[1]) for e in ast.literal_eval(node.value)]
    raise AssertionError("no SHOTS in scripts/screenshots.py")


def test_each_page_has_a_screenshot_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text()
    found = shots()
    paths = {path for _, path in found}
    # every kind of page: home, query, each browse list, entity kinds, documents, views, dataset
    for expected in (
        "/",
        "/query",
        "/browse/people",
        "/browse/documents",
        "/person/lenin",
        "/timeline",
        "/network",
        "/dataset",
    ):
        assert expected in paths
    assert any(p.startswith("/doc/") for p in paths)
    for name, _ in found:
        png = ROOT / "docs" / "screenshots" / f"{name}.png"
        assert png.stat().st_size > 10_000, png
        assert f"(docs/screenshots/{name}.png)" in readme, name
