"""The pipe between the HTTP process and one query worker process.

Both directions carry *frames*: a 4-byte big-endian length, then that many
bytes of a pickled object (a request dict one way, a
:class:`~kg.serve.replies.Reply` or :class:`~kg.serve.replies.Failure` the
other).  Several requests may be written at once (a *batch*, one write):
the worker answers them in order, each answer written as soon as it is
ready, so the parent always knows which one is running.

The parent side is an :class:`asyncio.SubprocessProtocol`, not a stream
reader: a complete answer frame is decoded in the callback that received
its bytes, and the worker's ``listener`` is called there and then, so the
pool can hand the worker its next request without waiting for a task to be
scheduled (at 16 clients the event loop has many ready tasks, and a worker
idling until its turn came was the largest cost of a quick query).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable
from typing import Any, cast

from kg.serve.replies import Failure, Reply

HEADER = struct.Struct("!I")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_CLOSED_GRACE = 2.0  # seconds to wait for the exit status of a worker that closed its pipe
Answer = Reply | Failure


class WorkerCrashedError(Exception):
    """The worker died while answering (out of memory, a crash in the store)."""


def frame(obj: Any) -> bytes:
    """``obj`` as one frame (length prefix and pickle).

    >>> frame({"op": "ping"})[:4] == HEADER.pack(len(frame({"op": "ping"})) - 4)
    True
    """
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


class Frames:
    """Reassembles frames from the chunks a pipe delivers (any split, several per chunk).

    >>> frames = Frames()
    >>> data = frame("a") + frame("b")
    >>> frames.feed(data[:3]), frames.feed(data[3:])
    ([], ['a', 'b'])
    """

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[Any]:
        buf = self._buf
        if not buf and len(data) >= HEADER.size:  # the usual case: whole frames in one chunk
            (size,) = HEADER.unpack_from(data)
            if len(data) == HEADER.size + size:
                return [pickle.loads(memoryview(data)[HEADER.size :])]
        buf += data
        found = []
        while len(buf) >= HEADER.size:
            (size,) = HEADER.unpack_from(buf)
            end = HEADER.size + size
            if len(buf) < end:
                break
            with memoryview(buf) as view:
                found.append(pickle.loads(view[HEADER.size : end]))
            del buf[:end]
        return found

    def __len__(self) -> int:
        """Bytes of an incomplete frame held."""
        return len(self._buf)


def cause(returncode: int | None) -> str:
    """Why a worker process ended, in words.

    >>> cause(-9)
    'killed by signal 9 SIGKILL (killed from outside, e.g. by the out-of-memory killer)'
    """
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


Listener = Callable[["Worker", "Answer | WorkerCrashedError"], None]


class _Protocol(asyncio.SubprocessProtocol):
    def __init__(self) -> None:
        self.worker: Worker | None = None
        self.frames = Frames()
        self.exited = asyncio.get_running_loop().create_future()

    def pipe_data_received(self, fd: int, data: bytes) -> None:
        if fd != 1 or self.worker is None:
            return
        for answer in self.frames.feed(data):
            self.worker._answered(answer)

    def pipe_connection_lost(self, fd: int, exc: Exception | None) -> None:
        if fd == 1 and self.worker is not None:  # no more answers: it is dying or dead
            loop = asyncio.get_running_loop()
            loop.call_later(_CLOSED_GRACE, self.worker._lost)

    def process_exited(self) -> None:
        if not self.exited.done():
            self.exited.set_result(None)
        if self.worker is not None:
            self.worker._lost()


class Worker:
    """One child process (``python -m kg.serve.worker``) and its pipes.

    :meth:`send` writes request frames; each answer (or one
    :class:`WorkerCrashedError` if the process dies first) goes to
    ``listener``, called from the callback that read it.
    """

    def __init__(self, transport: asyncio.SubprocessTransport, protocol: _Protocol) -> None:
        self.transport, self._protocol = transport, protocol
        self.pid = transport.get_pid()
        # (uvloop's pipe transports do not subclass asyncio's, hence the cast)
        self._stdin = cast(asyncio.WriteTransport, transport.get_pipe_transport(0))
        self.calls = 0
        self.outstanding = 0  # requests sent and not answered yet
        self.listener: Listener | None = None
        protocol.worker = self

    @classmethod
    async def start(cls, network: bool = True, nice: int = 0) -> Worker:
        flags = [*(() if network else ("--no-network",)), *((f"--nice={nice}",) if nice else ())]
        loop = asyncio.get_running_loop()
        transport, protocol = await loop.subprocess_exec(
            _Protocol,
            sys.executable,
            "-m",
            "kg.serve.worker",
            *flags,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=None,
        )
        return cls(transport, protocol)

    @property
    def returncode(self) -> int | None:
        return self.transport.get_returncode()

    def send(self, data: bytes, count: int = 1) -> None:
        """Write ``count`` request frames (see :func:`frame`); answers go to ``listener``."""
        self.outstanding += count
        self.calls += count
        self._stdin.write(data)

    def _answered(self, answer: Any) -> None:
        if not self.outstanding:
            return  # an answer nobody waits for (the worker was given up on)
        self.outstanding -= 1
        if self.listener is not None:
            if not isinstance(answer, Reply | Failure):
                answer = WorkerCrashedError(f"worker {self.pid} sent {type(answer).__name__}")
            self.listener(self, answer)

    def _lost(self) -> None:
        if self.outstanding:
            self.outstanding = 0
            if self.listener is not None:
                error = WorkerCrashedError(f"worker {self.pid} {cause(self.returncode)}")
                self.listener(self, error)

    async def call(self, request: dict[str, Any]) -> Answer:
        """Send ``request`` and wait for its answer (no time limit: the pool keeps that)."""
        answered: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()

        def listen(_: Worker, answer: Answer | WorkerCrashedError) -> None:
            if answered.done():
                return
            if isinstance(answer, WorkerCrashedError):
                answered.set_exception(answer)
            else:
                answered.set_result(answer)

        previous, self.listener = self.listener, listen
        try:
            self.send(frame(request))
            return await answered
        finally:
            self.listener = previous

    def rss(self) -> int:
        """Resident memory in bytes (0 when it cannot be read)."""
        try:
            with open(f"/proc/{self.pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        """Kill the process now (its answer, if one comes, goes nowhere)."""
        self.listener = None
        self.outstanding = 0
        with contextlib.suppress(ProcessLookupError):
            self.transport.kill()

    async def wait(self) -> None:
        await self._protocol.exited

    async def close(self) -> None:
        """Close its stdin (it exits when done), or kill it if it is still there after 2 s."""
        self.listener = None
        self._stdin.close()
        try:
            await asyncio.wait_for(asyncio.shield(self._protocol.exited), 2)
        except TimeoutError:
            self.kill()
            await self.wait()
        self.transport.close()
