"""``kg entities --candidates`` and ``kg entities accept`` (kg/entities.py)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from kg import entities
from kg.cli import main
from kg.gazetteer import load_gazetteer


@pytest.fixture
def gazetteer(tmp_path: Path) -> Path:
    path = tmp_path / "gazetteer.toml"
    shutil.copy(entities.DEFAULT_GAZETTEER, path)
    return path


def test_listing_groups_candidates_with_counts_and_contexts(built_store: Path, capsys) -> None:
    rows = entities.candidates(built_store)
    assert rows and all(r.uses >= 1 and r.forms and r.documents for r in rows)
    assert all(r.key.startswith(f"{r.kind}-") for r in rows)
    assert all("[" in t for r in rows for _, _, t in r.contexts)
    assert main(["entities", "--candidates", "--json", "--store", str(built_store)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["key"] for r in listed} == {r.key for r in rows}
    assert main(["entities", "--candidates", "--store", str(built_store)]) == 0
    assert rows[0].key in capsys.readouterr().out


def test_accept_appends_an_entry_that_loads(built_store: Path, gazetteer: Path) -> None:
    before = gazetteer.read_text("utf-8")
    row = next(r for r in entities.candidates(built_store) if "(" not in r.label)
    done = entities.accept(gazetteer, built_store, [row.key], today=date(2026, 1, 2))
    after = gazetteer.read_text("utf-8")
    assert after.startswith(before.split("\n[", 1)[0])  # the header comments are kept
    assert len(after) > len(before) and all(line in after for line in before.splitlines())
    ((kind, key),) = done
    entity = load_gazetteer(gazetteer).get(key)
    assert entity is not None and entity.kind.value == kind and not entity.wikidata
    assert set(row.forms) <= {entity.label_fr, *entity.aliases}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope-nothing"], "no such candidate"),
        (["KEY", "KEY"], "already present"),
        (["KEY", "--qid", "Q1"], "--qid needs --evidence"),
    ],
)
def test_accept_errors_are_one_line_exit_2(
    built_store: Path, gazetteer: Path, capsys, args: list[str], message: str
) -> None:
    key = next(r.key for r in entities.candidates(built_store) if "(" not in r.label)
    args = [key if a == "KEY" else a for a in args]
    if args.count(key) == 2:  # accepted once, then again
        assert (
            main(
                [
                    "entities",
                    "accept",
                    key,
                    "--store",
                    str(built_store),
                    "--gazetteer",
                    str(gazetteer),
                ]
            )
            == 0
        )
        args = [key]
    capsys.readouterr()
    code = main(
        ["entities", "accept", *args, "--store", str(built_store), "--gazetteer", str(gazetteer)]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and message in err[0]


def test_accept_refuses_a_bad_file(built_store: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[person.x\n", encoding="utf-8")
    key = entities.candidates(built_store)[0].key
    code = main(["entities", "accept", key, "--store", str(built_store), "--gazetteer", str(bad)])
    assert code == 2 and bad.read_text("utf-8") == "[person.x\n"


def test_build_prints_candidates_per_document() -> None:
    text = entities.render_counts({"a": 3, "b": 1}, ["a", "b", "c"])
    assert text.splitlines() == [
        "4 candidates (names the gazetteer lacks, kg entities --candidates):",
        "  a: 3",
        "  b: 1",
        "  c: 0",
    ]
