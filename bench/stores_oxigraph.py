"""The pyoxigraph figures of the store benchmark: the `oxigraph` store in memory and `oxigraph:PATH` on disk.

The synthetic data is loaded as the project's own data (trusted, by pyoxigraph's parser; on disk by
its bulk loader), as a deployment holding a million triples of its own would be. The `--data`
option of `nj-graph load` instead sends a file through the guarded door (a parser process with a
deadline and a size limit) and is timed apart, as `load_data_option`, where the door accepts the file.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pyoxigraph as ox

from nj_graph.core.errors import UntrustedInputError, UserInputError
from nj_graph.core.guard import run_guarded
from nj_graph.core.prefixes import PREFIXES
from nj_graph.query.catalogue import StoredQuery
from nj_graph.query.sparql import execute
from nj_graph.store import oxigraph as oxigraph_store
from nj_graph.store.inputs import project_files

from bench.timing import failed, guarded_failure, measured, repeated, timed

OX_FORMATS = {"ntriples": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE}


@contextlib.contextmanager
def synthetic_as_project_data(synthetic: Path | None) -> Iterator[None]:
    """Within the block, the oxigraph stores take `synthetic` as one more of the project's data files."""
    if synthetic is None:
        yield
        return
    files = [*project_files(), synthetic]
    with mock.patch.object(oxigraph_store, "project_files", lambda root=None: list(files)):
        yield


def load_in_memory(synthetic: Path | None) -> tuple[dict, oxigraph_store.OxigraphStore]:
    with synthetic_as_project_data(synthetic):
        seconds, store = timed(oxigraph_store.OxigraphStore.in_memory)
    return measured([seconds], triples=len(store)), store


def load_on_disk(synthetic: Path | None, path: Path) -> tuple[dict, dict]:
    """(load figure, open figure) for `oxigraph:PATH`, filled as `nj-graph load` fills it."""
    with synthetic_as_project_data(synthetic):
        loading, count = timed(lambda: oxigraph_store.load_persistent(path))
    opening, store = timed(lambda: oxigraph_store.OxigraphStore.open(path))
    store.close()
    return measured([loading], triples=count, disk_mb=_size_mb(path)), measured([opening])


def load_data_option(synthetic: Path | None, path: Path) -> dict:
    """`nj-graph load oxigraph:PATH --data FILE`: the synthetic file through the guarded door."""
    if synthetic is None:
        return {"status": "skipped", "seconds": None, "note": "no synthetic data"}
    try:
        seconds, count = timed(lambda: oxigraph_store.load_persistent(path, [synthetic]))
    except UserInputError as error:
        return failed(f"refused: {error.one_line()}")
    finally:
        shutil.rmtree(path, ignore_errors=True)
    return measured([seconds], triples=count)


def query_figure(open_store: Callable[[], oxigraph_store.OxigraphStore], stored: StoredQuery, *, repeat: int,
                 deadline: float, memory_bytes: int) -> dict:
    """The stored query's runs in a guarded child: pyoxigraph has no query timeout, and a query
    that is slow on a large graph must cost its deadline, not the rest of the run.

    `open_store` is called in the child: an in-memory store is inherited through the fork, a
    store on disk is opened there (RocksDB handles are not shared across a fork).
    """
    try:
        return run_guarded(_query_runs, open_store, stored, repeat, deadline / 2, deadline_seconds=deadline,
                           memory_bytes=memory_bytes, what=f"the query {stored.name}")
    except UntrustedInputError as error:
        return guarded_failure(error, deadline)
    except UserInputError as error:
        return failed(error.one_line())


def _query_runs(open_store, stored: StoredQuery, repeat: int, budget: float) -> dict:
    store = open_store()
    runs, answer = repeated(lambda: execute(store, stored.query, stored.bind()), repeat, budget)
    return measured(runs, rows=len(answer.bindings) if answer.kind == "SELECT" else len(answer.triples or ()))


def export_figures(store: oxigraph_store.OxigraphStore, work_dir: Path) -> dict:
    """Each format written to a file twice: `pyoxigraph.serialize` of the store's triples (what the
    `Store` interface hands out) and the store's own native `dump`."""
    figures = {}
    for name, rdf_format in OX_FORMATS.items():
        prefixes = PREFIXES if rdf_format is ox.RdfFormat.TURTLE else None
        target = work_dir / f"export.{name}"
        seconds, _ = timed(lambda: ox.serialize(store.triples(), target, rdf_format, prefixes=prefixes))
        figures[name] = measured([seconds], bytes=target.stat().st_size)
        seconds, _ = timed(lambda: store.store.dump(target, rdf_format, from_graph=ox.DefaultGraph(),
                                                    prefixes=prefixes))
        figures[f"{name} (Store.dump)"] = measured([seconds], bytes=target.stat().st_size)
        target.unlink()
    return figures


def _size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)
