"""The SPARQL 1.1 Protocol at /sparql, read-only, and its SPARQL 1.1 Service Description.

A query arrives by GET (`?query=`), POST form-encoded (`query=`) or POST `application/sparql-query`.
Refusals are made on the parsed query (`nj_graph.query.sparql.parse`: SERVICE, FROM, GRAPH and
updates, however they are escaped), and an update or a request naming its own dataset
(`default-graph-uri`, `named-graph-uri`) is refused before anything runs: nothing the server
receives makes it fetch a URL or change the graph. The query then runs in a worker process
(`nj_graph.serve.pool`), which checks its syntax, answers, and is killed at the deadline.
A GET without a query answers the Service Description.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..query import sparql
from .errors import ClientError, from_worker_error
from .formats import FORMAT_IRIS, GRAPH_MEDIA, ROW_MEDIA, media_type, negotiate

QUERY_MEDIA = "application/sparql-query"
UPDATE_MEDIA = "application/sparql-update"
FORM_MEDIA = "application/x-www-form-urlencoded"


async def sparql_endpoint(request: Request) -> Response:
    fields = dict(request.query_params)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST":
        if content_type == QUERY_MEDIA:
            fields["query"] = await _text(request)
        elif content_type == UPDATE_MEDIA:
            raise _read_only()
        elif content_type in (FORM_MEDIA, "multipart/form-data"):
            form = await request.form()
            fields.update({key: value for key, value in form.items() if isinstance(value, str)})
        else:
            raise ClientError(415, f"send the query as {QUERY_MEDIA} or {FORM_MEDIA}, not {content_type or 'nothing'}",
                              kind="UnsupportedMediaType")
    if "update" in fields:
        raise _read_only()
    for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
        if name in fields:
            raise ClientError(400, f"{name} is not supported: queries run over this server's graph only, "
                                   "and it fetches no other", kind="DatasetRefused")
    text = fields.get("query")
    if text is None:
        if request.method == "GET":
            return await service_description(request)
        raise ClientError(400, "no query: send it as the 'query' parameter or an application/sparql-query body")
    query = sparql.parse(text, file=None)  # refusals on the parsed query; raises QuerySyntaxError
    return await answer(request, query, {}, fields.get("format"))


async def answer(request: Request, query: sparql.Query, bindings: dict, requested: str | None) -> Response:
    """Run a checked query in a worker and answer in the format the client negotiated."""
    offered = GRAPH_MEDIA if query.makes_graph else ROW_MEDIA
    fmt = negotiate(request.headers.get("accept"), offered, requested)
    if fmt is None:
        raise ClientError(406, f"this query's answer can be sent as {', '.join(offered.values())}",
                          kind="NotAcceptable")
    settings = request.app.state.settings
    reply = await request.app.state.pool.run(("query", query, bindings, fmt, settings.max_rows), settings.timeout)
    if reply[0] != "ok":
        return from_worker_error(reply)
    _, body, meta = reply
    headers = {"Vary": "Accept"}
    if meta["truncated"]:
        headers["X-Result-Truncated"] = f"true; limit={settings.max_rows}"
    if request.query_params.get("download"):
        headers["Content-Disposition"] = f'attachment; filename="{_filename(request, fmt)}"'
    return Response(body, media_type=media_type(fmt), headers=headers)


def _filename(request: Request, fmt: str) -> str:
    stem = request.path_params.get("name", "answer")
    extension = {"turtle": "ttl", "ntriples": "nt", "json-ld": "jsonld", "rdf-xml": "rdf"}.get(fmt, fmt)
    return f"{stem}.{extension}"


async def _text(request: Request) -> str:
    try:
        return (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise ClientError(400, "the query is not UTF-8 text") from None


def _read_only() -> ClientError:
    return ClientError(403, "updates are refused: this endpoint is read-only", kind="UpdateRefused")


SERVICE_DESCRIPTION = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    dcterms:title "nj-graph: NATO's cooperation with Japan"@en ;
    {formats} ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph{size} ]
    ] .
"""


async def service_description(request: Request) -> Response:
    """What this endpoint is and offers: read-only SPARQL 1.1 Query, its formats, one default graph.

    It declares no sd:feature: the endpoint has no union default graph, no federated query (SERVICE
    is refused) and no dereferencing of FROM IRIs (refused too).
    """
    import pyoxigraph

    fmt = negotiate(request.headers.get("accept"), GRAPH_MEDIA, request.query_params.get("format"))
    if fmt is None:
        raise ClientError(406, f"the service description can be sent as {', '.join(GRAPH_MEDIA.values())}",
                          kind="NotAcceptable")
    triples = request.app.state.pool.triples
    text = SERVICE_DESCRIPTION.format(
        endpoint=str(request.url.replace(query="", fragment="")),
        formats=" ;\n    ".join(f"sd:resultFormat <{iri}>" for iri in FORMAT_IRIS.values()),
        size=f" ; void:triples {triples}" if triples is not None else "")
    graph = pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE)
    rdf_format = {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
                  "json-ld": pyoxigraph.RdfFormat.JSON_LD, "rdf-xml": pyoxigraph.RdfFormat.RDF_XML}[fmt]
    prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", "void": "http://rdfs.org/ns/void#",
                "dcterms": "http://purl.org/dc/terms/"}
    body = pyoxigraph.serialize(list(graph), format=rdf_format,
                                **({"prefixes": prefixes} if fmt in ("turtle", "rdf-xml") else {}))
    return Response(body, media_type=media_type(fmt), headers={"Vary": "Accept"})
