"""Fixtures shared by the test modules."""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

import browser
import serving
import triplestores
from loopback import Listener

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def cache_of_this_run(tmp_path_factory):
    """Closures and remembered queries go to a folder of this run, never the user's cache."""
    import os

    folder = tmp_path_factory.mktemp("nj-graph-cache")
    before = os.environ.get("NJ_GRAPH_CACHE_DIR")
    os.environ["NJ_GRAPH_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("NJ_GRAPH_CACHE_DIR", None)
    else:
        os.environ["NJ_GRAPH_CACHE_DIR"] = before


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


# --- real triplestores on loopback (see tests/triplestores.py) -----------------------------------

@contextmanager
def _started(manager):
    """Enter a server's context, turning a failed start into a test failure that says why."""
    with ExitStack() as stack:
        try:
            store = stack.enter_context(manager)
        except triplestores.TriplestoreDidNotStart as error:
            pytest.fail(str(error), pytrace=False)
        yield store


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """`oxigraph serve`, read-write and empty, for the whole session."""
    with _started(triplestores.oxigraph(tmp_path_factory.mktemp("oxigraph"))) as store:
        yield store


@pytest.fixture(scope="session")
def oxigraph_read_only_server(tmp_path_factory):
    """`oxigraph serve-read-only` over the shipped graph, loaded into the default graph first."""
    files = [ROOT / "ontology" / "nj.ttl", *sorted((ROOT / "data").glob("*.ttl"))]
    with _started(triplestores.oxigraph_read_only(tmp_path_factory.mktemp("oxigraph-read-only"), files)) as store:
        yield store


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """Virtuoso over a fresh database, for the whole session; skipped where it is not installed."""
    if triplestores.virtuoso_binary() is None:
        pytest.skip("virtuoso-t is not installed (Debian package virtuoso-opensource; .ci/run installs it)")
    with _started(triplestores.virtuoso(tmp_path_factory.mktemp("virtuoso"))) as store:
        yield store


# --- nj-graph serve on loopback (see tests/serving.py) --------------------------------------------

#: Small limits, so that the tests can reach them: two workers, a 3 s deadline, 1000 rows.
SERVER_OPTIONS = ("--workers", "2", "--timeout", "3", "--max-rows", "1000", "--max-request", "8192",
                  "--max-upload", "65536", "--rate-limit", "0")


@pytest.fixture(scope="session")
def nj_graph_server(tmp_path_factory):
    """`nj-graph serve` over the shipped graph for the whole session, with no rate limit."""
    with _started(serving.nj_graph_server(tmp_path_factory.mktemp("serve"), *SERVER_OPTIONS)) as server:
        yield server


# --- a headless browser (see tests/browser.py) ----------------------------------------------------

@pytest.fixture(scope="session")
def chromium_browser():
    """Headless Chromium for the session; skipped only where Chromium or Playwright is missing."""
    why = browser.missing()
    if why:
        pytest.skip(why)
    with browser.chromium() as running:
        yield running


@pytest.fixture
def browser_page(chromium_browser):
    """A fresh page in a fresh browser context, closed after the test."""
    context = chromium_browser.new_context()
    page = context.new_page()
    yield page
    context.close()

