"""`nj-graph serve` as a real server on loopback for tests: a process on a free 127.0.0.1 port,
started with the options a test needs and stopped, with its workers, when the block ends.

    with nj_graph_server(folder, "--timeout", "2") as server:
        httpx.get(server.url("/sparql"), params={"query": "ASK {}"})
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from triplestores import LOOPBACK, _process, free_port


@dataclass(frozen=True)
class Server:
    port: int
    log: Path

    def url(self, path: str = "/") -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"

    @property
    def sparql_url(self) -> str:
        return self.url("/sparql")


@contextmanager
def nj_graph_server(folder: Path, *options: str) -> Iterator[Server]:
    port = free_port()
    command = [sys.executable, "-m", "nj_graph", "serve", "--host", LOOPBACK, "--port", str(port), *options]
    server = Server(port, folder / "nj-graph-serve.log")
    with _process(command, folder, "nj-graph-serve", server.sparql_url):
        yield server
