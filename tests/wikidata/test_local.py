"""``kg link suggest --from FILE``: offline candidates from real extracts of Wikidata."""

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kg.errors import DataError
from kg.gazetteer import load_gazetteer
from kg.wikidata.items import skeleton
from kg.wikidata.local import ACCEPT_THRESHOLD, read_items, suggest_local

LOCAL = Path(__file__).parent / "fixtures" / "local"
PEOPLE, PLACES = LOCAL / "revolutionaries.json", LOCAL / "places.sparql.json"


@pytest.fixture(scope="module")
def found() -> dict:
    items = read_items(PEOPLE) + read_items(PLACES)
    return {s.entity.key: s for s in suggest_local(load_gazetteer(LOCAL / "gazetteer.toml"), items)}


@pytest.mark.parametrize(
    ("key", "qid"),
    [
        ("kamenev", "Q165854"),
        ("zinoviev", "Q207459"),
        ("kerensky", "Q48211"),  # "Kérenski"
        ("lunacharsky", "Q18809"),  # "Lounatcharski"
        ("spiridonova", "Q266745"),
        ("pskov", "Q2214"),
        ("tver", "Q2288"),
        ("moscou", "Q649"),  # by its Russian label "Москва"
    ],
)
def test_the_right_item_comes_first_above_the_threshold(found: dict, key: str, qid: str) -> None:
    best = found[key].candidates[0]
    assert best.qid == qid and best.score >= ACCEPT_THRESHOLD, best


@pytest.mark.parametrize("key", ["dmitri-oulianov", "geneve"])
def test_namesakes_stay_below_the_threshold(found: dict, key: str) -> None:
    assert found[key].candidates, "the namesakes are found"
    assert all(c.score < ACCEPT_THRESHOLD for c in found[key].candidates)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("Kaménev", "Каменев"),
        ("Kamenev", "Каменев"),
        ("Zinoviev", "Зиновьев"),
        ("Lounatcharski", "Луначарский"),
        ("Kérenski", "Керенский"),
        ("Oulianov", "Ульянов"),
    ],
)
def test_transliterations_meet(ours: str, theirs: str) -> None:
    assert skeleton(ours) == skeleton(theirs)


def test_dump_lines_sparql_rows_and_api_answers_read_alike(tmp_path: Path) -> None:
    listed = read_items(PEOPLE)
    lines = tmp_path / "lines.json"
    lines.write_text("\n".join(json.dumps(e) for e in listed) + "\n", encoding="utf-8")
    assert read_items(lines) == listed
    api = tmp_path / "api.json"
    api.write_text(json.dumps({"entities": {e["id"]: e for e in listed}}), encoding="utf-8")
    assert read_items(api) == listed
    bindings = json.loads(PLACES.read_text(encoding="utf-8"))["results"]["bindings"]
    flat = tmp_path / "rows.json"
    flat.write_text(json.dumps([{k: v["value"] for k, v in b.items()} for b in bindings]))
    by_id = {e["id"]: e for e in read_items(flat)}
    assert by_id["Q2214"]["labels"]["en"]["value"] == "Pskov"
    moscow = {e["id"]: e for e in read_items(PLACES)}["Q649"]
    assert set(moscow["labels"]) == {"en", "ru"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "lines.json:1: not a JSON entity"),
        (
            '{"results": {"bindings": [{"item": {"value": "http://x/1"}}]}}',
            "without a Wikidata item",
        ),
        ('[{"id": "X1"}]', "entity without a QID"),
        ('"a string"', "not Wikidata JSON"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "lines.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_items(path)


def test_cli_suggests_offline_and_accepts_with_provenance(tmp_path: Path) -> None:
    gazetteer = tmp_path / "gazetteer.toml"
    shutil.copy(LOCAL / "gazetteer.toml", gazetteer)
    base = [sys.executable, "-m", "kg", "link", "suggest", "--gazetteer", str(gazetteer)]
    shown = subprocess.run(
        [*base, "--from", str(PEOPLE), "--key", "kamenev"], capture_output=True, text=True
    )
    assert shown.returncode == 0 and "1. Q165854" in shown.stdout, shown.stderr
    done = subprocess.run(
        [*base, "--from", str(PEOPLE), "--accept", "kamenev=Q165854"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    row = tomllib.loads(gazetteer.read_text(encoding="utf-8"))["person"]["kamenev"]
    assert row["wikidata"] == "Q165854"
    assert "local file revolutionaries.json score +" in row["wikidata_evidence"]
    bad = subprocess.run(
        [*base, "--from", str(tmp_path / "missing.json")], capture_output=True, text=True
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_check_from_a_local_extract_works_on_a_fresh_clone() -> None:
    """Every link whose item the committed extract holds agrees in names and kind."""
    from kg.wikidata.local import check_local

    extract = read_items(LOCAL / "linked.sparql.json")
    found, checked, absent = check_local(load_gazetteer(), extract)
    assert checked >= 30 and checked + absent == len(load_gazetteer().linked())
    # The only disagreements: authors the texts cite who died before 1917 (as online).
    assert {(m.key, m.problem) for m in found} == {
        ("danton", "dates"),
        ("engels", "dates"),
        ("marx", "dates"),
    }


def test_check_from_reports_a_wrong_link(tmp_path: Path) -> None:
    from kg.wikidata.local import check_local

    gazetteer = tmp_path / "gazetteer.toml"
    text = (LOCAL / "gazetteer.toml").read_text(encoding="utf-8")
    text = text.replace(
        'label_fr = "Pskov"',
        'label_fr = "Pskov"\nwikidata = "Q649"\n'
        'wikidata_evidence = "a deliberate mistake, for the test"',
    )
    gazetteer.write_text(text, encoding="utf-8")
    (found,), checked, _ = check_local(load_gazetteer(gazetteer), read_items(PLACES))
    assert checked == 1 and (found.key, found.problem) == ("pskov", "name")
