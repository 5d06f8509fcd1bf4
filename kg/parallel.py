"""Run one function over many items, in worker processes that each load their state once.

:func:`imap` is a thin layer over :class:`~concurrent.futures.ProcessPoolExecutor`:
the ``initializer`` runs once per worker (load the gazetteer, shapes,
ontology), so tasks carry only their own small arguments and return small
results (file paths and counts, never graphs).  With ``jobs <= 1`` or a
single item everything runs in this process, which is easier to debug and
to profile.  The first failure cancels the tasks not yet started and is
raised in this process.

>>> list(imap(abs, [-1, -2], jobs=1))
[1, 2]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Tasks kept in flight per worker: enough to keep workers busy, few enough to bound memory.
_AHEAD = 4


def imap(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 1,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``fn(item)`` for every item, results in completion order (in order when ``jobs <= 1``).

    Raises whatever ``fn`` or ``initializer`` raised, after stopping the workers.
    """
    todo = list(items)
    if jobs <= 1 or len(todo) <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, todo)
        return
    workers = min(jobs, len(todo))
    with ProcessPoolExecutor(workers, initializer=initializer, initargs=initargs) as pool:
        pending: set[Future[R]] = set()
        queue = iter(todo)
        try:
            while True:
                for item in queue:
                    pending.add(pool.submit(fn, item))
                    if len(pending) >= workers * _AHEAD:
                        break
                if not pending:
                    return
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in done:
                    yield future.result()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
