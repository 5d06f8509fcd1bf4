"""A pool of query worker processes, with a hard time limit per request.

pyoxigraph cannot cancel a query, so each request runs in a child process
(:mod:`kg.serve.worker`).  When the time limit passes, that process is
killed (its CPU is freed at once), a fresh one is started in the background
and the caller gets :class:`TimeLimitError`: an error answer, never a
truncated one.  Requests wait for an idle worker; the wait counts towards
the same time limit (:class:`BusyError` when it alone uses it up).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pickle
import struct
import sys
from typing import Any

from kg.serve.replies import Failure, Reply

log = logging.getLogger("kg.serve")
_HEADER = struct.Struct("!I")
_STREAM_LIMIT = 1 << 20


class BusyError(Exception):
    """Every worker stayed busy for the whole time limit."""


class TimeLimitError(Exception):
    """The request ran past the time limit; its worker was killed."""


class WorkerCrashedError(Exception):
    """The worker died while answering (out of memory, a crash in the store)."""


class Worker:
    """One child process and its pipes."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.pid = proc.pid

    @classmethod
    async def start(cls, network: bool = True) -> Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kg.serve.worker",
            *(() if network else ("--no-network",)),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=_STREAM_LIMIT,
        )
        return cls(proc)

    async def call(self, request: dict[str, Any]) -> Reply | Failure:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(_HEADER.pack(len(data)) + data)
        try:
            await self.proc.stdin.drain()
            (size,) = _HEADER.unpack(await self.proc.stdout.readexactly(_HEADER.size))
            answer = pickle.loads(await self.proc.stdout.readexactly(size))
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise WorkerCrashedError(f"worker {self.pid} exited") from exc
        assert isinstance(answer, Reply | Failure)
        return answer

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
    """``size`` workers; :meth:`call` runs a request on an idle one within ``timeout`` s."""

    def __init__(
        self,
        size: int,
        timeout: float,
        warmup: dict[str, Any] | None = None,
        network: bool = True,
    ) -> None:
        self.size, self.timeout, self.warmup, self.network = size, timeout, warmup, network
        self.workers: set[Worker] = set()
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        await asyncio.gather(*(self._add() for _ in range(self.size)))

    async def _add(self) -> None:
        worker = await Worker.start(self.network)
        self.workers.add(worker)
        if self.warmup is not None:  # open the store before the first request
            with contextlib.suppress(WorkerCrashedError):
                await worker.call(self.warmup)
        self._idle.put_nowait(worker)

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` now and start its successor in the background."""
        self.workers.discard(worker)
        with contextlib.suppress(ProcessLookupError):
            worker.proc.kill()

        async def replace() -> None:
            await worker.proc.wait()
            await self._add()

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def call(self, request: dict[str, Any]) -> Reply | Failure:
        """Run ``request`` on a worker; raise BusyError, TimeLimitError or WorkerCrashedError."""
        deadline = asyncio.get_running_loop().time() + self.timeout
        try:
            worker = self._idle.get_nowait()
        except asyncio.QueueEmpty:
            try:
                async with asyncio.timeout_at(deadline):
                    worker = await self._idle.get()
            except TimeoutError:
                raise BusyError from None
        try:
            async with asyncio.timeout_at(deadline):
                answer = await worker.call(request)
        except TimeoutError:
            log.warning("time limit: killed worker %s", worker.pid)
            self._replace(worker)
            raise TimeLimitError from None
        except WorkerCrashedError:
            self._replace(worker)
            raise
        except BaseException:  # cancelled mid-call: the pipe is out of step, start afresh
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        return answer

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*(w.close() for w in list(self.workers)), return_exceptions=True)
        self.workers.clear()
