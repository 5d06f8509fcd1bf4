"""Pools of query worker processes, with a hard time limit per request.

pyoxigraph cannot cancel a query, so each request runs in a child process
(:mod:`kg.serve.worker`).  When the time limit passes, that process is
killed (its CPU is freed at once), a fresh one is started in the background
and the caller gets :class:`TimeLimitError`: an error answer, never a
truncated one.

The limit counts from the moment a worker takes the request: time spent
waiting in the queue does not count against it (a wait longer than
``max_wait`` is :class:`BusyError`).  Waiting requests are served fairly:
the next idle worker goes to the waiting client with the fewest requests in
flight, and no client may hold more than ``per_client`` workers, so one
client cannot hold them all.  A worker is recycled (closed and replaced)
after ``max_calls`` requests or once its memory passes ``max_rss`` bytes.
Every worker death is logged with its cause; with ``trace`` (``kg serve
--log-requests``) each request's worker is printed as it takes it.

Two more guards keep a lane responsive when requests of unknown cost arrive
together (the light lane, see :meth:`kg.serve.app.App._call`):

* a *probe* (``call(probe=True)``: a request whose cost is not known yet)
  is only given a worker while at least ``reserve`` other workers are not
  running probes, so a burst of distinct runaways can never take the whole
  lane; probes wait their turn instead (queue time does not count);
* ``spares`` warm workers wait beside the pool: a worker killed at the time
  limit is replaced by a spare at once (a fresh process needs 0.4-2 s to
  start and open the store), and a new spare starts in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import struct
import sys
from collections import Counter
from typing import Any

from kg.serve.replies import Failure, Reply

log = logging.getLogger("kg.serve")
_HEADER = struct.Struct("!I")
_STREAM_LIMIT = 1 << 20
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
DEFAULT_MAX_CALLS = 10_000
DEFAULT_MAX_RSS = 1024 * 1024 * 1024


class BusyError(Exception):
    """No worker became free within the longest queue wait (or the queue is full)."""


class TimeLimitError(Exception):
    """The request ran past the time limit; its worker was killed."""


class WorkerCrashedError(Exception):
    """The worker died while answering (out of memory, a crash in the store)."""


def _cause(returncode: int | None) -> str:
    """Why a worker process ended, in words."""
    if returncode is None:
        return "still running"
    if returncode < 0:
        name = signal.Signals(-returncode).name if -returncode in signal.valid_signals() else "?"
        hint = {
            "SIGSEGV": " (a crash in the engine, e.g. a stack overflow)",
            "SIGKILL": " (killed from outside, e.g. by the out-of-memory killer)",
            "SIGABRT": " (the engine aborted)",
        }.get(name, "")
        return f"killed by signal {-returncode} {name}{hint}"
    return f"exited with code {returncode}"


def _summary(request: dict[str, Any]) -> str:
    text = request.get("query") or request.get("update") or request.get("path") or ""
    text = " ".join(str(text).split())
    return f"{request.get('op')} {text[:120]!r}" if text else str(request.get("op"))


class Worker:
    """One child process and its pipes."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.pid = proc.pid
        self.calls = 0

    @classmethod
    async def start(cls, network: bool = True, nice: int = 0) -> Worker:
        flags = [*(() if network else ("--no-network",)), *((f"--nice={nice}",) if nice else ())]
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kg.serve.worker",
            *flags,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=_STREAM_LIMIT,
        )
        return cls(proc)

    async def call(self, request: dict[str, Any]) -> Reply | Failure:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.calls += 1
        data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(_HEADER.pack(len(data)) + data)
        try:
            await self.proc.stdin.drain()
            (size,) = _HEADER.unpack(await self.proc.stdout.readexactly(_HEADER.size))
            answer = pickle.loads(await self.proc.stdout.readexactly(size))
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.proc.wait(), 2)
            raise WorkerCrashedError(f"worker {self.pid} {_cause(self.proc.returncode)}") from exc
        assert isinstance(answer, Reply | Failure)
        return answer

    def rss(self) -> int:
        """Resident memory in bytes (0 when it cannot be read)."""
        try:
            with open(f"/proc/{self.pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    async def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        await self.proc.wait()

    async def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            await asyncio.wait_for(self.proc.wait(), 2)
        except TimeoutError:
            await self.kill()


class Pool:
    """``size`` workers; :meth:`call` runs a request on one within ``timeout`` s of work."""

    def __init__(
        self,
        size: int,
        timeout: float,
        warmup: dict[str, Any] | None = None,
        network: bool = True,
        *,
        name: str = "query",
        nice: int = 0,
        per_client: int | None = None,
        max_wait: float | None = None,
        max_queue: int = 512,
        max_calls: int = DEFAULT_MAX_CALLS,
        max_rss: int = DEFAULT_MAX_RSS,
        trace: bool = False,
        reserve: int = 0,
        spares: int = 0,
    ) -> None:
        self.size, self.timeout, self.warmup, self.network = size, timeout, warmup, network
        self.name, self.nice = name, nice
        self.per_client = per_client or max(1, size - 1)
        self.max_wait = max_wait if max_wait is not None else max(30.0, 3 * timeout)
        self.max_queue, self.max_calls, self.max_rss = max_queue, max_calls, max_rss
        self.trace = trace  # print which worker takes each request (``--log-requests``)
        self.reserve = max(0, min(reserve, size - 1))  # workers probes may never all take
        self.spares = max(0, spares)
        self.workers: set[Worker] = set()  # the pool's own workers, busy or idle
        self._idle: list[Worker] = []
        self._spare: list[Worker] = []  # started and warmed, not in ``workers`` yet
        self._probing: set[Worker] = set()  # workers running a probe
        self._waiting: list[tuple[str, bool, asyncio.Future[Worker]]] = []
        self._busy: Counter[str] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()
        self.recycled = self.crashed = self.killed = 0

    async def start(self) -> None:
        await asyncio.gather(*(self._add() for _ in range(self.size + self.spares)))

    async def _add(self) -> None:
        """Start a worker, warm it up, then give it to the pool (or keep it as a spare)."""
        worker = await Worker.start(self.network, self.nice)
        if self.warmup is not None:  # open the store before the first request
            try:
                await worker.call(self.warmup)
            except WorkerCrashedError as exc:
                log.error("%s worker failed to start: %s", self.name, exc)
        if len(self.workers) >= self.size:
            if len(self._spare) < self.spares:
                self._spare.append(worker)
            else:  # not needed after all
                await worker.close()
            return
        self.workers.add(worker)
        self._idle.append(worker)
        self._dispatch()

    # ------------------------------------------------------------------ scheduling

    def _may_probe(self) -> bool:
        """Would ``reserve`` workers still run no probe once one more probe starts?"""
        return len(self.workers) - len(self._probing) - 1 >= self.reserve

    def _dispatch(self) -> None:
        """Hand idle workers to waiting clients: fewest in flight first, then first come.

        A probe waits while taking a worker would leave fewer than ``reserve``
        workers free of probes; the requests behind it go first.
        """
        self._waiting = [(c, p, f) for c, p, f in self._waiting if not f.done()]
        while self._idle and self._waiting:
            may_probe = self._may_probe()
            eligible = [
                (self._busy[c], n)
                for n, (c, probe, _) in enumerate(self._waiting)
                if self._busy[c] < self.per_client and (may_probe or not probe)
            ]
            if not eligible:
                return
            _, n = min(eligible)
            client, probe, fut = self._waiting.pop(n)
            self._busy[client] += 1
            worker = self._idle.pop()
            if probe:
                self._probing.add(worker)
            fut.set_result(worker)

    async def _acquire(self, client: str, probe: bool = False) -> Worker:
        if len(self._waiting) >= self.max_queue:
            raise BusyError(f"the {self.name} queue is full")
        fut: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
        self._waiting.append((client, probe, fut))
        self._dispatch()
        try:
            return await asyncio.wait_for(asyncio.shield(fut), self.max_wait)
        except TimeoutError:
            if fut.done() and not fut.cancelled():
                return fut.result()  # it came just as the wait ended
            fut.cancel()
            raise BusyError(f"no {self.name} worker became free in {self.max_wait:g} s") from None
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self._release(fut.result(), client)
            fut.cancel()
            raise

    def _release(self, worker: Worker, client: str, healthy: bool = True) -> None:
        self._probing.discard(worker)
        self._busy[client] -= 1
        if self._busy[client] <= 0:
            del self._busy[client]
        if healthy and worker in self.workers:
            if worker.calls >= self.max_calls or worker.rss() > self.max_rss:
                self.recycled += 1
                log.warning(
                    "%s worker %s recycled after %d requests (%.0f MB resident)",
                    self.name,
                    worker.pid,
                    worker.calls,
                    worker.rss() / 2**20,
                )
                self._retire(worker, kill=False)
            else:
                self._idle.append(worker)
        self._dispatch()

    def _retire(self, worker: Worker, *, kill: bool) -> None:
        """Take ``worker`` out of the pool (killed now, or closed) and start its successor.

        A warm spare, if there is one, takes its place at once; the successor
        then becomes the new spare.
        """
        self.workers.discard(worker)
        self._probing.discard(worker)
        if self._spare and len(self.workers) < self.size:
            spare = self._spare.pop(0)
            self.workers.add(spare)
            self._idle.append(spare)
        if kill:
            with contextlib.suppress(ProcessLookupError):
                worker.proc.kill()

        async def replace() -> None:
            if kill:
                await worker.proc.wait()
            else:
                await worker.close()
            await self._add()

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------------ requests

    async def call(
        self,
        request: dict[str, Any],
        *,
        client: str = "",
        timeout: float | None = None,
        probe: bool = False,
    ) -> Reply | Failure:
        """Run ``request`` on a worker; raise BusyError, TimeLimitError or WorkerCrashedError.

        ``timeout`` (default: the pool's) counts from the moment a worker takes
        it.  ``probe``: the request's cost is unknown (see the module's notes).
        """
        worker = await self._acquire(client, probe)
        limit = self.timeout if timeout is None else timeout
        if self.trace:
            print(
                f"kg serve: {self.name} worker {worker.pid} took {_summary(request)}",
                file=sys.stderr,
                flush=True,
            )
        try:
            async with asyncio.timeout(limit):
                answer = await worker.call(request)
        except TimeoutError:
            self.killed += 1
            log.info("%s time limit (%g s): killed worker %s", self.name, limit, worker.pid)
            self._retire(worker, kill=True)
            self._release(worker, client, healthy=False)
            raise TimeLimitError from None
        except WorkerCrashedError as exc:
            self.crashed += 1
            log.error("%s while answering %s", exc, _summary(request))
            self._retire(worker, kill=True)
            self._release(worker, client, healthy=False)
            raise
        except BaseException:  # cancelled mid-call: the pipe is out of step, start afresh
            self._retire(worker, kill=True)
            self._release(worker, client, healthy=False)
            raise
        self._release(worker, client)
        return answer

    def pids(self) -> list[int]:
        """The processes of the pool's workers (spares not included)."""
        return [w.pid for w in self.workers]

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        everyone = [*self.workers, *self._spare]
        await asyncio.gather(*(w.close() for w in everyone), return_exceptions=True)
        self.workers.clear()
        self._spare.clear()
