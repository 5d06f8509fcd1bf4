"""What a SPARQL text may ask of the engine: one policy for
``kg serve`` and ``kg query``.

Oxigraph fetches the URL of every ``SERVICE`` clause (and, in an update, of
every ``LOAD``); pyoxigraph offers no way to switch that off.  So the text is
vetted here and the engine is handed **the vetted text, rebuilt from the
tokens the check saw** (:func:`vet`), never the original:

* strings are re-emitted in one canonical spelling (a long double-quoted
  string, backslash and quote escaped), so wherever the check decided a string ends, the engine
  decides the same; comments become blanks;
* IRIs are re-emitted with their ``\\u``/``\\U`` escapes decoded; an escape
  anywhere else (``SERV\\u0049CE``) is refused as malformed, as Oxigraph would;
* keywords are matched the way Oxigraph's parser matches them: without a word
  boundary (``SERVICEsilent<…>`` is ``SERVICE SILENT <…>``), case-insensitively;
* every ``SERVICE [SILENT]``/``LOAD [SILENT]`` target is resolved (``PREFIX``,
  ``BASE``, the default prefixes) and re-emitted as the absolute ``<IRI>`` that
  was checked against the allow-list; a variable or an unresolvable target is
  refused.  The check fails closed.

A checker bug alone must not open a connection, so the processes that
evaluate queries also drop the right to open network sockets
(:func:`forbid_network`) unless an allow-list was given.

>>> vet("SELECT * { SERVICE SILENT wd:x { ?s ?p ?o } }", {"wd": "http://w/"}, ["http://w/x"])
'SELECT * { SERVICE SILENT <http://w/x> { ?s ?p ?o } }'
"""

from __future__ import annotations

import ctypes
import os
import platform
import re
import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urljoin

from kg.errors import QueryError


class RefusedError(QueryError):
    """A query asks for a remote call that the allow-list does not permit (HTTP 403)."""


class MalformedError(QueryError):
    """A query the policy cannot read the way the engine would (HTTP 400)."""


class TooDeepError(MalformedError):
    """Brackets nested deeper than :data:`MAX_NESTING` (the engine's parser would overflow)."""


#: Deepest nesting of ``{``, ``(`` and ``[`` accepted.  Oxigraph's recursive
#: parser overflows its stack (the process dies) somewhere below 1,000 nested
#: ``CONCAT(``; real queries stay under 20.
MAX_NESTING = 128


_STRING = (
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\""
)
_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>{_STRING})
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<pname>(?:[^\W\d][\w\-.]*)?:(?:[\w\-.:%]|{_LOCAL_ESC})*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_STRING_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
#: Keywords that name a remote call, and the modifier that may follow them.
_REMOTE = ("SERVICE", "LOAD")
_KEYWORDS = (*_REMOTE, "SILENT")


class Token(NamedTuple):
    """One token of a SPARQL text: its kind, its text as written and where it starts."""

    kind: str
    text: str
    start: int


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"{line}:{pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` (whitespace and comments included), in order.

    Raises :class:`MalformedError` for an unterminated string or a backslash
    outside strings, IRIs and local-name escapes.

    >>> [t.text for t in tokens("ASK{?s<x>'y'}") if t.kind != "ws"]
    ['ASK', '{', '?s', '<x>', "'y'", '}']
    """
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        tok = m.group(0)
        if kind == "other" and tok in "'\"":
            raise MalformedError(f"{_where(text, m.start())}: unterminated string")
        if kind == "other" and tok == "\\":
            raise MalformedError(
                f"{_where(text, m.start())}: a backslash escape outside a string or an IRI"
            )
        yield Token(kind, tok, m.start())


def shape(text: str) -> str:
    """``text`` without its comments and with its whitespace collapsed (``text`` if malformed).

    One key for queries that differ only there, e.g. to remember a slow one.

    >>> a, b = "ASK  { ?s ?p '# kept' } # one", "ASK {?s ?p '# kept'}"
    >>> shape(a) == shape(b) == "ASK { ?s ?p '# kept' }"
    True
    """
    try:
        return _shape(list(tokens(text)))
    except MalformedError:
        return text


def _shape(toks: list[Token]) -> str:
    return " ".join(t.text for t in toks if t.kind not in ("ws", "comment"))


def template(text: str) -> str:
    """:func:`shape` with every IRI, string and number blanked: one key per query *form*.

    Queries that differ only in the entity, the text or the number they ask
    about share it, e.g. to guess that one is quick because another was.

    >>> a = "SELECT ?o { <http://x/a> ?p ?o } LIMIT 5 # one"
    >>> template(a) == template("SELECT ?o {<http://x/b> ?p ?o} LIMIT 50")
    True
    >>> template(a) == template("SELECT ?p { <http://x/a> ?p ?o } LIMIT 5")
    False
    """
    try:
        return _template(list(tokens(text)))
    except MalformedError:
        return text


def _template(toks: list[Token]) -> str:
    out: list[str] = []
    for t in toks:
        if t.kind in ("ws", "comment"):
            continue
        if t.kind == "iri":
            out.append("<>")
        elif t.kind == "string":
            out.append('""')
        elif t.text.isdigit():
            if out and out[-1] == "0":
                continue
            out.append("0")
        else:
            out.append(t.text)
    return " ".join(out)


def _keywords(toks: Iterable[Token]) -> Iterator[Token]:
    """Split a word or prefixed name that *starts* with SERVICE, SILENT or LOAD.

    Oxigraph matches keywords without a word boundary, so ``SERVICEex:x`` is
    ``SERVICE ex:x`` to it, and must be to the check too.
    """
    for tok in toks:
        if tok.kind not in ("word", "pname"):
            yield tok
            continue
        word = next((k for k in _KEYWORDS if tok.text[: len(k)].upper() == k), None)
        if word is None:
            yield tok
            continue
        if tok.kind == "word" and len(tok.text) == len(word):
            yield Token("keyword", tok.text, tok.start)
            continue
        yield Token("keyword", tok.text[: len(word)], tok.start)
        rest = tok.text[len(word) :]
        yield from _keywords(
            Token(t.kind, t.text, tok.start + len(word) + t.start) for t in tokens(rest)
        )


def _decode_string(tok: Token, text: str) -> str:
    quote = 3 if tok.text[:3] in ("'''", '"""') else 1
    body = tok.text[quote:-quote]

    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in "uU" and len(esc) > 1:
            return _codepoint(int(esc[1:], 16), tok, text)
        if esc in _ECHAR:
            return _ECHAR[esc]
        raise MalformedError(f"{_where(text, tok.start)}: unknown escape \\{esc} in a string")

    return _STRING_ESCAPE.sub(one, body)


def _codepoint(code: int, tok: Token, text: str) -> str:
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise MalformedError(f"{_where(text, tok.start)}: \\u escape of no character")
    return chr(code)


def _decode_iri(tok: Token, text: str) -> str:
    value = _UCHAR.sub(
        lambda m: _codepoint(int(m.group(1) or m.group(2), 16), tok, text), tok.text[1:-1]
    )
    if _IRI_FORBIDDEN.search(value):
        raise MalformedError(
            f"{_where(text, tok.start)}: an IRI escape gives a forbidden character"
        )
    return value


def _canonical_string(value: str) -> str:
    return '"""' + value.replace("\\", "\\\\").replace('"', '\\"') + '"""'


def _padded(new: str, old: str) -> str:
    """``new``, padded with blanks to the length of ``old`` so error columns stay put."""
    return new + " " * (len(old) - len(new)) if len(new) < len(old) else new


@dataclass(frozen=True)
class Vetted:
    """The text to hand to the engine and the remote calls it makes (keyword, IRI|None).

    ``shape`` and ``form`` are keys for the text and for its form, as
    :func:`shape` and :func:`template` (found from the same reading of the
    text; a plain text, see :func:`_plain`, gets its own spelling of them).
    """

    text: str
    calls: tuple[tuple[str, str | None], ...]
    shape: str = ""
    form: str = ""


def rebuild(text: str, prefixes: Mapping[str, str]) -> Vetted:
    """Rebuild ``text`` from its tokens (see the module docstring); find every remote call.

    Raises :class:`MalformedError` when the text cannot be tokenized as the engine would,
    :class:`TooDeepError` when brackets nest deeper than :data:`MAX_NESTING`.

    >>> rebuild("ASK { ?s ?p 'SERVICE <http://x/> {}' } # SERVICE <http://y/> {}", {}).calls
    ()
    >>> rebuild("PREFIX e: <http://e/> ASK { SERVICE e:s {} }", {}).text
    'PREFIX e: <http://e/> ASK { SERVICE <http://e/s> {} }'
    """
    plain = _plain(text)
    return plain if plain is not None else _rebuilt(text, prefixes)


def _rebuilt(text: str, prefixes: Mapping[str, str]) -> Vetted:
    """:func:`rebuild`, token by token."""
    raw = list(tokens(text))
    toks = list(_keywords(raw))
    code = [i for i, t in enumerate(toks) if t.kind not in ("ws", "comment")]
    out = [" " * len(t.text) if t.kind == "comment" else t.text for t in toks]
    known, base, depth = dict(prefixes), "", 0
    calls: list[tuple[str, str | None]] = []
    for n, i in enumerate(code):
        tok = toks[i]
        if tok.kind == "other" and tok.text in "{([":
            depth += 1
            if depth > MAX_NESTING:
                raise TooDeepError(f"{_where(text, tok.start)}: nesting deeper than {MAX_NESTING}")
        elif tok.kind == "other" and tok.text in "})]":
            depth -= 1
        elif tok.kind == "string":
            out[i] = _padded(_canonical_string(_decode_string(tok, text)), tok.text)
        elif tok.kind == "iri":
            out[i] = _padded(f"<{_decode_iri(tok, text)}>", tok.text)
        elif tok.kind == "var" and "\\" in tok.text:
            raise MalformedError(f"{_where(text, tok.start)}: a backslash in a variable name")
        nxt = [toks[j] for j in code[n + 1 : n + 3]]
        word = tok.text.upper() if tok.kind in ("word", "keyword") else ""
        if word == "PREFIX" and len(nxt) == 2 and nxt[0].kind == "pname":
            known[nxt[0].text[:-1]] = _target(nxt[1], known, base, text) or ""
        elif word == "BASE" and nxt and nxt[0].kind == "iri":
            base = _target(nxt[0], known, base, text) or ""
        elif tok.kind == "keyword" and word in _REMOTE:
            j = n + 1
            if j < len(code) and toks[code[j]].text.upper() == "SILENT":
                j += 1
            if j >= len(code) or toks[code[j]].kind not in ("iri", "pname", "var"):
                raise MalformedError(
                    f"{_where(text, tok.start)}: {word} needs an IRI or a variable"
                )
            target_tok = toks[code[j]]
            target = _target(target_tok, known, base, text)
            calls.append((word, target))
            if target is not None:  # the engine sees exactly the IRI that was checked
                out[code[j]] = f"<{target}>"
    return Vetted("".join(out), tuple(calls), _shape(raw), _template(raw))


_NOT_PLAIN = re.compile(r"['\"\\]")  # strings and escapes: rebuilt
_IRI_SPAN = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")  # an IRI token, when no escape occurs
_FORM_PARTS = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>|\d+")


def _plain(text: str) -> Vetted | None:
    """:func:`rebuild` of a text with nothing to rebuild, without tokenizing it; else ``None``.

    With no quote or backslash, and no ``#`` outside its IRIs, a text has
    no string, comment or escape (before the first ``#`` outside an IRI
    every ``<…>`` span is an IRI token, as no string or comment can hold
    its ``<``); with neither ``SERVICE`` nor ``LOAD`` in its upper case (as the
    tokenizer compares keywords) it makes no remote call; with at most
    :data:`MAX_NESTING` opening brackets it cannot nest deeper.  Its tokens
    are then re-emitted as written: the rebuilt text is the text.  (Point
    lookups, most of what a busy endpoint is asked, are such texts.)

    >>> _plain("SELECT ?o { <http://x/a> ?p ?o } LIMIT 5").form
    'SELECT ?o { <> ?p ?o } LIMIT 0'
    >>> _plain("ASK { ?s ?p 'x' }") is None, _plain("ASK { <a#b> ?p ?o } # c") is None
    (True, True)
    """
    if _NOT_PLAIN.search(text) or ("#" in text and "#" in _IRI_SPAN.sub("", text)):
        return None
    upper = text.upper()
    if "SERVICE" in upper or "LOAD" in upper:
        return None
    if text.count("{") + text.count("(") + text.count("[") > MAX_NESTING:
        return None
    shaped = " ".join(text.split())
    form = _FORM_PARTS.sub(lambda m: "<>" if m.group(0)[0] == "<" else "0", shaped)
    return Vetted(text, (), shaped, form)


def _target(tok: Token, prefixes: Mapping[str, str], base: str, text: str) -> str | None:
    if tok.kind == "iri":
        value = _decode_iri(tok, text)
        value = urljoin(base, value) if base else value
        return value if _ABSOLUTE.match(value) else None
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        while local.endswith(".") and not local.endswith("\\."):
            local = local[:-1]
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def remote_targets(text: str, prefixes: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """Every ``SERVICE``/``LOAD`` target, resolved; ``None`` when it cannot be (a variable…).

    >>> remote_targets("SELECT * { SERVICE ?e {} }", {})
    [('SERVICE', None)]
    """
    return list(rebuild(text, prefixes).calls)


def vet(text: str, prefixes: Mapping[str, str], allowed: Iterable[str]) -> str:
    """The text the engine must parse; raise unless every SERVICE/LOAD target is allow-listed.

    Raises :class:`RefusedError` (a call outside the allow-list, or to a
    variable) or :class:`MalformedError` (see :func:`rebuild`).

    >>> vet("SELECT * { SERVICE ?e { } }", {}, ["http://ok/"])
    Traceback (most recent call last):
    ...
    kg.query_policy.RefusedError: SERVICE with a variable or unresolvable endpoint is refused
    """
    return check(text, prefixes, allowed).text


def check(text: str, prefixes: Mapping[str, str], allowed: Iterable[str]) -> Vetted:
    """:func:`vet`, returning the whole :class:`Vetted` (its ``shape`` and ``form`` too).

    >>> check("ASK { ?s ?p 1 } # one", {}, ()).form
    'ASK { ?s ?p 0 }'
    """
    vetted = rebuild(text, prefixes)
    allow = {url.strip() for url in allowed}
    for keyword, target in vetted.calls:
        if target is None:
            raise RefusedError(f"{keyword} with a variable or unresolvable endpoint is refused")
        if target not in allow:
            raise RefusedError(
                f"{keyword} <{target}> is refused: the endpoint is not in the allow-list "
                "(--allow-service URL)"
            )
    return vetted


# --------------------------------------------------------------------------- no network

# seccomp-BPF: socket(2) for any family but AF_UNIX fails with EACCES, as does
# io_uring_setup(2); everything else is allowed.  x86_64 and aarch64 only.
_ARCH = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}
_RET_ALLOW, _RET_EACCES = 0x7FFF0000, 0x00050000 | 13
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06


def _bpf(arch: int, socket_nr: int, uring_nr: int) -> bytes:
    prog = [
        (_LD_W_ABS, 0, 0, 4),  # arch
        (_JEQ_K, 1, 0, arch),
        (_RET_K, 0, 0, _RET_EACCES),
        (_LD_W_ABS, 0, 0, 0),  # syscall number
        (_JGE_K, 0, 1, 0x40000000),  # the x32 ABI
        (_RET_K, 0, 0, _RET_EACCES),
        (_JEQ_K, 0, 1, uring_nr),
        (_RET_K, 0, 0, _RET_EACCES),
        (_JEQ_K, 0, 3, socket_nr),
        (_LD_W_ABS, 0, 0, 16),  # args[0], the address family (low 32 bits)
        (_JEQ_K, 1, 0, 1),  # AF_UNIX
        (_RET_K, 0, 0, _RET_EACCES),
        (_RET_K, 0, 0, _RET_ALLOW),
    ]
    return b"".join(struct.pack("HBBI", *ins) for ins in prog)


_installed = False


def forbid_network() -> str | None:
    """Forbid this process (all its threads, and its children) to open network sockets.

    Irreversible.  Returns ``None`` when done, or why it could not be done
    (an unknown architecture, a kernel without seccomp); the caller logs it.
    """
    global _installed
    if _installed:
        return None
    arch = _ARCH.get(platform.machine())
    if arch is None or os.name != "posix":
        return f"no seccomp filter for {platform.machine()}"
    code = _bpf(*arch)
    buf = ctypes.create_string_buffer(code, len(code))
    fprog = struct.pack("HxxxxxxP", len(code) // 8, ctypes.addressof(buf))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(
        38, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)
    ):  # PR_SET_NO_NEW_PRIVS
        return f"prctl(NO_NEW_PRIVS): {os.strerror(ctypes.get_errno())}"
    seccomp_nr = {"x86_64": 317, "aarch64": 277}[platform.machine()]
    # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, prog): every thread
    long, addr = ctypes.c_long, ctypes.c_void_p(ctypes.addressof(fbuf))
    if libc.syscall(long(seccomp_nr), long(1), long(1), addr) != 0:
        return f"seccomp: {os.strerror(ctypes.get_errno())}"
    _installed = True
    return None
