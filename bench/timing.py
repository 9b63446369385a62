"""Timing records shared by the benchmarks: a measurement, a timeout, a skip or a failure, as JSON-ready dicts.

Every figure the store benchmark writes is one of these, so the report and the JSON read them the
same way: `seconds` is the median of the runs, or None when there is no figure; a timed-out
measurement carries `at_least`, the deadline it ran past, which is a lower bound of its time.

>>> measured([0.3, 0.1, 0.2], rows=4)
{'status': 'ok', 'seconds': 0.2, 'runs': [0.3, 0.1, 0.2], 'rows': 4}
>>> timed_out(120)["at_least"]
120
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from nj_graph.core.errors import UntrustedInputError


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds `function()` took, and what it returned."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def repeated(function: Callable[[], Any], repeat: int, budget: float) -> tuple[list[float], Any]:
    """Run `function` up to `repeat` times, stopping early once another run would overrun `budget` seconds.

    A query that takes a minute is timed once, not three times: its median would say the same.
    """
    runs: list[float] = []
    result = None
    while len(runs) < repeat and (not runs or sum(runs) + runs[-1] <= budget):
        seconds, result = timed(function)
        runs.append(seconds)
    return runs, result


def measured(runs: list[float], **details: Any) -> dict:
    return {"status": "ok", "seconds": statistics.median(runs), "runs": [round(r, 6) for r in runs], **details}


def timed_out(deadline: float, note: str = "") -> dict:
    return {"status": "timeout", "seconds": None, "at_least": deadline, "note": note}


def skipped(note: str) -> dict:
    return {"status": "skipped", "seconds": None, "note": note}


def failed(note: str) -> dict:
    return {"status": "error", "seconds": None, "note": note}


def guarded_failure(error: UntrustedInputError, deadline: float) -> dict:
    """What `run_guarded` raising means for a figure: past the deadline, or stopped for another reason."""
    if "deadline" in error.message:
        return timed_out(deadline)
    return failed(error.message)
