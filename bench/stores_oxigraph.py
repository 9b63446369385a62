"""The pyoxigraph figures of the store benchmark: the `oxigraph` store in memory and `oxigraph:PATH` on disk.

The synthetic data is loaded as the project's own data (trusted, by pyoxigraph's parser; on disk by
its bulk loader), as a deployment holding a million triples of its own would be. The `--data`
option of `nj-graph load` instead sends a file through the guarded door (a parser process with a
deadline and a size limit) and is timed apart, as `load_data_option`, where the door accepts the file.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pyoxigraph as ox

from nj_graph.core.errors import UserInputError
from nj_graph.core.prefixes import PREFIXES
from nj_graph.query.catalogue import StoredQuery
from nj_graph.query.sparql import execute
from nj_graph.store import oxigraph as oxigraph_store
from nj_graph.store.inputs import project_files

from bench.timing import failed, measured, repeated, timed

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


def load_on_disk(synthetic: Path | None, path: Path) -> tuple[dict, dict, oxigraph_store.OxigraphStore]:
    """(load figure, open figure, the opened store) for `oxigraph:PATH`, as `nj-graph load` fills it."""
    with synthetic_as_project_data(synthetic):
        loading, count = timed(lambda: oxigraph_store.load_persistent(path))
    opening, store = timed(lambda: oxigraph_store.OxigraphStore.open(path))
    return measured([loading], triples=count, disk_mb=_size_mb(path)), measured([opening]), store


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


def query_figure(store, stored: StoredQuery, repeat: int, budget: float) -> dict:
    try:
        runs, answer = repeated(lambda: execute(store, stored.query, stored.bind()), repeat, budget)
    except UserInputError as error:
        return failed(error.one_line())
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
