"""A SPARQL endpoint as a store (`--store URL`), and pushing the graph into one (`nj-graph push`).

Queries go over the SPARQL 1.1 Protocol: a POST of `query=` (form-encoded), asking for SPARQL
JSON results (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE), read into pyoxigraph terms. Pushes
go over the SPARQL 1.1 Graph Store Protocol: an HTTP PUT of N-Triples to `GSP-URL?graph=IRI`,
which replaces that one named graph and leaves the rest of the store alone. The HTTP itself is
`nj_graph.store.guarded_http`: a total deadline, a size cap, same-host redirects, basic/digest auth.

Which graph. `push` writes the named graph DEFAULT_PUSH_GRAPH (`https://w3id.org/nj-graph/graph/main`)
unless told otherwise, and a RemoteStore queries that same graph by default, sending it as
`default-graph-uri`: so a push followed by queries works on any server, whether its default graph
is empty apart from named graphs (Oxigraph) or the union of every graph it holds, system graphs
included (Virtuoso). `graph=SERVER_DEFAULT_GRAPH` ("default") sends no dataset and queries the
server's own default graph: someone else's data, or Oxigraph run with `--union-default-graph`.

The endpoint URLs differ by server: queries go to Oxigraph's `/query` or Virtuoso's `/sparql`;
pushes to the Graph Store Protocol URL, Oxigraph's `/store` or Virtuoso's `/sparql-graph-crud-auth`
(digest authentication; give the credentials in the URL or in NJ_GRAPH_STORE_USER/_PASSWORD).

What is sent. The project's prefixes that the query does not declare itself are declared on one
line put before it, so the endpoint's line numbers are the user's plus one; error messages are
given back with the user's numbers. Parameters are bound by a VALUES block put just after the `{`
that opens the outermost WHERE group, each value a term written in N-Triples syntax by pyoxigraph
(quotes, backslashes and line breaks escaped), never the user's text pasted in. Only the URL the
user gives is ever contacted: nothing found in an answer is followed.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from ..core.errors import UserInputError
from ..core.prefixes import BASE, PREFIXES
from ..query.answer import Answer, Term
from ..query.binding import with_values
from ..query.lexer import inspect
from ..query.shape import QueryShape
from . import guarded_http
from .base import Store, pick_label
from .guarded_http import Endpoint, Response

#: The named graph `push` fills and a RemoteStore reads unless told otherwise.
DEFAULT_PUSH_GRAPH = BASE + "graph/main"
#: `graph=` value meaning the server's own default graph (no `default-graph-uri` is sent).
SERVER_DEFAULT_GRAPH = "default"
#: Seconds a query may take, sending and reading included, when no timeout is given.
DEFAULT_TIMEOUT = 60.0
#: Seconds a push may take when no timeout is given.
DEFAULT_PUSH_TIMEOUT = 600.0
#: The largest answer read from an endpoint, in bytes.
DEFAULT_MAX_RESPONSE_BYTES = 256 * 2**20

NTRIPLES = "application/n-triples"
_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # N-Triples' old media type, still sent by some servers
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
}
#: Virtuoso answers ASK as a one-row SELECT of this variable, 1 or 0.
_VIRTUOSO_ASK = "__ASK_RETVAL"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
#: Triples per progress step of a push.
_PROGRESS_STEP = 1000


class RemoteStore(Store):
    """A SPARQL 1.1 query endpoint: Oxigraph's `/query`, Virtuoso's `/sparql`, or any other.

    `graph` is the named graph queried (default DEFAULT_PUSH_GRAPH, what `push` fills), or
    SERVER_DEFAULT_GRAPH for the server's own default graph. `timeout` bounds each request as a
    whole (default DEFAULT_TIMEOUT seconds); `max_response_bytes` caps each answer.
    """

    def __init__(self, url: str, *, timeout: float | None = None, graph: str | None = None,
                 max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES) -> None:
        self.endpoint = Endpoint.parse(url)
        self.name = self.endpoint.shown
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.graph = _checked_graph(graph)
        self.max_response_bytes = max_response_bytes

    def query(self, text: str, *, form: str, bindings: Mapping[str, Term] | None = None,
              shape: QueryShape | None = None) -> Answer:
        form = form.upper()
        sent, added_lines = prepared_query(text, bindings, shape)
        fields = {"query": sent}
        if self.graph is not None and not _names_a_dataset(self.endpoint.url):
            fields["default-graph-uri"] = self.graph
        body = urlencode(fields).encode("ascii")
        accept = _GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS_ACCEPT
        response = guarded_http.request(
            self.endpoint, "POST", body=body, timeout=self.timeout, max_bytes=self.max_response_bytes,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        if not response.ok:
            _refused(response, self.endpoint, added_lines)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return Answer(form, triples=_read_triples(response, self.endpoint))
        return _read_results(response, self.endpoint, form)

    def labels(self, iris: Sequence[str]) -> dict[str, str]:
        if not iris:
            return {}
        nodes = " ".join(str(_iri(iri)) for iri in dict.fromkeys(iris))
        answer = self.query(f"SELECT ?resource ?label WHERE {{ VALUES ?resource {{ {nodes} }} "
                            f"?resource <{_LABEL}> ?label }}", form="SELECT")
        found: dict[str, list[tuple[str, str | None]]] = {}
        for resource, label in answer.bindings:
            if isinstance(resource, ox.NamedNode) and isinstance(label, ox.Literal):
                found.setdefault(resource.value, []).append((label.value, label.language))
        picked = {iri: pick_label(candidates) for iri, candidates in found.items()}
        return {iri: label for iri, label in picked.items() if label is not None}

    def triples(self) -> Iterator[ox.Triple]:
        yield from self.query("CONSTRUCT WHERE { ?s ?p ?o }", form="CONSTRUCT").triples


def push(url: str, triples: Iterable[ox.Triple], *, graph: str = DEFAULT_PUSH_GRAPH,
         timeout: float | None = None, progress: Callable[[int], None] | None = None,
         max_response_bytes: int = guarded_http.ERROR_BODY_LIMIT) -> int:
    """Replace the named graph `graph` at the Graph Store Protocol URL `url` with `triples`; their count.

    The triples are written as N-Triples to a temporary file first (in memory while small), so
    that the body has a length (Virtuoso drops a chunked body) and can be sent again when the
    server asks for credentials, without holding one huge string. `progress` is called with the
    number of triples sent so far as the upload goes. `timeout` (default DEFAULT_PUSH_TIMEOUT)
    bounds the upload as a whole.
    """
    endpoint = Endpoint.parse(url)
    graph = _checked_graph(graph)
    if graph is None:
        raise UserInputError("push writes a named graph: give its IRI, not the server's default graph")
    with tempfile.SpooledTemporaryFile(max_size=32 * 2**20) as body:
        count, checkpoints = _write_ntriples(triples, body)
        length = body.tell()
        on_sent = guarded_http.checkpoint_counter(checkpoints, progress) if progress is not None else None
        response = guarded_http.request(
            endpoint, "PUT", params={"graph": graph}, body=body, body_length=length,
            headers={"Content-Type": f"{NTRIPLES}; charset=utf-8"},
            timeout=DEFAULT_PUSH_TIMEOUT if timeout is None else timeout, max_bytes=max_response_bytes,
            on_sent=on_sent)
    hint = ""
    if response.status in (400, 404, 405, 415):
        hint = (" (push needs the Graph Store Protocol URL, such as Oxigraph's /store or "
                "Virtuoso's /sparql-graph-crud-auth)")
    guarded_http.raise_for_status(response, endpoint, hint)
    if progress is not None:
        progress(count)
    return count


# --- the query text sent ---------------------------------------------------------------------

def prepared_query(text: str, bindings: Mapping[str, Term] | None = None,
                   shape: QueryShape | None = None) -> tuple[str, int]:
    """The text sent for query `text`, and how many lines were put before the user's.

    >>> sent, added = prepared_query("SELECT * WHERE { ?s a nj:Event }", {"s": ox.NamedNode("urn:a")})
    >>> added, sent.splitlines()[1]
    (1, 'SELECT * WHERE { VALUES (?s) { (<urn:a>) }  ?s a nj:Event }')
    >>> prepared_query("PREFIX nj: <urn:nj#> SELECT * { SELECT ?s { ?s a nj:Event } }", {"s": ox.NamedNode("urn:a")})[0]
    ... # doctest: +ELLIPSIS
    'PREFIX njr: ... SELECT * { VALUES (?s) { (<urn:a>) } { SELECT ?s { ?s a nj:Event } } }'
    """
    shape = shape or inspect(text)  # the store's callers checked it already; this finds its shape
    if bindings:
        if shape.where_open is None:
            raise UserInputError("the query has no WHERE group to bind its parameters in")
        text = with_values(text, shape.where_open, bindings)
    missing = [f"PREFIX {prefix}: <{iri}>" for prefix, iri in PREFIXES.items() if prefix not in shape.prefixes]
    if not missing:
        return text, 0
    return " ".join(missing) + "\n" + text, 1


# --- reading answers -------------------------------------------------------------------------

def _read_results(response: Response, endpoint: Endpoint, form: str) -> Answer:
    format_ = _RESULT_FORMATS.get(response.media_type)
    if format_ is None:
        raise UserInputError(_not_sparql(response, endpoint, "SPARQL results"))
    answer, problem = _parsed_results(response.body, format_)
    if answer is None:
        raise UserInputError(f"{endpoint.shown} sent malformed SPARQL results: {problem}")
    if form == "ASK" and answer.kind == "SELECT":
        answer = _virtuoso_ask(answer) or answer
    if answer.kind != form:
        raise UserInputError(f"{endpoint.shown} answered a {form} query with "
                             f"{'a boolean' if answer.kind == 'ASK' else 'rows'}")
    return answer


def _parsed_results(body: bytes, format_: ox.QueryResultsFormat) -> tuple[Answer | None, str]:
    """The results in `body`, or None and what is wrong with them.

    pyoxigraph's result objects belong to the thread that made them: none is left in a
    traceback, where it could be collected (and complain) on another thread.
    """
    try:
        parsed = ox.parse_query_results(body, format_)
        if isinstance(parsed, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(parsed)), ""
        variables = [v.value for v in parsed.variables]
        return Answer("SELECT", variables, [tuple(solution[v] for v in variables) for solution in parsed]), ""
    except (SyntaxError, ValueError, OSError) as error:
        problem = _first_line(error)
    parsed = None
    return None, problem


def _virtuoso_ask(answer: Answer) -> Answer | None:
    """Virtuoso's ASK answer (a single ?__ASK_RETVAL row of 1 or 0) as the boolean it means."""
    if answer.variables != [_VIRTUOSO_ASK] or len(answer.bindings) > 1:
        return None
    value = answer.bindings[0][0] if answer.bindings else None
    return Answer("ASK", boolean=isinstance(value, ox.Literal) and value.value in ("1", "true"))


def _read_triples(response: Response, endpoint: Endpoint) -> list[ox.Triple]:
    format_ = _GRAPH_FORMATS.get(response.media_type)
    if format_ is None:
        raise UserInputError(_not_sparql(response, endpoint, "N-Triples or Turtle"))
    triples, problem = [], ""
    try:
        for quad in ox.parse(response.body, format_):
            triples.append(quad.triple if isinstance(quad, ox.Quad) else quad)
    except (SyntaxError, ValueError, OSError) as error:
        problem = _first_line(error)  # raised below, so that no traceback keeps the parser alive
    if problem:
        raise UserInputError(f"{endpoint.shown} sent a malformed graph: {problem}")
    return triples


def _not_sparql(response: Response, endpoint: Endpoint, wanted: str) -> str:
    got = response.media_type or "no content type"
    if got in ("text/html", "application/xhtml+xml"):
        return f"{endpoint.shown} answered with a web page ({got}), not {wanted}: is it a SPARQL endpoint?"
    return f"{endpoint.shown} answered with {got}, not {wanted}: is it a SPARQL endpoint?"


def _refused(response: Response, endpoint: Endpoint, added_lines: int) -> None:
    """The endpoint's refusal as one line; its line numbers made the user's again."""
    if added_lines and response.status == 400:
        response.body = _user_lines(response.first_line(), added_lines).encode("utf-8")
    guarded_http.raise_for_status(response, endpoint)


_LINE_NUMBER = re.compile(r"(\bline\s+|\bat\s+)(\d+)(?=\b)", re.IGNORECASE)


def _user_lines(message: str, added: int) -> str:
    """Line numbers in an endpoint's message (Virtuoso: 'line 3:', Oxigraph: 'at 3:7') less `added`.

    >>> _user_lines("error at 2:7: expected one of PREFIX", 1)
    'error at 1:7: expected one of PREFIX'
    >>> _user_lines("SPARQL compiler, line 4: syntax error", 1)
    'SPARQL compiler, line 3: syntax error'
    """
    def shifted(match: re.Match) -> str:
        number = int(match.group(2)) - added
        return f"{match.group(1)}{number}" if number >= 1 else match.group()

    return _LINE_NUMBER.sub(shifted, message)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    line = text.splitlines()[0] if text else type(error).__name__
    return line if len(line) <= guarded_http.SHOWN_LINE else line[:guarded_http.SHOWN_LINE] + "..."


# --- helpers ---------------------------------------------------------------------------------

def _checked_graph(graph: str | None) -> str | None:
    """None for the server's default graph, else the graph's IRI (DEFAULT_PUSH_GRAPH when not given)."""
    if graph is None:
        return DEFAULT_PUSH_GRAPH
    if graph == SERVER_DEFAULT_GRAPH:
        return None
    return _iri(graph, what="graph").value


def _iri(text: str, *, what: str = "IRI") -> ox.NamedNode:
    try:
        return ox.NamedNode(text)
    except ValueError as error:
        raise UserInputError(f"{text!r} is not an absolute IRI for the {what} ({error})") from None


def _names_a_dataset(url: str) -> bool:
    """Whether the URL the user gave already names the graphs to query."""
    query = urlsplit(url).query
    return "default-graph-uri=" in query or "named-graph-uri=" in query


def _write_ntriples(triples: Iterable, out) -> tuple[int, list[tuple[int, int]]]:
    """Write `triples` to `out` as N-Triples; their count and (bytes, triples) checkpoints."""
    count, checkpoints = 0, []
    for triple in triples:
        if isinstance(triple, ox.Quad):
            triple = triple.triple
        if not isinstance(triple, ox.Triple):
            raise TypeError(f"push takes pyoxigraph Triples, not {type(triple).__name__}")
        out.write(f"{triple} .\n".encode("utf-8"))
        count += 1
        if count % _PROGRESS_STEP == 0:
            checkpoints.append((out.tell(), count))
    checkpoints.append((out.tell(), count))
    return count, checkpoints
