"""``kg link check`` against the loopback Wikidata."""

import pytest

from kg.errors import DataError, RemoteError
from kg.model import Entity, EntityKind
from kg.wikidata.check import Mismatch, check, render
from kg.wikidata.items import names_match, skeleton

from .conftest import Act, FixtureGazetteer


def test_every_kind_of_mismatch_is_found(gazetteer, client, wikidata_api):
    found = {(m.key, m.problem) for m in check(gazetteer, client)}
    assert found == {
        ("tcheka", "kind"),  # a body linked to a human
        ("kamenev", "missing"),
        ("ouritski-m", "dates"),  # born 1920
        ("trotski", "redirected"),
        ("zinoviev", "name"),  # linked to Stalin
    }
    assert len(wikidata_api.requests) == 1  # one batch for the six QIDs


def test_redirect_names_its_target(gazetteer, client):
    (redirect,) = [m for m in check(gazetteer, client) if m.problem == "redirected"]
    assert redirect == Mismatch(
        "trotski",
        "person",
        "Q90000001",
        "redirected",
        "Q90000001 now redirects to Q33391; update the gazetteer",
    )


def test_table_lists_mismatches_and_counts(gazetteer, client):
    mismatches = check(gazetteer, client)
    table = render(mismatches, 6)
    lines = table.splitlines()
    assert lines[0].split() == ["key", "kind", "qid", "problem", "detail"]
    assert any(line.startswith("zinoviev") and "Joseph Stalin" in line for line in lines)
    assert lines[-1] == "5 mismatches in 6 linked entries"
    assert render([], 6) == "0 mismatches in 6 linked entries\n"


def test_a_malformed_answer_stops_the_check_and_writes_nothing(
    gazetteer_file, gazetteer, client, wikidata_api
):
    before = gazetteer_file.read_bytes()
    wikidata_api.script = [Act(body=b'{"entities": ')]
    with pytest.raises(RemoteError, match="not JSON"):
        check(gazetteer, client)
    assert gazetteer_file.read_bytes() == before


def test_a_malformed_qid_in_the_gazetteer_is_a_data_error(client):
    gaz = FixtureGazetteer((Entity("x", EntityKind.PERSON, "X", wikidata="1394"),))
    with pytest.raises(DataError, match=r"\[person.x\]: wikidata = '1394' is not a QID"):
        check(gaz, client)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("Lénine", "Vladimir Lenin"),
        ("Trotski", "Leon Trotsky"),
        ("Lounatcharski", "Anatoly Lunacharsky"),
        ("Chliapnikov", "Alexander Shlyapnikov"),
        ("Dzerjinski", "Felix Dzerzhinsky"),
        ("Tchernov", "Viktor Chernov"),
        ("Boukharine", "Nikolai Bukharin"),
        ("Kollontaï", "Alexandra Kollontai"),
        ("Antonov-Ovseïenko", "Vladimir Antonov-Ovseyenko"),
        ("KROUPSKAÏA", "Nadezhda Krupskaya"),
    ],
)
def test_transliteration_variants_match(ours, theirs):
    assert names_match([ours], [theirs])


@pytest.mark.parametrize(
    ("ours", "theirs"), [("Zinoviev", "Joseph Stalin"), ("Lénine", "Léon Trotski")]
)
def test_different_people_do_not_match(ours, theirs):
    assert not names_match([ours], [theirs])


def test_skeleton_ignores_case_accents_and_punctuation():
    assert skeleton("Comité  Central!") == skeleton("comite central")
