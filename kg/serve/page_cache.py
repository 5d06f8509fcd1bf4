"""Rendered document pages (and the dataset description), kept per store generation.

A document page (the repaired text with every fact highlighted) takes a few
hundred milliseconds to render on the seeds graph, and it depends only on
the store generation, the seeds folder and this code.  A worker renders it
once, writes it to ``$KG_CACHE/pages/<generation key>/`` and keeps it in
memory; the other workers, and the ones started later (after a time limit
killed one), read the file.  ``/dataset`` (its statistics) is kept the same way.  :func:`kg.serve.linkeddata.preload` renders
the pages when a worker starts, so no request waits for a first rendering.

The folder of a generation that no longer exists is removed when a worker
prepares the pages of a new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from kg.cache import DEFAULT_CACHE_DIR

PAGES = DEFAULT_CACHE_DIR / "pages"
_MEMORY: OrderedDict[tuple[str, str, str], str] = OrderedDict()
_MEMORY_PAGES = 16


def _code_stamp() -> str:
    """Digest of the modules that shape a page: a code change renders the pages again."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    names = ("document.py", "profile.py", "html.py", "linkeddata.py", "describe.py", "results.py")
    for name in (*names, "page_cache.py"):
        with contextlib.suppress(OSError):
            h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


_CODE = _code_stamp()


def folder(generation: str) -> Path:
    key = hashlib.sha256(f"{generation}\n{_CODE}".encode()).hexdigest()[:24]
    return PAGES / key


def get(generation: str, iri: str, seeds_dir: str, render: Callable[[], str | None]) -> str | None:
    """The page of ``iri``: from memory, from the folder, else ``render()`` (then kept)."""
    key = (generation, iri, seeds_dir)
    if key in _MEMORY:
        _MEMORY.move_to_end(key)
        return _MEMORY[key]
    where = folder(generation)
    path = where / (hashlib.sha256(f"{iri}\n{seeds_dir}".encode()).hexdigest()[:32] + ".html")
    try:
        page: str | None = path.read_text(encoding="utf-8")
    except OSError:
        page = render()
        if page is not None:
            _write(where, path, page, generation)
    if page is not None:
        _MEMORY[key] = page
        while len(_MEMORY) > _MEMORY_PAGES:
            _MEMORY.popitem(last=False)
    return page


def _write(where: Path, path: Path, page: str, generation: str) -> None:
    with contextlib.suppress(OSError):  # a read-only cache folder: render again next time
        where.mkdir(parents=True, exist_ok=True)
        (where / "generation").write_text(generation, encoding="utf-8")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, path)


def prune() -> None:
    """Remove the folders of generations that no longer exist."""
    with contextlib.suppress(OSError):
        for sub in PAGES.iterdir():
            with contextlib.suppress(OSError):
                generation = (sub / "generation").read_text(encoding="utf-8")
                if not Path(generation).is_dir():
                    shutil.rmtree(sub, ignore_errors=True)
