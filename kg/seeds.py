"""Stage ``load``: read the seed documents named by ``seeds/manifest.toml``.

Every file in the seeds folder (other than the manifest and dot-files) must
have a manifest entry, be UTF-8 and be non-empty; otherwise a
:class:`~kg.errors.SeedError` names the file in one line.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

from kg.config import MANIFEST_NAME
from kg.errors import SeedError
from kg.model import BINARY_FORMATS, DamageKind, DocumentMeta, Edition, SourceDocument, SourceFormat

_REQUIRED = ("file", "title", "author", "language", "format", "date_written")


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
    if Path(entry["file"]).stem != doc_id:
        raise SeedError(f"{where}: file {entry['file']!r} does not match the id {doc_id!r}")
    try:
        fmt = SourceFormat(entry["format"])
    except ValueError:
        allowed = ", ".join(f.value for f in SourceFormat)
        raise SeedError(f"{where}: format {entry['format']!r} is not one of {allowed}") from None
    damage = _damage(where, entry.get("damage", ()))
    ed = entry.get("edition", {})
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
        date_written=str(entry["date_written"]),
        edition=edition,
        author_key=entry.get("author_key", ""),
        author_wikidata=entry.get("author_wikidata", ""),
        translator=entry.get("translator", ""),
        description=entry.get("description", ""),
        damage=damage,
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
