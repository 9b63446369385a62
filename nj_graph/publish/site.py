"""`nj-graph publish DIR`: the static linked-data site.

Built into a folder beside DIR and swapped in once complete (the site that was there stays until
then; a folder that is not a site `publish` made is never replaced); each file inside is written
atomically. What goes in:

- `id/<path>.html`, `.ttl`, `.jsonld`: a page per resource in the project's namespace, from
  `describe` (one implementation with `nj-graph describe`), with its JSON-LD embedded;
- `ns.html` (and `ns.ttl`): the ontology's classes, properties and shapes; `classes.svg`, a
  diagram of the classes; `timeline.html`, the events of the graph in order, drawn and listed;
- `dumps/nj-graph.*` in every export format, `dumps/SHA256SUMS`, `void.ttl`, `dcat.ttl`,
  `context.jsonld`; `index.html`;
- `.htaccess`: Apache content negotiation (a resource's address answers HTML to a browser, Turtle
  or JSON-LD to an RDF client); with `site_url`, `w3id.htaccess`: the redirects for
  `https://w3id.org/nj-graph/`, to go in w3id's repository as `nj-graph/.htaccess`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..core.atomic import write_atomically
from ..core.errors import UserInputError
from ..core.prefixes import BASE, PREFIXES, iri_name
from ..core.shipped import SHIPPED
from ..store.inputs import project_files
from ..store.oxigraph import OxigraphStore
from . import dataset as dataset_module
from .collect import collect
from .describe import Term, describe, resource_triples, term_view
from .pages import Alternate, environment, page_path, render_resource, site_link
from .serialize import FORMATS, canonical_order, jsonld, serialize

MARKER = ".nj-graph-site"
DUMP_NAME = "nj-graph"
_RDF_TYPE = PREFIXES["rdf"] + "type"


@dataclass
class Built:
    """What a build wrote: counts for the command's one line."""

    path: Path
    pages: int = 0
    events: int = 0
    files: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, root: Path, built: Built) -> None:
        self.root, self.built = root, built

    def write(self, relative: str, data: str | bytes) -> bytes:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        write_atomically(self.root / relative, payload)
        self.built.files.append(relative)
        return payload


def build_site(target: Path | str, *, store: str | None = None, reasoning: str = "none", extra: Sequence[Path] = (),
               cache_dir: Path | str | None = None, site_url: str | None = None,
               endpoint: str | None = None) -> Built:
    """Build the site into `target`, replacing a site built there before only once the new one is whole."""
    target = Path(target)
    if target.exists() and not (target / MARKER).is_file() and (not target.is_dir() or any(target.iterdir())):
        raise UserInputError(f"is not a site nj-graph published (no {MARKER}): refusing to replace it", file=str(target))
    if site_url is not None and not site_url.endswith("/"):
        site_url += "/"
    triples = canonical_order(collect(store, reasoning=reasoning, extra=extra, cache_dir=cache_dir))
    shapes = canonical_order(collect(None, include="shapes"))
    graph = ox.Store()
    graph.extend(ox.Quad(t.subject, t.predicate, t.object) for t in [*triples, *shapes])
    answering = OxigraphStore(graph)

    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    built = Built(target)
    try:
        out = _Writer(building, built)
        out.write(MARKER, f"nj-graph {__version__}\n")
        dumps = _write_dumps(out, triples, site_url)
        facts = dataset_module.dataset_facts(triples)
        modified = dataset_module.modification_date([*project_files(), *extra])
        void_endpoint = endpoint
        out.write("void.ttl", serialize(dataset_module.void_triples(facts, dumps, endpoint=void_endpoint), "turtle"))
        out.write("dcat.ttl", serialize(dataset_module.dcat_triples(facts, dumps, endpoint=void_endpoint,
                                                                    modified=modified,
                                                                    landing_page=site_url or BASE), "turtle"))
        out.write("context.jsonld", SHIPPED.context_file.read_bytes())
        resources = _resource_pages(out, answering, triples, built)
        _ontology_pages(out, answering, triples, shapes)
        built.events = _timeline(out, answering)
        _index(out, facts, dumps, resources)
        out.write(".htaccess", _conneg_rules())
        if site_url:
            out.write("w3id.htaccess", _w3id_rules(site_url))
        _swap(building, target)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return built


def _swap(building: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(building, target)
    shutil.rmtree(old, ignore_errors=True)


# -- dumps ----------------------------------------------------------------------------------------

def _write_dumps(out: _Writer, triples, site_url: str | None) -> list[dataset_module.Dump]:
    dumps, sums = [], []
    for fmt in FORMATS.values():
        file = f"{DUMP_NAME}.{fmt.extension}"
        data = out.write(f"dumps/{file}", serialize(triples, fmt, ordered=True))
        digest = hashlib.sha256(data).hexdigest()
        sums.append(f"{digest}  {file}\n")
        dumps.append(dataset_module.Dump(fmt.name, fmt.media_type, f"{site_url or BASE}dumps/{file}", len(data), digest))
    out.write("dumps/SHA256SUMS", "".join(sums))
    return dumps


# -- resource pages --------------------------------------------------------------------------------

def _root_of(path: str) -> str:
    return "../" * path.count("/")


def _resource_pages(out: _Writer, store: OxigraphStore, triples, built: Built) -> list[dict]:
    iris = sorted({t.value for triple in triples for t in (triple.subject, triple.object)
                   if isinstance(t, ox.NamedNode) and page_path(t.value)})
    labels = store.labels(iris)
    types: dict[str, list[str]] = {}
    for triple in triples:
        if triple.predicate.value == _RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            types.setdefault(triple.subject.value if isinstance(triple.subject, ox.NamedNode) else "", []).append(
                triple.object.value)
    listed = []
    for iri in iris:
        path = page_path(iri)
        own = resource_triples(store, iri)
        description = describe(store, iri, triples=own)
        root = _root_of(path)
        name = path.rsplit("/", 1)[-1]
        out.write(f"{path}.ttl", serialize(own, "turtle"))
        document = out.write(f"{path}.jsonld", jsonld(canonical_order(own)))
        alternates = [Alternate("Turtle", "text/turtle", f"{name}.ttl"),
                      Alternate("JSON-LD", "application/ld+json", f"{name}.jsonld")]
        out.write(f"{path}.html", render_resource(description, link=site_link(root), root=root, jsonld=document,
                                                  alternates=alternates))
        built.pages += 1
        listed.append({"iri": iri, "href": f"{path}.html", "label": labels.get(iri) or iri_name(iri),
                       "types": types.get(iri, [])})
    return listed


# -- the ontology ----------------------------------------------------------------------------------

def _values(store: ox.Store, subject, predicate: str) -> list:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def _text(store: ox.Store, subject, *predicates: str) -> str | None:
    for predicate in predicates:
        found = [o for o in _values(store, subject, predicate) if isinstance(o, ox.Literal)]
        english = [o.value for o in found if (o.language or "en").startswith("en")]
        if english:
            return sorted(english)[0]
    return None


def _ontology_pages(out: _Writer, answering: OxigraphStore, triples, shapes) -> None:
    store = answering.store
    nj, owl, rdfs, sh, skos = PREFIXES["nj"], PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["sh"], PREFIXES["skos"]
    rdf_type = ox.NamedNode(_RDF_TYPE)
    link = site_link("")
    all_iris = {t.value for triple in [*triples, *shapes] for t in (triple.subject, triple.object)
                if isinstance(t, ox.NamedNode)}
    labels = answering.labels(sorted(all_iris))

    def view(term) -> Term:
        return term_view(term, labels)

    def typed(*classes: str) -> list[ox.NamedNode]:
        found = {q.subject for c in classes for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(c))
                 if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(nj)}
        return sorted(found, key=lambda n: n.value)

    # which shapes apply: sh:targetClass for classes, sh:path (of the shape or one of its sh:property) for properties
    class_shapes: dict[str, set] = {}
    property_shapes: dict[str, set] = {}
    # every named term of the shapes' namespace gets its entry (node shapes, constraint components
    # and their parameters), so that every link to one lands on an anchor
    shape_nodes = sorted({term for t in shapes for term in (t.subject, t.predicate, t.object)
                          if isinstance(term, ox.NamedNode) and term.value.startswith(PREFIXES["njsh"])},
                         key=lambda n: n.value)
    shape_rows = []
    for shape in shape_nodes:
        targets = [o for o in _values(store, shape, sh + "targetClass") if isinstance(o, ox.NamedNode)]
        for target in targets:
            class_shapes.setdefault(target.value, set()).add(shape)
        paths = _values(store, shape, sh + "path")
        for part in _values(store, shape, sh + "property"):
            paths += _values(store, part, sh + "path")
        for path in paths:
            if isinstance(path, ox.NamedNode):
                property_shapes.setdefault(path.value, set()).add(shape)
        shape_rows.append({"anchor": "shape-" + shape.value.split("#")[-1], "name": iri_name(shape.value),
                           "label": labels.get(shape.value),
                           "definition": _text(store, shape, sh + "message", rdfs + "comment", sh + "description"),
                           "targets": [view(t) for t in sorted(targets, key=lambda n: n.value)]})

    classes = typed(owl + "Class", rdfs + "Class")
    children: dict[str, list] = {}
    for cls in classes:
        for parent in _values(store, cls, rdfs + "subClassOf"):
            if isinstance(parent, ox.NamedNode):
                children.setdefault(parent.value, []).append(cls)
    instance_count = {}
    for triple in triples:
        if triple.predicate.value == _RDF_TYPE:
            instance_count[triple.object.value] = instance_count.get(triple.object.value, 0) + 1

    def anchor(iri: str) -> str:
        return iri[len(nj):]

    def ancestors(cls: ox.NamedNode) -> set[str]:
        # SHACL's sh:targetClass reaches the instances of subclasses too, so a class's shapes include its superclasses'
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current.value not in seen:
                seen.add(current.value)
                todo += [p for p in _values(store, current, rdfs + "subClassOf") if isinstance(p, ox.NamedNode)]
        return seen

    def applying(cls: ox.NamedNode) -> list[Term]:
        found = {shape for iri in ancestors(cls) for shape in class_shapes.get(iri, ())}
        return [view(s) for s in sorted(found, key=lambda n: n.value)]

    class_rows = [{"anchor": anchor(c.value), "name": iri_name(c.value), "label": labels.get(c.value),
                   "definition": _text(store, c, skos + "definition", rdfs + "comment"),
                   "parents": [view(p) for p in _values(store, c, rdfs + "subClassOf") if isinstance(p, ox.NamedNode)],
                   "children": [view(k) for k in children.get(c.value, [])],
                   "shapes": applying(c),
                   "instances": instance_count.get(c.value, 0)} for c in classes]
    kinds = {owl + "ObjectProperty": "object property", owl + "DatatypeProperty": "datatype property",
             owl + "AnnotationProperty": "annotation property", PREFIXES["rdf"] + "Property": "property"}
    properties = typed(*kinds)
    property_rows = []
    for prop in properties:
        kind = next((kinds[o.value] for o in _values(store, prop, _RDF_TYPE) if o.value in kinds), "property")
        property_rows.append({
            "anchor": anchor(prop.value), "name": iri_name(prop.value), "label": labels.get(prop.value), "kind": kind,
            "definition": _text(store, prop, skos + "definition", rdfs + "comment"),
            "domain": [view(o) for o in _values(store, prop, rdfs + "domain") if isinstance(o, ox.NamedNode)],
            "range": [view(o) for o in _values(store, prop, rdfs + "range") if isinstance(o, ox.NamedNode)],
            "parents": [view(o) for o in _values(store, prop, rdfs + "subPropertyOf") if isinstance(o, ox.NamedNode)],
            "shapes": [view(s) for s in sorted(property_shapes.get(prop.value, ()), key=lambda n: n.value)]})

    ontology_iri = next((q.subject for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(owl + "Ontology"))), None)
    title = (_text(store, ontology_iri, PREFIXES["dcterms"] + "title") if ontology_iri else None) or "The ontology"
    description = _text(store, ontology_iri, PREFIXES["dcterms"] + "description") if ontology_iri else None
    out.write("ns.html", environment().get_template("ontology.html").render(
        title=title, description=description, namespace=nj, classes=class_rows, properties=property_rows,
        shapes=shape_rows, link=link, root=""))
    ontology_triples = [t for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(nj[:-1])]
    out.write("ns.ttl", serialize(ontology_triples, "turtle"))
    out.write("classes.svg", _class_diagram(classes, store, labels, properties))


def _class_diagram(classes, store: ox.Store, labels: dict, properties) -> str:
    """Classes as boxes in columns by depth under their superclass; dashed curves: object properties."""
    rdfs = PREFIXES["rdfs"]
    known = {c.value for c in classes}
    parents = {c.value: sorted(p.value for p in _values(store, c, rdfs + "subClassOf") if p.value in known)
               for c in classes}
    kids: dict[str, list[str]] = {}
    for child, ps in parents.items():
        if ps:
            kids.setdefault(ps[0], []).append(child)  # drawn under its first superclass
    order: list[tuple[str, int]] = []

    def walk(iri: str, depth: int) -> None:
        order.append((iri, depth))
        for child in sorted(kids.get(iri, [])):
            walk(child, depth + 1)

    for root in sorted(c for c, ps in parents.items() if not ps):
        walk(root, 0)
    row_height, column_width, box_height = 24, 190, 20
    place = {}
    boxes = []
    for row, (iri, depth) in enumerate(order):
        label = labels.get(iri) or iri_name(iri)
        x, y = 10 + depth * column_width, 10 + row * row_height
        width = min(column_width - 20, 12 + 7 * len(label))
        place[iri] = (x, y, width)
        boxes.append({"x": x, "y": y, "w": width, "h": box_height, "label": label,
                      "href": "ns.html#" + iri[len(PREFIXES["nj"]):]})
    edges = []
    for child, ps in parents.items():
        if ps and child in place and ps[0] in place:
            px, py, pw = place[ps[0]]
            cx, cy, _ = place[child]
            edges.append({"x1": px + 8, "y1": py + box_height, "x2": cx, "y2": cy + box_height / 2})
    relations = []
    for prop in properties:
        domains = [o.value for o in _values(store, prop, rdfs + "domain") if o.value in place]
        ranges = [o.value for o in _values(store, prop, rdfs + "range") if o.value in place]
        for d in domains:
            for r in ranges:
                (x1, y1, w1), (x2, y2, _) = place[d], place[r]
                relations.append({"x1": x1 + w1, "y1": y1 + box_height / 2, "x2": x2 + 4, "y2": y2 + box_height / 2,
                                  "cx": max(x1 + w1, x2) + 60, "label": labels.get(prop.value) or iri_name(prop.value)})
    width = 20 + column_width * (1 + max((d for _, d in order), default=0)) + 80
    height = 20 + row_height * len(order)
    return environment().get_template("classes.svg").render(width=width, height=height, boxes=boxes, edges=edges,
                                                             relations=relations)


# -- the timeline ----------------------------------------------------------------------------------

def _timeline(out: _Writer, store: OxigraphStore) -> int:
    from ..query import catalogue, sparql

    stored = catalogue.get_query("timeline")
    answer = sparql.execute(store, stored.query, stored.bind({}))
    columns = answer.variables
    link = site_link("")
    events = []
    for row in answer.bindings:
        cell = dict(zip(columns, row))
        iri = cell["event"].value
        events.append({"iri": iri, "href": link(iri), "label": cell["label"].value,
                       "when": cell["when"].value if cell.get("when") is not None else "",
                       "kind": cell["kind"].value if cell.get("kind") is not None else "",
                       "participants": cell["participants"].value if cell.get("participants") is not None else "",
                       "year": _year(cell.get("date"), cell.get("when"))})
    out.write("timeline.html", environment().get_template("timeline.html").render(
        title="NATO and Japan: a timeline", events=events, picture=_timeline_picture(events), root=""))
    return len(events)


def _year(*terms) -> int | None:
    for term in terms:
        if term is not None and term.value[:4].isdigit():
            return int(term.value[:4])
    return None


def _timeline_picture(events: list[dict]) -> dict:
    dated = [e for e in events if e["year"] is not None]
    years = [e["year"] for e in dated] or [2000]
    first, last = min(years) - min(years) % 5, max(years) + 5 - max(years) % 5
    left, right, axis = 40, 900, 40
    scale = (right - left) / max(1, last - first)
    stacked: dict[int, int] = {}
    dots = []
    for event in dated:
        level = stacked.get(event["year"], 0)
        stacked[event["year"]] = level + 1
        dots.append({"x": round(left + (event["year"] - first) * scale, 1), "y": axis + 32 + level * 12,
                     "href": event["href"], "label": event["label"], "when": event["when"]})
    ticks = [{"year": y, "x": round(left + (y - first) * scale, 1)} for y in range(first, last + 1, 5)]
    height = axis + 50 + 12 * max(stacked.values(), default=0)
    return {"width": right + 40, "height": height, "left": left, "right": right, "axis": axis, "ticks": ticks,
            "dots": dots}


# -- the index -------------------------------------------------------------------------------------

def _index(out: _Writer, facts, dumps, resources: list[dict]) -> None:
    groups: dict[str, list] = {}
    for resource in resources:
        kind = resource["types"][0] if resource["types"] else ""
        groups.setdefault(kind, []).append(resource)
    labels = {}
    for kind in groups:
        labels[kind] = iri_name(kind) if kind else "without a type"
    rows = [{"name": labels[k], "members": sorted(v, key=lambda r: r["label"].lower())}
            for k, v in sorted(groups.items(), key=lambda item: labels[item[0]])]
    dump_rows = [{"file": d.url.rsplit("/", 1)[1], "href": "dumps/" + d.url.rsplit("/", 1)[1], "media_type": d.media_type,
                  "size": d.size, "sha256": d.sha256} for d in dumps]
    out.write("index.html", environment().get_template("index.html").render(
        title=facts.title.replace("ontology", "knowledge graph") if facts.title else "nj-graph",
        facts=facts, dumps=dump_rows, groups=rows, root=""))


# -- web server rules ------------------------------------------------------------------------------

def _conneg_rules() -> str:
    types = "\n".join(f"AddType {f.media_type} .{f.extension}" for f in FORMATS.values())
    return f"""# Apache: content negotiation for the nj-graph site (mod_rewrite, mod_mime).
# A resource's address without an extension answers Turtle or JSON-LD to an RDF client that asks
# for it, and the HTML page to everyone else; each answer says it varies by Accept.
Options -MultiViews
AddDefaultCharset utf-8
{types}
<IfModule mod_headers.c>
    Header append Vary Accept
</IfModule>
RewriteEngine On
RewriteRule ^\\.well-known/void$ void.ttl [L]
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteCond %{{REQUEST_FILENAME}}.ttl -f
RewriteRule ^(.+)$ $1.ttl [L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteCond %{{REQUEST_FILENAME}}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [L]
RewriteCond %{{REQUEST_FILENAME}}.html -f
RewriteRule ^(.+)$ $1.html [L]
"""


def _w3id_rules(site_url: str) -> str:
    return f"""# w3id.org: the persistent IRIs https://w3id.org/nj-graph/... redirected to the site at
# {site_url}. This file goes in the w3id repository as nj-graph/.htaccess.
Header set Access-Control-Allow-Origin *
Options +FollowSymLinks
RewriteEngine on

# resources: Turtle or JSON-LD for RDF clients that ask, the HTML page for the rest
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^id/(.+)$ {site_url}id/$1.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^id/(.+)$ {site_url}id/$1.jsonld [R=303,L]
RewriteRule ^id/(.+)$ {site_url}id/$1.html [R=303,L]

# the ontology and the shapes (a term's fragment stays in the browser: ns#Visit -> ns.html#Visit)
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^(ns|shapes)$ {site_url}ns.ttl [R=303,L]
RewriteRule ^(ns|shapes)$ {site_url}ns.html [R=303,L]

# the dataset, its description and its dumps
RewriteRule ^dataset$ {site_url}void.ttl [R=303,L]
RewriteRule ^dumps/(.*)$ {site_url}dumps/$1 [R=302,L]
RewriteRule ^context\\.jsonld$ {site_url}context.jsonld [R=302,L]
RewriteRule ^$ {site_url} [R=302,L]
"""
