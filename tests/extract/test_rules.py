"""The patterns files load into checked, typed rules; every mistake names file, table and key."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from kg.errors import DataError
from kg.extract.rules import PATTERNS_DIR, SCHEMAS, Result, Rule, load_file, load_rules


def _votes(**changes: object) -> dict:
    data = tomllib.loads((PATTERNS_DIR / "votes.toml").read_text(encoding="utf-8"))
    rule = next(r for r in data["decision"] if r["name"] == "passive")
    rule.update(changes)
    return data


BAD = [
    (
        _votes(skip_persnal=True),
        "votes.toml: [[decision]] 'passive': unknown option 'skip_persnal'",
    ),
    (
        _votes(result="won"),
        "votes.toml: [[decision]] 'passive': 'result': 'won' is not one of '', 'fail', 'pass'",
    ),
    (_votes(pattern="(?P<motion>["), "votes.toml: [[decision]] 'passive': 'pattern': bad regex"),
    (
        _votes(skip_personal="yes"),
        "votes.toml: [[decision]] 'passive': 'skip_personal': expected bool",
    ),
    (
        {**_votes(), "decisions": [{"pattern": "x"}]},
        "votes.toml: unknown table [[decisions]]",
    ),
    (
        {**_votes(), "followup": [{"name": "f"}]},
        "votes.toml: [[followup]] 'f': missing key 'pattern'",
    ),
    (
        {
            **_votes(),
            "walkout_rule": [{"name": "a", "pattern": "x"}, {"name": "a", "pattern": "y"}],
        },
        "votes.toml: rule names used twice: a",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD, ids=[m for _, m in BAD])
def test_a_mistake_is_a_data_error_naming_file_table_and_key(data: dict, message: str) -> None:
    with pytest.raises(DataError, match=re.escape(message)):
        load_file("votes", data)


def test_a_bad_setting_regex_names_the_file(tmp_path: Path) -> None:
    for stem in SCHEMAS:
        shutil.copy(PATTERNS_DIR / f"{stem}.toml", tmp_path)
    path = tmp_path / "quotations.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(?m)^anaphoric_lead = .*$", 'anaphoric_lead = "(unclosed"', text), "utf-8"
    )
    with pytest.raises(DataError, match=r"quotations\.toml: .*bad regex"):
        load_rules(tmp_path)


def test_the_packaged_rules_load_typed() -> None:
    rules = load_rules()
    every = list(rules)
    assert every and all(isinstance(r, Rule) for r in every)
    assert all(r.regex is not None for r in every if r.table != "concordance")
    passive = next(r for r in rules["votes"].rules("decision") if r.name == "passive")
    assert passive.get("result") is Result.PASS
    assert passive.id == "votes.passive"
    assert load_rules() is rules  # loaded once
