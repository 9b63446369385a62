"""`nj-graph serve` against a live server on loopback: the SPARQL 1.1 Protocol with its formats,
refusals and limits, the stored-query API and its OpenAPI description, resource pages, the
validator upload, and a runaway query stopped while other clients are still answered."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph
import pytest

from loopback import assert_untouched

ROOT = Path(__file__).resolve().parent.parent
EVENTS = "SELECT ?event WHERE { ?event a nj:Visit } ORDER BY ?event"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def sparql(server, query, accept="application/sparql-results+json", **kwargs):
    return httpx.get(server.sparql_url, params={"query": query}, headers={"Accept": accept}, timeout=30, **kwargs)


def error_of(response) -> dict:
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    return response.json()["error"]


# --- the protocol ------------------------------------------------------------------------------

def test_get_post_form_and_post_query_give_the_same_rows(nj_graph_server):
    accept = {"Accept": "application/sparql-results+json"}
    by_get = sparql(nj_graph_server, EVENTS).json()
    by_form = httpx.post(nj_graph_server.sparql_url, data={"query": EVENTS}, headers=accept).json()
    by_body = httpx.post(nj_graph_server.sparql_url, content=EVENTS.encode(),
                         headers={**accept, "Content-Type": "application/sparql-query"}).json()
    assert by_get["results"]["bindings"]
    assert by_get == by_form == by_body


@pytest.mark.parametrize(("accept", "media", "first_line"), [
    ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
    ("text/csv", "text/csv", "event"),
    ("text/tab-separated-values", "text/tab-separated-values", "?event"),
    ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json", "{"),
])
def test_rows_are_negotiated(nj_graph_server, accept, media, first_line):
    response = sparql(nj_graph_server, EVENTS, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.text.startswith(first_line)


@pytest.mark.parametrize(("accept", "rdf_format"), [
    ("text/turtle", pyoxigraph.RdfFormat.TURTLE), ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
    ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD), ("application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
])
def test_graphs_are_negotiated(nj_graph_server, accept, rdf_format):
    response = sparql(nj_graph_server, "CONSTRUCT WHERE { njr:japan ?p ?o }", accept)
    assert response.status_code == 200
    triples = list(pyoxigraph.parse(response.content, format=rdf_format))
    assert triples and all(t.subject.value.endswith("/id/japan") for t in triples)


def test_an_unacceptable_format_is_406(nj_graph_server):
    assert error_of(sparql(nj_graph_server, EVENTS, "image/png"))["status"] == 406


def test_ask_answers_a_boolean(nj_graph_server):
    assert sparql(nj_graph_server, "ASK { njr:japan a nj:State }").json()["boolean"] is True


@pytest.mark.parametrize(("query", "word"), [
    ("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <{url}> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * WHERE { GRAPH <{url}> { ?s ?p ?o } }", "GRAPH"),
    ("LOAD <{url}>", ""),
])
def test_nothing_makes_the_server_fetch_a_url(nj_graph_server, listener, query, word):
    response = sparql(nj_graph_server, query.replace("{url}", listener.url()))
    assert response.status_code == 400
    assert word in error_of(response)["message"]
    assert_untouched(listener)


def test_updates_are_refused(nj_graph_server):
    by_form = httpx.post(nj_graph_server.sparql_url, data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    by_body = httpx.post(nj_graph_server.sparql_url, content=b"DELETE WHERE { ?s ?p ?o }",
                         headers={"Content-Type": "application/sparql-update"})
    assert error_of(by_form)["type"] == error_of(by_body)["type"] == "UpdateRefused"
    assert sparql(nj_graph_server, "ASK { <urn:a> ?p ?o }").json()["boolean"] is False


def test_a_dataset_named_in_the_request_is_refused(nj_graph_server, listener):
    response = httpx.get(nj_graph_server.sparql_url, params={"query": EVENTS, "default-graph-uri": listener.url()})
    assert error_of(response)["type"] == "DatasetRefused"
    assert_untouched(listener)


def test_a_syntax_error_is_a_structured_message_placed_in_the_query(nj_graph_server):
    error = error_of(sparql(nj_graph_server, "SELECT ?s WHERE {\n  ?s ?p ?o . ?s ?p }"))
    assert error["status"] == 400 and error["type"] == "QuerySyntaxError"
    assert error.get("line") == 2


def test_a_body_over_the_limit_is_413_and_a_query_string_414(nj_graph_server):
    padded = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 10_000
    assert error_of(httpx.post(nj_graph_server.sparql_url, content=padded.encode(),
                               headers={"Content-Type": "application/sparql-query"}))["status"] == 413
    assert sparql(nj_graph_server, padded).status_code == 414


def test_answers_are_cut_at_the_row_limit_and_say_so(nj_graph_server):
    response = sparql(nj_graph_server, "SELECT * WHERE { ?s ?p ?o }")
    assert len(response.json()["results"]["bindings"]) == 1000
    assert response.headers["x-result-truncated"].startswith("true")
    assert "x-result-truncated" not in sparql(nj_graph_server, EVENTS).headers


def test_browser_clients_may_read_answers_from_any_origin(nj_graph_server):
    response = httpx.get(nj_graph_server.sparql_url, params={"query": EVENTS}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(nj_graph_server.sparql_url, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_the_service_description_describes_this_endpoint(nj_graph_server):
    response = httpx.get(nj_graph_server.sparql_url, headers={"Accept": "text/turtle"})
    store = pyoxigraph.Store()
    store.load(response.content, format=pyoxigraph.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = pyoxigraph.NamedNode(nj_graph_server.sparql_url)
    assert store.query(f"ASK {{ ?service <{sd}endpoint> <{endpoint.value}> ; "
                       f"<{sd}supportedLanguage> <{sd}SPARQL11Query> ; "
                       f"<{sd}resultFormat> <http://www.w3.org/ns/formats/SPARQL_Results_CSV> }}")
    assert not store.query(f"ASK {{ ?service <{sd}feature> ?feature }}")  # no federation, no dereferencing


def test_health(nj_graph_server):
    health = httpx.get(nj_graph_server.url("/health")).json()
    assert health["status"] == "ok" and health["workers"] == 2 and health["triples"] > 1000


def test_the_access_log_has_a_line_for_each_request(nj_graph_server):
    import time

    httpx.get(nj_graph_server.url("/health"), params={"marker": "1"})
    for _ in range(100):  # the line is written just after the answer is sent
        if '"GET /health?…" 200' in nj_graph_server.log.read_text():
            break
        time.sleep(0.05)
    assert '"GET /health?…" 200' in nj_graph_server.log.read_text()


# --- workers and deadlines ---------------------------------------------------------------------

def test_a_runaway_query_is_stopped_while_other_clients_are_answered(nj_graph_server):
    replaced_before = httpx.get(nj_graph_server.url("/health")).json()["replaced"]
    with ThreadPoolExecutor(max_workers=5) as pool:
        runaway = pool.submit(sparql, nj_graph_server, RUNAWAY)
        others = [pool.submit(sparql, nj_graph_server, EVENTS) for _ in range(20)]
        stopped = runaway.result()
        answered = [future.result() for future in others]
    assert stopped.status_code == 504
    assert "was stopped" in error_of(stopped)["message"]
    assert [r.status_code for r in answered] == [200] * 20
    assert httpx.get(nj_graph_server.url("/health")).json()["replaced"] == replaced_before + 1
    assert sparql(nj_graph_server, EVENTS).status_code == 200  # the replacement answers too


# --- stored queries ----------------------------------------------------------------------------

def test_the_stored_queries_are_listed_with_their_parameters(nj_graph_server):
    listed = {q["name"]: q for q in httpx.get(nj_graph_server.url("/api/queries")).json()["queries"]}
    assert {p.stem for p in (ROOT / "queries").glob("*.rq")} == set(listed)
    assert {p["name"] for p in listed["timeline"]["params"]} >= {"from", "to"}


def test_a_stored_query_runs_with_typed_parameters(nj_graph_server):
    everything = httpx.get(nj_graph_server.url("/api/queries/timeline")).json()["results"]["bindings"]
    later = httpx.get(nj_graph_server.url("/api/queries/timeline"), params={"from": "2013"}).json()
    assert 0 < len(later["results"]["bindings"]) < len(everything)
    csv = httpx.get(nj_graph_server.url("/api/queries/timeline"), params={"format": "csv", "download": "1"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="timeline.csv"'


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"from": "abc"}, 400, "not a date"),
    ({"from": "2013' } UNION { ?s ?p ?o"}, 400, "not a date"),
    ({"colour": "red"}, 400, "colour"),
])
def test_a_bad_parameter_is_refused_by_name(nj_graph_server, params, status, words):
    response = httpx.get(nj_graph_server.url("/api/queries/timeline"), params=params)
    assert response.status_code == status and words in error_of(response)["message"]


def test_an_unknown_stored_query_suggests_the_closest(nj_graph_server):
    response = httpx.get(nj_graph_server.url("/api/queries/timelin"))
    assert response.status_code == 404 and "timeline" in error_of(response)["message"]


def test_the_openapi_description_follows_the_headers(nj_graph_server):
    document = httpx.get(nj_graph_server.url("/api/openapi.json")).json()
    assert document["openapi"].startswith("3.")
    timeline = document["paths"]["/api/queries/timeline"]["get"]
    names = {p["name"]: p for p in timeline["parameters"]}
    assert names["from"]["schema"]["type"] == "string" and not names["from"]["required"]
    assert len([p for p in document["paths"] if p.startswith("/api/queries/")]) == len(list((ROOT / "queries").glob("*.rq")))


# --- resources ---------------------------------------------------------------------------------

def test_a_resource_is_html_to_a_browser_and_rdf_to_an_rdf_client(nj_graph_server):
    url = nj_graph_server.url("/id/japan")
    page = httpx.get(url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html") and "Japan" in page.text
    turtle = httpx.get(url, headers={"Accept": "text/turtle"})
    assert list(pyoxigraph.parse(turtle.content, format=pyoxigraph.RdfFormat.TURTLE))
    by_suffix = httpx.get(url + ".nt")
    assert by_suffix.headers["content-type"].startswith("application/n-triples")
    assert "<https://w3id.org/nj-graph/id/japan>" in by_suffix.text


def test_an_unknown_resource_is_404(nj_graph_server):
    assert httpx.get(nj_graph_server.url("/id/atlantis"), headers={"Accept": "text/turtle"}).status_code == 404


# --- validation over HTTP ----------------------------------------------------------------------

def test_validate_gives_the_report_of_the_command(nj_graph_server, tmp_path):
    bad = ROOT / "tests" / "validation" / "check-duplicate-label-warning" / "invalid-second-north-korea.ttl"
    response = httpx.post(nj_graph_server.url("/validate"), content=bad.read_bytes(),
                          headers={"Content-Type": "text/turtle", "Accept": "application/json"}, timeout=120)
    assert response.status_code == 200 and response.headers["x-conforms"] == "true"  # warnings only
    (tmp_path / "contribution.ttl").write_bytes(bad.read_bytes())
    command = subprocess.run([sys.executable, "-m", "nj_graph", "validate", "contribution.ttl", "--output", "json"],
                             cwd=tmp_path, capture_output=True, text=True)
    assert response.json() == json.loads(command.stdout)
    assert response.json()["counts"]["warning"] > 0


def test_validate_answers_a_form_upload_as_text(nj_graph_server):
    response = httpx.post(nj_graph_server.url("/validate"), params={"format": "text"},
                          files={"file": ("mine.ttl", b"@prefix x: <http://x/> . x:a x:b", "text/turtle")})
    assert response.status_code == 422 and response.headers["x-conforms"] == "false"  # unusable: a syntax error
    assert "contribution.ttl:1: Turtle error" in response.text and "/tmp" not in response.text


def test_validate_refuses_a_file_over_the_upload_limit(nj_graph_server):
    response = httpx.post(nj_graph_server.url("/validate"), content=b"#" * 70_000,
                          headers={"Content-Type": "text/turtle"})
    assert error_of(response)["status"] == 413


# --- real clients ------------------------------------------------------------------------------

def test_sparqlwrapper(nj_graph_server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(nj_graph_server.sparql_url)
    client.setQuery("PREFIX nj: <https://w3id.org/nj-graph/ns#> " + EVENTS)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert rows and all(row["event"]["type"] == "uri" for row in rows)


def test_rdflib_sparqlstore(nj_graph_server):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(SPARQLStore(nj_graph_server.sparql_url, returnFormat="json"))
    rows = list(graph.query("PREFIX nj: <https://w3id.org/nj-graph/ns#> " + EVENTS))
    assert rows and all(isinstance(row[0], URIRef) for row in rows)
    assert graph.query("ASK { <https://w3id.org/nj-graph/id/japan> ?p ?o }").askAnswer is True


# --- the command line stays light --------------------------------------------------------------

def test_the_command_line_imports_no_server_library():
    code = ("import sys, nj_graph.cli; heavy = [m for m in ('starlette', 'uvicorn', 'jinja2', 'rdflib') "
            "if m in sys.modules]; print(heavy)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"


# --- the rate limit ----------------------------------------------------------------------------

def test_a_client_over_the_rate_limit_gets_429_with_retry_after():
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from nj_graph.serve.guards import RateLimit

    app = Starlette(routes=[Route("/", lambda request: PlainTextResponse("ok")),
                            Route("/health", lambda request: PlainTextResponse("ok"))])
    client = TestClient(RateLimit(app, rate=0.1, burst=3))
    assert [client.get("/").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get("/")
    assert refused.json()["error"]["type"] == "TooManyRequests"
    assert int(refused.headers["retry-after"]) >= 1
    assert client.get("/health").status_code == 200  # health checks are never limited


# --- the web page ------------------------------------------------------------------------------

def test_the_page_runs_a_stored_query_and_shows_its_rows(nj_graph_server, browser_page):
    browser_page.goto(nj_graph_server.url("/"))
    browser_page.click("button.run-stored[data-name='partners']")
    browser_page.wait_for_selector("#table table tbody tr")
    assert browser_page.locator("#table table tbody tr").count() > 0
    assert "row(s)" in browser_page.inner_text("#status")
    assert browser_page.locator("#downloads a.download").count() == 4


def test_the_page_runs_the_editors_query_and_the_timeline(nj_graph_server, browser_page):
    browser_page.goto(nj_graph_server.url("/"))
    browser_page.fill("#query", "SELECT ?state WHERE { ?state a nj:State } ORDER BY ?state")
    browser_page.click("#run")
    browser_page.wait_for_selector("#table table tbody tr")
    assert "japan" in browser_page.inner_text("#table")
    browser_page.click("#show-timeline")
    browser_page.wait_for_selector("#timeline li")
    assert browser_page.locator("#timeline li").count() > 10


def test_a_resource_page_is_the_published_description_and_its_links_resolve(nj_graph_server):
    import re

    page = httpx.get(nj_graph_server.url("/id/japan"), headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "NATO" in page.text and "quote" in page.text.lower()  # the statements and the quotes behind them
    links = sorted(set(re.findall(r'href="(/id/[^"#?]+)"', page.text)))
    assert links, "the page links to other resources on this server"
    for link in links[:25]:
        assert httpx.get(nj_graph_server.url(link), headers={"Accept": "text/html"}).status_code == 200, link
    assert 'href="/index.html"' not in page.text  # the static site's navigation is not the server's
