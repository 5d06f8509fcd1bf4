"""What the server refuses before a query reaches the store.

The SERVICE/LOAD policy is :mod:`kg.query_policy`, shared with ``kg query``
(re-exported here); this module adds the strict decoding of request targets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote_to_bytes

from kg.query_policy import (
    MalformedError,
    RefusedError,
    TooDeepError,
    Vetted,
    check,
    remote_targets,
    tokens,
    vet,
)

__all__ = [
    "BadTargetError",
    "MalformedError",
    "RefusedError",
    "TooDeepError",
    "Vetted",
    "check",
    "check_remote_calls",
    "decode_component",
    "parse_query_string",
    "remote_targets",
    "resource_path",
    "tokens",
    "vet",
]


def check_remote_calls(text: str, prefixes: Mapping[str, str], allowed: Iterable[str]) -> None:
    """Raise :class:`RefusedError` unless every SERVICE/LOAD target is allow-listed."""
    vet(text, prefixes, allowed)


# --------------------------------------------------------------------------- request targets

_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


class BadTargetError(ValueError):
    """A request path or query string that cannot be decoded safely."""


def decode_component(raw: bytes, *, plus_is_space: bool = False) -> str:
    """Percent-decode strictly: bad escapes and invalid UTF-8 raise :class:`BadTargetError`.

    >>> decode_component(b"caf%C3%A9")
    'café'
    """
    if _BAD_PERCENT.search(raw):
        raise BadTargetError("bad percent-encoding")
    if plus_is_space:
        raw = raw.replace(b"+", b" ")
    data = unquote_to_bytes(raw) if b"%" in raw else raw  # every escape checked above
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadTargetError(f"invalid UTF-8 at byte {exc.start}") from None


def resource_path(raw_path: bytes) -> str:
    """The decoded path of an entity URL, refusing dot segments, NUL and IRI-illegal characters.

    >>> resource_path(b"/person/lenin")
    'person/lenin'
    """
    path = decode_component(raw_path)
    if not path.startswith("/"):
        raise BadTargetError("the path must start with /")
    segments = path[1:].split("/")
    if any(seg in (".", "..") for seg in segments):
        raise BadTargetError("dot segments are not allowed in resource paths")
    if _IRI_FORBIDDEN.search(path):
        raise BadTargetError("the path has characters that cannot occur in an IRI")
    return path[1:]


def parse_query_string(raw: bytes) -> list[tuple[str, str]]:
    """Form-encoded pairs, decoded strictly (see :func:`decode_component`)."""
    pairs = []
    for part in raw.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        pairs.append(
            (
                decode_component(name, plus_is_space=True),
                decode_component(value, plus_is_space=True),
            )
        )
    if any("\x00" in n or "\x00" in v for n, v in pairs):
        raise BadTargetError("NUL characters are not allowed")
    return pairs
