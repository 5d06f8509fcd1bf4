"""``/reconcile``: the W3C Reconciliation Service API 0.2, on a real ``kg serve`` (127.0.0.1).

Every answer is validated against the specification's own JSON schemas
(``tests/serve/fixtures/reconciliation-0.2``, copied from reconciliation-api/specs).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from kg.serve.reconcile import Record, score

from .conftest import Server, running

SCHEMAS = Path(__file__).parent / "fixtures" / "reconciliation-0.2"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _schemas() -> tuple[Registry, dict[str, dict]]:
    loaded = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}
    registry: Registry = Registry()
    for schema in loaded.values():
        resource = Resource(contents=schema, specification=DRAFT7)
        registry = registry.with_resource(schema["$id"], resource)
    return registry, loaded


REGISTRY, SCHEMA = _schemas()


def valid(name: str, answer: object) -> None:
    jsonschema.Draft7Validator(SCHEMA[name], registry=REGISTRY).validate(answer)


@pytest.fixture(scope="module")
def server(built_store: Path) -> Iterator[Server]:
    with running(built_store) as server:
        yield server


def get(server: Server, target: str) -> tuple[int, dict]:
    status, _, body = server.request("GET", target)
    return status, json.loads(body)


def reconcile(server: Server, queries: dict, path: str = "/reconcile") -> dict:
    valid("reconciliation-query-batch", queries)
    body = urlencode({"queries": json.dumps(queries)})
    status, headers, answer = server.request("POST", path, body, FORM)
    assert status == 200 and headers["content-type"].startswith("application/json")
    found = json.loads(answer)
    valid("reconciliation-result-batch", found)
    return found


@pytest.mark.parametrize("path", ["/reconcile", "/reconcile/wikidata"])
def test_manifests_follow_the_schema(server: Server, path: str) -> None:
    status, manifest = get(server, path)
    assert status == 200
    valid("manifest", manifest)
    assert "0.2" in manifest["versions"]
    space = manifest["identifierSpace"]
    assert space == (
        "http://www.wikidata.org/entity/"
        if path.endswith("wikidata")
        else "https://w3id.org/october1917/"
    )
    assert {t["id"] for t in manifest["defaultTypes"]} == {
        "person",
        "body",
        "place",
        "work",
        "post",
        "meeting",
    }


def test_oulianov_is_lenin_first_with_his_qid(server: Server) -> None:
    ours = reconcile(server, {"q0": {"query": "Oulianov"}})["q0"]["result"]
    assert ours[0]["id"] == "person/lenin" and ours[0]["match"] is True
    assert "Wikidata Q1394" in ours[0]["description"]
    theirs = reconcile(server, {"q0": {"query": "Oulianov"}}, "/reconcile/wikidata")["q0"]["result"]
    assert theirs[0]["id"] == "Q1394" and theirs[0]["score"] == 100


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("Kaménev", "person", "person/kamenev"),
        ("Kamenev", "person", "person/kamenev"),
        ("Каменев", "person", "person/kamenev"),
        ("Lunacharsky", "person", "person/lunacharsky"),  # printed "Lounatcharski"
        ("L. Bronstein", "person", "person/trotsky"),  # a birth name the text prints
        ("Comité central", "body", "body/central-committee"),
        ("Soviet de Petrograd", "body", "body/petrograd-soviet"),
        ("Smolny", "place", "place/smolny"),
        ("Décret sur la paix", "work", "work/decree-on-peace"),
        ("commissaire du peuple", "post", "post/peoples-commissar"),
    ],
)
def test_every_kind_matches_its_printed_forms(
    server: Server, query: str, kind: str, expected: str
) -> None:
    (result,) = reconcile(server, {"q": {"query": query, "type": kind, "limit": 1}})["q"]["result"]
    assert result["id"] == expected and result["score"] >= 95, result
    assert {"id": kind, "name": result["type"][0]["name"]} in result["type"]


def test_meetings_types_limits_and_properties(server: Server) -> None:
    found = reconcile(
        server,
        {
            "meeting": {"query": "séance du Comité central", "type": "meeting", "limit": 3},
            "typed": {"query": "Petrograd", "type": ["place"]},
            "qid": {"query": "Trotski", "properties": [{"pid": "wikidata", "v": "Q33391"}]},
            "wrong": {"query": "Trotski", "properties": [{"pid": "wikidata", "v": "Q855"}]},
        },
    )
    meetings = found["meeting"]["result"]
    assert len(meetings) == 3 and all("/meeting/" in m["id"] for m in meetings)
    assert [r["id"] for r in found["typed"]["result"]] == ["place/petrograd"]
    assert found["qid"]["result"][0]["id"] == "person/trotsky"
    assert all(r["id"] != "person/trotsky" for r in found["wrong"]["result"])


def test_get_queries_preview_and_suggest(server: Server) -> None:
    status, batch = get(
        server, "/reconcile?queries=" + quote(json.dumps({"q": {"query": "Staline"}}))
    )
    assert status == 200 and batch["q"]["result"][0]["id"] == "person/stalin"
    status, _, page = server.request("GET", "/reconcile/preview?id=person/lenin")
    assert status == 200 and b"Q1394" in page and b"Oulianov" in page
    status, entities = get(server, "/reconcile/suggest/entity?prefix=Kam&type=person")
    valid("suggest-entities-response", entities)
    assert "person/kamenev" in [e["id"] for e in entities["result"]]
    status, types = get(server, "/reconcile/suggest/type?prefix=pe")
    valid("suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == ["person"]
    status, props = get(server, "/reconcile/suggest/property?prefix=wiki")
    valid("suggest-properties-response", props)
    assert [p["id"] for p in props["result"]] == ["wikidata"]
    status, wd = get(server, "/reconcile/wikidata/suggest/entity?prefix=Q33391")
    assert [e["id"] for e in wd["result"]] == ["Q33391"]


@pytest.mark.parametrize(
    ("target", "status", "reason"),
    [
        ("/reconcile?queries=%7Bnot", 400, "not JSON"),
        ("/reconcile?queries=" + quote('{"q": {"limit": 3}}'), 400, "needs 'query'"),
        (
            "/reconcile?queries=" + quote('{"q": {"query": "x", "type": "ship"}}'),
            400,
            "unknown type",
        ),
        ("/reconcile?queries=" + quote('{"q": {"query": "x", "bogus": 1}}'), 400, "unknown field"),
        ("/reconcile/preview?id=person/nobody", 404, "no entity"),
        ("/reconcile/elsewhere", 404, "no reconciliation resource"),
    ],
)
def test_bad_requests_say_why(server: Server, target: str, status: int, reason: str) -> None:
    got, _, body = server.request("GET", target)
    assert got == status and reason in json.loads(body)["error"]["message"]


def test_scores_rank_forms() -> None:
    record = Record("x", names={"lénine": "Lénine", "vladimir oulianov": "Vladimir Oulianov"})
    assert score("Lénine", record) == 100
    assert score("Lenin", record) == 95
    assert 40 <= score("Oulianov Vladimir Ilitch", record) < 95
    assert score("Staline", record) < 40
