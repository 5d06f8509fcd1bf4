"""Stage ``query``: run SPARQL on the store and format the answer.

The store's default graph is the union of all named graphs unless
``union=False`` is asked for (Oxigraph's default is the empty default graph;
every document's facts live in a named graph of its own).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query_policy import vet
from kg.vocab import PREFIXES

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)


@dataclass(frozen=True)
class Answer:
    """A query's result, kept as pyoxigraph returned it."""

    kind: str  # "select" | "ask" | "graph"
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class QueryTimeoutError(QueryError):
    """The query ran past its time limit (it may still be running in its thread)."""


def run(
    store: ox.Store, sparql: str, *, union: bool = True, allow_service: Iterable[str] = ()
) -> Answer:
    """Evaluate ``sparql``; raise :class:`QueryError` with the parser's message.

    The text is vetted first (:func:`kg.query_policy.vet`): a ``SERVICE`` or
    ``LOAD`` outside ``allow_service`` raises :class:`kg.query_policy.RefusedError`.

    >>> store = ox.Store()
    >>> run(store, "ASK { ?s ?p ?o }").result
    <QueryBoolean false>
    """
    text = vet(sparql, PREFIXES, allow_service)
    try:
        result = store.query(text, use_default_graph_as_union=union, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from None
    except (OSError, RuntimeError) as exc:  # a SERVICE failed, the store…
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", result)
    if isinstance(result, ox.QuerySolutions):
        return Answer("select", result)
    return Answer("graph", result)


def run_and_render(
    store: ox.Store,
    sparql: str,
    fmt: str = "table",
    *,
    union: bool = True,
    allow_service: Iterable[str] = (),
    timeout: float | None = None,
) -> str:
    """:func:`run` then :func:`render`, in a thread, within ``timeout`` seconds.

    pyoxigraph cannot cancel a query but releases the GIL while evaluating,
    so the calling thread stays responsive (Ctrl-C) and gives up after
    ``timeout`` with :class:`QueryTimeoutError`; the caller should then exit.

    >>> run_and_render(ox.Store(), "ASK {}", timeout=5)
    'true\\n'
    """
    done: list[str] = []
    failed: list[BaseException] = []

    def work() -> None:
        try:
            done.append(render(run(store, sparql, union=union, allow_service=allow_service), fmt))
        except BaseException as exc:  # handed to the calling thread
            # without its traceback and context, which hold pyoxigraph results that
            # must be freed on this thread (else a second error is printed on exit)
            exc.__context__ = exc.__cause__ = None
            failed.append(exc.with_traceback(None))

    thread = threading.Thread(target=work, name="kg-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryTimeoutError(f"the query ran past the time limit of {timeout:g} s (--timeout)")
    if failed:
        raise failed[0]
    return done[0]


def render(answer: Answer, fmt: str = "table") -> str:
    """Serialise an answer in one of :data:`FORMATS` (results are read here, lazily)."""
    try:
        return _render(answer, fmt)
    except (OSError, RuntimeError) as exc:  # a SERVICE or the store failed mid-answer
        raise QueryError(f"query failed while reading its results: {exc}") from None


def _render(answer: Answer, fmt: str) -> str:
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(answer.result, ox.QueryTriples):  # kind "graph"
        if fmt in RESULT_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE answer cannot be written as {fmt}")
        from kg.export import used_prefixes

        out = io.BytesIO()
        triples = list(answer.result)
        ox.serialize(
            triples,
            out,
            GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE),
            prefixes=used_prefixes(triples) if fmt == "turtle" or fmt == "table" else None,
        )
        return out.getvalue().decode("utf-8")
    if fmt in GRAPH_FORMATS:
        raise QueryError(
            f"a SELECT/ASK answer cannot be written as {fmt}; use table, json, csv or tsv"
        )
    if fmt == "table":
        return _table(answer)
    out = io.BytesIO()
    answer.result.serialize(out, RESULT_FORMATS[fmt])
    return out.getvalue().decode("utf-8")


def _table(answer: Answer) -> str:
    if isinstance(answer.result, ox.QueryBoolean):  # kind "ask"
        return "true\n" if bool(answer.result) else "false\n"
    solutions = answer.result
    assert isinstance(solutions, ox.QuerySolutions)  # a graph answer is never a table
    names = [v.value for v in solutions.variables]
    rows = [[_cell(sol[name]) for name in names] for sol in solutions]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return (
        "\n".join(
            [
                line.rstrip(),
                "  ".join("-" * w for w in widths),
                *body,
                f"({len(rows)} row{'s' if len(rows) != 1 else ''})",
            ]
        )
        + "\n"
    )


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: len(kv[1]), reverse=True)


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI under a known namespace (longest match), else ``<iri>``."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns) :]
            if "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return f"<{iri}>"


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
