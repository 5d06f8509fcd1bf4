"""Stage ``store``: the persistent Oxigraph store, swapped in atomically.

Layout: ``--store DIR`` is a symbolic link to a *generation* folder beside it
(``DIR.gen-<stamp>``).  A build writes a brand-new generation, and only when
loading and validation succeeded is the link replaced with
:func:`os.replace` (atomic on POSIX).  A failed or interrupted build leaves
the link, and so the store being served, untouched; its half-built
generation is removed.  The previous generation is kept one build longer so
that a server which still has it open keeps answering.

Readers open generations read-only (:func:`open_read_only`); nothing ever
writes into a generation that a link points to.  One build at a time per
store: :func:`build_lock` (a ``flock`` on ``.DIR.lock`` beside the link) makes
a second one fail at once with "another build is running (pid N)".
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from kg.errors import StoreError

_GEN = ".gen-"
_HELD: dict[Path, int] = {}  # lock files this process holds, with their depth


@contextlib.contextmanager
def build_lock(store_dir: Path) -> Iterator[None]:
    """Hold the build lock of ``store_dir`` (re-entrant within a process).

    Raises :class:`StoreError` ("another build is running (pid N)") when
    another process holds it; the lock goes with the process, so a killed
    build never leaves it behind.
    """
    path = store_dir.parent.resolve() / f".{store_dir.name}.lock"
    if path in _HELD:
        _HELD[path] += 1
        try:
            yield
        finally:
            _HELD[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise StoreError(
                f"{store_dir}: another build is running (pid {holder}); "
                "wait for it to finish or stop it"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _HELD[path] = 1
        try:
            yield
        finally:
            del _HELD[path]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def generation_of(store_dir: Path) -> Path:
    """The generation folder the store link points to.

    Raises :class:`StoreError` when no store was built at ``store_dir``.
    """
    if store_dir.is_symlink():
        target = store_dir.parent / os.readlink(store_dir)
        if target.is_dir():
            return target
    elif store_dir.is_dir() and any(store_dir.iterdir()):
        return store_dir  # a plain store folder (e.g. made by `oxigraph load`)
    raise StoreError(f"{store_dir}: no store here; run `kg build` first")


def open_read_only(store_dir: Path) -> ox.Store:
    """Open the current generation read-only (safe beside a running build)."""
    gen = generation_of(store_dir)
    try:
        return ox.Store.read_only(str(gen))
    except OSError as exc:
        raise StoreError(f"{gen}: cannot open the store: {exc}") from exc


def exists(store_dir: Path) -> bool:
    try:
        generation_of(store_dir)
    except StoreError:
        return False
    return True


@contextlib.contextmanager
def new_generation(store_dir: Path, *, from_current: bool = False) -> Iterator[ox.Store]:
    """Yield an empty store in a fresh generation; publish it if the block succeeds.

    With ``from_current``, the new generation starts as a copy of the current
    one (a RocksDB checkpoint: hard links, so cheap), for a build that only
    replaces a few graphs.  If the block raises (or the process is
    interrupted), the link is not touched and the partial generation is deleted.
    """
    with build_lock(store_dir):
        yield from _new_generation(store_dir, from_current)


def _new_generation(store_dir: Path, from_current: bool) -> Iterator[ox.Store]:
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    if store_dir.exists() and not store_dir.is_symlink():
        _adopt_plain_folder(store_dir)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    gen = Path(tempfile.mkdtemp(prefix=f"{store_dir.name}{_GEN}{stamp}-", dir=store_dir.parent))
    if from_current:
        gen.rmdir()  # the checkpoint creates it
        try:
            open_read_only(store_dir).backup(str(gen))
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
    store = ox.Store(str(gen))
    try:
        yield store
        store.flush()
        if not from_current:
            store.optimize()
    except BaseException:
        del store
        shutil.rmtree(gen, ignore_errors=True)
        raise
    del store
    _publish(store_dir, gen)


def _adopt_plain_folder(store_dir: Path) -> None:
    """Turn a plain store folder into a generation so the link can replace it."""
    gen = store_dir.parent / f"{store_dir.name}{_GEN}adopted-{os.getpid()}"
    store_dir.rename(gen)
    os.symlink(gen.name, store_dir)


def _publish(store_dir: Path, gen: Path) -> None:
    previous = store_dir.parent / os.readlink(store_dir) if store_dir.is_symlink() else None
    tmp_link = store_dir.parent / f".{store_dir.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp_link.unlink()
    os.symlink(gen.name, tmp_link)
    os.replace(tmp_link, store_dir)
    _prune(store_dir, keep={gen, previous} - {None})


def _prune(store_dir: Path, keep: set[Path | None]) -> None:
    """Delete generations other than the current and the previous one."""
    for old in store_dir.parent.glob(f"{store_dir.name}{_GEN}*"):
        if old not in keep:
            shutil.rmtree(old, ignore_errors=True)


def build(store_dir: Path, fill: Callable[[ox.Store], None], *, from_current: bool = False) -> Path:
    """Fill a new generation with ``fill(store)`` and swap it in; return it."""
    with new_generation(store_dir, from_current=from_current) as store:
        fill(store)
    return generation_of(store_dir)


#: Bytes of N-Quads per ``bulk_load`` call: Oxigraph's bulk loader holds a call's
#: data in memory (one call for 1.5 GB peaked at 1.9 GB RSS, 64 MB calls at 0.3 GB)
#: while many tiny calls are slow (one call per 30 KB file: 3x slower).
BULK_LOAD_CHUNK = 64 * 2**20


def bulk_load_files(store: ox.Store, paths: Iterable[Path], chunk: int = BULK_LOAD_CHUNK) -> None:
    """Bulk-load N-Quads files, concatenated into streams of about ``chunk`` bytes."""
    group: list[Path] = []
    size = 0
    for path in paths:
        group.append(path)
        size += path.stat().st_size
        if size >= chunk:
            _bulk_load(store, group)
            group, size = [], 0
    if group:
        _bulk_load(store, group)


#: Bytes of N-Quads a :class:`Loader` gathers before it loads them (one ``bulk_load`` call).
LOADER_BATCH = 16 * 2**20


@contextlib.contextmanager
def loading(st: ox.Store, batch: int | None = None) -> Iterator[Loader]:
    """A :class:`Loader` into ``st`` (batches of ``batch`` bytes, by default
    :data:`LOADER_BATCH`): everything added is loaded when the block ends.

    If the block raises, the files still waiting are dropped and the loader's thread is
    stopped (after the batch it is loading) before the exception goes on.  Raises what a
    load raised.

    >>> st = ox.Store()
    >>> with loading(st) as loader:
    ...     pass
    >>> len(st)
    0
    """
    loader = Loader(st, LOADER_BATCH if batch is None else batch)
    try:
        yield loader
    except BaseException:
        loader.abandon()
        raise
    loader.close()


class Loader:
    """Bulk-loads N-Quads files in a thread of its own while the caller produces more.

    Files are gathered into batches of about ``batch`` bytes, each loaded with
    :func:`bulk_load_files` (pyoxigraph releases the GIL while it loads).  A load's error
    is raised by the next :meth:`add` or by :meth:`close`.
    """

    def __init__(self, st: ox.Store, batch: int = LOADER_BATCH) -> None:
        self._store, self._batch = st, batch
        self._waiting: list[Path] = []
        self._size = 0
        self._batches: queue.SimpleQueue[list[Path] | None] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kg-store-loader", daemon=True)
        self._thread.start()

    def add(self, path: Path) -> None:
        """Queue one file (returns at once)."""
        self._raise()
        self._waiting.append(path)
        self._size += path.stat().st_size
        if self._size >= self._batch:
            self._batches.put(self._waiting)
            self._waiting, self._size = [], 0

    def close(self) -> None:
        """Load what is left and wait for every load to end; raise a load's error."""
        if self._waiting:
            self._batches.put(self._waiting)
            self._waiting, self._size = [], 0
        self._batches.put(None)
        self._thread.join()
        self._raise()

    def abandon(self) -> None:
        """Drop what is waiting, let the batch being loaded end, stop the thread."""
        self._stopped.set()
        self._waiting = []
        self._batches.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (paths := self._batches.get()) is not None:
            if self._error is None and not self._stopped.is_set():
                try:
                    bulk_load_files(self._store, paths)
                except BaseException as exc:  # handed to the caller's thread by _raise
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


def _bulk_load(store: ox.Store, paths: list[Path]) -> None:
    stream = _Concatenation(paths)
    try:
        # pyoxigraph only calls .read(); its stub names the nominal typing.IO
        store.bulk_load(cast(BinaryIO, stream), format=ox.RdfFormat.N_QUADS)
    finally:
        stream.close()


class _Concatenation:
    """A binary reader over several files, one after the other, a newline between two."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self._paths = iter(paths)
        self._file: BinaryIO | None = None

    def read(self, size: int = -1) -> bytes:
        while True:
            if self._file is None:
                path = next(self._paths, None)
                if path is None:
                    return b""
                self._file = open(path, "rb")  # noqa: SIM115 (closed at its end)
                return b"\n"
            chunk = self._file.read(size if size and size > 0 else -1)
            if chunk:
                return chunk
            self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
