"""Malformed input of every kind gets a 4xx: never a crash, never a traceback."""

from __future__ import annotations

import json
import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def raw_exchange(server, data: bytes, timeout: float = 5) -> bytes:
    """Send raw bytes, return whatever comes back before the server closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


def status_of(response: bytes) -> int | None:
    if not response.startswith(b"HTTP/1."):
        return None
    return int(response.split(b" ", 2)[1])


def assert_clean_4xx(server, target: bytes, method: bytes = b"GET", extra: bytes = b"") -> bytes:
    response = raw_exchange(
        server,
        method + b" " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra + b"\r\n",
    )
    status = status_of(response)
    assert status is not None and 400 <= status < 500, response[:300]
    assert b"Traceback" not in response and b'File "' not in response
    return response


@pytest.mark.parametrize(
    "target",
    [
        b"/sparql?query=%FF%FE",
        b"/sparql?query=%zz",
        b"/sparql?query=%",
        b"/sparql?query=%00",
        b"/person/%FF",
        b"/person/%00",
        b"/person/../../etc/passwd",
        b"/person/%2e%2e/%2e%2e/x",
        b"/%2E%2E/kg/serve/app.py",
        b"/static/..%2fapp.py",
        b"/a%5Cb",
        b"/person/<x>",
        b"/sparql?query=SELECT&query=ASK",
        b"/store?graph=a&default",
    ],
)
def test_bad_targets(server, target):
    assert_clean_4xx(server, target)


def test_raw_non_ascii_and_control_bytes(server):
    response = raw_exchange(server, b"GET /person/\xff\x01 HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(response) in (None, 400, 404)


def test_overlong_url(server):
    response = assert_clean_4xx(server, b"/sparql?query=" + b"A" * 100_000)
    assert status_of(response) in (400, 413, 414, 431)


def test_huge_declared_body_is_413_before_reading(server):
    response = assert_clean_4xx(
        server,
        b"/sparql",
        b"POST",
        b"Content-Type: application/sparql-query\r\nContent-Length: 100000000\r\n",
    )
    assert status_of(response) == 413
    assert json.loads(response.split(b"\r\n\r\n", 1)[1])["error"]["type"] == "body-too-large"


def test_huge_chunked_body_is_413(server):
    chunk = b"%x\r\n%s\r\n" % (40_000, b"#" * 40_000)
    data = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunk * 3 + b"0\r\n\r\n"
    )
    assert status_of(raw_exchange(server, data)) == 413


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/sparql", "GET, HEAD, POST, OPTIONS"),
        ("DELETE", "/sparql", "GET, HEAD, POST, OPTIONS"),
        ("GET", "/update", "POST, OPTIONS"),
        ("DELETE", "/person/lenin", "GET, HEAD, OPTIONS"),
        ("PATCH", "/store?default", "GET, HEAD, PUT, POST, DELETE"),
        ("POST", "/", "GET, HEAD, OPTIONS"),
    ],
)
def test_wrong_methods_405_with_allow(server, method, path, allow):
    status, headers, body = server.request(method, path)
    assert status == 405 and headers["allow"] == allow
    assert json.loads(body)["error"]["type"] == "method-not-allowed"


@pytest.mark.parametrize("media", ["text/plain", "application/json", ""])
def test_wrong_content_type_415(server, media):
    headers = {"Content-Type": media} if media else {}
    status, _, body = server.request("POST", "/sparql", b"ASK {}", headers)
    assert status == 415 and json.loads(body)["error"]["type"] == "unsupported-media-type"


def test_invalid_utf8_body_400(server):
    status, _, _ = server.request(
        "POST", "/sparql", b"ASK { \xff }", {"Content-Type": "application/sparql-query"}
    )
    assert status == 400


@pytest.mark.parametrize(
    ("method", "path", "body", "media"),
    [
        (
            "POST",
            "/sparql",
            "update=INSERT DATA { <x:a> <x:b> <x:c> }",
            "application/x-www-form-urlencoded",
        ),
        ("POST", "/sparql", "INSERT DATA { <x:a> <x:b> <x:c> }", "application/sparql-update"),
        ("POST", "/update", "INSERT DATA { <x:a> <x:b> <x:c> }", "application/sparql-update"),
    ],
)
def test_updates_are_refused_when_read_only(server, method, path, body, media):
    status, _, answer = server.request(method, path, body, {"Content-Type": media})
    error = json.loads(answer)["error"]
    assert status == 403 and error["type"] == "updates-disabled"
    assert "--update-token" in error["message"]
    status, _, answer = server.request("GET", "/sparql?query=ASK%7B%3Cx:a%3E%20?p%20?o%7D")
    assert json.loads(answer)["boolean"] is False


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_graph_store_writes_are_405_when_read_only(server, method):
    status, headers, body = server.request(
        method, "/store?default", b"<x:a> <x:b> <x:c> .", {"Content-Type": "application/n-triples"}
    )
    assert status == 405 and headers["allow"] == "GET, HEAD, OPTIONS"
    assert "--update-token" in json.loads(body)["error"]["message"]


def test_get_update_parameter_is_refused(server):
    status, _, _ = server.request("GET", "/sparql?update=CLEAR%20ALL")
    assert status == 405


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(min_size=1, max_size=300))
def test_fuzz_random_bytes(server, data):
    response = raw_exchange(server, data, timeout=2)
    status = status_of(response)
    assert (
        status is None
        or 400 <= status < 500
        or (200 <= status < 300 and data[:4] in (b"GET ", b"HEAD"))
        or status == 404
    ), response[:200]
    assert b"Traceback" not in response


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.binary(min_size=1, max_size=200).filter(
        lambda b: b" " not in b and b"\r" not in b and b"\n" not in b
    )
)
def test_fuzz_request_targets(server, target):
    response = raw_exchange(
        server, b"GET /" + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=2
    )
    status = status_of(response)
    assert status is None or status < 500, response[:300]
    assert b"Traceback" not in response


def test_server_survived(server):
    status, _, _ = server.request("GET", "/sparql?query=ASK%7B%7D")
    assert status == 200 and server.proc.poll() is None
