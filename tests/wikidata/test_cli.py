"""The argparse glue of ``kg link``, end to end against the loopback Wikidata."""

import argparse
import io

import pytest

from kg.errors import DataError, RemoteError
from kg.wikidata import add_link_arguments


@pytest.fixture
def run(wikidata_api, gazetteer_file, tmp_path):
    parser = argparse.ArgumentParser()
    add_link_arguments(parser)

    def run(*args: str) -> tuple[int, str]:
        ns = parser.parse_args(
            [
                *args,
                "--gazetteer",
                str(gazetteer_file),
                "--api-url",
                wikidata_api.url,
                "--cache-dir",
                str(tmp_path / "cache"),
                "--retries",
                "1",
                "--backoff",
                "0.01",
            ]
        )
        out = io.StringIO()
        return ns.func(ns, out), out.getvalue()

    return run


def test_check_exits_1_on_mismatch_and_works_offline_afterwards(run, wikidata_api):
    code, table = run("check")
    assert code == 1 and table.endswith("5 mismatches in 6 linked entries\n")
    asked = len(wikidata_api.requests)
    assert run("check", "--offline") == (1, table)
    assert len(wikidata_api.requests) == asked


def test_offline_without_cache_names_the_missing_answer(run):
    with pytest.raises(RemoteError, match="offline: no cached answer for wbgetentities Q855"):
        run("check", "--offline")


def test_suggest_then_accept(run, gazetteer_file):
    before = gazetteer_file.read_bytes()
    code, text = run("suggest", "--texts", "/nonexistent")
    assert code == 0 and "ouritski (person) 'Ouritski'\n  1. Q90000010" in text
    assert gazetteer_file.read_bytes() == before
    code, text = run("suggest", "--accept", "ouritski=q90000010")
    assert code == 0 and text.endswith(f"linked person.ouritski -> Q90000010 in {gazetteer_file}\n")
    from kg.gazetteer import load_gazetteer

    assert load_gazetteer(gazetteer_file).get("ouritski").wikidata == "Q90000010"


def test_malformed_accept_is_a_data_error(run):
    with pytest.raises(DataError, match="expected KEY=QID"):
        run("suggest", "--accept", "ouritski")
