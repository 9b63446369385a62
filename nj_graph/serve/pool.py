"""A pool of query worker processes, driven from the event loop without ever blocking it.

Each worker (`nj_graph.serve.worker`) is a child process holding its own copy of the store, fed
over pipes that asyncio reads and writes without blocking. A query takes an idle worker, is
written to it, and its reply is awaited for at most the deadline; at the deadline the worker is
killed (SIGKILL: pyoxigraph has no timeout, and a REGEX in rdflib holds the interpreter lock,
so nothing short of ending the process stops them) and a fresh one is started in the background.
A runaway query therefore costs one worker for at most its timeout, while the others answer.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import worker as worker_protocol

log = logging.getLogger("nj_graph.serve")

_LENGTH = struct.Struct(">I")
#: Seconds a new worker may take to open the store and say it is ready.
START_TIMEOUT = 300.0


class PoolError(Exception):
    """A query could not be answered for reasons of the server, not of the query's text."""

    status = 503

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class QueryTimeout(PoolError):
    """The query ran past its deadline; its worker was killed."""

    status = 504


class WorkerFailed(PoolError):
    """The worker ended without an answer (over its memory limit, most likely)."""

    status = 500


@dataclass(eq=False)
class Worker:
    process: asyncio.subprocess.Process
    number: int
    triples: int | None = None
    answered: int = field(default=0)

    async def send(self, request: Any) -> None:
        self.process.stdin.write(worker_protocol.encode(request))
        await self.process.stdin.drain()

    async def receive(self) -> Any:
        import pickle

        head = await self.process.stdout.readexactly(_LENGTH.size)
        (length,) = _LENGTH.unpack(head)
        return pickle.loads(await self.process.stdout.readexactly(length))

    def kill(self) -> None:
        if self.process.returncode is None:
            try:
                self.process.kill()
            except ProcessLookupError:
                pass


class WorkerPool:
    """`size` workers started with `command`; `await pool.run(request, timeout)` answers one request."""

    def __init__(self, command: Sequence[str], size: int) -> None:
        self.command = list(command)
        self.size = size
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.triples: int | None = None
        self.replaced = 0
        self._started = 0
        self._closing = False
        self._tasks: set[asyncio.Task] = set()

    @classmethod
    def for_settings(cls, settings) -> "WorkerPool":
        command = [sys.executable, "-m", "nj_graph.serve.worker", "--store", settings.store,
                   "--reasoning", settings.reasoning, "--memory-mb", str(settings.memory_mb)]
        for path in settings.extra:
            command += ["--data", str(path)]
        if settings.cache_dir is not None:
            command += ["--cache-dir", str(settings.cache_dir)]
        return cls(command, settings.workers)

    async def start(self) -> None:
        """Start every worker and wait until all are ready; a store that cannot open is an error here."""
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in started:
            self.idle.put_nowait(worker)

    async def _spawn(self) -> Worker:
        self._started += 1
        process = await asyncio.create_subprocess_exec(
            *self.command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=None)
        worker = Worker(process, self._started)
        try:
            hello = await asyncio.wait_for(worker.receive(), START_TIMEOUT)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
            worker.kill()
            await process.wait()
            raise RuntimeError(f"a query worker did not start ({type(error).__name__})") from None
        if hello[0] != "ready":
            await process.wait()
            raise RuntimeError(f"a query worker could not open the store: {hello[1]}")
        worker.triples = hello[1]
        self.triples = hello[1]
        self.workers.add(worker)
        return worker

    async def run(self, request: Any, timeout: float) -> Any:
        """The worker's reply to `request`, or PoolError when none came within `timeout` seconds."""
        try:  # waiting for a worker counts too: a client is not kept waiting past its deadline
            worker = await asyncio.wait_for(self.idle.get(), timeout)
        except asyncio.TimeoutError:
            raise PoolError("every query worker is busy; try again shortly", retry_after=max(1, int(timeout))) from None
        try:
            await worker.send(request)
            reply = await asyncio.wait_for(worker.receive(), timeout)
        except asyncio.TimeoutError:
            self._replace(worker, "ran past its deadline")
            raise QueryTimeout(f"the query did not finish within {timeout:g} s and was stopped") from None
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            self._replace(worker, "ended without an answer")
            raise WorkerFailed("the query was stopped: its worker ended without an answer "
                               "(over the memory limit?)") from None
        except BaseException:  # the client went away mid-query (cancelled): the worker's state is unknown
            self._replace(worker, "was abandoned")
            raise
        worker.answered += 1
        self.idle.put_nowait(worker)
        return reply

    def _replace(self, worker: Worker, why: str) -> None:
        worker.kill()
        self.workers.discard(worker)
        self.replaced += 1
        log.warning("query worker %d %s; starting another", worker.number, why)
        if not self._closing:
            task = asyncio.get_running_loop().create_task(self._respawn(worker))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _respawn(self, dead: Worker) -> None:
        await dead.process.wait()  # reap it
        delay = 0.5
        while not self._closing:
            try:
                self.idle.put_nowait(await self._spawn())
                return
            except Exception as error:  # keep serving with fewer workers, and try again
                log.error("could not start a query worker: %s", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)

    @property
    def alive(self) -> int:
        return sum(1 for w in self.workers if w.process.returncode is None)

    async def close(self) -> None:
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self.workers):
            if worker.process.stdin and not worker.process.stdin.is_closing():
                worker.process.stdin.close()  # a worker leaves when its input ends
        for worker in list(self.workers):
            try:
                await asyncio.wait_for(worker.process.wait(), 2.0)
            except asyncio.TimeoutError:
                worker.kill()
                await worker.process.wait()
        self.workers.clear()
