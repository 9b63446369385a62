"""What a server is allowed to do, in one place: its store, its workers and every limit."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..store.base import DEFAULT_STORE


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """The server's configuration; `nj-graph serve` fills it from its options."""

    store: str = DEFAULT_STORE
    reasoning: str = "none"
    extra: tuple[Path, ...] = ()
    cache_dir: Path | None = None
    queries_dir: Path | None = None
    #: Worker processes answering queries; each holds its own copy of the store.
    workers: int = field(default_factory=default_workers)
    #: Seconds a query may run before its worker is killed (and replaced).
    timeout: float = 10.0
    #: Megabytes of address space each worker may use.
    memory_mb: int = 4096
    #: Rows (or triples) at most in one answer; more are cut off, and the answer says so.
    max_rows: int = 10_000
    #: Bytes at most in a request body (or a GET query string).
    max_request_bytes: int = 64 * 1024
    #: Bytes at most in a file sent to POST /validate.
    max_upload_bytes: int = 5 * 1024 * 1024
    #: Seconds and megabytes validation of an uploaded file may take.
    validate_deadline: float = 60.0
    validate_memory_mb: int = 2048
    #: Sustained requests a second per client (0: no limit); bursts of up to `rate_burst` are allowed.
    rate_limit: float = 20.0
    rate_burst: int = 100
    #: One log line a request, to stderr.
    access_log: bool = True
