"""A loopback HTTP server that answers like Wikidata's action API, from recorded JSON.

Tests script misbehaviour with ``wikidata_api.script``: each queued
:class:`Act` is consumed by one request (a status with headers, a sleep
longer than the client's timeout, or a raw malformed body), after which the
server answers from the fixtures again.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kg.http import RetryPolicy
from kg.model import Entity, EntityKind
from kg.wikidata.cache import Cache
from kg.wikidata.client import WikidataClient

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Act:
    """One scripted misbehaviour."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0
    body: bytes | None = None


class WikidataAPI(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script: list[Act] = []
        self.requests: list[dict[str, str]] = []
        self.user_agents: list[str] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/w/api.php"

    def next_act(self) -> Act | None:
        with self.lock:
            return self.script.pop(0) if self.script else None

    def answer(self, params: dict[str, str]) -> dict:
        if params.get("action") == "wbgetentities":
            return _entities(params["ids"].split("|"))
        if params.get("action") == "wbsearchentities":
            path = FIXTURES / "wbsearchentities" / f"{params['language']}-{params['search']}.json"
            if path.exists():
                return json.loads(path.read_text(encoding="utf-8"))
            return {"searchinfo": {"search": params["search"]}, "search": [], "success": 1}
        return {"error": {"code": "badvalue", "info": "Unrecognized value for parameter action"}}


def _entities(ids: list[str]) -> dict:
    answer: dict = {"entities": {}, "success": 1}
    for qid in ids:
        path = FIXTURES / "wbgetentities" / f"{qid}.json"
        if not path.exists():
            answer["entities"][qid] = {"id": qid, "missing": ""}
            continue
        recorded = json.loads(path.read_text(encoding="utf-8"))
        answer["entities"].update(recorded["entities"])
        answer.setdefault("redirects", []).extend(recorded.get("redirects", []))
    return answer


class _Handler(BaseHTTPRequestHandler):
    server: WikidataAPI

    def do_GET(self) -> None:
        params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        with self.server.lock:
            self.server.requests.append(params)
            self.server.user_agents.append(self.headers.get("User-Agent", ""))
        act = self.server.next_act() or Act()
        if act.sleep:
            time.sleep(act.sleep)
        body = act.body
        if body is None:
            body = json.dumps(self.server.answer(params), ensure_ascii=False).encode()
        self.send_response(act.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in act.headers.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def wikidata_api() -> Iterator[WikidataAPI]:
    server = WikidataAPI()
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


FAST = RetryPolicy(attempts=3, backoff=0.01, max_wait=0.05, timeout=2.0)


@pytest.fixture
def client(wikidata_api: WikidataAPI, tmp_path: Path) -> WikidataClient:
    return WikidataClient(wikidata_api.url, policy=FAST, cache=Cache(tmp_path / "cache"))


@dataclass(frozen=True)
class FixtureGazetteer:
    """The gazetteer contract (``.entities``, ``.get``, ``.unlinked``), read from TOML."""

    entities: tuple[Entity, ...]

    def get(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)

    def unlinked(self) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if not e.wikidata)


def read_gazetteer(path: Path) -> FixtureGazetteer:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entities = []
    for kind in EntityKind:
        for key, row in data.get(kind.value, {}).items():
            entities.append(
                Entity(
                    key=key,
                    kind=kind,
                    label_fr=row["label_fr"],
                    label_en=row.get("label_en", ""),
                    aliases=tuple(row.get("aliases", ())),
                    types=tuple(row.get("types", ())),
                    wikidata=row.get("wikidata", ""),
                    wikidata_evidence=row.get("wikidata_evidence", ""),
                    part_of=row.get("part_of", ""),
                    description=row.get("description", ""),
                )
            )
    return FixtureGazetteer(tuple(entities))


@pytest.fixture
def gazetteer_file(tmp_path: Path) -> Path:
    path = tmp_path / "gazetteer.toml"
    path.write_bytes((FIXTURES / "gazetteer.toml").read_bytes())
    return path


@pytest.fixture
def gazetteer(gazetteer_file: Path):
    """The fixture gazetteer, read by the project's loader (a stand-in before it existed)."""
    try:
        from kg.gazetteer import load_gazetteer
    except ImportError:
        return read_gazetteer(gazetteer_file)
    return load_gazetteer(gazetteer_file)
