"""The client against a real loopback HTTP server answering like Wikidata."""

import time

import pytest

from kg.errors import DataError, RemoteError
from kg.http import RetryPolicy
from kg.wikidata.cache import Cache
from kg.wikidata.client import WikidataClient

from .conftest import FAST, Act


def test_user_agent_names_tool_version_and_contact(client, wikidata_api):
    client.get_entities(["Q1394"])
    agent = wikidata_api.user_agents[0]
    assert agent.startswith("october-kg/")
    assert "@" in agent or "https://" in agent
    assert "python-requests/" in agent


def test_entities_are_asked_fifty_at_a_time(client, wikidata_api):
    ids = [f"Q{90000100 + i}" for i in range(60)] + ["Q1394"]
    answer = client.get_entities(ids)
    batches = [r["ids"].split("|") for r in wikidata_api.requests]
    assert [len(b) for b in batches] == [50, 11]
    assert all(r["redirects"] == "yes" for r in wikidata_api.requests)
    assert answer.resolve("Q1394")["labels"]["fr"]["value"] == "Lénine"
    assert len(answer.missing) == 60


def test_redirect_is_followed_and_reported(client):
    answer = client.get_entities(["Q90000001"])
    assert answer.redirects == {"Q90000001": "Q33391"}
    assert answer.resolve("Q90000001")["id"] == "Q33391"


def test_429_is_retried_honouring_a_capped_retry_after(client, wikidata_api):
    wikidata_api.script = [Act(429, {"Retry-After": "3600"})]
    started = time.monotonic()
    answer = client.get_entities(["Q1394"])
    assert time.monotonic() - started < 1  # capped at max_wait (0.05 s), not an hour
    assert len(wikidata_api.requests) == 2
    assert "Q1394" in answer.entities


def test_429_with_an_http_date_retry_after(client, wikidata_api):
    wikidata_api.script = [Act(429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})]
    assert "Q1394" in client.get_entities(["Q1394"]).entities
    assert len(wikidata_api.requests) == 2


def test_500_is_retried(client, wikidata_api):
    wikidata_api.script = [Act(500), Act(503)]
    assert "Q855" in client.get_entities(["Q855"]).entities
    assert len(wikidata_api.requests) == 3


def test_persistent_500_gives_a_clear_error(client, wikidata_api):
    wikidata_api.script = [Act(500)] * 3
    with pytest.raises(RemoteError, match=r"HTTP 500 .*gave up after 3 attempts"):
        client.get_entities(["Q855"])


def test_timeout_is_retried_then_reported(wikidata_api, tmp_path):
    policy = RetryPolicy(attempts=2, backoff=0.01, max_wait=0.05, timeout=0.2)
    client = WikidataClient(wikidata_api.url, policy=policy, cache=Cache(tmp_path))
    wikidata_api.script = [Act(sleep=0.6), Act(sleep=0.6)]
    with pytest.raises(RemoteError, match=r"wbgetentities Q1394\): timed out after 0.2 s"):
        client.get_entities(["Q1394"])
    assert len(wikidata_api.requests) == 2


def test_timeout_then_success(wikidata_api, tmp_path):
    policy = RetryPolicy(attempts=2, backoff=0.01, max_wait=0.05, timeout=0.2)
    client = WikidataClient(wikidata_api.url, policy=policy, cache=Cache(tmp_path))
    wikidata_api.script = [Act(sleep=0.6)]
    assert "Q1394" in client.get_entities(["Q1394"]).entities


def test_malformed_body_is_a_clear_error_without_retry(client, wikidata_api):
    wikidata_api.script = [Act(body=b"<html>Wikimedia Error</html>")]
    with pytest.raises(RemoteError, match="the answer is not JSON: '<html>Wikimedia Error"):
        client.get_entities(["Q1394"])
    assert len(wikidata_api.requests) == 1


def test_answer_of_the_wrong_shape_is_a_clear_error(client, wikidata_api):
    wikidata_api.script = [Act(body=b'{"batchcomplete": ""}')]
    with pytest.raises(RemoteError, match="without 'entities'"):
        client.get_entities(["Q1394"])


def test_api_error_is_reported(client, wikidata_api):
    wikidata_api.script = [Act(body=b'{"error": {"code": "no-such-entity", "info": "Bad id"}}')]
    with pytest.raises(RemoteError, match="API error no-such-entity: Bad id"):
        client.get_entities(["Q1394"])


def test_bad_id_is_refused_before_asking(client, wikidata_api):
    with pytest.raises(DataError, match="'Lenin' is not a Wikidata item id"):
        client.get_entities(["Lenin"])
    assert wikidata_api.requests == []


def test_answers_are_cached_and_offline_uses_the_cache(wikidata_api, tmp_path):
    cache = Cache(tmp_path)
    online = WikidataClient(wikidata_api.url, policy=FAST, cache=cache)
    online.get_entities(["Q1394"])
    online.search("Ouritski", "fr")
    online.get_entities(["Q1394"])
    assert len(wikidata_api.requests) == 2  # the repeat came from the cache
    offline = WikidataClient("http://127.0.0.1:9/unreachable", offline=True, cache=cache)
    offline.api_url = wikidata_api.url  # same key as the online answers
    assert offline.search("Ouritski", "fr")[0]["id"] == "Q90000012"
    assert len(wikidata_api.requests) == 2


def test_offline_cache_miss_names_what_is_missing(wikidata_api, tmp_path):
    offline = WikidataClient(wikidata_api.url, offline=True, cache=Cache(tmp_path))
    with pytest.raises(RemoteError, match=r"offline: no cached answer for wbgetentities Q855\b"):
        offline.get_entities(["Q855"])
    assert wikidata_api.requests == []


def test_stale_entries_are_refetched_online_but_used_offline(wikidata_api, tmp_path):
    stale = Cache(tmp_path, ttl=0)
    WikidataClient(wikidata_api.url, policy=FAST, cache=stale).get_entities(["Q1394"])
    time.sleep(0.01)
    WikidataClient(wikidata_api.url, policy=FAST, cache=stale).get_entities(["Q1394"])
    assert len(wikidata_api.requests) == 2
    offline = WikidataClient(wikidata_api.url, offline=True, cache=stale)
    assert "Q1394" in offline.get_entities(["Q1394"]).entities
