"""Real SPARQL servers on loopback for tests: Oxigraph's server and Virtuoso, each started in a
temporary folder on free 127.0.0.1 ports and stopped, with every child, when the block ends.

    with oxigraph(folder) as store:           # `oxigraph serve`, read-write, in-memory
        httpx.put(store.graph_store_url, params={"graph": "urn:x"}, content=..., headers=...)
    with oxigraph_read_only(folder, files) as store:   # `oxigraph serve-read-only` over files loaded first
    with virtuoso(folder) as store:           # `virtuoso-t +foreground` over a fresh database

Each yields a `Triplestore`: where to send queries (SPARQL 1.1 Protocol), updates and Graph Store
Protocol (GSP) requests, and which credentials those need. The fixtures in conftest.py wrap these
for a whole test session.

What each server needs, learnt by running them (Oxigraph 0.5, Virtuoso Open Source 7.2.5 as
packaged by Debian 12 in virtuoso-opensource):

Oxigraph (`oxigraph serve --location DIR --bind 127.0.0.1:PORT`; the PyPI package `oxigraph` ships
the binary into the environment's scripts folder). Ready in well under a second.
- query `/query`, update `/update`, GSP `/store`; no authentication at all.
- GSP: `PUT /store?graph=IRI` replaces a named graph (201 created, 204 replaced), `POST` adds to
  it, `DELETE` drops it, `GET` reads it; `?default` addresses the default graph the same way.
  Bodies in N-Triples (`application/n-triples`) or Turtle (`text/turtle`), among others.
- Queries see only the real default graph, unless the request names a dataset
  (`default-graph-uri=IRI`, `FROM`) or the server runs with `--union-default-graph`.
- `oxigraph serve-read-only --location DIR` serves a store written earlier by `oxigraph load
  --location DIR --file ...`; queries and GSP `GET` work, updates and GSP writes are refused.

Virtuoso (`virtuoso-t +foreground +configfile virtuoso.ini`, the ini written by `_virtuoso_ini`
below: every database, log and lock file in the temporary folder, `[Parameters] ServerPort` the
SQL/ISQL port and `[HTTPServer] ServerPort` the HTTP port, both given as `127.0.0.1:PORT` so that
nothing listens beyond loopback). A fresh database takes about 2-3 s to come online (it is
created on first start, account dba with password dba); SIGTERM shuts it down in about a second.
- query `/sparql` (anonymous); the anonymous user may not change anything.
- update `/sparql-auth`, GSP `/sparql-graph-crud-auth`: HTTP *digest* authentication as dba/dba.
  The anonymous `/sparql-graph-crud` answers 403 (permission denied on DB.DBA.RDF_QUAD) and an
  update on `/sparql` 500 (SR186 no permission) until, over ISQL,
  `isql-vt 127.0.0.1:PORT dba dba exec='GRANT SPARQL_UPDATE TO "SPARQL";'` opens both to anyone;
  the fixture does not, so clients are tested with the credentials a real deployment would need.
- GSP: `PUT ?graph=IRI` (or Virtuoso's own `?graph-uri=IRI`) replaces a named graph (201 created,
  200 replaced), `POST` adds, `DELETE` drops, `GET` reads, N-Triples or Turtle alike.
  `?default` is refused (500, "the endpoint is not configured to have default graph"): Virtuoso
  has no default graph to write to, only named graphs.
- Queries without a dataset see the union of *all* graphs, including Virtuoso's own system graphs
  (some 2,500 triples in `http://www.openlinksw.com/schemas/virtrdf#` and a few more), so a
  `COUNT(*)` over `?s ?p ?o` counts them too; name the graph with `default-graph-uri=IRI` (or
  `FROM <IRI>`) to query exactly what was pushed.
- `[SPARQL] ResultSetMaxRows` silently truncates large answers; set here well above any stored
  query's answer.
- Answers differ from SPARQL 1.1 in ways a client must expect: ASK comes back as a one-row SELECT
  of `?__ASK_RETVAL` (xsd:integer 1/0) in JSON and XML alike; a boolean made by an expression is
  xsd:integer 1/0. tests/test_triplestores.py lists how each stored query differs, and why.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import ctypes

import httpx

#: How long a server may take to answer its first query before the start counts as failed.
START_TIMEOUT = 60.0
#: How long a server may take to exit after SIGTERM before it is killed.
STOP_TIMEOUT = 15.0
LOOPBACK = "127.0.0.1"

# Loaded here, not in the forked child, where only async-signal-safe work belongs.
_LIBC = ctypes.CDLL(None) if sys.platform.startswith("linux") else None
_PR_SET_PDEATHSIG = 1


class TriplestoreDidNotStart(RuntimeError):
    """The server exited or did not answer within START_TIMEOUT; the message ends with its log."""


@dataclass(frozen=True)
class Triplestore:
    """A running server: its endpoints and the credentials its write endpoints need."""

    name: str
    query_url: str
    graph_store_url: str
    update_url: str | None = None
    #: (user, password) for `auth_scheme`, or None where the endpoints are open.
    credentials: tuple[str, str] | None = None
    #: "digest" (Virtuoso) or None.
    auth_scheme: str | None = None
    #: Whether GSP `?default` addresses a default graph one can write to.
    writable_default_graph: bool = True
    #: Whether a query without a dataset sees every named graph (and, for Virtuoso, its system graphs).
    union_default_graph: bool = False
    folder: Path | None = None

    def auth(self) -> httpx.Auth | None:
        """The httpx authentication for the write endpoints (None where they are open)."""
        if self.credentials is None:
            return None
        if self.auth_scheme == "digest":
            return httpx.DigestAuth(*self.credentials)
        return httpx.BasicAuth(*self.credentials)


def free_port() -> int:
    """A port nothing listens on now (the server binds it a moment later; a clash fails the start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The `oxigraph` command of this environment (the PyPI package `oxigraph`), else one on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                          os.environ.get("PATH", "")]))


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


# --- one server process ---------------------------------------------------------------------------

@contextmanager
def _process(command: list[str], folder: Path, name: str, ready_url: str) -> Iterator[subprocess.Popen]:
    """Run `command` in its own process group, wait until `ready_url` answers 200, and on leaving
    stop the whole group: SIGTERM, then SIGKILL after STOP_TIMEOUT."""
    log_path = folder / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True,
                                   preexec_fn=_die_with_parent)
    try:
        _wait_until_ready(process, ready_url, name, log_path)
        yield process
    finally:
        _stop(process)


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the test process dies, so that a
    test run killed outright (no teardown) leaves no server behind. Elsewhere a no-op."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_until_ready(process: subprocess.Popen, url: str, name: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise TriplestoreDidNotStart(
                f"{name} exited with status {process.returncode} before answering{_tail(log_path)}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise TriplestoreDidNotStart(f"{name} did not answer {url} within {START_TIMEOUT:.0f} s"
                                         f"{_tail(log_path)}")
        time.sleep(0.1)


def _tail(log_path: Path, lines: int = 15) -> str:
    try:
        text = log_path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return "; its log ends:\n" + "\n".join(text) if text else ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()
    # The group may outlive its leader (a child that ignored SIGTERM): leave none behind.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# --- Oxigraph -------------------------------------------------------------------------------------

def _require_oxigraph() -> str:
    binary = oxigraph_binary()
    if binary is None:
        raise TriplestoreDidNotStart("no `oxigraph` command: install the test extra (pip install -e '.[test]')")
    return binary


def _oxigraph_store(folder: Path, port: int, *, read_only: bool) -> Triplestore:
    base = f"http://{LOOPBACK}:{port}"
    return Triplestore(name="oxigraph-read-only" if read_only else "oxigraph",
                       query_url=f"{base}/query", graph_store_url=f"{base}/store",
                       update_url=None if read_only else f"{base}/update", folder=folder)


@contextmanager
def oxigraph(folder: Path) -> Iterator[Triplestore]:
    """`oxigraph serve` over a new store in `folder`, read-write, no authentication."""
    binary = _require_oxigraph()
    port = free_port()
    store = _oxigraph_store(folder, port, read_only=False)
    command = [binary, "serve", "--location", str(folder / "store"), "--bind", f"{LOOPBACK}:{port}"]
    with _process(command, folder, "oxigraph", store.query_url):
        yield store


def load_oxigraph_store(location: Path, files: Iterable[Path], *, graph: str | None = None) -> None:
    """Write `files` into an Oxigraph store at `location` (the default graph, or `graph`)."""
    command = [_require_oxigraph(), "load", "--location", str(location)]
    if graph is not None:
        command += ["--graph", graph]
    command += ["--file", *(str(path) for path in files)]
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL, capture_output=True, timeout=START_TIMEOUT)


@contextmanager
def oxigraph_read_only(folder: Path, files: Iterable[Path], *, graph: str | None = None) -> Iterator[Triplestore]:
    """`oxigraph serve-read-only` over a store in `folder` loaded with `files` beforehand."""
    binary = _require_oxigraph()
    location = folder / "store"
    load_oxigraph_store(location, files, graph=graph)
    port = free_port()
    store = _oxigraph_store(folder, port, read_only=True)
    command = [binary, "serve-read-only", "--location", str(location), "--bind", f"{LOOPBACK}:{port}"]
    with _process(command, folder, "oxigraph-read-only", store.query_url):
        yield store


# --- Virtuoso -------------------------------------------------------------------------------------

#: A fresh database's administrator; Virtuoso creates it with this password.
VIRTUOSO_CREDENTIALS = ("dba", "dba")


def _virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> str:
    """A configuration that keeps everything in `folder` and listens on loopback only. Buffers are
    small (16 MB) because the test graphs are; ResultSetMaxRows is above any stored query's answer."""
    return f"""\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort        = {LOOPBACK}:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers   = 2000
MaxDirtyBuffers   = 1200
ThreadsPerQuery   = 2
DirsAllowed       = ., {folder}

[HTTPServer]
ServerPort           = {LOOPBACK}:{http_port}
ServerRoot           = {folder}/vsp
ServerThreads        = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 120
"""


@contextmanager
def virtuoso(folder: Path) -> Iterator[Triplestore]:
    """`virtuoso-t` in the foreground over a new database in `folder`; writes need digest auth as dba."""
    binary = virtuoso_binary()
    if binary is None:
        raise FileNotFoundError("virtuoso-t is not installed (Debian package virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    (folder / "vsp").mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(_virtuoso_ini(folder, sql_port, http_port), encoding="utf-8")
    base = f"http://{LOOPBACK}:{http_port}"
    store = Triplestore(name="virtuoso", query_url=f"{base}/sparql",
                        graph_store_url=f"{base}/sparql-graph-crud-auth", update_url=f"{base}/sparql-auth",
                        credentials=VIRTUOSO_CREDENTIALS, auth_scheme="digest",
                        writable_default_graph=False, union_default_graph=True, folder=folder)
    command = [binary, "+foreground", "+configfile", str(ini)]
    with _process(command, folder, "virtuoso", store.query_url):
        yield store
