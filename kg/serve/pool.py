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
client cannot hold them all with slow requests (requests known to be
quick, see ``key`` in :meth:`Pool.call`, may take any idle worker: they
free it within milliseconds, and the next one goes to the others first).  A worker is recycled (closed and replaced)
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

A request is framed once (:mod:`kg.serve.pipe`) when it arrives, and
written to its worker by whoever frees one: when an answer comes in, the
callback that read it releases that worker and writes the next waiting
request at once, before the answer's own caller runs.  Time limits and
queue waits are timers of the pool, not of the callers, so a caller that
goes away cannot leave a runaway behind.

With ``batch`` > 1, the last idle worker takes up to ``batch`` waiting
requests known to be quick in one write (one wake-up of the worker for all
of them; see :meth:`Pool._batchable`).  A probe always runs alone.  Each request of a batch gets its
whole time limit from the moment the one before it is answered; when one
overruns, its worker is killed and the requests behind it go back to the
head of the queue (they are read-only: running one again is harmless).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import Counter, deque
from typing import Any

from kg.serve.jobs import BusyError, Job, TimeLimitError, summary
from kg.serve.pipe import Answer, Worker, WorkerCrashedError
from kg.serve.replies import Failure, Reply

__all__ = ["BusyError", "Pool", "TimeLimitError", "WorkerCrashedError"]

log = logging.getLogger("kg.serve")
DEFAULT_MAX_CALLS = 10_000
DEFAULT_MAX_RSS = 1024 * 1024 * 1024
_RSS_EVERY = 16  # a worker's memory is looked at every 16th request…
_RSS_SLOW = 0.02  # …and after any request of more than 20 ms (memory grows with work)
_QUICK = 0.01  # seconds: a request whose key last ran faster may be batched
_QUICK_KEYS = 4096  # keys remembered as quick


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
        batch: int = 1,
    ) -> None:
        self.size, self.timeout, self.warmup, self.network = size, timeout, warmup, network
        self.name, self.nice = name, nice
        self.per_client = per_client or max(1, size - 1)
        self.max_wait = max_wait if max_wait is not None else max(30.0, 3 * timeout)
        self.max_queue, self.max_calls, self.max_rss = max_queue, max_calls, max_rss
        self.trace = trace  # print which worker takes each request (``--log-requests``)
        self.reserve = max(0, min(reserve, size - 1))  # workers probes may never all take
        self.spares = max(0, spares)
        self.batch = max(1, batch)  # requests sent to a worker at once, at most
        self.workers: set[Worker] = set()  # the pool's own workers, busy or idle
        self._idle: list[Worker] = []
        self._spare: list[Worker] = []  # started and warmed, not in ``workers`` yet
        self._probing: set[Worker] = set()  # workers running a probe
        self._waiting: list[Job] = []
        self._running: dict[Worker, deque[Job]] = {}  # each worker's batch, running first
        self._busy: Counter[str] = Counter()
        self._quick: dict[str, None] = {}  # batch keys that last ran within _QUICK, oldest first
        self._tasks: set[asyncio.Task[None]] = set()
        self.recycled = self.crashed = self.killed = 0
        self.batched = 0  # requests sent behind another one, in a batch

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
        worker.listener = self._answered
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
        while self._idle and self._waiting:
            may_probe = self._may_probe()
            eligible = [
                (self._busy[job.client], n)
                for n, job in enumerate(self._waiting)
                if (self._busy[job.client] < self.per_client or self._is_quick(job))
                and (may_probe or not job.probe)
            ]
            if not eligible:
                return
            _, n = min(eligible)
            first = self._waiting.pop(n)
            worker = self._idle.pop()
            self._run(worker, [first, *self._batchable(first)])

    def _batchable(self, first: Job) -> list[Job]:
        """Waiting requests to send with ``first`` to the last idle worker: the quick ones.

        Only requests known to be quick (their key last ran within 10 ms, and
        not probes) are batched, so a batch keeps no one waiting long; while
        another worker is idle, nothing is (the requests spread instead).
        """
        if self.batch <= 1 or self._idle or not self._is_quick(first):
            return []
        taken = [job for job in self._waiting if self._is_quick(job)][: self.batch - 1]
        if taken:
            self._waiting = [job for job in self._waiting if job not in taken]
        return taken

    def _is_quick(self, job: Job) -> bool:
        return not job.probe and job.key is not None and job.key in self._quick

    def _timed(self, job: Job, took: float) -> None:
        """Remember whether ``job``'s key ran quickly (the most recent last)."""
        if job.key is None:
            return
        self._quick.pop(job.key, None)
        if took < _QUICK:
            self._quick[job.key] = None
            if len(self._quick) > _QUICK_KEYS:
                self._quick.pop(next(iter(self._quick)))

    def _run(self, worker: Worker, batch: list[Job]) -> None:
        """Send ``batch`` to ``worker`` in one write; the first one's time limit counts from now."""
        for client in {job.client for job in batch}:
            self._busy[client] += 1
        if batch[0].probe:
            self._probing.add(worker)
        for job in batch:
            if job.timer is not None:  # its queue wait is over
                job.timer.cancel()
                job.timer = None
            if self.trace:
                print(
                    f"kg serve: {self.name} worker {worker.pid} took {summary(job.request)}",
                    file=sys.stderr,
                    flush=True,
                )
        self._running[worker] = deque(batch)
        self.batched += len(batch) - 1
        self._start(worker, batch[0])
        worker.send(b"".join(job.data for job in batch), len(batch))

    def _start(self, worker: Worker, job: Job) -> None:
        loop = asyncio.get_running_loop()
        job.started = loop.time()
        job.timer = loop.call_at(job.started + job.limit, self._overran, worker, job)

    def _answered(self, worker: Worker, answer: Answer | WorkerCrashedError) -> None:
        """A worker's answer (or its death) came in: free the worker, then tell the caller."""
        batch = self._running.get(worker)
        if not batch:
            return
        job = batch[0]
        if isinstance(answer, WorkerCrashedError):
            self.crashed += 1
            log.error("%s while answering %s", answer, summary(job.request))
            self._fail(worker, job, answer)
            return
        batch.popleft()
        took = asyncio.get_running_loop().time() - job.started
        self._timed(job, took)
        if job.client not in {other.client for other in batch}:
            self._unbusy(job.client)
        if batch:  # the next one of the batch starts now
            self._start(worker, batch[0])
        else:
            del self._running[worker]
            self._free(worker, look=took > _RSS_SLOW or worker.calls % _RSS_EVERY == 0)
        job.settle(answer)

    def _overran(self, worker: Worker, job: Job) -> None:
        job.timer = None
        batch = self._running.get(worker)
        if not batch or batch[0] is not job:
            return
        self.killed += 1
        self._timed(job, job.limit)
        log.info("%s time limit (%g s): killed worker %s", self.name, job.limit, worker.pid)
        self._fail(worker, job, TimeLimitError())

    def _fail(self, worker: Worker, job: Job, outcome: Exception | None) -> None:
        """``job`` failed on ``worker``, or its caller left: kill the worker, start its successor.

        The requests batched behind ``job`` never started (or their answers
        are lost with the worker): they go back to the front of the queue.
        """
        batch = self._running.pop(worker, deque())
        rest = [other for other in batch if other is not job and not other.answer.done()]
        self._retire(worker, kill=True)
        for client in {job.client, *(other.client for other in batch)}:
            self._unbusy(client)
        loop = asyncio.get_running_loop()
        for other in rest:
            other.timer = loop.call_later(self.max_wait, self._waited, other)
        self._waiting[:0] = rest
        self._dispatch()
        job.settle(outcome)

    def _waited(self, job: Job) -> None:
        job.timer = None
        if job in self._waiting:
            self._waiting.remove(job)
            job.settle(BusyError(f"no {self.name} worker became free in {self.max_wait:g} s"))

    def _abandon(self, job: Job) -> None:
        """The caller went away: drop its request, or kill the worker running it.

        (A request further back in a batch is left to run; its answer is dropped.)
        """
        if job in self._waiting:
            self._waiting.remove(job)
        for worker, batch in list(self._running.items()):
            if batch and batch[0] is job:
                self._fail(worker, job, None)
        job.settle(None)

    def _unbusy(self, client: str) -> None:
        self._busy[client] -= 1
        if self._busy[client] <= 0:
            del self._busy[client]

    def _free(self, worker: Worker, look: bool) -> None:
        """Give ``worker`` back (or recycle it) and start the next request.

        ``look``: check the worker's memory (reading it costs as much as a quick query).
        """
        self._probing.discard(worker)
        if worker in self.workers:
            if worker.calls >= self.max_calls or (look and worker.rss() > self.max_rss):
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
            worker.kill()

        async def replace() -> None:
            if kill:
                await worker.wait()
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
        key: str | None = None,
    ) -> Reply | Failure:
        """Run ``request`` on a worker; raise BusyError, TimeLimitError or WorkerCrashedError.

        ``timeout`` (default: the pool's) counts from the moment a worker takes
        it.  ``probe``: the request's cost is unknown (see the module's notes).
        ``key``: what its cost is known by (a query's form); a request whose
        key last ran within 10 ms may be batched (see :meth:`_batchable`).
        """
        if len(self._waiting) >= self.max_queue:
            raise BusyError(f"the {self.name} queue is full")
        limit = self.timeout if timeout is None else timeout
        job = Job(request, client, probe, limit)
        job.key = key
        self._waiting.append(job)
        self._dispatch()
        if job in self._waiting:
            loop = asyncio.get_running_loop()
            job.timer = loop.call_later(self.max_wait, self._waited, job)
        try:
            return await job.answer
        except asyncio.CancelledError:
            self._abandon(job)
            raise

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
