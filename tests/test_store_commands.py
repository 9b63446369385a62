"""`--store`, `nj-graph load` and `nj-graph push` from the command line, and the query path's imports.

Every store answers a stored query alike (tests/test_stored_queries.py holds them to the golden
results); here the commands around them: a persistent store filled, replaced whole, refused where
it would clobber a folder, found stale when an input changed; the graph pushed to a real
Oxigraph server and queried back over the Protocol; and answering a stored query without
importing rdflib, pyshacl or owlrl, which is what keeps it cheaper than `import rdflib`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nj_graph.core.status import ExitStatus
from nj_graph.store.oxigraph import MANIFEST, changed_inputs
from command import one_line, run

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = ["--queries-dir", str(FIXTURES / "queries")]
EX = "http://example.org/nj-test/"


@pytest.fixture
def extra(tmp_path) -> Path:
    path = tmp_path / "extra.ttl"
    path.write_text((FIXTURES / "data.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    return path


# --- nj-graph load and --store oxigraph:PATH -----------------------------------------------------

def test_a_loaded_store_answers_like_the_default_one(capsys, tmp_path):
    status, _, err = run(capsys, "load", f"oxigraph:{tmp_path / 'store'}")
    assert status == ExitStatus.OK and err.startswith("loaded ") and "triples into oxigraph:" in err
    _, default, _ = run(capsys, "query", "cooperation-areas", "-f", "tsv")
    status, persistent, err = run(capsys, "query", "cooperation-areas", "-f", "tsv", "--store", f"oxigraph:{tmp_path / 'store'}")
    assert status == ExitStatus.OK and err == "" and persistent == default and persistent.count("\n") > 10


def test_a_store_with_data_and_reasoning_keeps_them(capsys, tmp_path, extra):
    store = f"oxigraph:{tmp_path / 'store'}"
    assert run(capsys, "load", store, "--data", str(extra), "--reasoning", "rdfs",
               "--cache-dir", str(tmp_path / "cache"))[0] == ExitStatus.OK
    # the fixture's visit is an nj:Event only under RDFS (nj:Visit rdfs:subClassOf nj:Event)
    status, out, _ = run(capsys, "sparql", "--store", store, "--format", "csv", f"ASK {{ <{EX}tokyo-visit> a nj:Event }}")
    assert (status, out.split()) == (ExitStatus.OK, ["ask", "true"])


def test_querying_a_persistent_store_takes_no_data_or_reasoning(capsys, tmp_path, extra):
    store = f"oxigraph:{tmp_path / 'store'}"
    run(capsys, "load", store)
    status, out, err = run(capsys, "query", "timeline", "--store", store, "--data", str(extra))
    assert status == ExitStatus.BAD_INPUT and out == ""
    assert "--reasoning and --data are given when the store is filled (nj-graph load)" in one_line(err)


def test_a_changed_input_is_told(capsys, tmp_path, extra):
    folder = tmp_path / "store"
    run(capsys, "load", f"oxigraph:{folder}", "--data", str(extra))
    assert changed_inputs(folder) == []
    extra.write_text(extra.read_text(encoding="utf-8") + f"\n<{EX}new> a <{EX}Thing> .\n", encoding="utf-8")
    assert changed_inputs(folder) == [str(extra.resolve())]
    status, out, err = run(capsys, "query", "labels", *QUERIES, "--store", f"oxigraph:{folder}")
    assert status == ExitStatus.OK and "Tokyo visit" in out  # still answers, from what was loaded
    assert one_line(err).startswith(f"nj-graph: warning: oxigraph:{folder} was loaded from inputs that have "
                                    "changed since")
    assert f"run 'nj-graph load oxigraph:{folder}' again" in err


def test_touching_an_input_without_changing_it_is_not_a_change(capsys, tmp_path, extra):
    folder = tmp_path / "store"
    run(capsys, "load", f"oxigraph:{folder}", "--data", str(extra))
    os.utime(extra, (1, 1))
    assert changed_inputs(folder) == []


def test_a_failed_load_leaves_the_store_that_was_there(capsys, tmp_path, extra):
    folder = tmp_path / "store"
    run(capsys, "load", f"oxigraph:{folder}")
    before = (folder / MANIFEST).read_text(encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    status, _, err = run(capsys, "load", f"oxigraph:{folder}", "--data", str(broken))
    assert status == ExitStatus.BAD_INPUT and str(broken) in one_line(err)
    assert (folder / MANIFEST).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "extra.ttl", "store"]  # no leftovers
    assert run(capsys, "query", "partners", "--store", f"oxigraph:{folder}")[0] == ExitStatus.OK


def test_load_never_replaces_a_folder_it_did_not_make(capsys, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    status, _, err = run(capsys, "load", f"oxigraph:{folder}")
    assert status == ExitStatus.BAD_INPUT and "refusing to replace it" in one_line(err)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(("store", "says"), [
    ("oxygraph", "unknown store 'oxygraph'; did you mean 'oxigraph'?"),
    ("ftp://example.org/sparql", "unknown store"),
])
def test_an_unknown_store_is_named(capsys, store, says):
    status, _, err = run(capsys, "query", "partners", "--store", store)
    assert status == ExitStatus.BAD_INPUT and says in one_line(err)


def test_a_folder_that_is_no_store(capsys, tmp_path):
    status, _, err = run(capsys, "query", "partners", "--store", f"oxigraph:{tmp_path}")
    assert status == ExitStatus.BAD_INPUT and "no store here: fill one with 'nj-graph load oxigraph:PATH'" in err


def test_load_takes_only_a_path(capsys):
    status, _, err = run(capsys, "load", "oxigraph")
    assert status == ExitStatus.BAD_INPUT and "load fills a store on disk: give oxigraph:PATH" in one_line(err)


# --- nj-graph push and --store URL -----------------------------------------------------------------

def test_push_then_query_over_the_protocol(capsys, oxigraph_server):
    status, _, err = run(capsys, "push", oxigraph_server.graph_store_url)
    assert status == ExitStatus.OK
    assert one_line(err).startswith("pushed ") and "(graph <https://w3id.org/nj-graph/graph/main>)" in err
    _, local, _ = run(capsys, "query", "cooperation-areas", "-f", "tsv")
    status, remote, err = run(capsys, "query", "cooperation-areas", "-f", "tsv", "--store", oxigraph_server.query_url)
    assert status == ExitStatus.OK and err == "" and remote == local
    status, out, _ = run(capsys, "query", "events-by-participant", "-p", "agent=njr:nato", "-f", "csv",
                         "--store", oxigraph_server.query_url)
    assert status == ExitStatus.OK and out.count("\n") > 3


def test_a_second_push_replaces_the_first(capsys, oxigraph_server, extra):
    run(capsys, "push", oxigraph_server.graph_store_url, "--data", str(extra))
    count = f"ASK {{ <{EX}tokyo-visit> ?p ?o }}"
    assert run(capsys, "sparql", "--store", oxigraph_server.query_url, count)[1] == "yes\n"
    run(capsys, "push", oxigraph_server.graph_store_url)
    assert run(capsys, "sparql", "--store", oxigraph_server.query_url, count)[1] == "no\n"


def test_an_unreachable_endpoint_is_one_line(capsys):
    status, out, err = run(capsys, "query", "partners", "--store", "http://127.0.0.1:9/sparql", "--timeout", "5")
    assert status == ExitStatus.BAD_INPUT and out == ""
    assert "cannot reach http://127.0.0.1:9/sparql" in one_line(err)


# --- the query path stays light ----------------------------------------------------------------------

def imported_by(*argv: str, env: dict | None = None) -> set[str]:
    """Top-level modules imported by `nj-graph ARGV`, the parent and its forked worker both."""
    # NJ_GRAPH_DEBUG keeps the worker's stderr, where its imports are listed, open
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "nj_graph", *argv], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "NJ_GRAPH_DEBUG": "1", **(env or {})})
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


HEAVY = {"rdflib", "pyshacl", "owlrl", "pyparsing"}


def test_a_stored_query_imports_no_rdflib():
    assert not imported_by("query", "timeline") & HEAVY


def test_a_query_from_a_cached_closure_imports_no_reasoner(tmp_path):
    cache = ["--cache-dir", str(tmp_path)]
    assert "reasonable" in imported_by("query", "partners", "--reasoning", "owl-rl", *cache)  # computed once
    assert not imported_by("query", "partners", "--reasoning", "owl-rl", *cache) & HEAVY  # then read


def test_an_ad_hoc_query_imports_no_rdflib():
    assert not imported_by("sparql", "SELECT ?s WHERE { ?s a nj:Visit }") & HEAVY


# --- files a user names, read by pyoxigraph where it can -------------------------------------------

@pytest.mark.parametrize("command", [["query", "partners"], ["load", "oxigraph:{tmp}/store"]])
def test_a_broken_data_file_is_placed_in_one_line(capsys, tmp_path, command):
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "never closed .\n', encoding="utf-8")
    argv = [part.format(tmp=tmp_path) for part in command]
    status, out, err = run(capsys, *argv, "--data", str(broken))
    assert status == ExitStatus.BAD_INPUT and out == ""
    assert one_line(err).startswith(f"nj-graph: {broken}:2:")


def test_named_graphs_of_a_data_file_join_the_default_graph(capsys, tmp_path):
    quads = tmp_path / "more.nq"
    quads.write_text(f"<{EX}q> <{EX}p> \"in a named graph\" <{EX}g> .\n", encoding="utf-8")
    for store in ("oxigraph", f"oxigraph:{tmp_path / 'store'}"):
        if store != "oxigraph":
            run(capsys, "load", store, "--data", str(quads))
            extra = []
        else:
            extra = ["--data", str(quads)]
        status, out, _ = run(capsys, "sparql", "--store", store, *extra, f"ASK {{ <{EX}q> <{EX}p> ?o }}")
        assert (status, out) == (ExitStatus.OK, "yes\n"), store


def test_a_store_that_cannot_be_made_is_one_line(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    status, _, err = run(capsys, "load", f"oxigraph:{blocker / 'store'}")
    assert status == ExitStatus.BAD_INPUT and "cannot make the store here" in one_line(err)


@pytest.mark.parametrize(("argv", "says"), [
    (["--store", "oxigraph:{tmp}/none"], "no store here"),
    (["--data", "{tmp}/missing.ttl"], "no such file"),
])
def test_serve_refuses_a_store_it_cannot_open_before_it_starts(capsys, tmp_path, argv, says):
    status, _, err = run(capsys, "serve", "--port", "0", *[a.format(tmp=tmp_path) for a in argv])
    assert status == ExitStatus.BAD_INPUT and says in one_line(err)
