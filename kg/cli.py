"""The ``kg`` command: parse options, call the library, format, map errors to exit codes.

Exit codes (as pySHACL): 0 ok, 1 does not conform / mismatch found,
2 user or data error.  Tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kg import __version__, config
from kg.errors import KgError, ValidationError
from kg.options import add_store_option


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    ns = parser.parse_args(argv)
    if not getattr(ns, "func", None):
        parser.print_help()
        return 2
    try:
        return int(ns.func(ns) or 0)
    except KgError as exc:
        if ns.debug:
            raise
        print(f"kg: error: {exc}", file=sys.stderr)
        if isinstance(exc, ValidationError) and exc.report:
            print(exc.report, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        building = ns.func is cmd_build  # other commands write no store
        print(
            "kg: interrupted" + ("; the previous store is untouched" if building else ""),
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build, check, query, export and serve the October 1917 knowledge graph: "
        "cited facts from French texts, linked to Wikidata, as RDF.",
        epilog="Exit codes: 0 ok, 1 the graph does not conform (or a check found a mismatch), "
        "2 user or data error. `kg COMMAND --help` describes each command.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("build", help="build the graph from the seeds into the store")
    _seeds_opt(p)
    add_store_option(p)
    p.add_argument(
        "--jobs", "-j", type=int, default=1, help="documents processed in parallel (processes)"
    )
    p.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="per-document cache for incremental builds (default: .kg/cache, or $KG_CACHE)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="process every document again; neither read nor write the cache",
    )
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("text", help="print the repaired text of one document")
    p.add_argument("doc", metavar="DOC", help="document id (file name without extension)")
    _seeds_opt(p)
    p.add_argument("--footnotes", action="store_true", help="list the footnotes with their offsets")
    p.add_argument(
        "--flags",
        action="store_true",
        help="list the damaged words the repair kept as printed, with offsets and reasons",
    )
    p.set_defaults(func=cmd_text)

    p = sub.add_parser("query", help="run a SPARQL query on the store")
    add_store_option(p)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("query", nargs="?", metavar="QUERY", help="the SPARQL query")
    src.add_argument(
        "-f",
        "--file",
        type=Path,
        help="read the query from a file (or a query shipped in queries/, by file name)",
    )
    from kg.query import FORMATS

    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument(
        "--no-union", action="store_true", help="default graph = the store's default graph only"
    )
    p.add_argument(
        "--allow-service",
        metavar="URL",
        action="append",
        default=[],
        help="SERVICE/LOAD endpoint the query may call (repeatable; default: none, and no network)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop the query after this many seconds (exit 2; default: no limit)",
    )
    p.set_defaults(func=cmd_query)

    from kg.export import add_export_arguments
    from kg.push import add_push_arguments
    from kg.wikidata import add_link_arguments

    add_export_arguments(sub.add_parser("export", help="write the store in an RDF format"))
    add_push_arguments(
        sub.add_parser("push", help="upload every named graph to a SPARQL 1.1 store")
    )
    add_link_arguments(
        sub.add_parser("link", help="check and suggest the gazetteer's Wikidata links")
    )

    p = sub.add_parser("validate", help="print the SHACL report of the built store")
    add_store_option(p)
    p.add_argument(
        "--engine",
        choices=("fast", "pyshacl"),
        default="fast",
        help="SHACL engine: fast (Rust, the build's) or pyshacl (the reference); default fast",
    )
    p.set_defaults(func=cmd_validate)

    from kg import serve as serve_mod

    p = sub.add_parser("serve", help="serve the store over SPARQL 1.1 and HTTP (docs/serve.md)")
    serve_mod.add_arguments(p)  # --seeds included
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("stats", help="count graphs, entities (linked or not) and facts by kind")
    add_store_option(p)
    p.set_defaults(func=cmd_stats)

    from kg.entities import add_entities_arguments

    add_entities_arguments(
        sub.add_parser(
            "entities", help="list the gazetteer's entities, or the candidates; accept candidates"
        )
    )
    for action in sub._choices_actions:  # each command's --help opens with its summary
        command = sub.choices[action.dest]
        summary = action.help or ""
        command.description = command.description or f"{summary[:1].upper()}{summary[1:]}."
    return parser


def _seeds_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--seeds",
        type=Path,
        default=config.DEFAULT_SEEDS_DIR,
        help=f"seeds folder (default: {config.DEFAULT_SEEDS_DIR}, or $KG_SEEDS)",
    )


def _progress() -> Callable[[str], None] | None:
    if sys.stderr.isatty():
        return lambda msg: print(f"\r\033[K{msg}", end="", file=sys.stderr, flush=True)
    return None


def cmd_build(ns: argparse.Namespace) -> int:
    from kg.cache import DEFAULT_CACHE_DIR
    from kg.pipeline import build

    cache_dir = (
        None
        if getattr(ns, "no_cache", False)
        else (getattr(ns, "cache", None) or DEFAULT_CACHE_DIR)
    )
    report = build(ns.seeds, ns.store, jobs=ns.jobs, progress=_progress(), cache_dir=cache_dir)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    for doc in report.documents:
        for warning in getattr(doc, "warnings", ()):
            print(f"kg: warning: {warning}", file=sys.stderr)
    from kg import store

    db = store.open_read_only(ns.store)  # what the store holds, derived graphs included
    held = f"{len(db)} statements in {sum(1 for _ in db.named_graphs())} named graphs"
    if report.up_to_date:
        print(f"{ns.store} is up to date: {len(report.documents)} documents, {held}")
        return 0
    print(
        f"built {len(report.documents)} documents, {held}, into {ns.store} "
        f"in {report.seconds:.1f} s ({len(report.reused)} from the cache)"
    )
    from kg.entities import candidate_counts, render_counts

    sys.stdout.write(render_counts(candidate_counts(db), [d.doc_id for d in report.documents]))
    flagged = [(d.doc_id, d.flags) for d in report.documents if getattr(d, "flags", 0)]
    if flagged:
        words = sum(n for _, n in flagged)
        print(
            f"{words} damaged words reported (kept as printed, or restored with a doubt) in "
            f"{len(flagged)} documents (kg text DOC --flags): "
            + ", ".join(f"{d} {n}" for d, n in flagged)
        )
    return 0


def cmd_text(ns: argparse.Namespace) -> int:
    from kg.errors import SeedError
    from kg.pipeline import repaired_text
    from kg.seeds import load

    docs = {d.doc_id: d for d in load(ns.seeds)}
    if ns.doc not in docs:
        raise SeedError(f"{ns.seeds}: no document {ns.doc!r} (known: {', '.join(docs)})")
    repaired = repaired_text(docs[ns.doc])
    if ns.flags:
        for flag in repaired.flags:
            print(
                f"{flag.start}-{flag.end}\t{flag.kind}\t"
                f"{repaired.text[flag.start : flag.end]}\t{flag.reason}"
            )
        print(
            f"({len(repaired.flags)} words reported: kept as printed, or restored with a doubt)",
            file=sys.stderr,
        )
        return 0
    if ns.footnotes:
        for f in repaired.footnotes:
            print(
                f"[{f.label}]\tcall {f.call_start}-{f.call_end}\tbody {f.start}-{f.end}\t"
                f"{repaired.text[f.start : f.end][:60]}"
            )
        return 0
    sys.stdout.write(repaired.text)
    if not repaired.text.endswith("\n"):
        sys.stdout.write("\n")
    return 0


def cmd_query(ns: argparse.Namespace) -> int:
    import os

    from kg import query, store
    from kg.query_policy import forbid_network

    text = _query_file(ns.file) if ns.file else ns.query
    st = store.open_read_only(ns.store)
    if not ns.allow_service and (why := forbid_network()) is not None and ns.debug:
        print(f"kg: warning: cannot drop network access: {why}", file=sys.stderr)
    try:
        out = query.run_and_render(
            st,
            text,
            ns.format,
            union=not ns.no_union,
            allow_service=ns.allow_service,
            timeout=ns.timeout,
        )
    except (query.QueryTimeoutError, KeyboardInterrupt) as exc:
        # the query thread cannot be stopped: leave at once, without waiting for it
        message = str(exc) if isinstance(exc, query.QueryTimeoutError) else "interrupted"
        print(f"kg: error: {message}", file=sys.stderr, flush=True)
        os._exit(2 if isinstance(exc, query.QueryTimeoutError) else 130)
    sys.stdout.write(out)
    return 0


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of ``path``; a missing or unreadable file is a :class:`KgError` (exit 2)."""
    from kg.errors import DataError

    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: the {what} is not UTF-8 (byte {exc.start})") from None


def _query_file(path: Path) -> str:
    """The text of ``path``, or of the shipped query of that name (``queries/07-….rq``)."""
    from kg.errors import QueryError

    shipped = config.QUERIES_DIR / path.name
    for candidate in (path, shipped):
        if candidate.is_file():
            return read_text(candidate, "query file")
    raise QueryError(f"{path}: no such query file (nor {path.name} among the shipped queries)")


def cmd_validate(ns: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from kg import store
    from kg.validate import validate_ntriples

    st = store.open_read_only(ns.store)
    union = st.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(union, ox.QueryTriples)  # a CONSTRUCT
    data = ox.serialize(union, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # without an output, serialize returns the bytes
    text = data.decode("utf-8")
    report = validate_ntriples(text, engine=ns.engine)
    print(report.text)
    return 0 if report.conforms else 1


def cmd_serve(ns: argparse.Namespace) -> int:
    from kg import serve as serve_mod
    from kg import store

    if not store.exists(ns.store):
        print(f"kg: no store at {ns.store}; building it from {ns.seeds} first", file=sys.stderr)
        cmd_build(argparse.Namespace(seeds=ns.seeds, store=ns.store, jobs=1))
    serve_mod.serve(ns.store, ns.host, ns.port, serve_mod.options_from_args(ns))
    return 0


def cmd_stats(ns: argparse.Namespace) -> int:
    from kg import store
    from kg.stats import render, stats

    sys.stdout.write(render(stats(store.open_read_only(ns.store))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
