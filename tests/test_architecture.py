"""The house rules that code review forgets: one place mints IRIs, imports point backwards."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

#: Pipeline order: a module may import its own stage and earlier ones, never a later one.
STAGES = ["seeds", "repair", "segment", "extract", "link", "rdf", "validate", "store"]
LATER_ONLY = {"pipeline", "cli", "serve", "export", "push", "wikidata", "wikidata_view", "stats"}

MINTING = re.compile(r"URIRef\(f[\"']|(?<![A-Za-z])KG\[")


def _modules() -> list[Path]:
    return sorted(p for p in KG.rglob("*.py") if "__pycache__" not in p.parts)


def _stage(path: Path) -> str:
    rel = path.relative_to(KG).with_suffix("")
    return rel.parts[0] if len(rel.parts) > 1 else rel.name


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg."):
            names.add(node.module.split(".")[1])
            if node.module == "kg":
                names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "kg":
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[1] for a in node.names if a.name.startswith("kg."))
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(KG)))
def test_only_iris_mints_iris(path: Path) -> None:
    if path.name in {"iris.py", "vocab.py"}:
        return
    offenders = [
        f"{path.relative_to(KG)}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MINTING.search(line)
    ]
    assert not offenders, "mint IRIs in kg/iris.py:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "path", [p for p in _modules() if _stage(p) in STAGES], ids=lambda p: str(p.relative_to(KG))
)
def test_stages_import_only_earlier_stages(path: Path) -> None:
    own = STAGES.index(_stage(path))
    later = {s for s in STAGES[own + 1 :]} | LATER_ONLY
    wrong = _imports(path) & later
    assert not wrong, f"{path.relative_to(KG)} imports later stages: {sorted(wrong)}"
