"""Every user or data error of the ``kg`` command: one line on stderr, exit 2, no traceback.

Each case runs the real command (``python -m kg``) in a subprocess, as a user
would, and a failed build must leave the store being served as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import build, generation_of

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "tests" / "fixtures" / "serve" / "graph.trig"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def kg(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    err = done.stderr
    assert done.returncode == 2, (done.returncode, err[-2000:])
    assert "Traceback" not in err and err.count("\n") == 1, err[-2000:]
    assert err.startswith("kg: error: "), err
    for part in expected:
        assert part in err, err


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli-store") / "store"
    build(store, lambda s: s.load(path=str(GRAPH), format=ox.RdfFormat.TRIG))
    return store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- query, export


def test_query_file_missing(small_store):
    done = kg("query", "--store", str(small_store), "-f", "missing.rq")
    assert_one_line_error(done, "missing.rq: no such query file")


def test_query_without_a_store(tmp_path):
    done = kg("query", "--store", str(tmp_path / "none"), "ASK {}")
    assert_one_line_error(done, "no store here; run `kg build` first")


def test_malformed_query(small_store):
    assert_one_line_error(kg("query", "--store", str(small_store), "SELEC"), "malformed query")


def test_export_to_a_missing_folder(small_store):
    done = kg("export", "--store", str(small_store), "-o", "/nonexistent/x.ttl")
    assert_one_line_error(done, "/nonexistent/x.ttl: cannot write the export")
    assert not Path("/nonexistent").exists()


def test_export_into_a_file_not_a_folder(small_store, tmp_path):
    (tmp_path / "plain").write_text("x")
    done = kg("export", "--store", str(small_store), "-o", str(tmp_path / "plain" / "x.ttl"))
    assert_one_line_error(done, "cannot write the export")


def test_service_not_allowed_is_refused(small_store):
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    done = kg(
        "query", "--store", str(small_store), f"SELECT * {{ SERVICE <{url}> {{ ?a ?b ?c }} }}"
    )
    assert_one_line_error(done, "is refused", "--allow-service")


def test_federated_query_offline(small_store):
    url = f"http://127.0.0.1:{_free_port()}/sparql"  # nothing listens there
    query = f"SELECT * {{ SERVICE <{url}> {{ ?a ?b ?c }} }}"
    done = kg("query", "--store", str(small_store), "--allow-service", url, query)
    assert_one_line_error(done, "query failed", "Connection refused")


def test_query_timeout(small_store):
    started = time.monotonic()
    done = kg("query", "--store", str(small_store), "--timeout", "1", RUNAWAY)
    assert_one_line_error(done, "past the time limit of 1 s (--timeout)")
    assert time.monotonic() - started < 30


def test_query_ctrl_c_stops_it(small_store):
    cmd = [sys.executable, "-m", "kg", "query", "--store", str(small_store), RUNAWAY]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # imports done, the query is running
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 130 and err == "kg: error: interrupted\n", err


# --------------------------------------------------------------------------- builds

MANIFEST = """\
[documents.d1]
file = "d1.txt"
title = "Un essai"
author = "Personne"
language = "fr"
format = "markdown"
date_written = {date}
{extra}
"""
TEXT = "Le soviet se réunit (1) puis vote (2).\n\n(1) Première note.\n\n(3) Note orpheline.\n"


def _seeds(folder: Path, date: str = '"1917-11-14"', extra: str = "", text: str = TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.toml").write_text(MANIFEST.format(date=date, extra=extra))
    (folder / "d1.txt").write_text(text)
    return folder


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store built by ``kg build`` from a one-document seeds folder (and that folder)."""
    root = tmp_path_factory.mktemp("built")
    seeds = _seeds(root / "seeds")
    done = kg("build", "--seeds", str(seeds), "--store", str(root / "store"), "--no-cache")
    assert done.returncode == 0, done.stderr
    return root / "store", seeds


def _state(store: Path) -> tuple[Path, int, list[str]]:
    """What a failed build must not change: the link's target, its size, the generations."""
    gen = generation_of(store)
    size = sum(f.stat().st_size for f in gen.rglob("*") if f.is_file())
    return gen, size, sorted(p.name for p in store.parent.glob(f"{store.name}.gen-*"))


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ('"1917-13-45"', "date_written '1917-13-45' is not a real date"),
        ('"25 octobre 1917"', "date_written '25 octobre 1917' is not an ISO date"),
        ('"1917-11"', "is not an ISO date"),
        ("1917-02-30", "not a real date"),  # a TOML date literal cannot be Feb 30: TOML error
    ],
    ids=["month-13", "french-words", "month-only", "toml-literal"],
)
def test_bad_date_written_stores_nothing(served, tmp_path, date, message):
    store, _ = served
    before = _state(store)
    seeds = _seeds(tmp_path / "seeds", date=date)
    done = kg("build", "--seeds", str(seeds), "--store", str(store), "--no-cache")
    if date == "1917-02-30":
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr
    else:
        assert_one_line_error(done, "manifest.toml: [documents.d1]: ", message)
    assert _state(store) == before


def test_bad_date_written_into_a_new_store_creates_nothing(tmp_path):
    seeds = _seeds(tmp_path / "seeds", date='"1917-13-45"')
    done = kg("build", "--seeds", str(seeds), "--store", str(tmp_path / "store"), "--no-cache")
    assert_one_line_error(done, "not a real date")
    assert not list(tmp_path.glob("store*"))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('dat_written = "1917"', "unknown key 'dat_written'"),
        ("[documents.d1.edition]\nyaer = 1958", "edition: unknown key 'yaer'"),
    ],
    ids=["entry", "edition"],
)
def test_unknown_manifest_keys(served, tmp_path, extra, message):
    store, _ = served
    before = _state(store)
    seeds = _seeds(tmp_path / "seeds", extra=extra)
    done = kg("build", "--seeds", str(seeds), "--store", str(store), "--no-cache")
    assert_one_line_error(done, message)
    assert _state(store) == before


def test_a_second_build_meanwhile_is_refused(served, tmp_path):
    """While a build holds the store's lock, another one says so (exit 2) and touches nothing."""
    store, seeds = served
    before = _state(store)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from pathlib import Path
                from kg.store import build_lock
                with build_lock(Path({str(store)!r})):
                    print("held", flush=True)
                    time.sleep(60)
                """
            ),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        done = kg("build", "--seeds", str(seeds), "--store", str(store), "--no-cache")
        assert_one_line_error(done, f"another build is running (pid {holder.pid})")
        assert _state(store) == before
    finally:
        holder.kill()
        holder.wait()
    # the lock goes with its process: the next build runs
    done = kg("build", "--seeds", str(seeds), "--store", str(store), "--no-cache")
    assert done.returncode == 0, done.stderr


def test_two_builds_at_once_one_is_refused_and_the_store_is_whole(tmp_path):
    seeds = _seeds(tmp_path / "seeds")
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "kg", "build", "--seeds", str(seeds), "--store", str(store)]
    cmd.append("--no-cache")
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outcomes = sorted((p.wait(120), p.stderr.read() if p.stderr else "") for p in procs)
    codes = [code for code, _ in outcomes]
    assert codes in ([0, 0], [0, 2]), outcomes  # both ran one after the other, or one refused
    for code, err in outcomes:
        assert "Traceback" not in err and "FileNotFoundError" not in err, err
        if code == 2:
            assert "another build is running (pid " in err and err.count("\n") == 1, err
    assert len(ox.Store.read_only(str(generation_of(store)))) > 0


def test_unpaired_footnotes_are_warnings_with_their_line(served):
    store, seeds = served
    done = kg("build", "--seeds", str(seeds), "--store", str(store.parent / "other"), "--no-cache")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("kg: warning: ")]
    assert warnings == [
        f"kg: warning: {seeds / 'd1.txt'}:1: footnote call [2] has no note",
        f"kg: warning: {seeds / 'd1.txt'}:5: note [3] has no call in the text",
    ], done.stderr
    assert "Traceback" not in done.stderr


def test_paired_footnotes_give_no_warning(tmp_path):
    text = "Le soviet se réunit (1) puis vote (2).\n\n(1) Une note.\n\n(2) Une autre.\n"
    seeds = _seeds(tmp_path / "seeds", text=text)
    done = kg("build", "--seeds", str(seeds), "--store", str(tmp_path / "store"), "--no-cache")
    assert done.returncode == 0 and "warning" not in done.stderr, done.stderr


def test_missing_seeds_folder(tmp_path):
    done = kg("build", "--seeds", str(tmp_path / "none"), "--store", str(tmp_path / "store"))
    assert_one_line_error(done, "no such seeds folder")
    assert not (tmp_path / "store").exists()


def test_unreadable_seed_file_is_one_line(tmp_path):
    seeds = _seeds(tmp_path / "seeds")
    (seeds / "d1.txt").write_bytes(b"\xff\xfe not utf-8 \xff")
    done = kg("build", "--seeds", str(seeds), "--store", str(tmp_path / "store"), "--no-cache")
    assert_one_line_error(done, "not UTF-8")
    shutil.rmtree(seeds)


def test_ctrl_c_on_serve_stops_it_quietly(small_store):
    port = _free_port()
    cmd = [sys.executable, "-m", "kg", "serve", "--store", str(small_store), "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode in (0, 130), err
    assert "Traceback" not in err and "store is untouched" not in err, err
