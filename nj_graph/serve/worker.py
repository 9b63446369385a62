"""A query worker: one process that holds the store and answers queries sent over its standard input.

The server (`nj_graph.serve.pool`) starts it as `python -m nj_graph.serve.worker`, so it is a fresh
interpreter: it shares no threads or locks with the server, and killing it at a query's deadline
loses nothing but the query. It opens the store once, reports ready, then answers one request at
a time. Frames in both directions are a 4-byte big-endian length and a pickle; the requests come
from the server only (the worker's standard input is a pipe the server holds).

A request is `("query", Query, bindings, fmt, max_rows)`; the reply is `("ok", body, meta)`,
`("error", kind, message, line, column)` for the user's mistakes, or `("defect", message)`.
Syntax is checked here, not in the server: even a constant expression on an empty store is
evaluated, and a pathological REGEX must cost a worker, never the server's event loop.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import struct
import sys
from pathlib import Path
from typing import Any, BinaryIO

_LENGTH = struct.Struct(">I")


def read_frame(stream: BinaryIO) -> Any:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    return pickle.loads(stream.read(length))


def write_frame(stream: BinaryIO, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def encode(value: Any) -> bytes:
    """A frame as bytes, for the server's side of the pipe."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


def answer(store, query, bindings, fmt: str, max_rows: int) -> tuple[bytes, dict]:
    """Check, run, cut to `max_rows` and render one query."""
    from ..query import sparql
    from .formats import render_answer

    sparql.check_syntax(query)
    result = sparql.execute(store, query, bindings)
    truncated = False
    if result.is_graph and result.triples is not None and len(result.triples) > max_rows:
        result.triples, truncated = result.triples[:max_rows], True
    elif len(result.bindings) > max_rows:
        result.bindings, truncated = result.bindings[:max_rows], True
    size = len(result.triples or []) if result.is_graph else len(result.bindings)
    return render_answer(result, fmt), {"kind": result.kind, "rows": size, "truncated": truncated}


def page(store, iri) -> bytes:
    """A resource's HTML page, the same description and template `nj-graph publish` uses."""
    from ..publish.describe import describe
    from ..publish.pages import page_path, render_resource

    def link(target: str) -> str | None:
        path = page_path(target)
        if path is not None:
            return "/" + path  # the server answers /id/... itself
        return target if target.startswith(("http://", "https://")) else None

    return render_resource(describe(store, iri.value), link=link, root="/", site_navigation=False).encode("utf-8")


def handle(store, request: tuple) -> tuple:
    from ..core.errors import NjGraphError

    try:
        if request[0] == "query":
            body, meta = answer(store, *request[1:])
            return "ok", body, meta
        if request[0] == "describe":
            return "ok", page(store, request[1]), {"kind": "page", "rows": 1, "truncated": False}
        return "defect", f"unknown request {request[0]!r}"
    except NjGraphError as error:
        return "error", type(error).__name__, " ".join(error.message.split()), error.line, error.column
    except MemoryError:
        return "error", "ResourceLimit", "the query needed more memory than a worker may use", None, None
    except Exception as error:  # a defect: its last line only, never a traceback, reaches the client
        return "defect", f"{type(error).__name__}: {error}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nj_graph.serve.worker")
    parser.add_argument("--store", default="oxigraph")
    parser.add_argument("--reasoning", default="none")
    parser.add_argument("--data", action="append", default=[])
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--memory-mb", type=int, default=4096)
    args = parser.parse_args(argv)

    # The pipes are the protocol: keep stray prints (a library's warning) off standard output.
    requests = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr
    os.dup2(sys.stderr.fileno(), 1)

    from ..store.base import open_store

    try:
        store = open_store(args.store, reasoning=args.reasoning, extra=[Path(p) for p in args.data],
                           cache_dir=args.cache_dir)
    except Exception as error:
        write_frame(replies, ("failed", " ".join(str(getattr(error, "message", error)).split())))
        return 2
    try:  # after loading: the limit is for queries, and a big store needs what it needs
        limit = _address_space() + (args.memory_mb << 20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    write_frame(replies, ("ready", _size(store)))
    while True:
        request = read_frame(requests)
        if request is None:  # the server closed the pipe: leave
            return 0
        write_frame(replies, handle(store, request))


def _address_space() -> int:
    """Bytes of address space the process holds now (what RLIMIT_AS counts, not just what is resident)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _size(store) -> int | None:
    try:
        return len(store)
    except TypeError:
        return None


if __name__ == "__main__":
    sys.exit(main())
