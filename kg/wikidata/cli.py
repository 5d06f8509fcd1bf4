"""Argparse glue for ``kg link check|suggest``, so that ``kg/cli.py`` stays thin.

``add_link_arguments(parser)`` fills a ``link`` sub-parser (and sets
``func=run_link``); ``run_link(ns)`` returns the exit code: 0 all well,
1 a mismatch was found (check), 2 via :class:`kg.errors.KgError`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from kg import config
from kg.errors import DataError
from kg.options import add_retry_options, retry_policy
from kg.wikidata import check, local, suggest
from kg.wikidata.cache import DEFAULT_CACHE_DIR, DEFAULT_TTL, Cache
from kg.wikidata.client import DEFAULT_API_URL, WikidataClient

DEFAULT_GAZETTEER = config.DATA_DIR / "gazetteer.toml"


def add_link_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``check`` and ``suggest`` (with their options) under ``parser``."""
    parser.set_defaults(func=run_link)
    sub = parser.add_subparsers(dest="link_command", metavar="ACTION", required=True)
    p = sub.add_parser("check", help="compare every QID in the gazetteer with Wikidata")
    _common(p)
    _from(p, "offline: compare with the items of a local file instead of Wikidata's API")
    p = sub.add_parser("suggest", help="search Wikidata for unlinked entities; --accept to link")
    _common(p)
    p.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="KEY=QID",
        help="write this candidate into the gazetteer (repeatable)",
    )
    p.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="KEY",
        help="only this unlinked entity (repeatable)",
    )
    p.add_argument("--limit", type=int, default=5, help="candidates per entity (default: 5)")
    _from(p, "offline: candidates from a local file of Wikidata items")
    p.add_argument(
        "--texts",
        type=Path,
        default=config.DEFAULT_SEEDS_DIR,
        help="folder of texts whose names count as evidence (default: seeds)",
    )


def _from(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--from",
        dest="from_file",
        type=Path,
        metavar="FILE",
        help=f"{what} (JSON dump entities, one per line or a list, or SPARQL JSON "
        "results with item/itemLabel/description)",
    )


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--gazetteer",
        type=Path,
        default=DEFAULT_GAZETTEER,
        help=f"gazetteer TOML (default: {DEFAULT_GAZETTEER})",
    )
    p.add_argument("--api-url", default=DEFAULT_API_URL, help=f"(default: {DEFAULT_API_URL})")
    p.add_argument(
        "--offline",
        action="store_true",
        help="answer from the cache alone (any age); a miss is an error",
    )
    p.add_argument(
        "--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, help=f"(default: {DEFAULT_CACHE_DIR})"
    )
    p.add_argument(
        "--cache-ttl",
        type=float,
        default=DEFAULT_TTL,
        help="seconds a cached answer stays fresh; 0 refetches (default: a week)",
    )
    add_retry_options(p, timeout=30.0)


def client_from(ns: argparse.Namespace) -> WikidataClient:
    """The client the options describe."""
    return WikidataClient(
        ns.api_url,
        policy=retry_policy(ns),
        cache=Cache(ns.cache_dir, ns.cache_ttl),
        offline=ns.offline,
    )


def run_link(ns: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``kg link check`` or ``kg link suggest``; the exit code.

    Raises :class:`DataError` (gazetteer, --accept) or
    :class:`kg.errors.RemoteError` (Wikidata, offline cache miss).
    """
    from kg.gazetteer import load_gazetteer

    out = out or sys.stdout
    gazetteer = load_gazetteer(ns.gazetteer)
    if getattr(ns, "from_file", None) is not None:
        if ns.link_command == "check":
            found, checked, absent = local.check_local(gazetteer, local.read_items(ns.from_file))
            out.write(check.render(found, checked))
            out.write(f"{absent} linked entries not in {ns.from_file.name}\n")
            return 1 if found else 0
        return _suggest_from(ns, gazetteer, out)
    client = client_from(ns)
    if ns.link_command == "check":
        mismatches = check.check(gazetteer, client)
        out.write(check.render(mismatches, sum(1 for e in gazetteer.entities if e.wikidata)))
        return 1 if mismatches else 0
    choices = dict(_parse_choice(c) for c in ns.accept)
    keys = set(ns.key) | set(choices)
    proposed = suggest.suggest(gazetteer, client, keys=keys, limit=ns.limit, texts=_texts(ns.texts))
    out.write(suggest.render(proposed))
    for a in suggest.accept(ns.gazetteer, choices, proposed):
        out.write(f"linked {a.kind}.{a.key} -> {a.qid} in {ns.gazetteer}\n")
    return 0


def _suggest_from(ns: argparse.Namespace, gazetteer: check.Gazetteer, out: TextIO) -> int:
    """``kg link suggest --from FILE``: the same output and ``--accept``, no network."""
    choices = dict(_parse_choice(c) for c in ns.accept)
    found = local.suggest_local(
        gazetteer,
        local.read_items(ns.from_file),
        keys=set(ns.key) | set(choices),
        limit=ns.limit,
        texts=_texts(ns.texts),
    )
    out.write(suggest.render(found))
    source = f"local file {ns.from_file.name}"
    for a in suggest.accept(ns.gazetteer, choices, found, source=source):
        out.write(f"linked {a.kind}.{a.key} -> {a.qid} in {ns.gazetteer}\n")
    return 0


def _parse_choice(text: str) -> tuple[str, str]:
    key, sep, qid = text.partition("=")
    if not sep or not key.strip() or not qid.strip():
        raise DataError(f"--accept {text!r}: expected KEY=QID, e.g. --accept uritsky=Q123")
    return key.strip(), qid.strip().upper()


def _texts(folder: Path) -> Iterator[str]:
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in {".txt", ".md"}:
                yield path.read_text(encoding="utf-8", errors="replace")
