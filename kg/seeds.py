"""Stage ``load``: read the seed documents named by ``seeds/manifest.toml``.

Every file in the seeds folder (other than the manifest and dot-files) must
have a manifest entry, be UTF-8 and be non-empty; otherwise a
:class:`~kg.errors.SeedError` names the file in one line.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from kg.config import MANIFEST_NAME
from kg.errors import SeedError
from kg.model import BINARY_FORMATS, DamageKind, DocumentMeta, Edition, SourceDocument, SourceFormat

_REQUIRED = ("file", "title", "author", "language", "format", "date_written")
_KNOWN = frozenset(
    (*_REQUIRED, "damage", "edition", "author_key", "author_wikidata", "translator", "description")
)
_EDITION_KEYS = frozenset(("title", "place", "publisher", "year", "pages", "note"))


def load(seeds_dir: Path) -> tuple[SourceDocument, ...]:
    """Read every document of ``seeds_dir`` in manifest order.

    Raises :class:`SeedError` for a missing folder or manifest, a manifest
    entry without its file, a file without a manifest entry, an empty file or
    a file that is not UTF-8.

    >>> load(Path(__file__).resolve().parents[1] / "seeds")[0].doc_id  # a checkout's seeds
    '000_429393bbd9028836'
    """
    metas = read_manifest(seeds_dir)
    listed = {m.file for m in metas}
    for path in sorted(seeds_dir.iterdir()):
        unlisted = path.name not in listed and path.name != MANIFEST_NAME
        if path.is_file() and unlisted and not path.name.startswith("."):
            raise SeedError(f"{path}: not in {seeds_dir / MANIFEST_NAME}; add an entry for it")
    return tuple(_read_document(seeds_dir, meta) for meta in metas)


def read_manifest(seeds_dir: Path) -> tuple[DocumentMeta, ...]:
    """Parse the manifest into :class:`DocumentMeta` records."""
    if not seeds_dir.is_dir():
        raise SeedError(f"{seeds_dir}: no such seeds folder")
    manifest = seeds_dir / MANIFEST_NAME
    if not manifest.is_file():
        raise SeedError(f"{manifest}: missing manifest")
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SeedError(f"{manifest}: {exc}") from exc
    documents = data.get("documents", {})
    if not isinstance(documents, dict) or not documents:
        raise SeedError(f"{manifest}: no [documents.<id>] entries")
    return tuple(_meta(manifest, doc_id, entry) for doc_id, entry in documents.items())


def _meta(manifest: Path, doc_id: str, entry: dict[str, Any]) -> DocumentMeta:
    where = f"{manifest}: [documents.{doc_id}]"
    missing = [k for k in _REQUIRED if not entry.get(k)]
    if missing:
        raise SeedError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(entry) - _KNOWN)
    if unknown:
        raise SeedError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KNOWN))})")
    if Path(entry["file"]).stem != doc_id:
        raise SeedError(f"{where}: file {entry['file']!r} does not match the id {doc_id!r}")
    try:
        fmt = SourceFormat(entry["format"])
    except ValueError:
        allowed = ", ".join(f.value for f in SourceFormat)
        raise SeedError(f"{where}: format {entry['format']!r} is not one of {allowed}") from None
    damage = _damage(where, entry.get("damage", ()))
    date_written = _iso_date(where, entry["date_written"])
    ed = entry.get("edition", {})
    if not isinstance(ed, dict):
        raise SeedError(f"{where}: edition must be a table ([documents.{doc_id}.edition])")
    if unknown := sorted(set(ed) - _EDITION_KEYS):
        raise SeedError(
            f"{where}.edition: unknown key {unknown[0]!r} (known: {', '.join(sorted(_EDITION_KEYS))})"
        )
    edition = Edition(
        title=ed.get("title", ""),
        place=ed.get("place", ""),
        publisher=ed.get("publisher", ""),
        year=ed.get("year"),
        pages=str(ed.get("pages", "")),
        note=ed.get("note", ""),
    )
    return DocumentMeta(
        doc_id=doc_id,
        file=entry["file"],
        title=entry["title"],
        author=entry["author"],
        language=entry["language"],
        format=fmt,
        date_written=date_written,
        edition=edition,
        author_key=entry.get("author_key", ""),
        author_wikidata=entry.get("author_wikidata", ""),
        translator=entry.get("translator", ""),
        description=entry.get("description", ""),
        damage=damage,
    )


def _iso_date(where: str, value: object) -> str:
    """``date_written`` as ``YYYY`` or a real ``YYYY-MM-DD`` date, else a :class:`SeedError`.

    >>> _iso_date("m", "1917-11-14"), _iso_date("m", 1933)
    ('1917-11-14', '1933')
    """
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()  # a TOML date literal
    text = str(value).strip() if isinstance(value, str | int) else ""
    if re.fullmatch(r"[0-9]{4}", text):
        return text
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise SeedError(f"{where}: date_written {text!r} is not a real date ({exc})") from None
    raise SeedError(
        f"{where}: date_written {value!r} is not an ISO date (YYYY-MM-DD, Gregorian) or a year"
    )


def _damage(where: str, value: object) -> tuple[str, ...]:
    """``damage = "lost-letters"`` or a list of kinds; ``"none"`` turns detection off."""
    kinds = (value,) if isinstance(value, str) else value
    if not isinstance(kinds, list | tuple) or not all(isinstance(k, str) for k in kinds):
        raise SeedError(f"{where}: damage must be a kind or a list of kinds")
    known = {k.value for k in DamageKind}
    unknown = [k for k in kinds if k not in known and k != "none"]
    if unknown:
        allowed = ", ".join(("none", *sorted(known)))
        raise SeedError(f"{where}: damage {unknown[0]!r} is not one of {allowed}")
    return tuple(kinds)


def _read_document(seeds_dir: Path, meta: DocumentMeta) -> SourceDocument:
    path = seeds_dir / meta.file
    if not path.is_file():
        raise SeedError(f"{path}: listed in the manifest but missing")
    data = path.read_bytes()
    if meta.format in BINARY_FORMATS:
        if not data.strip():
            raise SeedError(f"{path}: empty document")
        digest = hashlib.sha256(data).hexdigest()
        return SourceDocument(meta=meta, path=path, raw="", sha256=digest, data=data)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path}: not UTF-8 (byte {exc.start}: {data[exc.start]:#04x})") from None
    if not raw.strip():
        raise SeedError(f"{path}: empty document")
    return SourceDocument(meta=meta, path=path, raw=raw, sha256=hashlib.sha256(data).hexdigest())
