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


# --------------------------------------------------------------------------- import graph


def _module_name(path: Path) -> str:
    rel = path.relative_to(KG.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


MODULES = {_module_name(p): p for p in _modules()}


def _targets(path: Path) -> set[str]:
    """Every kg module ``path`` imports, at module level or inside a function.

    ``from kg.a import b`` names ``kg.a.b`` when that is a module, else ``kg.a``;
    the parent packages Python imports on the way are not counted.
    """
    package = (
        _module_name(path) if path.name == "__init__.py" else _module_name(path).rsplit(".", 1)[0]
    )
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1]
                    + ([base] if base else [])
                )
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in MODULES:
                    out.add(full)
                elif base in MODULES:
                    out.add(base)
    return out - {_module_name(path)}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph = {name: sorted(_targets(path)) for name, path in MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    return found


def test_no_import_cycles_anywhere_in_kg() -> None:
    cycles = _cycles()
    assert not cycles, "import cycles (function-level imports count):\n" + "\n".join(
        " ⇄ ".join(c) for c in cycles
    )


EXTRACT = KG / "extract"
#: modules of kg/extract every pass may import (the rest are passes: they import none of each other)
SHARED = {"context", "rules", "resolution", "mentions", "dates"}


@pytest.mark.parametrize("path", sorted(EXTRACT.glob("*.py")), ids=lambda p: p.name)
def test_extract_never_loads_the_gazetteer(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))  # code only: a doctest may load it
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert "load_gazetteer" not in names, (
        f"kg/extract/{path.name}: the caller passes the gazetteer (kg.extract.extract)"
    )


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in sorted(EXTRACT.glob("*.py"))
        if p.stem not in SHARED and not p.stem.startswith("_")
    ],
    ids=lambda p: p.name,
)
def test_passes_import_only_shared_helpers(path: Path) -> None:
    passes = {
        f"kg.extract.{p.stem}"
        for p in EXTRACT.glob("*.py")
        if p.stem not in SHARED and not p.stem.startswith("_")
    }
    wrong = sorted(_targets(path) & passes - {"kg.extract"})
    assert not wrong, f"kg/extract/{path.name} imports other passes: {wrong} (share a _helper)"


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(EXTRACT.glob("_*.py")) if p.name != "__init__.py"],
    ids=lambda p: p.name,
)
def test_helpers_import_no_pass(path: Path) -> None:
    passes = {
        f"kg.extract.{p.stem}"
        for p in EXTRACT.glob("*.py")
        if p.stem not in SHARED and not p.stem.startswith("_")
    }
    wrong = sorted(_targets(path) & passes)
    assert not wrong, f"kg/extract/{path.name} imports passes: {wrong}"


# --------------------------------------------------------------------------- kinds of fact


def _fact_records() -> list[type]:
    import kg.model as model
    from kg.model import Fact

    return [
        c
        for c in vars(model).values()
        if isinstance(c, type) and issubclass(c, Fact) and c is not Fact
    ]


def _classes_in(folder: str, predicate: str | None = None) -> set[str]:
    from rdflib import Graph, URIRef

    g = Graph()
    for path in sorted((KG.parent / folder).glob("*.ttl")):
        g.parse(path, format="turtle")
    if predicate is None:  # any mention of the term, as subject or object
        return {str(t) for s, _p, o in g for t in (s, o) if isinstance(t, URIRef)}
    return {str(o) for o in g.objects(None, URIRef(predicate))}


def test_every_record_kind_has_a_kind_a_builder_a_shape_and_an_ontology_term() -> None:
    from kg.model import FactKind
    from kg.rdf import REGISTRY

    registered = {r.kind: r for r in REGISTRY}
    assert set(registered) == set(FactKind), "a FactKind without a Registration in kg/rdf"
    records = _fact_records()
    assert {r.record for r in REGISTRY} == set(records), "a record without a Registration"
    assert all(r.record.KIND is r.kind for r in REGISTRY)
    targeted = _classes_in("shapes", "http://www.w3.org/ns/shacl#targetClass")
    documented = _classes_in("ontology")
    missing_shape = [r.kind.name for r in REGISTRY if str(r.rdf_class) not in targeted]
    missing_term = [r.kind.name for r in REGISTRY if str(r.rdf_class) not in documented]
    assert not missing_shape, f"no SHACL shape targets the class of {missing_shape} (shapes/)"
    assert not missing_term, f"the ontology does not document the class of {missing_term}"
