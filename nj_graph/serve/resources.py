"""Resource IRIs (`https://w3id.org/nj-graph/id/...`, served at `/id/...`): HTML for browsers,
RDF for RDF clients.

The format is negotiated from Accept, or given by a suffix (`/id/japan.ttl`, `.nt`, `.jsonld`,
`.rdf`, `.html`). The RDF is the resource's concise description: every triple with the resource
as subject or as object, made by one CONSTRUCT with the resource bound as a term (never pasted
into the query's text). The HTML page lists the same, with labels, linking to the other resources.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from ..core.errors import ParameterError
from ..core.prefixes import BASE, curie
from ..query import sparql
from ..query.params import expand_iri
from .errors import ClientError, from_worker_error
from .formats import GRAPH_MEDIA, media_type, negotiate
from .page import html

SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "json-ld", ".rdf": "rdf-xml", ".html": "html"}
#: RDF first: a client that accepts anything gets data; a browser asks for text/html by name.
OFFERED = {**GRAPH_MEDIA, "html": "text/html"}

DESCRIPTION = sparql.parse("""
CONSTRUCT { ?resource ?p ?o . ?s ?q ?resource }
WHERE { { ?resource ?p ?o } UNION { ?s ?q ?resource } }
""")

ROWS = sparql.parse("""
SELECT ?direction ?property ?other ?otherLabel WHERE {
  { ?resource ?property ?other . BIND("out" AS ?direction) }
  UNION
  { ?other ?property ?resource . BIND("in" AS ?direction) }
  OPTIONAL { ?other rdfs:label ?otherLabel FILTER(LANG(?otherLabel) IN ("en", "")) }
}
ORDER BY ?direction ?property ?other
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
    reply = await pool.run(("query", ROWS, {"resource": iri}, "json", settings.max_rows), settings.timeout)
    if reply[0] != "ok":
        return from_worker_error(reply)
    rows = json.loads(reply[1])["results"]["bindings"]
    if not rows:
        raise ClientError(404, f"nothing is known about <{iri.value}>", kind="NotFound")
    label = next((r["other"]["value"] for r in rows if r["direction"]["value"] == "out"
                  and r["property"]["value"].endswith("rdf-schema#label")), curie(iri))
    shown = [{"direction": r["direction"]["value"], "property": r["property"]["value"],
              "property_name": curie_of(r["property"]["value"]), "other": r["other"],
              "other_name": r.get("otherLabel", {}).get("value") or _value_name(r["other"]),
              "link": _local_link(r["other"])} for r in rows]
    return html("resource.html", iri=iri.value, label=label, rows=shown, name=path,
                formats=[(suffix, fmt) for suffix, fmt in SUFFIXES.items() if fmt != "html"], headers=headers)


def curie_of(iri: str) -> str:
    from pyoxigraph import NamedNode

    return curie(NamedNode(iri))


def _value_name(term: dict) -> str:
    return curie_of(term["value"]) if term["type"] == "uri" else term["value"]


def _local_link(term: dict) -> str | None:
    if term["type"] != "uri":
        return None
    if term["value"].startswith(BASE + "id/"):
        return "/id/" + term["value"][len(BASE + "id/"):]
    return term["value"]
