"""Load the editorial layer: ``seeds/notes/*.toml``, a historian's notes beside the seeds.

One file per document or per topic; one ``[notes.<key>]`` table per note.
Top-level ``document``, ``creator``, ``created`` and ``language`` are defaults
for the file's notes::

    document = "000_429393bbd9028836"
    creator = "A. Historian"
    created = 2026-12-02

    [notes.molotov-central-committee]
    kind = "contradicted"            # sic | disputed | contradicted | corrected-date
                                     # | misattribution | comment
    fact = "membership/molotov-member-central-committee"   # or quote = "…" (+ occurrence)
    comment = "Molotov was not a member of the Central Committee in 1917."
    source = "Protokoly Tsentral'nogo Komiteta RSDRP(b), Moscou, 1958"

Every value is checked when loaded: an unknown key, a missing or mistyped
value raises :class:`~kg.errors.DataError` naming file, table and key in one
line.  See ``docs/editorial.md``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from kg import iris
from kg.errors import DataError
from kg.model import EditorialNote, NoteAnchor, NoteKind
from kg.model_notes import SOURCED_KINDS

NOTES_DIR = "notes"
_FILE_KEYS = {"document", "creator", "created", "language", "notes"}
_NOTE_KEYS = {
    "kind",
    "document",
    "fact",
    "quote",
    "occurrence",
    "comment",
    "language",
    "creator",
    "created",
    "source",
    "source_url",
    "corrected_julian",
    "corrected_time",
    "attributed_to",
}
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def load_notes(seeds_dir: Path) -> tuple[EditorialNote, ...]:
    """Every note of ``seeds_dir/notes/*.toml`` (none when the folder is absent), by file then key.

    Raises :class:`DataError` for a malformed file or note.

    >>> load_notes(Path("/nonexistent"))
    ()
    """
    folder = seeds_dir / NOTES_DIR
    if not folder.is_dir():
        return ()
    return tuple(n for path in sorted(folder.glob("*.toml")) for n in read_notes_file(path))


def digest(seeds_dir: Path) -> str:
    """A digest of every notes file (names and bytes): a build with other notes is not up to date."""
    h = hashlib.sha256()
    folder = seeds_dir / NOTES_DIR
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def where(note_iri: str) -> str:
    """``seeds/notes/F.toml: [notes.K]`` for the IRI of note K of file F (``kg.iris.note``)."""
    file, key = note_iri.rsplit("/", 2)[-2:]
    return f"seeds/notes/{file}.toml: [notes.{key}]"


def read_notes_file(path: Path) -> tuple[EditorialNote, ...]:
    """The notes of one file; raises :class:`DataError` naming ``path``, the table and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from exc
    _no_unknown(path, "", data, _FILE_KEYS)
    if not _KEY.match(path.stem.replace("_", "-").lower()):
        raise DataError(f"{path}: the file name must be a slug (letters, digits, - and _)")
    notes = data.get("notes")
    if not isinstance(notes, dict) or not notes:
        raise DataError(f"{path}: no [notes.<key>] tables")
    defaults = {k: v for k, v in data.items() if k != "notes"}
    return tuple(_note(path, key, {**defaults, **entry}) for key, entry in notes.items())


def _note(path: Path, key: str, entry: Any) -> EditorialNote:
    where = f"{path}: [notes.{key}]"
    if not isinstance(entry, dict):
        raise DataError(f"{where}: must be a table")
    if not _KEY.match(key):
        raise DataError(f"{where}: the key must be lower-case letters, digits and '-'")
    _no_unknown(path, f"notes.{key}", entry, _NOTE_KEYS)
    get = _Getter(where, entry)
    try:
        kind = NoteKind(get.text("kind"))
    except ValueError:
        choices = ", ".join(k.value for k in NoteKind)
        raise DataError(f"{where}: kind: {entry['kind']!r} is not one of {choices}") from None
    note = EditorialNote(
        file=path.stem,
        key=key,
        kind=kind,
        anchor=_anchor(where, get),
        comment=get.text("comment"),
        language=get.text("language", "en"),
        creator=get.text("creator"),
        created=get.day("created"),
        source=get.optional_text("source"),
        source_url=get.optional_text("source_url"),
        corrected_julian=get.optional_day("corrected_julian"),
        corrected_time=get.optional_text("corrected_time"),
        attributed_to=get.optional_text("attributed_to"),
    )
    _check_kind(where, note)
    return note


def _anchor(where: str, get: _Getter) -> NoteAnchor:
    document = get.text("document")
    fact, quote = get.optional_text("fact"), get.optional_text("quote")
    if (fact is None) == (quote is None):
        raise DataError(f"{where}: give exactly one anchor, fact or quote")
    occurrence = get.entry.get("occurrence")
    if occurrence is not None and (
        quote is None or not isinstance(occurrence, int) or isinstance(occurrence, bool)
    ):
        raise DataError(f"{where}: occurrence: a positive integer, with quote only")
    if occurrence is not None and occurrence < 1:
        raise DataError(f"{where}: occurrence: a positive integer, with quote only")
    if fact is not None and not fact.startswith(("http://", "https://")):
        fact = str(iris.document(document)) + "/" + fact.strip("/")
    return NoteAnchor(document, fact, quote, occurrence)


def _check_kind(where: str, note: EditorialNote) -> None:
    if note.kind in SOURCED_KINDS and not note.source:
        raise DataError(f"{where}: source: a {note.kind.value} note cites the historian's source")
    dated = note.corrected_julian is not None or note.corrected_time is not None
    if dated != (note.kind is NoteKind.CORRECTED_DATE):
        raise DataError(
            f'{where}: corrected_julian/corrected_time: given with, and only with, kind = "corrected-date"'
        )
    if (note.attributed_to is not None) != (note.kind is NoteKind.MISATTRIBUTION):
        raise DataError(
            f'{where}: attributed_to: given with, and only with, kind = "misattribution"'
        )
    if note.corrected_time is not None and not _TIME.match(note.corrected_time):
        raise DataError(f"{where}: corrected_time: {note.corrected_time!r} is not HH:MM")


def _no_unknown(path: Path, table: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        where = f"{path}: [{table}]" if table else f"{path}"
        raise DataError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


class _Getter:
    """Typed reads of one note's table, each error naming the table and the key."""

    def __init__(self, where: str, entry: dict[str, Any]) -> None:
        self.where, self.entry = where, entry

    def text(self, key: str, default: str | None = None) -> str:
        value = self.entry.get(key, default)
        if value is None:
            raise DataError(f"{self.where}: {key}: missing")
        if not isinstance(value, str) or not value.strip():
            raise DataError(f"{self.where}: {key}: must be a non-empty string")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.entry else None

    def optional_day(self, key: str) -> date | None:
        return self.day(key) if self.entry.get(key) is not None else None

    def day(self, key: str) -> date:
        value = self.entry.get(key)
        if value is None:
            raise DataError(f"{self.where}: {key}: missing")
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value
        raise DataError(f"{self.where}: {key}: must be a TOML date (YYYY-MM-DD, unquoted)")
