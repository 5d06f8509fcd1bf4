"""What the server refuses before a query reaches the store.

Oxigraph fetches the URL of every ``SERVICE`` clause (and, in an update,
of every ``LOAD``).  pyoxigraph has no algebra API, so the query text is
tokenized here: strings, IRIs and comments are skipped as whole tokens,
``\\uXXXX`` escapes are decoded first (SPARQL applies them before parsing),
``PREFIX``/``BASE`` declarations are followed, and every ``SERVICE [SILENT]``
or ``LOAD [SILENT]`` target is resolved to an absolute IRI.  A target that
is a variable, cannot be resolved, or is not in the allow-list is refused:
the check fails closed.

>>> remote_targets("SELECT * { SERVICE SILENT wd:x { ?s ?p ?o } }", {"wd": "http://w/"})
[('SERVICE', 'http://w/x')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import urljoin

from kg.errors import QueryError


class RefusedError(QueryError):
    """A query asks for a remote call that the allow-list does not permit."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s{}()<>,;.=!&|*/+\-'"\#\[\]]+)
  | (?P<pname>(?:[^\W\d_][\w\-.]*)?:(?:[\w\-.:%\\]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_REMOTE = {"SERVICE", "LOAD"}


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(one, text)


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` pairs of a SPARQL text, whitespace and comments dropped."""
    for m in _TOKEN.finditer(_unescape(text)):
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield kind, m.group(0)


def remote_targets(text: str, prefixes: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """Every ``SERVICE``/``LOAD`` target, resolved; ``None`` when it cannot be (a variable…)."""
    known = dict(prefixes)
    base = ""
    found: list[tuple[str, str | None]] = []
    toks = list(tokens(text))
    for i, (kind, tok) in enumerate(toks):
        word = tok.upper() if kind == "word" else ""
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname":
            known[toks[i + 1][1][:-1]] = _iri(toks[i + 2], known, base) or ""
        elif word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = _iri(toks[i + 1], known, base) or ""
        elif word in _REMOTE:
            j = i + 1
            if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
                j += 1
            target = _iri(toks[j], known, base) if j < len(toks) else None
            found.append((word, target))
    return found


def _iri(token: tuple[str, str], prefixes: Mapping[str, str], base: str) -> str | None:
    kind, text = token
    if kind == "iri":
        return urljoin(base, text[1:-1]) if base else text[1:-1]
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local.rstrip("."))
    return None


def check_remote_calls(text: str, prefixes: Mapping[str, str], allowed: Iterable[str]) -> None:
    """Raise :class:`RefusedError` unless every SERVICE/LOAD target is allow-listed.

    >>> check_remote_calls("SELECT * { SERVICE ?e { } }", {}, ["http://ok/"])
    Traceback (most recent call last):
    ...
    kg.serve.safety.RefusedError: SERVICE with a variable or unresolvable endpoint is refused
    """
    lowered = text.lower()
    if "service" not in lowered and "load" not in lowered and "\\u" not in lowered:
        return  # neither keyword can occur, not even spelt with \\u escapes
    allow = {_normal(url) for url in allowed}
    for keyword, target in remote_targets(text, prefixes):
        if target is None:
            raise RefusedError(f"{keyword} with a variable or unresolvable endpoint is refused")
        if _normal(target) not in allow:
            raise RefusedError(
                f"{keyword} <{target}> is refused: the endpoint is not in the server's "
                "allow-list (start kg serve with --allow-service URL)"
            )


def _normal(url: str) -> str:
    return url.strip()


# --------------------------------------------------------------------------- request targets

_PERCENT = re.compile(rb"%([0-9A-Fa-f]{2})")
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
    data = _PERCENT.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
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
