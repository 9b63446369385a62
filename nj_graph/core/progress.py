"""Progress for long work (loading, reasoning, validating, pushing): a bar on a terminal, nothing elsewhere.

The bar goes to standard error and is drawn by rich, imported only when standard error is a
terminal, so piped or scripted runs print nothing extra and pay nothing for it.

>>> with progress("loading", total=3) as advance:   # not a terminal here: a silent no-op
...     advance(3)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Set to 0 to never draw progress, even on a terminal.
PROGRESS_ENV = "NJ_GRAPH_PROGRESS"


def _wanted() -> bool:
    if os.environ.get(PROGRESS_ENV) == "0":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(description: str, *, total: float | None = None, unit: str = "") -> Iterator[Callable[[float], None]]:
    """Yield `advance(amount)`; with `total=None` the bar is a spinner for work of unknown length."""
    if not _wanted():
        yield lambda amount=1: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn)

    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn() if not unit else TextColumn(f"{{task.completed:,.0f}} {unit}")]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda amount=1: bar.advance(task, amount)
