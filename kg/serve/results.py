"""Serialise query answers completely, with a row cap, inside a worker.

pyoxigraph's own serialisers write a whole iterator; to cap the number of
rows the solutions are read here (at most ``max_rows + 1`` of them) and
written by small serialisers that follow the W3C result formats.  A capped
answer says so with ``X-KG-Truncated: true`` (and, in JSON, a top-level
``"truncated": true`` member, in XML a ``<link href="#truncated"/>`` in
the head, both of which standard parsers ignore).
"""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.export import used_prefixes as export_prefixes
from kg.serve import formats as F
from kg.serve.replies import Reply, truncated_headers
from kg.vocab import ENTITY_PREFIXES, PREFIXES

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def solutions(result: ox.QuerySolutions, offer: F.Offer, max_rows: int) -> Reply:
    """A SELECT answer as JSON, XML, CSV or TSV (``offer``)."""
    names = [v.value for v in result.variables]
    rows = list(islice(result, max_rows + 1))
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    writer = _WRITERS[offer.media_type]
    body = writer(names, rows, truncated)
    return Reply(200, offer.content_type, body, truncated_headers(truncated, max_rows))


def boolean(value: bool, offer: F.Offer) -> Reply:
    """An ASK answer."""
    text = "true" if value else "false"
    if offer.media_type in ("application/sparql-results+json", "application/json"):
        body = json.dumps({"head": {}, "boolean": value}).encode()
    elif offer.media_type == "application/sparql-results+xml":
        body = (
            f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>\n"
        ).encode()
    else:
        body = f"{text}\n".encode()
    return Reply(200, offer.content_type, body)


def triples(result: ox.QueryTriples, offer: F.Offer, max_rows: int) -> Reply:
    """A CONSTRUCT/DESCRIBE answer in an RDF syntax, capped at ``max_rows`` triples."""
    found = list(islice(result, max_rows + 1))
    truncated = len(found) > max_rows
    return graph(found[:max_rows], offer, truncated_headers(truncated, max_rows))


def graph(
    statements: list[ox.Triple] | list[ox.Quad],
    offer: F.Offer,
    headers: tuple[tuple[str, str], ...] = (),
    prefixes: dict[str, str] | None = None,
) -> Reply:
    """Triples or quads in the RDF syntax of ``offer`` (Turtle/TriG with the prefixes used)."""
    assert offer.rdf is not None
    fmt = offer.rdf
    if not fmt.supports_datasets and statements and isinstance(statements[0], ox.Quad):
        statements = [q.triple for q in statements]
    used = None
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        used = used_prefixes(statements, prefixes or PREFIXES)
    body = ox.serialize(statements, format=fmt, prefixes=used)
    if used and body:
        body = readable_names(body.decode("utf-8"), used).encode("utf-8")
    return Reply(200, offer.content_type, body or b"", headers)


_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"'  # a string literal: left alone
    r"|(?<![\w<:])([A-Za-z][\w-]*|):((?:[^\s;,()\[\]\"<>\\]|\\.)+)"  # a prefixed name
)


def readable_names(turtle: str, prefixes: dict[str, str]) -> str:
    r"""Turtle without escapes in prefixed names: ``kg:person\/lenin`` becomes a full IRI.

    Serialisers must escape ``/`` in a local name; people should not have to read it.

    >>> print(readable_names('kg:person\\/lenin a kg:T ; kg:s "kg:b\\/c" .', {"kg": "http://x/"}))
    <http://x/person/lenin> a kg:T ; kg:s "kg:b\/c" .
    """

    def fix(match: re.Match[str]) -> str:
        name, local = match.group(1), match.group(2)
        if local is None or "\\" not in local or name not in prefixes:
            return match.group(0)
        trail = "." if local.endswith(".") else ""
        local = re.sub(r"\\(.)", r"\1", local[: len(local) - len(trail)])
        return f"<{prefixes[name]}{local}>{trail}"

    return _TOKEN.sub(fix, turtle)


def used_prefixes(
    statements: list[ox.Triple] | list[ox.Quad], prefixes: dict[str, str]
) -> dict[str, str]:
    """The prefixes that write IRIs of ``statements`` as plain prefixed names (no ``\\/``)."""
    return export_prefixes(statements, {**prefixes, **ENTITY_PREFIXES})


# --------------------------------------------------------------------------- SPARQL JSON


def json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    return {
        "type": "triple",
        "value": {
            "subject": json_term(term.subject),
            "predicate": json_term(term.predicate),
            "object": json_term(term.object),
        },
    }


_quote = json.encoder.encode_basestring  # json.dumps's own quoting (C), ensure_ascii=False


def json_text(term: Term) -> str:
    """``json_term(term)`` as compact JSON text, written without building the dict.

    >>> json_text(ox.Literal("a", language="fr"))
    '{"type":"literal","value":"a","xml:lang":"fr"}'
    """
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.Literal):
        value = _quote(term.value)
        if term.language:
            return f'{{"type":"literal","value":{value},"xml:lang":{_quote(term.language)}}}'
        datatype = term.datatype.value
        if datatype != _XSD_STRING:
            return f'{{"type":"literal","value":{value},"datatype":{_quote(datatype)}}}'
        return '{"type":"literal","value":' + value + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _quote(term.value) + "}"
    return json.dumps(json_term(term), ensure_ascii=False, separators=(",", ":"))


def _json(names: list[str], rows: list[ox.QuerySolution], truncated: bool) -> bytes:
    """SPARQL JSON, written row by row (each term by :func:`json_text`)."""
    keys = [_quote(n) + ":" for n in names]
    out = []
    for row in rows:
        cells = [
            key + json_text(term) for key, term in zip(keys, row, strict=True) if term is not None
        ]
        out.append("{" + ",".join(cells) + "}")
    note = ',"truncated":true' if truncated else ""
    head = '{"head":{"vars":[' + ",".join(_quote(n) for n in names) + "]}"
    return f'{head},"results":{{"bindings":[{",".join(out)}]}}{note}}}'.encode()


# --------------------------------------------------------------------------- SPARQL XML


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
        f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}"
        f"</object></triple>"
    )


def _xml(names: list[str], rows: list[ox.QuerySolution], truncated: bool) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    if truncated:
        out.append('<link href="#truncated"/>')
    out.append("</head><results>")
    opens = [f"<binding name={quoteattr(n)}>" for n in names]
    memo: dict[Term, str] = {}
    for row in rows:
        out.append("<result>")
        for start, term in zip(opens, row, strict=True):
            if term is not None:
                text = memo.get(term)
                if text is None:
                    text = memo[term] = _xml_term(term)
                out.append(f"{start}{text}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()


# --------------------------------------------------------------------------- CSV / TSV


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _csv(names: list[str], rows: list[ox.QuerySolution], truncated: bool) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([_csv_value(t) for t in row] for row in rows)
    return buf.getvalue().encode()


def _tsv(names: list[str], rows: list[ox.QuerySolution], truncated: bool) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


_WRITERS = {
    "application/sparql-results+json": _json,
    "application/json": _json,
    "application/sparql-results+xml": _xml,
    "text/csv": _csv,
    "text/tab-separated-values": _tsv,
}
