"""Fixtures for the kg serve tests: a small store and real server processes."""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import build

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "serve"
GRAPH = FIXTURES / "graph.trig"
QUERIES = FIXTURES / "queries"
ROOT = Path(__file__).resolve().parents[2]


def make_store(folder: Path) -> Path:
    store_dir = folder / "store"
    build(store_dir, lambda s: s.load(path=str(GRAPH), format=ox.RdfFormat.TRIG))
    return store_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A ``python -m kg.serve`` process on 127.0.0.1."""

    proc: subprocess.Popen[bytes]
    port: int
    store: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connection(self, timeout: float = 10) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(
        self,
        method: str,
        target: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = self.connection()
        try:
            conn.request(method, target, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def worker_pids(self) -> set[int]:
        """The server's child processes (its query workers)."""
        found = set()
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError):
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    fields = stat.rsplit(")", 1)[1].split()
                    if int(fields[1]) == self.proc.pid and fields[0] != "Z":
                        found.add(int(entry))
        return found


def start_server(store: Path, *args: str, queries: Path = QUERIES) -> Server:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "kg.serve",
        "--store",
        str(store),
        "--port",
        str(port),
        "--queries",
        str(queries),
        *args,
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    server = Server(proc, port, store)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise RuntimeError(f"kg serve exited with {proc.returncode}: {out}")
        with contextlib.suppress(OSError):
            status, _, _ = server.request("GET", "/sparql?query=ASK%7B%7D")
            if status == 200 and len(server.worker_pids()) >= 1:
                return server
        time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("kg serve did not start within 20 s")


def stop_server(server: Server) -> None:
    server.proc.send_signal(signal.SIGTERM)
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@contextlib.contextmanager
def running(store: Path, *args: str) -> Iterator[Server]:
    server = start_server(store, *args)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("serve-store"))


@pytest.fixture(scope="session")
def server(store_dir: Path) -> Iterator[Server]:
    """The read-only server most modules share (small limits so tests can reach them)."""
    with running(store_dir, "--max-rows", "20", "--max-body", "65536", "--workers", "2") as srv:
        yield srv


@pytest.fixture
def writable_store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


__all__ = ["Server", "make_store", "running", "shutil"]


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store ``kg build`` makes from the project's seeds (for the reading pages)."""
    store = tmp_path_factory.mktemp("seeds-store") / "store"
    cmd = [sys.executable, "-m", "kg", "build", "--store", str(store), "--no-cache"]
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return store


@pytest.fixture(scope="session")
def site(seeds_store: Path) -> Iterator[Server]:
    """A server of the seeds graph with the project's example queries."""
    server = start_server(seeds_store, "--workers", "2", queries=ROOT / "queries")
    try:
        yield server
    finally:
        stop_server(server)
