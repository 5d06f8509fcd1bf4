"""A local file of Wikidata items, read into ``wbgetentities`` entities (:func:`read_items`).

The file is one of:

* Wikidata's JSON dump format (``wbgetentities`` entities): a JSON list, or
  one entity per line (the dump's own ``[`` / ``,`` line framing is accepted);
* SPARQL 1.1 JSON results with ``item`` (an entity IRI), ``itemLabel``
  (several rows may give labels in several languages), and optionally
  ``itemAltLabel`` (comma-separated aliases), ``description`` or
  ``itemDescription``, ``type`` / ``instance_of`` (IRIs or labels),
  ``born`` / ``died`` (dates);
* the same rows flattened into a JSON list of objects (``"item": "http://…/Q5"``).

Each shape becomes a list of entities with ``labels``, ``aliases``, ``descriptions`` and
``claims`` (P31, P569, P570), which :mod:`kg.wikidata.local` scores and checks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import DataError

ENTITY_IRI = re.compile(r"^https?://www\.wikidata\.org/entity/(Q[1-9][0-9]*)$")


def read_items(path: Path) -> list[dict[str, Any]]:
    """The items of a local file, as ``wbgetentities`` entities (labels, aliases, claims).

    Raises :class:`DataError` naming the file for an unreadable file, JSON that is
    none of the accepted shapes, or a row without a Wikidata entity IRI.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot read Wikidata items: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        data = list(_lines(path, text))
    if isinstance(data, dict) and isinstance(data.get("results"), dict):
        rows = [_flatten(b) for b in data["results"].get("bindings", [])]
        return _from_rows(path, rows)
    if isinstance(data, dict) and "entities" in data:  # a wbgetentities answer
        data = list(data["entities"].values())
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise DataError(f"{path}: not Wikidata JSON (dump entities or SPARQL results)")
    if all("item" in x for x in data):
        return _from_rows(path, data)
    return [_checked(path, x) for x in data]


def _lines(path: Path, text: str) -> Iterator[Any]:
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip().rstrip(",")
        if line in ("", "[", "]"):
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{number}: not a JSON entity: {exc.msg}") from exc


def _checked(path: Path, entity: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(entity.get("id"), str) or not re.match(r"^Q[1-9][0-9]*$", entity["id"]):
        raise DataError(f"{path}: entity without a QID 'id': {str(entity)[:60]}")
    return entity


def _flatten(binding: dict[str, Any]) -> dict[str, Any]:
    """A SPARQL JSON binding as a flat row; a label keeps its language as ``(value, lang)``."""
    row: dict[str, Any] = {}
    for name, term in binding.items():
        if isinstance(term, dict):
            lang = term.get("xml:lang")
            row[name] = (term.get("value", ""), lang) if lang else term.get("value", "")
    return row


def _from_rows(path: Path, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """SPARQL-shaped rows merged per item into entities."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        match = ENTITY_IRI.match(str(row.get("item", "")))
        if match is None:
            raise DataError(f"{path}: row without a Wikidata item IRI: {str(row)[:60]}")
        entity = merged.setdefault(
            match.group(1),
            {"id": match.group(1), "labels": {}, "aliases": {}, "descriptions": {}, "claims": {}},
        )
        _add_text(entity["labels"], row.get("itemLabel"), many=False)
        for key in ("description", "itemDescription"):
            _add_text(entity["descriptions"], row.get(key), many=False)
        alt = row.get("itemAltLabel")
        if alt:
            value, lang = alt if isinstance(alt, tuple) else (alt, "en")
            for alias in (a.strip() for a in value.split(",") if a.strip()):
                entity["aliases"].setdefault(lang, []).append({"language": lang, "value": alias})
        _add_types(entity, row)
        for key, prop in (("born", "P569"), ("died", "P570")):
            if year := re.match(r"^[+-]?(\d{3,4})", str(row.get(key) or "")):
                time = {"time": f"+{int(year.group(1)):04d}-00-00T00:00:00Z", "precision": 9}
                entity["claims"].setdefault(prop, []).append(
                    {"mainsnak": {"datavalue": {"value": time}}, "rank": "normal"}
                )
    return list(merged.values())


def _add_text(target: dict[str, Any], value: Any, many: bool) -> None:
    if not value or value == "None":
        return
    text, lang = value if isinstance(value, tuple) else (str(value), "en")
    target.setdefault(lang, {"language": lang, "value": text})


def _add_types(entity: dict[str, Any], row: dict[str, Any]) -> None:
    for key in ("type", "instance_of", "instanceOf"):
        value = row.get(key)
        values = value if isinstance(value, list) else [value] if value else []
        for v in values:
            v = v[0] if isinstance(v, tuple) else str(v)
            if match := ENTITY_IRI.match(v):
                snak = {"datavalue": {"value": {"id": match.group(1)}}}
                entity["claims"].setdefault("P31", []).append({"mainsnak": snak, "rank": "normal"})
            else:
                entity.setdefault("type_labels", []).append(v)
