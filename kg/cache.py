"""Incremental builds: each document's validated N-Quads, kept under a content key.

Layout of the cache folder (``kg build --cache DIR``, default ``.kg/cache``)::

    DIR/docs/<doc_id>-<key>.nq     the document's named graph, validated (plain N-Quads)
    DIR/docs/<doc_id>-<key>.json   its triple count and stage timings; written last
    DIR/shared/<name>.nq           graph/gazetteer, graph/ontology, graph/meta of the last build
    DIR/stores/<digest>.json       what the store at some path was last built from

A document is re-extracted unless ``DIR/docs/<doc_id>-<key>.json`` exists,
where ``key`` hashes its raw bytes, its manifest entry and file name, and the
build :func:`fingerprint`.  The fingerprint is deliberately broad: every
file under ``kg/data/``, ``shapes/`` and ``ontology/``; every module of the
``kg`` package except those the build never imports (:data:`OUTSIDE_BUILD`,
a test checks they stay outside); ``EXTRACTOR_VERSION`` and ``BASE_IRI``;
and the versions of Python and of the libraries whose output lands in the
graph.  Only validated graphs are written, so a cached document was valid.
Writing a new key for a document deletes its older entries.

>>> cache = Cache(Path(".kg/cache"))  # doctest: +SKIP
>>> cache.lookup(doc, cache.key(doc))  # doctest: +SKIP
CachedDocument(doc_id='000_429393bbd9028836', ...)
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from kg import config, store
from kg.errors import StoreError
from kg.model import SourceDocument

#: Where ``kg build`` keeps its cache unless told otherwise.
DEFAULT_CACHE_DIR = Path(os.environ.get("KG_CACHE", ".kg/cache"))

#: Package paths (relative to ``kg/``) that the build never imports: editing them keeps the cache.
OUTSIDE_BUILD = (
    "serve",
    "wikidata",
    "cli.py",
    "export.py",
    "push.py",
    "push_explain.py",
    "push_state.py",
    "query.py",
    "__main__.py",
)

_STAMP_FORMAT = 1  # bump when the stamp's fields change

_LIBRARIES = ("rdflib", "pyshacl", "pyoxigraph", "owlrl", "wordfreq")


@dataclass(frozen=True)
class CachedDocument:
    """A document's validated graph on disk."""

    doc_id: str
    key: str
    nquads: Path
    triples: int
    seconds: dict[str, float] = field(default_factory=dict)
    flags: int = 0  # damaged words the repair kept as printed (kg text DOC --flags)
    warnings: tuple[str, ...] = ()  # footnote calls and notes that do not pair


@cache
def fingerprint() -> str:
    """Digest of everything besides the document itself that can change its graph."""
    h = hashlib.sha256()
    for name, value in (
        ("extractors", config.EXTRACTOR_VERSION),
        ("base", config.BASE_IRI),
        ("python", platform.python_version()),
    ):
        h.update(f"{name}={value}\n".encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=absent\n".encode())
    for label, path in _build_inputs():
        h.update(f"{label}\n".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _build_inputs() -> list[tuple[str, Path]]:
    """(label, path) of every source and data file the fingerprint covers, in a stable order."""
    package = config.PACKAGE_DIR
    outside = {package / p for p in OUTSIDE_BUILD}
    roots = {
        "kg": package,
        "data": config.DATA_DIR,
        "shapes": config.SHAPES_DIR,
        "ontology": config.ONTOLOGY_DIR,
    }
    found = []
    for name, root in roots.items():
        for path in root.rglob("*.py" if name == "kg" else "*"):
            skip = "__pycache__" in path.parts or any(
                path == o or o in path.parents for o in outside
            )
            if (
                path.is_file()
                and not skip
                and not (name == "kg" and config.DATA_DIR in path.parents)
            ):
                found.append((f"{name}/{path.relative_to(root).as_posix()}", path))
    return sorted(found)


class Cache:
    """The cache folder; ``root=None`` keeps everything in a temporary folder (``--no-cache``)."""

    def __init__(self, root: Path | None) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if root is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kg-build-")
            root = Path(self._tmp.name)
        self.root: Path = root
        self.persistent = self._tmp is None
        for sub in ("docs", "shared", "stores"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- documents

    def key(self, doc: SourceDocument) -> str:
        """The document's cache key (hex, 24 characters)."""
        entry = json.dumps(asdict(doc.meta), sort_keys=True, default=str)
        text = f"{doc.sha256}\n{doc.path.name}\n{entry}\n{fingerprint()}"
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    def nquads_path(self, doc_id: str, key: str) -> Path:
        return self.root / "docs" / f"{doc_id}-{key}.nq"

    def lookup(self, doc_id: str, key: str) -> CachedDocument | None:
        """The cached graph of this version of the document, if any (never with ``--no-cache``)."""
        if not self.persistent:
            return None
        nq = self.nquads_path(doc_id, key)
        try:
            info = json.loads(nq.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not nq.is_file():
            return None
        return CachedDocument(
            doc_id,
            key,
            nq,
            int(info["triples"]),
            info.get("seconds", {}),
            int(info.get("flags", 0)),
            tuple(info.get("warnings", ())),
        )

    def write(
        self,
        doc_id: str,
        key: str,
        nquads: bytes,
        triples: int,
        seconds: dict[str, float],
        flags: int = 0,
        warnings: tuple[str, ...] = (),
    ) -> CachedDocument:
        """Store a validated graph (atomically), dropping older versions of the document."""
        nq = self.nquads_path(doc_id, key)
        _write_atomic(nq, nquads)
        info = {"doc_id": doc_id, "triples": triples, "seconds": seconds, "flags": flags}
        info["warnings"] = list(warnings)
        _write_atomic(nq.with_suffix(".json"), json.dumps(info).encode())
        for old in nq.parent.glob(f"{doc_id}-*"):
            if old.stem.rsplit("-", 1)[0] == doc_id and old.stem != nq.stem:
                old.unlink(missing_ok=True)
        return CachedDocument(doc_id, key, nq, triples, seconds, flags, tuple(warnings))

    def write_shared(self, name: str, nquads: bytes) -> Path:
        path = self.root / "shared" / f"{name}.nq"
        _write_atomic(path, nquads)
        return path

    # ---------------------------------------------------------------- store stamps

    def store_stamp(self, store_dir: Path) -> dict[str, Any] | None:
        """What the store's current generation was built from, if this cache built it."""
        if not self.persistent:
            return None
        try:
            stamp = json.loads(self._stamp_path(store_dir).read_text(encoding="utf-8"))
            generation = store.generation_of(store_dir).name
        except (OSError, ValueError, StoreError):
            return None
        if not isinstance(stamp, dict):
            return None
        if stamp.get("generation") != generation or stamp.get("format") != _STAMP_FORMAT:
            return None
        return stamp

    def store_is_current(self, store_dir: Path, digest: str) -> dict[str, Any] | None:
        """The store's stamp if it was built from exactly ``digest``."""
        stamp = self.store_stamp(store_dir)
        return stamp if stamp is not None and stamp.get("digest") == digest else None

    def record_store(self, store_dir: Path, digest: str, **details: object) -> None:
        generation = store.generation_of(store_dir).name
        stamp = {"format": _STAMP_FORMAT, "digest": digest, "generation": generation, **details}
        _write_atomic(self._stamp_path(store_dir), json.dumps(stamp, indent=1).encode())

    def _stamp_path(self, store_dir: Path) -> Path:
        where = hashlib.sha256(os.path.abspath(store_dir).encode()).hexdigest()[:16]
        return self.root / "stores" / f"{where}.json"


def build_digest(keys: dict[str, str]) -> str:
    """Digest of a whole build: the documents (in order) with their keys, and the fingerprint."""
    text = "\n".join(f"{doc_id} {key}" for doc_id, key in keys.items())
    return hashlib.sha256(f"{fingerprint()}\n{text}".encode()).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
