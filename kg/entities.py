"""``kg entities``: the gazetteer's entities, the candidates a build found, and accepting one.

::

    kg entities [--unlinked]                 # the gazetteer
    kg entities --candidates [--json]        # names the gazetteer lacks, across the store
    kg entities accept KEY [KEY …]           # add candidates to the gazetteer TOML

A candidate (:class:`~kg.model.Candidate`, ``doc/D/candidate/<kind>-<slug>``) is
per document; the listing groups them by key across documents, with their forms,
uses per document and a few short contexts (the evidence's quote selectors).
``accept`` appends a ``[kind.key]`` table to the gazetteer (comments and layout
kept, :func:`kg.wikidata.toml_edit.add_table`); the next build reads the name as an
entity and the candidate's IRI is gone (docs/decisions/0006-candidate-iris.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kg import config, iris, names
from kg.errors import DataError
from kg.options import add_store_option

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.model import Entity

DEFAULT_GAZETTEER = config.DATA_DIR / "gazetteer.toml"
CONTEXTS = 3  # short contexts shown per candidate
_KINDS = ("person", "body", "place", "work", "post")

_QUERY = """
PREFIX okg: <https://w3id.org/october1917/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?c ?key ?label ?cue ?count ?form ?start ?prefix ?exact ?suffix WHERE {
  GRAPH ?g {
    ?c a okg:Candidate ; okg:candidateKey ?key ; rdfs:label ?label ; okg:cue ?cue ;
       okg:mentionCount ?count .
    { ?c okg:surfaceForm ?form }
    UNION
    { ?a oa:hasBody ?c ; oa:hasTarget ?t . ?t oa:hasSelector ?q , ?p .
      ?q oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix . ?p oa:start ?start . }
  }
}
"""


@dataclass
class Listed:
    """One candidate key across the store's documents."""

    key: str
    kind: str
    label: str
    cues: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    documents: dict[str, int] = field(default_factory=dict)  # doc id -> uses
    contexts: list[tuple[str, int, str]] = field(default_factory=list)  # doc, start, text

    @property
    def uses(self) -> int:
        return sum(self.documents.values())

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "kind": self.kind,
            "label": self.label,
            "forms": self.forms,
            "cues": self.cues,
            "uses": self.uses,
            "documents": self.documents,
            "contexts": [
                {"doc": d, "start": s, "text": t} for d, s, t in sorted(self.contexts)[:CONTEXTS]
            ],
        }


def add_entities_arguments(p: argparse.ArgumentParser) -> None:
    """``kg entities [--unlinked | --candidates [--json]]`` and ``kg entities accept``."""
    p.add_argument("--unlinked", action="store_true", help="only those without a Wikidata ID")
    p.add_argument(
        "--candidates",
        action="store_true",
        help="names the built store's documents use and the gazetteer lacks",
    )
    p.add_argument("--json", action="store_true", help="with --candidates: JSON on stdout")
    p.add_argument("--kind", choices=_KINDS, help="with --candidates: only this kind")
    add_store_option(p)
    _gazetteer_opt(p)
    p.set_defaults(func=run_entities)
    sub = p.add_subparsers(dest="entities_command", metavar="ACTION")
    a = sub.add_parser(
        "accept",
        help="add candidates (by key, see --candidates) to the gazetteer TOML",
        description="Add candidates to the gazetteer TOML as unlinked entities; the next "
        "`kg build` reads their names as entities.",
    )
    a.add_argument("keys", nargs="+", metavar="KEY", help="candidate key (person-abramovitch)")
    a.add_argument("--kind", choices=_KINDS, help="the entity's kind, if the cue mistyped it")
    a.add_argument("--label", help="label_fr (and the gazetteer key's slug); one KEY only")
    a.add_argument("--key", dest="new_key", help="the gazetteer key (default: from the label)")
    a.add_argument("--qid", help="Wikidata ID to link (needs --evidence); one KEY only")
    a.add_argument("--evidence", help="where the QID was seen paired with this name")
    add_store_option(a)
    _gazetteer_opt(a)
    a.set_defaults(func=run_accept)


def _gazetteer_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--gazetteer",
        type=Path,
        default=DEFAULT_GAZETTEER,
        help=f"gazetteer TOML (default: {DEFAULT_GAZETTEER})",
    )


# --------------------------------------------------------------------------- listing


def candidates(store_dir: Path) -> list[Listed]:
    """Every candidate key of the built store, its documents, forms and contexts.

    Raises :class:`~kg.errors.StoreError` when there is no store.
    """
    from kg import store

    db = store.open_read_only(store_dir)
    found: dict[str, Listed] = {}
    seen: set[tuple[str, str]] = set()  # (IRI, doc) counted
    import pyoxigraph as ox

    rows = db.query(_QUERY)
    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    for row in rows:
        node, key = row["c"].value, row["key"].value
        doc = _doc_of(node)
        item = found.setdefault(key, Listed(key, key.split("-", 1)[0], row["label"].value))
        if (node, doc) not in seen:
            seen.add((node, doc))
            item.documents[doc] = item.documents.get(doc, 0) + int(row["count"].value)
            if row["cue"].value not in item.cues:
                item.cues.append(row["cue"].value)
        if row["form"] is not None:
            if row["form"].value not in item.forms:
                item.forms.append(row["form"].value)
            continue
        text = f"…{row['prefix'].value}[{row['exact'].value}]{row['suffix'].value}…"
        item.contexts.append((doc, int(row["start"].value), " ".join(text.split())))
    return sorted(found.values(), key=lambda c: (-c.uses, c.kind, c.key))


def _doc_of(node: str) -> str:
    """``…/doc/D/candidate/K`` -> ``D``."""
    head = node.rsplit("/candidate/", 1)[0]
    return head.rsplit("/doc/", 1)[-1]


def render(rows: Sequence[Listed]) -> str:
    """The text listing: one block per candidate key."""
    blocks = []
    for c in rows:
        docs = ", ".join(f"{d} {n}" for d, n in sorted(c.documents.items()))
        lines = [
            f"{c.key}\t{c.kind}\t{c.label}\t{c.uses} uses in {len(c.documents)} documents",
            f"  forms: {', '.join(c.forms)}  (cue: {', '.join(c.cues)})",
            f"  documents: {docs}",
            *(f"  {d}@{s}: {t}" for d, s, t in sorted(c.contexts)[:CONTEXTS]),
        ]
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + ("\n" if blocks else "")


def run_entities(ns: argparse.Namespace) -> int:
    """``kg entities``: the gazetteer's entities, or the store's candidates."""
    if ns.candidates:
        rows = [c for c in candidates(ns.store) if ns.kind in (None, c.kind)]
        if ns.json:
            json.dump([c.as_json() for c in rows], sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(render(rows))
        print(f"({len(rows)} candidates)", file=sys.stderr)
        return 0
    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer(ns.gazetteer)
    listed = gaz.unlinked() if ns.unlinked else gaz.entities
    for e in sorted(listed, key=lambda e: (e.kind.value, e.key)):
        print(f"{e.kind.value}\t{e.key}\t{e.wikidata or '-'}\t{e.label_fr}")
    print(f"({len(listed)} entities)", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- accepting


def entry(
    c: Listed,
    claimed: set[tuple[str, str]],
    *,
    kind: str | None = None,
    label: str | None = None,
    key: str | None = None,
    qid: str | None = None,
    evidence: str | None = None,
    today: date | None = None,
) -> tuple[str, str, dict[str, str | list[str]]]:
    """``(kind, gazetteer key, fields)`` of the table accepting ``c``.

    ``claimed`` holds ``(kind, folded form)`` of the gazetteer's forms: a form another
    entity of that kind already has (a homonym kept apart by the context) is left out
    of the aliases.  A bracketed qualifier the listing added ("X (Moscou)") stays in
    ``label_fr`` so that the label is the new entity's own.
    """
    kind = kind or c.kind
    label = " ".join((label or c.label).split())
    # a person's key is their surname, as the gazetteer's ([person.kornilov])
    key = iris.slug(key or (label.split()[-1] if kind == "person" else label))
    aliases = [f for f in dict.fromkeys([label, *c.forms]) if (kind, names.fold(f)) not in claimed]
    day = (today or date.today()).isoformat()
    docs = ", ".join(sorted(c.documents))
    fields: dict[str, str | list[str]] = {"label_fr": label}
    if aliases:
        fields["aliases"] = aliases
    if qid:
        fields["wikidata"] = qid
        fields["wikidata_evidence"] = evidence or ""
    else:
        fields["wikidata_note"] = (
            f"accepted by kg entities accept {day} from candidate {c.key} ({docs}); not yet linked"
        )
    return kind, key, fields


def accept(
    path: Path,
    store_dir: Path,
    keys: Sequence[str],
    *,
    kind: str | None = None,
    label: str | None = None,
    key: str | None = None,
    qid: str | None = None,
    evidence: str | None = None,
    today: date | None = None,
) -> list[tuple[str, str]]:
    """Append one gazetteer table per candidate key; ``[(kind, gazetteer key)]``.

    Each table is checked by the gazetteer's own loader before the file is replaced.
    Raises :class:`DataError`: an unknown key, an entity already present, a bad file.
    """
    from kg.gazetteer import load_gazetteer
    from kg.wikidata import toml_edit

    if len(keys) > 1 and (label or key or qid):
        raise DataError("--label, --key and --qid apply to one KEY at a time")
    if qid and not evidence:
        raise DataError("--qid needs --evidence (where the QID was seen paired with this name)")
    listed = {c.key: c for c in candidates(store_dir)}
    unknown = [k for k in keys if k not in listed]
    if unknown:
        raise DataError(
            f"{', '.join(unknown)}: no such candidate in {store_dir} (kg entities --candidates)"
        )
    done = []
    for k in keys:
        gaz = load_gazetteer(path)
        claimed = {(e.kind.value, names.fold(f)) for e in gaz.entities for f in _forms(e)}
        new_kind, new_key, fields = entry(
            listed[k],
            claimed,
            kind=kind,
            label=label,
            key=key,
            qid=qid,
            evidence=evidence,
            today=today,
        )
        existing = next((e for e in gaz.entities if e.key == new_key), None)
        if existing is not None or (new_kind, names.fold(str(fields["label_fr"]))) in claimed:
            what = f"[{existing.kind.value}.{existing.key}]" if existing else fields["label_fr"]
            raise DataError(f"{k}: already present in {path} ({what}; --key or --label to differ)")
        toml_edit.add_table(path, new_kind, new_key, fields, check=_checker(path))
        done.append((new_kind, new_key))
    return done


def _forms(entity: Entity) -> list[str]:
    return [entity.label_fr, *getattr(entity, "aliases", ())]


def _checker(path: Path) -> Callable[[Path], None]:
    from kg.gazetteer import load_gazetteer

    def check(tmp: Path) -> None:
        try:
            load_gazetteer(tmp)
        except DataError as exc:
            message = str(exc).split(": ", 1)[-1]
            raise DataError(f"{path}: the new entry would not load: {message}") from None

    return check


def run_accept(ns: argparse.Namespace) -> int:
    """``kg entities accept``: 0, or 2 through :class:`DataError`."""
    done = accept(
        ns.gazetteer,
        ns.store,
        ns.keys,
        kind=ns.kind,
        label=ns.label,
        key=ns.new_key,
        qid=ns.qid,
        evidence=ns.evidence,
    )
    for kind, key in done:
        print(f"added [{kind}.{key}] to {ns.gazetteer}")
    print("rebuild (kg build) to read them as entities", file=sys.stderr)
    return 0


def candidate_counts(db: ox.Store) -> dict[str, int]:
    """Candidates per document of an open store (what ``kg build`` reports)."""
    rows = db.query(
        "PREFIX okg: <https://w3id.org/october1917/ontology#> "
        "SELECT ?c WHERE { GRAPH ?g { ?c a okg:Candidate } }"
    )
    import pyoxigraph as ox

    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    counts: dict[str, int] = {}
    for row in rows:
        doc = _doc_of(row["c"].value)
        counts[doc] = counts.get(doc, 0) + 1
    return counts


def render_counts(counts: dict[str, int], doc_ids: Sequence[str], most: int = 20) -> str:
    """``kg build``'s lines: candidates per document (the ``most`` largest beyond that many)."""
    rows = sorted(((counts.get(d, 0), d) for d in doc_ids), key=lambda r: (-r[0], r[1]))
    head = (
        f"{sum(counts.values())} candidates (names the gazetteer lacks, "
        "kg entities --candidates):\n"
    )
    lines = [f"  {d}: {n}\n" for n, d in rows[:most]]
    if len(rows) > most:
        lines.append(f"  … {len(rows) - most} more documents\n")
    return head + "".join(lines)
