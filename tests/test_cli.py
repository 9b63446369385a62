"""The nj-graph command, run in process through `main(argv)`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from nj_graph import cli
from nj_graph.core.status import ExitStatus
from nj_graph.core.shipped import SHIPPED
from command import one_line as one_line_error, run

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = ["--queries-dir", str(FIXTURES / "queries")]
DATA = ["--data", str(FIXTURES / "data.ttl")]
EX = "http://example.org/nj-test/"


# --- queries -----------------------------------------------------------------------------------

def test_queries_lists_names_summaries_and_parameters(capsys):
    status, out, err = run(capsys, "queries", *QUERIES)
    assert status == ExitStatus.OK and err == ""
    assert "labels  Resources and their English labels  [fixture]" in out
    assert ("    --param kind=<iri>  The class of the resources to list "
            "(default nj:Visit; one of nj:Visit, nj:Meeting, nj:Contribution, nj:Fund)") in out
    assert "    --param resource=<iri>  (required)" in out
    assert "    --param minimum=<decimal>  The smallest amount to show (default 0)" in out


def test_queries_in_an_empty_folder(capsys, tmp_path):
    assert run(capsys, "queries", "--queries-dir", str(tmp_path))[1] == "no stored queries\n"


def test_queries_reports_a_broken_header(capsys, tmp_path):
    (tmp_path / "bad.rq").write_text("#+ summary: [\nASK {}\n", encoding="utf-8")
    status, out, err = run(capsys, "queries", "--queries-dir", str(tmp_path))
    assert status == ExitStatus.BAD_INPUT
    assert one_line_error(err).startswith(f"nj-graph: {tmp_path / 'bad.rq'}:1: the #+ header is not valid YAML")


# --- query -------------------------------------------------------------------------------------

def test_query_runs_with_defaults(capsys):
    status, out, err = run(capsys, "query", "labels", *QUERIES, *DATA)
    assert status == ExitStatus.OK and err == ""
    # an IRI with a label shows the label: the table is for reading, csv/tsv/json keep the IRI
    assert out.splitlines()[2] == "Tokyo visit  Tokyo visit"


def test_query_takes_parameters(capsys):
    status, out, _ = run(capsys, "query", "contributions", *QUERIES, *DATA,
                         "--param", "currency=EUR", "-p", "minimum=10", "-f", "csv")
    assert status == ExitStatus.OK
    # Oxigraph keeps numbers in canonical form ("1500.50" is 1500.5); rdflib keeps the lexical form
    assert out == f"contribution,amount,currency\r\n{EX}small-gift,1500.5,EUR\r\n"
    _, out, _ = run(capsys, "query", "contributions", *QUERIES, *DATA, "--store", "memory",
                    "--param", "currency=EUR", "-p", "minimum=10", "-f", "csv")
    assert out == f"contribution,amount,currency\r\n{EX}small-gift,1500.50,EUR\r\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml", "markdown"])
def test_query_writes_every_row_format(capsys, tmp_path, fmt):
    status, stdout, _ = run(capsys, "query", "labels", *QUERIES, *DATA, "--format", fmt)
    assert status == ExitStatus.OK and ("Tokyo visit" if fmt == "table" else "tokyo-visit") in stdout
    target = tmp_path / f"out.{fmt}"
    status, out, err = run(capsys, "query", "labels", *QUERIES, *DATA, "--format", fmt, "-o", str(target))
    assert status == ExitStatus.OK and out == "" and err == f"wrote {target}\n"
    assert target.read_bytes().decode("utf-8") == stdout


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"), ("json-ld", "json-ld")])
def test_query_writes_graph_formats(capsys, fmt, parser):
    status, out, _ = run(capsys, "query", "about", *QUERIES, *DATA, "-p", f"resource={EX}tokyo-visit", "-f", fmt)
    assert status == ExitStatus.OK
    assert len(Graph().parse(data=out, format=parser)) == 3


def test_an_ask_query(capsys):
    status, out, _ = run(capsys, "query", "dated", *QUERIES, *DATA, "-p", "when=2013-04")
    assert (status, out) == (ExitStatus.OK, "yes\n")


@pytest.mark.parametrize(("args", "says"), [
    (["query", "lables", *QUERIES], "no stored query named 'lables'; did you mean labels"),
    (["query", "about", *QUERIES], "query 'about' needs parameter resource (iri)"),
    (["query", "labels", *QUERIES, "-p", "limit=ten"], "parameter 'limit': 'ten' is not an integer"),
    (["query", "labels", *QUERIES, "-p", "kind=nj:Place"], "parameter 'kind': nj:Place is not one of"),
    (["query", "labels", *QUERIES, "-p", "knd=nj:Visit"], "no parameter 'knd'; did you mean 'kind'?"),
    (["query", "labels", *QUERIES, "-p", "kind"], "--param takes KEY=VALUE, not 'kind'"),
    (["query", "labels", *QUERIES, "-p", "limit=1", "-p", "limit=2"], "parameter 'limit' is given twice"),
    (["query", "dated", *QUERIES, "-p", "when=April"], "parameter 'when': 'April' is not a date"),
    (["query", "labels", *QUERIES, "-f", "turtle"], "this query gives rows: use --format table"),
    (["query", "about", *QUERIES, "-p", "resource=njr:x", "-f", "csv"], "this query gives a graph"),
    (["query", "labels", *QUERIES, "-f", "yaml"], "Invalid value for '-f' / '--format'"),
    (["query", "labels", *QUERIES, "--reasoning", "owl"], "Invalid value for '--reasoning'"),
    (["query", "labels", *QUERIES, "--data", "missing.ttl"], "missing.ttl: no such file"),
    (["query", "labels", *QUERIES, "--bogus"], "No such option"),
    (["query"], "Missing argument 'NAME'"),
    (["queries", "--queries-dir", "no/such/folder"], "Directory 'no/such/folder' does not exist"),
    (["quer"], "No such command 'quer'"),
])
def test_user_mistakes_are_one_line_and_exit_2(capsys, args, says):
    status, out, err = run(capsys, *args)
    assert status == ExitStatus.BAD_INPUT
    assert says in one_line_error(err)
    assert out == ""


def test_a_bad_output_path_is_a_user_error(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    status, _, err = run(capsys, "query", "labels", *QUERIES, *DATA, "-o", str(blocker / "out.txt"))
    assert status == ExitStatus.BAD_INPUT
    assert "cannot write the answer" in one_line_error(err)


def test_reasoning_is_cached_in_the_given_folder(capsys, tmp_path):
    query = f"ASK {{ <{EX}tokyo-visit> a nj:Event }}"
    assert run(capsys, "sparql", query, *DATA)[1] == "no\n"
    status, out, _ = run(capsys, "sparql", query, *DATA, "--reasoning", "rdfs", "--cache-dir", str(tmp_path))
    assert (status, out) == (ExitStatus.OK, "yes\n")
    assert len(list(tmp_path.glob("closure-rdfs-*.nt"))) == 1


# --- sparql ------------------------------------------------------------------------------------

def test_sparql_inline(capsys):
    status, out, _ = run(capsys, "sparql", "SELECT ?label WHERE { nj:Visit rdfs:label ?label }", "--format", "csv")
    assert (status, out) == (ExitStatus.OK, "label\r\nvisit\r\n")


def test_sparql_from_a_file_and_from_stdin(capsys, tmp_path, monkeypatch):
    path = tmp_path / "q.rq"
    path.write_text("ASK { nj:Visit rdfs:subClassOf nj:Event }", encoding="utf-8")
    assert run(capsys, "sparql", "-f", str(path))[:2] == (ExitStatus.OK, "yes\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("ASK { nj:Visit rdfs:subClassOf nj:Place }"))
    assert run(capsys, "sparql", "-f", "-", "--format", "json")[1] == '{\n  "head": {},\n  "boolean": false\n}\n'


def test_a_syntax_error_shows_line_and_column_in_the_users_query(capsys):
    status, _, err = run(capsys, "sparql", "SELECT ?s WHERE {\n  ?s a nj:Event\n  FILTER( }")
    assert status == ExitStatus.BAD_INPUT
    assert one_line_error(err) == ("nj-graph: <query>:3:11: SPARQL syntax error at '}': "
                                   "'(' opened at line 3, column 9 is not closed")


def test_a_syntax_error_in_a_file_names_the_file(capsys, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("# a comment\nSELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    status, _, err = run(capsys, "sparql", "-f", str(path))
    assert one_line_error(err).startswith(f"nj-graph: {path}:2:")


@pytest.mark.parametrize(("args", "says"), [
    (["sparql"], "give either a QUERY argument or -f FILE"),
    (["sparql", "ASK {}", "-f", "q.rq"], "give either a QUERY argument or -f FILE"),
    (["sparql", "-f", "no-such-file.rq"], "no-such-file.rq: cannot read the query"),
    (["sparql", "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], "SERVICE is not allowed"),
    (["sparql", "SELECT * FROM <http://example.org/x> { ?s ?p ?o }"], "FROM and FROM NAMED are not allowed"),
    (["sparql", "LOAD <http://example.org/x>"], "updates"),
    (["sparql", "ASK { ?s a nj:Event }", "-f", "-", "--format", "turtle"], "give either"),
    (["sparql", "ASK { ?s a nj:Event }", "--format", "turtle"], "this query gives rows"),
])
def test_sparql_mistakes_are_one_line_and_exit_2(capsys, args, says):
    status, _, err = run(capsys, *args)
    assert status == ExitStatus.BAD_INPUT
    assert says in one_line_error(err)


# --- the entry point ---------------------------------------------------------------------------

def test_an_internal_error_is_one_line_and_exit_3(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the store fell over")

    monkeypatch.setattr(cli, "_answer", broken)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    status, _, err = run(capsys, "sparql", "ASK {}")
    assert status == ExitStatus.INTERNAL_ERROR
    line = one_line_error(err)
    assert "internal error: RuntimeError: the store fell over" in line and "report" in line


def test_the_debug_variable_shows_the_traceback(capsys, monkeypatch):
    monkeypatch.setattr(cli, "_answer", lambda *a, **k: 1 / 0)
    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    status, _, err = run(capsys, "sparql", "ASK {}")
    assert status == ExitStatus.INTERNAL_ERROR and "Traceback" in err


@pytest.mark.parametrize("command", [[], ["queries"], ["query"], ["sparql"]])
def test_help_for_every_command(capsys, command):
    status, out, _ = run(capsys, *command, "--help")
    assert status == ExitStatus.OK and out.startswith("Usage: nj-graph")


def test_version(capsys):
    from nj_graph import __version__

    assert run(capsys, "--version")[1] == f"nj-graph, version {__version__}\n"


def test_no_command_shows_the_help(capsys):
    status, out, err = run(capsys)
    assert status == ExitStatus.BAD_INPUT and "Commands:" in err


def test_python_dash_m_runs_the_command():
    done = subprocess.run([sys.executable, "-m", "nj_graph", "sparql", "-f", "-", "--format", "json"],
                          input="ASK { nj:Visit rdfs:subClassOf nj:Event }", capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"head": {}, "boolean": True}


def test_a_defect_in_the_answering_process_is_one_line_and_exit_3(capsys, monkeypatch):
    from nj_graph.query import answering

    def broken(*args, **kwargs):
        raise RuntimeError("a defect in rendering")

    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    monkeypatch.setattr(answering, "render", broken)  # the worker is forked: it runs this too
    status, _, err = run(capsys, "sparql", "ASK {}")
    assert status == ExitStatus.INTERNAL_ERROR
    line = one_line_error(err)
    assert "internal error: WorkerDefect: RuntimeError: a defect in rendering" in line and cli.DEBUG_ENV in line


def test_a_query_over_its_memory_is_stopped_in_one_line():
    # sorting every pair of triples holds millions of rows: far more than 64 MB. Run as a command,
    # so that what pyoxigraph itself writes when an allocation fails would be seen on stderr.
    result = subprocess.run([sys.executable, "-m", "nj_graph", "sparql", "--memory", "64",
                             "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"],
                            capture_output=True, text=True, timeout=120,
                            env={k: v for k, v in os.environ.items() if k != cli.DEBUG_ENV})
    assert result.returncode == ExitStatus.BAD_INPUT and result.stdout == ""
    assert "memory" in one_line_error(result.stderr)


def test_a_runaway_query_is_stopped_at_its_timeout(capsys):
    status, _, err = run(capsys, "sparql", "--timeout", "1",
                         "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert status == ExitStatus.BAD_INPUT
    assert "did not finish within the deadline of 1 s" in one_line_error(err)


def test_cite_prints_a_quote_that_validates_at_its_offsets(capsys):
    from rdflib import Graph, URIRef
    from nj_graph.core.namespaces import OA

    status, out, _ = run(capsys, "cite", "visited Tokyo in April 2005", "--quote", "njr:quote/s42")
    assert status == ExitStatus.OK
    graph = Graph().parse(data="@prefix nj: <https://w3id.org/nj-graph/ns#> . "
                               "@prefix njr: <https://w3id.org/nj-graph/id/> . "
                               "@prefix oa: <http://www.w3.org/ns/oa#> . "
                               "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + out, format="turtle")
    starts = [int(v) for v in graph.objects(None, OA.start)]
    ends = [int(v) for v in graph.objects(None, OA.end)]
    text = (SHIPPED.sources_dir / "nato-japan-cooperation.txt").read_text(encoding="utf-8")
    assert [text[starts[0]:ends[0]]] == ["visited Tokyo in April 2005"]
    assert (URIRef("https://w3id.org/nj-graph/id/quote/s42"), None, None) in graph


@pytest.mark.parametrize(("text", "says"), [("NATO", "occurs 21 times"), ("no such words", "is not in the text")])
def test_cite_refuses_absent_or_ambiguous_text(capsys, text, says):
    status, _, err = run(capsys, "cite", text)
    assert status == ExitStatus.BAD_INPUT
    assert says in one_line_error(err)
