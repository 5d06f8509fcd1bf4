"""``kg link suggest``: candidate QIDs for unlinked entities, scored by our own evidence.

Each unlinked gazetteer entity is searched with ``wbsearchentities``, in
French (its French label) then in English (its English label, or the French
one).  Every hit is fetched (``wbgetentities``) and scored:

====================  =====  =============================================
evidence              score  why
====================  =====  =============================================
first search hit       +2    Wikidata's own ranking agrees
top-3 search hit       +1
names agree            +2    a label/alias matches one of ours (folded)
names differ           -1
right kind             +2    person: Q5 human; others: not a human (+1)
wrong kind             -4
Wikimedia page         -8    disambiguation page, list, category
1917-era dates         +2    person born by 1905, alive in 1917
impossible dates       -3
name in our texts      +1    another of its names occurs in the seed texts
====================  =====  =============================================

Nothing is written unless rows are accepted (:func:`accept`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg.errors import DataError
from kg.model import Entity, EntityKind
from kg.wikidata import items, toml_edit
from kg.wikidata.check import Gazetteer
from kg.wikidata.client import WikidataClient


@dataclass(frozen=True)
class Candidate:
    """One Wikidata item proposed for an entity."""

    qid: str
    label: str
    description: str
    found_by: str  # "fr #1, en #2": language and position in wbsearchentities
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    """An unlinked entity and its candidates, best first."""

    entity: Entity
    candidates: tuple[Candidate, ...]


def suggest(
    gazetteer: Gazetteer,
    client: WikidataClient,
    *,
    keys: Iterable[str] = (),
    limit: int = 5,
    texts: Iterable[str] = (),
) -> list[Suggestion]:
    """Search Wikidata for every unlinked entity (or just ``keys``) and rank the hits.

    Raises :class:`DataError` for a key that is not an unlinked entity and
    :class:`kg.errors.RemoteError` when Wikidata cannot be asked.
    """
    entities = chosen(gazetteer, set(keys))
    hits = {e.key: _search(client, e, limit) for e in entities}
    answer = client.get_entities({qid for found in hits.values() for qid in found})
    corpus = fold(" ".join(texts))
    suggestions = []
    for entity in entities:
        candidates = []
        for qid, positions in hits[entity.key].items():
            item = answer.resolve(qid)
            if item is not None:
                candidates.append(
                    _candidate(entity, answer.redirects.get(qid, qid), item, positions, corpus)
                )
        candidates.sort(key=lambda c: (-c.score, int(c.qid[1:])))
        suggestions.append(Suggestion(entity, tuple(candidates[:limit])))
    return suggestions


def chosen(gazetteer: Gazetteer, keys: set[str]) -> list[Entity]:
    """The unlinked entities (sorted by kind and key), or those of ``keys``; raises DataError."""
    unlinked = sorted(gazetteer.unlinked(), key=lambda e: (e.kind.value, e.key))
    unknown = keys - {e.key for e in unlinked}
    if unknown:
        raise DataError(f"not an unlinked gazetteer entity: {', '.join(sorted(unknown))}")
    return [e for e in unlinked if not keys or e.key in keys]


def _search(client: WikidataClient, entity: Entity, limit: int) -> dict[str, list[str]]:
    """QID -> where it was found (``["fr #1", "en #3"]``), in first-seen order."""
    found: dict[str, list[str]] = {}
    for language, text in (("fr", entity.label_fr), ("en", entity.label_en or entity.label_fr)):
        for position, hit in enumerate(client.search(text, language, limit), start=1):
            if isinstance(hit, dict) and isinstance(hit.get("id"), str):
                found.setdefault(hit["id"], []).append(f"{language} #{position}")
    return found


def _candidate(
    entity: Entity, qid: str, item: dict[str, Any], positions: list[str], corpus: str
) -> Candidate:
    evidence = [
        *_rank_evidence(positions),
        *_name_evidence(entity, item, corpus),
        *_kind_evidence(entity.kind, item),
    ]
    return Candidate(
        qid=qid,
        label=items.label(item),
        description=items.description(item),
        found_by=", ".join(positions),
        score=sum(points for points, _ in evidence),
        reasons=tuple(reason for _, reason in evidence),
    )


def _rank_evidence(positions: list[str]) -> list[tuple[int, str]]:
    best = min(int(p.split("#")[1]) for p in positions)
    if best == 1:
        return [(2, "first search hit")]
    return [(1, "top-3 search hit")] if best <= 3 else []


def _name_evidence(entity: Entity, item: dict[str, Any], corpus: str) -> list[tuple[int, str]]:
    ours, theirs = items.our_names(entity), items.item_names(item)
    found = [(2, "names agree") if items.names_match(ours, theirs) else (-1, "names differ")]
    ours_folded = {fold(n) for n in ours}
    for name in sorted(set(theirs)):
        folded = fold(name)
        if folded not in ours_folded and len(folded) > 3 and in_corpus(folded, corpus):
            found.append((1, f"{name!r} in our texts"))
            break
    return found


def _kind_evidence(kind: EntityKind, item: dict[str, Any]) -> list[tuple[int, str]]:
    problem = items.kind_problem(kind, item)
    if problem:
        return [(-8 if problem.startswith("a Wikimedia") else -4, problem)]
    if kind is not EntityKind.PERSON:
        return [(1, "not a human")]
    found = [(2, "human")]
    if dates := items.dates_problem(item):
        found.append((-3, dates))
    elif born := items.years(item, "P569"):
        died = items.years(item, "P570")
        span = f"born {min(born)}" + (f", died {max(died)}" if died else "")
        found.append((2, span))
    return found


def fold(text: str) -> str:
    """Accents and case dropped, words of letters and digits joined by single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def in_corpus(folded_name: str, corpus: str) -> bool:
    return re.search(rf"\b{re.escape(folded_name)}\b", corpus) is not None


def render(suggestions: Sequence[Suggestion]) -> str:
    """Candidates as text: a block per entity, one ranked row per candidate."""
    blocks = []
    for s in suggestions:
        head = f"{s.entity.key} ({s.entity.kind.value}) {s.entity.label_fr!r}"
        if not s.candidates:
            blocks.append(f"{head}\n  no candidates")
            continue
        rows = [
            f"  {i}. {c.qid:<10} {c.score:+3d}  {c.label} — {c.description or '(no description)'}"
            f"\n       {c.found_by}; {'; '.join(c.reasons)}"
            for i, c in enumerate(s.candidates, start=1)
        ]
        blocks.append("\n".join([head, *rows]))
    return "\n\n".join(blocks) + "\n" if blocks else "no unlinked entities\n"


@dataclass(frozen=True)
class Accepted:
    key: str
    kind: str
    qid: str
    evidence: str


def accept(
    path: Path,
    choices: Mapping[str, str],
    suggestions: Sequence[Suggestion],
    *,
    today: date | None = None,
    source: str = "wbsearchentities",
) -> list[Accepted]:
    """Write the chosen ``KEY -> QID`` links into the gazetteer TOML at ``path``.

    Only ``wikidata`` and ``wikidata_evidence`` of the chosen tables change;
    comments, order and every other value are kept.  The evidence records
    the provenance: ``kg link suggest, accepted 2024-05-01, wbsearchentities
    score +8 (fr #1; names agree; human; born 1873, died 1918)`` (``source``
    names a local file instead for ``--from``).  Raises
    :class:`DataError` when a choice is not among the suggested candidates
    or the file cannot be edited safely (it is then left untouched).
    """
    by_key = {s.entity.key: s for s in suggestions}
    day = (today or date.today()).isoformat()
    accepted = []
    for key, qid in sorted(choices.items()):
        if key not in by_key:
            raise DataError(
                f"--accept {key}={qid}: {key!r} is not an unlinked entity searched here"
            )
        candidate = next((c for c in by_key[key].candidates if c.qid == qid), None)
        if candidate is None:
            offered = ", ".join(c.qid for c in by_key[key].candidates) or "none"
            raise DataError(f"--accept {key}={qid}: {qid} is not among the candidates ({offered})")
        evidence = (
            f"kg link suggest, accepted {day}, {source} score "
            f"{candidate.score:+d} ({candidate.found_by}; {'; '.join(candidate.reasons)})"
        )
        accepted.append(Accepted(key, by_key[key].entity.kind.value, qid, evidence))
    edits = {
        (a.kind, a.key): {"wikidata": a.qid, "wikidata_evidence": a.evidence} for a in accepted
    }
    if edits:
        toml_edit.set_fields(path, edits)
    return accepted
