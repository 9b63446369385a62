"""Run a function where the command can stop it: a child process with a deadline and a memory cap.

Threads cannot stop rdflib, pyshacl or owlrl once they are running, a pathological REGEX holds
the interpreter lock, and pyoxigraph has no query timeout, so work on untrusted input (a query,
a contribution) runs in a separate process: it gets an address-space limit (RLIMIT_AS) and is
killed at the deadline.

The child is forked (`os.fork`), so it starts with the parent's imports already done, and the
answer comes back pickled through a pipe. That is all multiprocessing would do here, and
importing multiprocessing costs more than a query on the shipped graph; so it is used only where
the system cannot fork, with spawn (and then the function and its arguments must be picklable).
"""

from __future__ import annotations

import os
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import NjGraphError, UntrustedInputError
from .library_output import library_output_silenced

T = TypeVar("T")


def _limit_memory(memory_bytes: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ValueError, OSError):  # a lower hard limit is already in force: keep it
        pass


def _outcome(function: Callable[..., Any], args: tuple, kwargs: dict) -> tuple[str, Any]:
    """What the child reports: ("ok", result), ("error", NjGraphError), ("memory", None) or ("defect", traceback)."""
    try:
        with library_output_silenced():
            return "ok", function(*args, **kwargs)
    except NjGraphError as error:
        return "error", error
    except MemoryError:
        return "memory", None
    except BaseException:  # a defect: carry its traceback to the parent, which decides how to show it
        import traceback

        return "defect", traceback.format_exc()


def _write_outcome(writer: int, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    """In a forked child: do the work and write its pickled outcome to the pipe `writer`."""
    import pickle

    try:
        data = pickle.dumps(_outcome(function, args, kwargs))
    except Exception:  # an answer that cannot travel is a defect, reported as one
        import traceback

        data = pickle.dumps(("defect", traceback.format_exc()))
    with os.fdopen(writer, "wb") as out:
        out.write(data)


def _returned(status: str, value: Any, memory_message: str) -> Any:
    """The child's outcome as this process sees it: its result, or the error it stands for."""
    if status == "ok":
        return value
    if status == "error":
        raise value
    if status == "memory":
        raise UntrustedInputError(memory_message)
    raise WorkerDefect(value)


def run_guarded(function: Callable[..., T], *args: Any, deadline_seconds: float, memory_bytes: int,
                what: str = "the work", waiting: Callable[[], Any] | None = None, **kwargs: Any) -> T:
    """Call `function(*args, **kwargs)` in a child process; its result, or UntrustedInputError on overrun.

    `waiting`, if given, makes a context manager the parent holds while it waits (a progress
    spinner); it is entered after the fork, so the child never inherits what it starts.

    >>> run_guarded(sum, [1, 2, 3], deadline_seconds=30, memory_bytes=2 << 30)
    6
    """
    if not hasattr(os, "fork"):
        status, value = _spawned(function, args, kwargs, deadline_seconds, memory_bytes, what)
    else:
        status, value = _forked(function, args, kwargs, deadline_seconds, memory_bytes, what, waiting)
    return _returned(status, value, f"{what} needed more memory than the limit of {memory_bytes >> 20} MB "
                                    "and was stopped")


class Alongside:
    """Work started in a forked child while this process goes on with its own (`alongside`).

    The child dies with this process (Linux's PR_SET_PDEATHSIG), so a guard that kills this
    process at its deadline stops the child too; `close` stops it if its result is not wanted.
    """

    def __init__(self, function: Callable[..., Any], args: tuple, kwargs: dict, what: str) -> None:
        self.what = what
        self._reader, writer = os.pipe()
        parent = os.getpid()
        self._pid = os.fork()
        if self._pid == 0:
            code = 0
            try:
                os.close(self._reader)
                _die_with(parent)
                _write_outcome(writer, function, args, kwargs)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(writer)

    def result(self) -> Any:
        import pickle

        chunks: list[bytes] = []
        try:
            while chunk := os.read(self._reader, 1 << 20):
                chunks.append(chunk)
        finally:
            self.close()
        try:
            status, value = pickle.loads(b"".join(chunks))
        except Exception:  # no answer, or half of one: killed, most likely at the memory cap
            status, value = "memory", None
        return _returned(status, value, f"{self.what} needed more memory than its limit and was stopped")

    def close(self) -> None:
        if self._pid is not None:
            os.close(self._reader)
            _reap(self._pid)
            self._pid = None


def alongside(function: Callable[..., Any], *args: Any, what: str = "the work", **kwargs: Any) -> Alongside:
    """Start `function(*args, **kwargs)` in a forked child (under this process's memory cap) and
    return at once; `.result()` waits for what it returns or raises.

    >>> other = alongside(sum, [1, 2, 3])
    >>> other.result()
    6
    """
    return Alongside(function, args, kwargs, what)


def _die_with(parent: int) -> None:
    """Ask Linux to kill this child when its parent dies; elsewhere the guard's pipe ends it."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(70)


def _overrun(what: str, deadline_seconds: float) -> UntrustedInputError:
    return UntrustedInputError(f"{what} did not finish within the deadline of {deadline_seconds:g} s and was stopped")


def _no_answer(what: str, memory_bytes: int) -> UntrustedInputError:
    return UntrustedInputError(f"{what} was stopped: the process ended without an answer (over the "
                               f"memory limit of {memory_bytes >> 20} MB?)")


def _forked(function: Callable[..., Any], args: tuple, kwargs: dict, deadline_seconds: float,
            memory_bytes: int, what: str, waiting: Callable[[], Any] | None = None) -> tuple[str, Any]:
    import pickle
    from contextlib import nullcontext

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, write the pickled outcome, and leave without cleanup
        code = 0
        try:
            os.close(reader)
            _quiet_stderr()
            _limit_memory(memory_bytes)
            _write_outcome(writer, function, args, kwargs)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(writer)
    chunks: list[bytes] = []
    finish = time.monotonic() + deadline_seconds
    try:
        with (waiting or nullcontext)():
            _collect(reader, chunks, finish, what, deadline_seconds)
    finally:
        os.close(reader)
        _reap(pid)
    if not chunks:
        raise _no_answer(what, memory_bytes)
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:  # cut short (killed mid-write)
        raise _no_answer(what, memory_bytes) from None


def _quiet_stderr() -> None:
    """The child says what it has to say through its answer, which the parent prints as one line.

    What a library writes to the standard error on its own (Rust's "memory allocation of 240 bytes
    failed" and a backtrace, when pyoxigraph meets the memory cap) would add lines of its own, so
    the child's standard error goes nowhere, unless NJ_GRAPH_DEBUG is set.
    """
    from .library_output import DEBUG_ENV

    if os.environ.get(DEBUG_ENV):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _collect(reader: int, chunks: list[bytes], finish: float, what: str, deadline_seconds: float) -> None:
    """Read the child's answer until it closes the pipe, or raise at the deadline."""
    while True:
        left = finish - time.monotonic()
        if left <= 0 or not select.select([reader], [], [], left)[0]:
            raise _overrun(what, deadline_seconds)
        chunk = os.read(reader, 1 << 20)
        if not chunk:
            return
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """Stop the child if it still runs, and collect it."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


def _spawn_child(connection, memory_bytes: int, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    _limit_memory(memory_bytes)
    try:
        connection.send(_outcome(function, args, kwargs))
    finally:
        connection.close()


def _spawned(function: Callable[..., Any], args: tuple, kwargs: dict, deadline_seconds: float,
             memory_bytes: int, what: str) -> tuple[str, Any]:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_spawn_child, args=(sender, memory_bytes, function, args, kwargs), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(deadline_seconds):
            raise _overrun(what, deadline_seconds)
        try:
            return receiver.recv()
        except EOFError:
            raise _no_answer(what, memory_bytes) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


class WorkerDefect(RuntimeError):
    """A defect of nj-graph in the child process; the message is its last line, as the child said it."""

    def __init__(self, child_traceback: str) -> None:
        lines = child_traceback.strip().splitlines()
        super().__init__(lines[-1] if lines else "the worker process failed")
        #: The child's full traceback, for NJ_GRAPH_DEBUG.
        self.child_traceback = child_traceback
