"""Resource IRIs (`https://w3id.org/nj-graph/id/...`, served at `/id/...`): HTML for browsers,
RDF for RDF clients.

The format is negotiated from Accept, or given by a suffix (`/id/japan.ttl`, `.nt`, `.jsonld`,
`.rdf`, `.html`). The RDF is the resource's concise description: every triple with the resource
as subject or as object, made by one CONSTRUCT with the resource bound as a term (never pasted
into the query's text). The HTML page is `nj-graph describe`'s description drawn with `nj-graph publish`'s template: the
statements, the links to the resource and the source quotes behind it.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..core.errors import ParameterError
from ..core.prefixes import BASE
from ..query import sparql
from ..query.params import expand_iri
from .errors import ClientError, from_worker_error
from .formats import GRAPH_MEDIA, media_type, negotiate

SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "json-ld", ".rdf": "rdf-xml", ".html": "html"}
#: RDF first: a client that accepts anything gets data; a browser asks for text/html by name.
OFFERED = {**GRAPH_MEDIA, "html": "text/html"}

DESCRIPTION = sparql.parse("""
CONSTRUCT { ?resource ?p ?o . ?s ?q ?resource }
WHERE { { ?resource ?p ?o } UNION { ?s ?q ?resource } }
""")

async def resource(request: Request) -> Response:
    path = request.path_params["path"]
    requested = None
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix):
            path, requested = path[: -len(suffix)], fmt
            break
    try:
        iri = expand_iri(BASE + "id/" + path, name="resource")
    except ParameterError as error:
        raise ClientError(400, error.message) from None
    fmt = requested or negotiate(request.headers.get("accept"), OFFERED)
    if fmt is None:
        raise ClientError(406, f"a resource can be sent as {', '.join(OFFERED.values())}", kind="NotAcceptable")
    settings = request.app.state.settings
    pool = request.app.state.pool
    headers = {"Vary": "Accept", "Link": f'<{iri.value}>; rel="canonical"'}
    if fmt != "html":
        reply = await pool.run(("query", DESCRIPTION, {"resource": iri}, fmt, settings.max_rows), settings.timeout)
        if reply[0] != "ok":
            return from_worker_error(reply)
        if reply[2]["rows"] == 0:
            raise ClientError(404, f"nothing is known about <{iri.value}>", kind="NotFound")
        return Response(reply[1], media_type=media_type(fmt), headers=headers)
    reply = await pool.run(("describe", iri), settings.timeout)
    if reply[0] == "error" and "nothing" in str(reply[2]).lower():
        raise ClientError(404, f"nothing is known about <{iri.value}>", kind="NotFound")
    if reply[0] != "ok":
        return from_worker_error(reply)
    return Response(reply[1], media_type="text/html; charset=utf-8", headers=headers)
