"""Run a function where the command can stop it: a child process with a deadline and a memory cap.

Threads cannot stop rdflib, pyshacl or owlrl once they are running, so work on untrusted input
(validating a contribution, for one) runs in a separate process: it gets an address-space limit
(RLIMIT_AS) and is killed at the deadline. The function and its arguments must be picklable.
"""

from __future__ import annotations

import multiprocessing
import resource
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import NjGraphError, UntrustedInputError
from .library_output import library_output_silenced

T = TypeVar("T")


def _child(connection, memory_bytes: int, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ValueError, OSError):  # a lower hard limit is already in force: keep it
        pass
    try:
        with library_output_silenced():
            result = function(*args, **kwargs)
        connection.send(("ok", result))
    except NjGraphError as error:
        connection.send(("error", error))
    except MemoryError:
        connection.send(("memory", None))
    except BaseException:  # a defect: carry its traceback to the parent, which decides how to show it
        connection.send(("defect", traceback.format_exc()))
    finally:
        connection.close()


def run_guarded(function: Callable[..., T], *args: Any, deadline_seconds: float, memory_bytes: int,
                what: str = "the work", **kwargs: Any) -> T:
    """Call `function(*args, **kwargs)` in a child process; its result, or UntrustedInputError on overrun.

    >>> run_guarded(sum, [1, 2, 3], deadline_seconds=30, memory_bytes=2 << 30)
    6
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, memory_bytes, function, args, kwargs), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(deadline_seconds):
            raise UntrustedInputError(f"{what} did not finish within the deadline of {deadline_seconds:g} s "
                                      "and was stopped")
        try:
            status, value = receiver.recv()
        except EOFError:
            raise UntrustedInputError(f"{what} was stopped: the process ended without an answer (over the "
                                      f"memory limit of {memory_bytes >> 20} MB?)") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "ok":
        return value
    if status == "error":
        raise value
    if status == "memory":
        raise UntrustedInputError(f"{what} needed more memory than the limit of {memory_bytes >> 20} MB "
                                  "and was stopped")
    raise WorkerDefect(value)


class WorkerDefect(RuntimeError):
    """A defect of nj-graph in the child process; the message is its last line, as the child said it."""

    def __init__(self, child_traceback: str) -> None:
        lines = child_traceback.strip().splitlines()
        super().__init__(lines[-1] if lines else "the worker process failed")
        #: The child's full traceback, for NJ_GRAPH_DEBUG.
        self.child_traceback = child_traceback
