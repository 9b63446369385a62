"""The remote store (`--store URL`) and `push`, against real servers and against small misbehaving
ones on loopback.

Real servers (tests/triplestores.py): the shipped graph is pushed over the Graph Store Protocol
into the project's named graph, counted, pushed again, and every stored query is answered through
RemoteStore and compared with the memory store (rdflib), the way tests/test_triplestores.py
compares raw protocol answers; Virtuoso's known differences are the strict xfails listed there.

Misbehaving servers (`http.server` in a thread on 127.0.0.1): each failure must come back as one
UserInputError line, within the small timeout the test gives, never as a hang or a traceback.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from contextlib import contextmanager
from urllib.parse import quote

import pyoxigraph as ox
import pytest

import test_stored_queries as stored_queries
import test_triplestores
from nj_graph.core.errors import UserInputError
from nj_graph.query.results import Answer as RdflibAnswer
from nj_graph.store import remote
from nj_graph.store.memory import MemoryStore
from nj_graph.store.oxigraph import OxigraphStore
from nj_graph.store.rdflib_terms import to_rdflib
from nj_graph.store.remote import DEFAULT_PUSH_GRAPH, SERVER_DEFAULT_GRAPH, RemoteStore, push

SERVERS = ["oxigraph_server", "virtuoso_server"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: Small enough that a test of a slow server ends quickly, large enough for loopback.
SHORT = 1.0


# --- real servers ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped_triples() -> list[ox.Triple]:
    return list(OxigraphStore.in_memory().triples())


@pytest.fixture(scope="module")
def memory_store() -> MemoryStore:
    return MemoryStore.load()


def gsp_url(server) -> str:
    """The server's Graph Store Protocol URL, with its credentials in it where it needs them."""
    if server.credentials is None:
        return server.graph_store_url
    user, password = server.credentials
    scheme, rest = server.graph_store_url.split("://", 1)
    return f"{scheme}://{quote(user)}:{quote(password)}@{rest}"


@pytest.fixture(params=SERVERS)
def server(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(params=SERVERS)
def pushed(request, shipped_triples):
    """A server holding the shipped graph in DEFAULT_PUSH_GRAPH."""
    server = request.getfixturevalue(request.param)
    assert push(gsp_url(server), shipped_triples, timeout=120) == len(shipped_triples)
    return server


def count(store: RemoteStore) -> int:
    return int(store.query(COUNT, form="SELECT").bindings[0][0].value)


def test_push_counts_and_a_second_push_replaces(server, shipped_triples):
    sent: list[int] = []
    assert push(gsp_url(server), shipped_triples, timeout=120, progress=sent.append) == len(shipped_triples)
    assert sent[-1] == len(shipped_triples) and sent == sorted(sent)
    store = RemoteStore(server.query_url, timeout=60)
    assert count(store) == len(shipped_triples)
    assert push(gsp_url(server), shipped_triples, timeout=120) == len(shipped_triples)
    assert count(store) == len(shipped_triples)


def test_push_leaves_other_graphs_alone(pushed, shipped_triples):
    other = "urn:nj-graph:test:other"
    assert push(gsp_url(pushed), shipped_triples[:10], graph=other, timeout=60) == 10
    assert count(RemoteStore(pushed.query_url, graph=other)) == 10
    assert count(RemoteStore(pushed.query_url)) == len(shipped_triples)


def test_the_servers_own_default_graph_can_be_queried(pushed, shipped_triples):
    """Oxigraph's default graph holds none of the named graphs; Virtuoso's is the union of all."""
    seen = count(RemoteStore(pushed.query_url, graph=SERVER_DEFAULT_GRAPH))
    if pushed.union_default_graph:
        assert seen > len(shipped_triples)
    else:
        assert seen == 0


def test_ask_is_a_boolean_on_every_server(pushed):
    store = RemoteStore(pushed.query_url)
    assert store.query("ASK { ?group a nj:PartnerGroup }", form="ASK").boolean is True
    assert store.query("ASK { ?group a nj:NoSuchClass }", form="ASK").boolean is False


def test_triples_and_labels(pushed, shipped_triples, memory_store):
    store = RemoteStore(pushed.query_url)
    assert len(list(store.triples())) == len(shipped_triples)
    iris = ["https://w3id.org/nj-graph/ns#Visit", "https://w3id.org/nj-graph/id/japan", "urn:nj-graph:none"]
    assert store.labels(iris) == memory_store.labels(iris)
    assert store.labels(iris)["https://w3id.org/nj-graph/ns#Visit"] == "visit"


HOSTILE = [
    ox.Literal('a "quoted" word'),
    ox.Literal("back\\slash at the end\\"),
    ox.Literal('line one\nline two\r\n" } } SELECT * WHERE { ?s ?p ?o } #'),
    ox.Literal("\\u0022 stays six characters"),
    ox.Literal("tab\tand \u2028 and é", language="en-gb"),
    ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.NamedNode("https://w3id.org/nj-graph/id/japan"),
]


@pytest.mark.parametrize("term", HOSTILE, ids=range(len(HOSTILE)))
def test_a_bound_value_comes_back_exactly(server, term):
    answer = RemoteStore(server.query_url).query("SELECT ?x WHERE { }", form="SELECT", bindings={"x": term})
    assert answer.bindings == [(term,)]


def test_a_where_group_that_is_a_sub_select_is_bound_too(pushed):
    # The sub-select matches something: Virtuoso 7.2.5 joins VALUES with an empty sub-select to no rows.
    japan = ox.NamedNode("https://w3id.org/nj-graph/id/japan")
    answer = RemoteStore(pushed.query_url).query("SELECT ?x ?type WHERE { SELECT ?x ?type WHERE { ?x a ?type } }",
                                                 form="SELECT", bindings={"x": japan})
    assert answer.bindings == [(japan, ox.NamedNode("https://w3id.org/nj-graph/ns#State"))]


def _stored_query_cases() -> list:
    cases = []
    for server_name in SERVERS:
        for name in stored_queries.NAMES:
            reason = test_triplestores.VIRTUOSO_DIFFERENCES.get(name) if server_name == "virtuoso_server" else None
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            cases.append(pytest.param(server_name, name, id=f"{server_name.removesuffix('_server')}-{name}",
                                      marks=marks))
    return cases


@pytest.fixture(scope="module")
def pushed_once(request, shipped_triples):
    """Server name -> server, each pushed the shipped graph once for the stored-query comparisons."""
    done = {}

    def get(name: str):
        if name not in done:
            server = request.getfixturevalue(name)
            push(gsp_url(server), shipped_triples, timeout=120)
            done[name] = server
        return done[name]

    return get


def as_rdflib(answer) -> RdflibAnswer:
    return RdflibAnswer("SELECT", answer.variables, [tuple(to_rdflib(t) for t in row) for row in answer.bindings])


@pytest.mark.parametrize("server_name,name", _stored_query_cases())
def test_stored_query_agrees_with_the_memory_store(pushed_once, memory_store, server_name, name):
    server = pushed_once(server_name)
    stored = stored_queries.QUERIES[name]
    bindings = stored.bind()
    expected = memory_store.query(stored.text, form="SELECT", bindings=bindings, shape=stored.query.shape)
    answer = RemoteStore(server.query_url, timeout=120).query(stored.text, form="SELECT", bindings=bindings)
    ok, why = stored_queries.same_rows(stored, as_rdflib(expected), as_rdflib(answer))
    assert ok, f"{server.name} and the memory store disagree on {name}:\n{why}"


def test_a_syntax_error_names_the_users_line(server):
    with pytest.raises(UserInputError) as caught:
        RemoteStore(server.query_url).query("SELECT ?s\nWHERE { ?s ?p }", form="SELECT")
    message = caught.value.one_line()
    assert "400" in message and "\n" not in message
    assert ("line 2" in message) if server.name == "virtuoso" else ("at 2:" in message)


def test_writes_without_the_right_credentials_are_refused(virtuoso_server):
    with pytest.raises(UserInputError, match="asks for a user name and password"):
        push(virtuoso_server.graph_store_url, [], timeout=30)
    scheme, rest = virtuoso_server.graph_store_url.split("://", 1)
    with pytest.raises(UserInputError, match="did not accept") as caught:
        push(f"{scheme}://dba:wrong-secret@{rest}", [], timeout=30)
    assert "wrong-secret" not in caught.value.one_line()


def test_credentials_can_come_from_the_environment(virtuoso_server, monkeypatch):
    user, password = virtuoso_server.credentials
    monkeypatch.setenv("NJ_GRAPH_STORE_USER", user)
    monkeypatch.setenv("NJ_GRAPH_STORE_PASSWORD", password)
    graph = "urn:nj-graph:test:environment"
    triple = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))
    assert push(virtuoso_server.graph_store_url, [triple], graph=graph, timeout=30) == 1
    assert count(RemoteStore(virtuoso_server.query_url, graph=graph)) == 1


# --- misbehaving servers on loopback ----------------------------------------------------------

class Scripted(http.server.BaseHTTPRequestHandler):
    """Answers every request with the server's `answer(handler)`; records what it was sent."""

    def do_GET(self):
        self._answer()

    do_POST = do_PUT = do_HEAD = do_GET

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
        try:
            self.server.answer(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, *args):
        pass


@contextmanager
def loopback(answer, host: str = "127.0.0.1"):
    """A server on `host` whose requests are all answered by `answer(handler)`; yields it."""
    server = http.server.ThreadingHTTPServer((host, 0), Scripted)
    server.daemon_threads = True
    server.answer = answer
    server.requests = []
    server.url = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def reply(status: int, body: bytes, content_type: str, headers: dict | None = None):
    def answer(handler):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)
    return answer


JSON_RESULTS = "application/sparql-results+json"
GOOD = json.dumps({"head": {"vars": ["x"]},
                   "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}).encode()


def one_line_error(call) -> str:
    with pytest.raises(UserInputError) as caught:
        call()
    message = caught.value.one_line()
    assert "\n" not in message and message
    return message


def ask_for_rows(url: str, **options):
    return RemoteStore(url, timeout=SHORT, **options).query("SELECT ?x WHERE { }", form="SELECT")


def test_a_good_answer_is_read_and_the_request_is_sparql_protocol():
    with loopback(reply(200, GOOD, JSON_RESULTS)) as server:
        answer = ask_for_rows(server.url + "/sparql")
        method, path, headers, body = server.requests[0]
    assert answer.bindings == [(ox.Literal("ok"),)]
    assert (method, path) == ("POST", "/sparql")
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert headers["Accept"].startswith(JSON_RESULTS)
    assert b"default-graph-uri=" + quote(DEFAULT_PUSH_GRAPH, safe="").encode() in body
    assert b"PREFIX+nj%3A+" in body  # the project's prefixes, declared for the query


def test_a_refused_connection():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections are refused
        assert "refused the connection" in one_line_error(lambda: ask_for_rows(f"http://127.0.0.1:{port}/sparql"))


def test_an_unknown_host():
    assert "not known" in one_line_error(lambda: ask_for_rows("http://no-such-host.invalid/sparql"))


def test_an_error_status_shows_the_first_line_of_its_body():
    body = b"Virtuoso 37000 Error SP030: something failed\n\nSPARQL query:\nSELECT ..."
    with loopback(reply(500, body, "text/plain")) as server:
        message = one_line_error(lambda: ask_for_rows(server.url))
    assert "500" in message and "SP030: something failed" in message and "SPARQL query" not in message


def test_a_long_first_line_is_cut():
    with loopback(reply(502, b"x" * 5000, "text/plain")) as server:
        message = one_line_error(lambda: ask_for_rows(server.url))
    assert "502" in message and len(message) < 400


def test_a_web_page_is_not_sparql():
    page = b"<!DOCTYPE html><html><body>Welcome</body></html>"
    with loopback(reply(200, page, "text/html; charset=utf-8")) as server:
        assert "web page" in one_line_error(lambda: ask_for_rows(server.url))


@pytest.mark.parametrize("body", [b'{"head": {"vars": ["x"]}, "results": {"bindings": [', b"not json at all",
                                  b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}'])
def test_malformed_results(body):
    with loopback(reply(200, body, JSON_RESULTS)) as server:
        assert "malformed" in one_line_error(lambda: ask_for_rows(server.url))


def test_a_malformed_graph():
    with loopback(reply(200, b"<urn:a> <urn:b> .\n", "application/n-triples")) as server:
        store = RemoteStore(server.url, timeout=SHORT)
        assert "malformed graph" in one_line_error(lambda: store.query("CONSTRUCT WHERE { ?s ?p ?o }",
                                                                       form="CONSTRUCT"))


def test_a_boolean_for_a_select_is_refused():
    with loopback(reply(200, b'{"head": {}, "boolean": true}', JSON_RESULTS)) as server:
        assert "answered a SELECT query with a boolean" in one_line_error(lambda: ask_for_rows(server.url))


def test_a_redirect_on_the_same_host_is_followed():
    def answer(handler):
        if handler.path == "/old":
            reply(307, b"", "text/plain", {"Location": "/sparql"})(handler)
        else:
            reply(200, GOOD, JSON_RESULTS)(handler)

    with loopback(answer) as server:
        assert ask_for_rows(server.url + "/old").bindings == [(ox.Literal("ok"),)]
        assert [(m, p) for m, p, _, _ in server.requests] == [("POST", "/old"), ("POST", "/sparql")]
        assert server.requests[0][3] == server.requests[1][3]  # the query sent again, unchanged


@pytest.mark.parametrize("elsewhere", ["http://localhost:{port}/sparql", "http://127.0.0.2:{port}/sparql",
                                       "http://127.0.0.1:1/sparql", "file:///etc/passwd"])
def test_a_redirect_elsewhere_is_refused(elsewhere):
    with loopback(reply(200, GOOD, JSON_RESULTS)) as target:
        port = target.server_address[1]
        location = elsewhere.format(port=port)
        with loopback(reply(302, b"", "text/plain", {"Location": location})) as server:
            message = one_line_error(lambda: ask_for_rows(server.url))
        assert target.requests == []
    assert "redirects to" in message and "another host" in message


def test_endless_redirects_stop():
    with loopback(reply(302, b"", "text/plain", {"Location": "/again"})) as server:
        assert "redirected more than" in one_line_error(lambda: ask_for_rows(server.url))
        assert len(server.requests) == remote.guarded_http.MAX_REDIRECTS + 1


def trickle(handler, *, in_headers: bool = False):
    """A byte every tenth of a second, for as long as the client listens."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    if not in_headers:
        handler.wfile.write(f"Content-Type: {JSON_RESULTS}\r\nContent-Length: 100000\r\n\r\n".encode())
    for _ in range(600):
        handler.wfile.write(b"X" if in_headers else b" ")
        handler.wfile.flush()
        time.sleep(0.1)


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_trickling_server_is_cut_off_at_the_timeout(in_headers):
    with loopback(lambda handler: trickle(handler, in_headers=in_headers)) as server:
        assert "did not answer within 1 s" in one_line_error(lambda: ask_for_rows(server.url))


def test_a_silent_server_is_cut_off_at_the_timeout():
    with loopback(lambda handler: time.sleep(10)) as server:
        assert "did not answer within 1 s" in one_line_error(lambda: ask_for_rows(server.url))


def test_an_answer_over_the_cap_is_refused_before_it_is_read():
    with loopback(reply(200, b" " * 5000, JSON_RESULTS)) as server:
        message = one_line_error(lambda: ask_for_rows(server.url, max_response_bytes=1000))
    assert "larger than 1000 bytes" in message


def test_an_answer_over_the_cap_without_a_length_is_cut_while_read():
    def endless(handler):
        handler.protocol_version = "HTTP/1.0"  # no Content-Length: the body ends when the connection does
        handler.send_response(200)
        handler.send_header("Content-Type", JSON_RESULTS)
        handler.end_headers()
        for _ in range(10_000):
            handler.wfile.write(b" " * 1024)

    with loopback(endless) as server:
        assert "larger than 4096 bytes" in one_line_error(lambda: ask_for_rows(server.url, max_response_bytes=4096))


def test_basic_credentials_are_sent_when_asked_and_never_shown():
    def answer(handler):
        if handler.headers.get("Authorization") == "Basic YW5uOnMzY3JldA==":  # ann:s3cret
            reply(200, GOOD, JSON_RESULTS)(handler)
        else:
            reply(401, b"who are you?", "text/plain", {"WWW-Authenticate": 'Basic realm="sparql"'})(handler)

    with loopback(answer) as server:
        authority = server.url.removeprefix("http://")
        assert ask_for_rows(f"http://ann:s3cret@{authority}/sparql").bindings == [(ox.Literal("ok"),)]
        assert "Authorization" not in server.requests[0][2]  # sent only once asked for
        message = one_line_error(lambda: ask_for_rows(f"http://ann:wrong-s3cret@{authority}/sparql"))
    assert "did not accept" in message and "s3cret" not in message and "ann" not in message


def test_push_to_something_that_is_not_a_graph_store_says_which_url_it_needs():
    with loopback(reply(405, b"method not allowed", "text/plain")) as server:
        message = one_line_error(lambda: push(server.url + "/query", [], timeout=SHORT))
    assert "405" in message and "Graph Store Protocol URL" in message


def test_push_sends_ntriples_into_the_named_graph():
    triple = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal('say "hi"\n', language="en"))
    with loopback(reply(204, b"", "text/plain")) as server:
        assert push(server.url + "/store", [triple] * 3, timeout=SHORT) == 3
        method, path, headers, body = server.requests[0]
    assert (method, path) == ("PUT", "/store?graph=" + quote(DEFAULT_PUSH_GRAPH, safe=""))
    assert headers["Content-Type"].startswith("application/n-triples")
    assert list(ox.parse(body, ox.RdfFormat.N_TRIPLES)) == [ox.Quad(*triple)] * 3


@pytest.mark.parametrize("graph", ["not an iri", "relative/graph"])
def test_a_graph_that_is_not_an_iri_is_refused(graph):
    assert "not an absolute IRI" in one_line_error(lambda: RemoteStore("http://127.0.0.1:1/", graph=graph))


def test_a_bad_url_is_refused_without_showing_its_password():
    message = one_line_error(lambda: RemoteStore("http://ann:pa55word@127.0.0.1:port/sparql"))
    assert "not a valid URL" in message and "pa55word" not in message
