"""Shared by the page and soak benchmarks: a seeds store, a real ``kg serve``, timings.

Not a benchmark itself.  Each benchmark writes its own section of
``benchmarks/RESULTS.md`` between ``<!-- NAME: begin -->`` and
``<!-- NAME: end -->`` markers (:func:`write_section`), leaving the others intact.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def seeds_store(folder: Path) -> Path:
    """``kg build`` of the project's seeds into ``folder/store`` (the real seeds graph)."""
    store = folder / "store"
    cmd = [sys.executable, "-m", "kg", "build", "--store", str(store), "--no-cache"]
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int

    def get(
        self, path: str, accept: str = "*/*", timeout: float = 60, source: str = ""
    ) -> tuple[int, bytes, float]:
        """(status, body, seconds) of one GET on a fresh connection; status 0 on a socket error.

        ``source``: the client's address (any 127.x.y.z: each looks like another user).
        """
        started = time.perf_counter()
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout, source_address=(source, 0) if source else None
        )
        try:
            conn.request("GET", path, headers={"Accept": accept})
            resp = conn.getresponse()
            status, body = resp.status, resp.read()
        except (OSError, http.client.HTTPException):
            status, body = 0, b""
        finally:
            conn.close()
        return status, body, time.perf_counter() - started

    def pids(self) -> list[int]:
        """The server and its worker processes."""
        found = [self.proc.pid]
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError):
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                        found.append(int(entry))
        return found

    def rss_mib(self) -> float:
        """Resident memory of the server and all its workers, in MiB."""
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        return total * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextlib.contextmanager
def serving(store: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """``python -m kg.serve --store STORE ARGS`` on a free port, until the block ends."""
    port = free_port()
    cmd = [sys.executable, "-m", "kg.serve", "--store", str(store), "--port", str(port), *args]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    server = Server(proc, port)
    try:
        deadline = time.monotonic() + 60
        ask = "/sparql?" + urlencode({"query": "ASK {}"})
        while server.get(ask, timeout=5)[0] != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not start (exit {proc.returncode})")
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def command_line() -> str:
    args = " ".join(sys.argv[1:])
    return f".venv/bin/python benchmarks/{Path(sys.argv[0]).name}{' ' + args if args else ''}"


def write_section(name: str, title: str, body: str) -> None:
    """Replace (or append) the ``## title`` section ``name`` of RESULTS.md."""
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    block = f"{begin}\n\n{body.strip()}\n\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n## {title}\n{block}\n"
    RESULTS.write_text(text, encoding="utf-8")
