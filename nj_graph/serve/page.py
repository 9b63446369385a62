"""The web page: a SPARQL editor with the stored queries as examples, a results table with
download links, a timeline view, and a form for validating a contribution.

One template (`templates/index.html`) and one script (`static/app.js`); the page loads nothing
from elsewhere, so its Content-Security-Policy can forbid everything but this server.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))

#: The page runs only its own script and talks only to this server.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def html(template: str, *, headers: dict[str, str] | None = None, **context) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(template).render(**context),
                        headers={**SECURITY_HEADERS, **(headers or {})})


async def index(request: Request) -> HTMLResponse:
    catalogue = request.app.state.catalogue
    return html("index.html", queries=list(catalogue.values()), settings=request.app.state.settings)
