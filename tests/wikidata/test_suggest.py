"""``kg link suggest`` and ``--accept`` against the loopback Wikidata."""

import json
import tomllib
from datetime import date

import pytest

from kg.errors import DataError, RemoteError
from kg.wikidata.suggest import accept, render, suggest

from .conftest import Act

TEXT = "Le camarade Moïsseï Ouritski préside la commission électorale."


def test_candidates_are_ranked_by_our_evidence(gazetteer, client, wikidata_api):
    (found,) = suggest(gazetteer, client, keys=["ouritski"], texts=[TEXT])
    assert next(c.qid for c in found.candidates) == "Q90000010"
    best = found.candidates[0]
    assert best.found_by == "fr #3, en #2"
    assert "human" in best.reasons and "born 1873, died 1918" in best.reasons
    assert "'Moïsseï Ouritski' in our texts" in best.reasons
    ranks = {c.qid: c.score for c in found.candidates}
    assert ranks["Q90000010"] > ranks["Q90000013"]  # born 1920: too late
    assert ranks["Q90000012"] < 0  # a disambiguation page
    searched = [
        (r["language"], r["search"])
        for r in wikidata_api.requests
        if r["action"] == "wbsearchentities"
    ]
    assert searched == [("fr", "Ouritski"), ("en", "Uritsky")]


def test_every_unlinked_entity_is_searched(gazetteer, client):
    found = suggest(gazetteer, client)
    assert [s.entity.key for s in found] == ["garde-rouge", "ouritski"]
    assert found[0].candidates == ()
    text = render(found)
    assert "garde-rouge (body) 'Garde rouge'\n  no candidates" in text
    assert "1. Q90000010" in text and "Russian revolutionary" not in text.split("1.")[0]


def test_suggest_writes_nothing(gazetteer_file, gazetteer, client):
    before = gazetteer_file.read_bytes()
    suggest(gazetteer, client)
    assert gazetteer_file.read_bytes() == before


def test_accept_writes_the_link_with_provenance_and_keeps_the_rest(
    gazetteer_file, gazetteer, client
):
    before_text = gazetteer_file.read_text(encoding="utf-8")
    before = tomllib.loads(before_text)
    found = suggest(gazetteer, client, keys=["ouritski"])
    (done,) = accept(gazetteer_file, {"ouritski": "Q90000010"}, found, today=date(2024, 5, 1))
    after_text = gazetteer_file.read_text(encoding="utf-8")
    after = tomllib.loads(after_text)
    row = after["person"]["ouritski"]
    assert row["wikidata"] == "Q90000010"
    assert row["wikidata_evidence"].startswith(
        "kg link suggest, accepted 2024-05-01, wbsearchentities score +"
    )
    assert row["wikidata_evidence"] == done.evidence
    before["person"]["ouritski"].update(
        wikidata=row["wikidata"], wikidata_evidence=row["wikidata_evidence"]
    )
    assert after == before  # nothing else changed
    assert set(before_text.splitlines()) <= set(after_text.splitlines())  # comments kept
    added = [line for line in after_text.splitlines() if line not in before_text.splitlines()]
    assert added == ['wikidata = "Q90000010"', f"wikidata_evidence = {json.dumps(done.evidence)}"]
    assert after_text.index(added[0]) > after_text.index("wikidata_note")  # end of its table


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ({"ouritski": "Q855"}, "Q855 is not among the candidates"),
        ({"lenine": "Q1394"}, "'lenine' is not an unlinked entity"),
    ],
)
def test_accept_refuses_what_was_not_suggested(gazetteer_file, gazetteer, client, choice, message):
    before = gazetteer_file.read_bytes()
    found = suggest(gazetteer, client)
    with pytest.raises(DataError, match=message):
        accept(gazetteer_file, choice, found)
    assert gazetteer_file.read_bytes() == before


def test_remote_failure_during_suggest_leaves_the_gazetteer_alone(
    gazetteer_file, gazetteer, client, wikidata_api
):
    before = gazetteer_file.read_bytes()
    wikidata_api.script = [Act(500)] * 3
    with pytest.raises(RemoteError, match='wbsearchentities fr "Garde rouge"'):
        suggest(gazetteer, client)
    assert gazetteer_file.read_bytes() == before


def test_unknown_key_is_a_data_error(gazetteer, client):
    with pytest.raises(DataError, match="not an unlinked gazetteer entity: nobody"):
        suggest(gazetteer, client, keys=["nobody"])
