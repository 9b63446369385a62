"""Stored queries as REST resources, and an OpenAPI 3.1 description generated from their headers.

`GET /api/queries` lists them; `GET /api/queries/{name}?param=value` runs one. Parameters are
bound exactly as on the command line (`StoredQuery.bind`: typed, checked, and reaching the query
only as RDF terms), so a value can never change the query's text. `format` and `download` are the
server's own parameters (the format, and whether to answer as a file to save).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..core.errors import ParameterError, UnknownQueryError
from ..core.prefixes import curie
from ..core.suggest import close_matches
from ..query.catalogue import StoredQuery
from .formats import GRAPH_MEDIA, ROW_MEDIA
from .protocol import answer

#: Query-string keys the server reads itself; a stored query's own parameters cannot use them.
RESERVED = ("format", "download")

_SCHEMAS = {"iri": {"type": "string", "format": "iri"}, "string": {"type": "string"},
            "date": {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
            "integer": {"type": "integer"}, "decimal": {"type": "number"}, "boolean": {"type": "boolean"}}


def shown(term) -> str:
    """A parameter's value as a user would type it: a CURIE for an IRI, the lexical form otherwise."""
    from pyoxigraph import NamedNode

    return curie(term) if isinstance(term, NamedNode) else term.value


def describe(stored: StoredQuery, request: Request) -> dict:
    return {
        "name": stored.name,
        "summary": stored.summary,
        "description": stored.description,
        "tags": list(stored.tags),
        "form": stored.query.form,
        "query": stored.text,
        "url": str(request.url_for("stored_query", name=stored.name)),
        "params": [{"name": p.name, "type": p.type, "required": p.required, "description": p.description,
                    "default": shown(p.default) if p.default is not None else None,
                    "enum": [shown(v) for v in p.enum]} for p in stored.params.values()],
    }


async def list_stored(request: Request) -> Response:
    catalogue = request.app.state.catalogue
    return JSONResponse({"queries": [describe(stored, request) for stored in catalogue.values()]})


async def run_stored(request: Request) -> Response:
    stored = lookup(request.app.state.catalogue, request.path_params["name"])
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in RESERVED and key not in stored.params:
            continue
        if key in values:
            raise ParameterError(f"parameter {key!r} is given twice")
        values[key] = value
    bindings = stored.bind(values)
    return await answer(request, stored.query, bindings, request.query_params.get("format"))


def lookup(catalogue: dict[str, StoredQuery], name: str) -> StoredQuery:
    if name in catalogue:
        return catalogue[name]
    close = close_matches(name, list(catalogue), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownQueryError(f"no stored query named {name!r}{hint} (see /api/queries)")


def openapi(catalogue: dict[str, StoredQuery], version: str) -> dict:
    """An OpenAPI 3.1 document: one path per stored query, its parameters from the query's header."""
    paths: dict = {
        "/api/queries": {"get": {"summary": "List the stored queries", "operationId": "listQueries",
                                 "responses": {"200": {"description": "The stored queries",
                                                       "content": {"application/json": {}}}}}},
        "/sparql": {"get": {
            "summary": "SPARQL 1.1 Protocol query (read-only); without a query, the Service Description",
            "operationId": "sparql",
            "parameters": [{"name": "query", "in": "query", "required": False, "schema": {"type": "string"}}],
            "responses": _responses({**ROW_MEDIA, **GRAPH_MEDIA})}},
    }
    for stored in catalogue.values():
        parameters = []
        for param in stored.params.values():
            schema = dict(_SCHEMAS[param.type])
            if param.enum:
                schema["enum"] = [shown(v) for v in param.enum]
            if param.default is not None:
                schema["default"] = shown(param.default)
            parameters.append({"name": param.name, "in": "query", "required": param.required,
                               "description": param.description, "schema": schema})
        parameters.append({"name": "format", "in": "query", "required": False,
                           "description": "The answer's format, instead of the Accept header",
                           "schema": {"type": "string", "enum": list(GRAPH_MEDIA if stored.query.makes_graph
                                                                    else ROW_MEDIA)}})
        media = GRAPH_MEDIA if stored.query.makes_graph else ROW_MEDIA
        paths[f"/api/queries/{stored.name}"] = {"get": {
            "summary": stored.summary, "description": stored.description, "tags": list(stored.tags),
            "operationId": _operation_id(stored.name), "parameters": parameters,
            "responses": _responses(media)}}
    return {"openapi": "3.1.0",
            "info": {"title": "nj-graph", "version": version,
                     "description": "A knowledge graph of NATO's cooperation with Japan: stored queries and SPARQL."},
            "paths": paths}


def _responses(media: dict[str, str]) -> dict:
    error = {"content": {"application/json": {}}}
    return {"200": {"description": "The answer", "content": {m: {} for m in media.values()}},
            "400": {"description": "A bad parameter or query", **error},
            "404": {"description": "No such stored query", **error},
            "406": {"description": "No acceptable format", **error},
            "429": {"description": "Too many requests; see Retry-After", **error},
            "504": {"description": "The query ran past its deadline and was stopped", **error}}


def _operation_id(name: str) -> str:
    head, *rest = name.replace("_", "-").split("-")
    return head + "".join(part.capitalize() for part in rest)


async def openapi_document(request: Request) -> Response:
    return JSONResponse(request.app.state.openapi)
