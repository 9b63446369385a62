"""The jinja2 templates and how they are filled: resource pages, the ontology, the timeline.

Reusable by anything that shows the graph as HTML (the static site here, a server elsewhere):
`environment()` loads the templates with autoescaping on (every value is escaped: a label with
`<script>` is shown as text), and `render_resource(description, link=..., root=...)` draws one
resource page from a `describe.Description`. `link(iri)` is the caller's: the address of the page
for an IRI, or None for an IRI with no page (shown unlinked).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from ..core.prefixes import PREFIXES
from .describe import Description

Link = Callable[[str], "str | None"]

#: IRIs with a page of their own: the project's resources.
RESOURCE_SPACE = PREFIXES["njr"]


@functools.cache
def environment():
    """The template environment: templates from the package, autoescaped HTML and SVG."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("nj_graph.publish", "templates"),
                              autoescape=jinja2.select_autoescape(["html", "svg"], default=True),
                              undefined=jinja2.StrictUndefined, trim_blocks=False, keep_trailing_newline=True)


def page_path(iri: str) -> str | None:
    """The site path of a resource's page, without extension (`id/place/tokyo`), or None.

    >>> page_path("https://w3id.org/nj-graph/id/place/tokyo")
    'id/place/tokyo'
    >>> page_path("https://w3id.org/nj-graph/id/../secrets") is None
    True
    """
    if not iri.startswith(RESOURCE_SPACE):
        return None
    segments = iri[len(RESOURCE_SPACE):].split("/")
    if any(s in ("", ".", "..") or "\\" in s or "\0" in s for s in segments) or any(c in iri for c in "?#"):
        return None
    return "id/" + "/".join(segments)


def site_link(root: str) -> Link:
    """`link` for a static site page that is `root` (`../../`) below the site's top."""
    term_page = {PREFIXES["nj"]: "ns.html#", PREFIXES["njsh"]: "ns.html#shape-"}

    def link(iri: str) -> str | None:
        path = page_path(iri)
        if path is not None:
            return root + quote(path) + ".html"
        for namespace, page in term_page.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return root + page + quote(iri[len(namespace):], safe="")
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    return link


@dataclass(frozen=True)
class Alternate:
    name: str
    media_type: str
    href: str


def render_resource(description: Description, *, link: Link, root: str = "",
                    jsonld: bytes | dict | None = None, alternates: Sequence[Alternate] = (),
                    site_navigation: bool = True) -> str:
    """One resource's HTML page. `jsonld` (the page's triples as JSON-LD) is embedded in a script element.

    `site_navigation=False` leaves out the links to the static site's other pages (the server's
    page has a navigation of its own).
    """
    embedded = json.loads(jsonld) if isinstance(jsonld, (bytes, str)) else jsonld
    return environment().get_template("resource.html").render(
        d=description, link=link, root=root, jsonld=embedded, alternates=list(alternates), title=description.shown,
        site_navigation=site_navigation)
