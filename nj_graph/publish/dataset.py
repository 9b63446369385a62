"""The dataset's description, computed from the graph: VoID statistics and a DCAT catalogue entry.

Nothing is written by hand but the words of the title: the counts, partitions, vocabularies and
example resources are counted from the triples; the licence and publisher are the ontology's own
(`dcterms:license`, `dcterms:creator` of the `owl:Ontology`); the source is every
`nj:SourceDocument` in the graph; the dumps are the files written, with their sizes and SHA-256.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..core.prefixes import BASE, PREFIXES

__all__ = ["DATASET", "Dump", "dataset_facts", "void_triples", "dcat_triples", "modification_date"]

#: The dataset's own IRI, under the project's persistent base.
DATASET = BASE + "dataset"
SPDX = "http://spdx.org/rdf/terms#"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
FORMATS_NS = "http://www.w3.org/ns/formats/"
#: W3C's names of the formats (void:feature), by export format.
FEATURES = {"turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads", "trig": "TriG", "jsonld": "JSON-LD",
            "rdfxml": "RDF_XML"}
#: How many example resources VoID names.
EXAMPLES = 3


@dataclass(frozen=True)
class Dump:
    """One dump file: its format name (`serialize.FORMATS`), media type, address, size and SHA-256."""

    format: str
    media_type: str
    url: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Facts:
    """What VoID says of the graph, counted from its triples."""

    triples: int
    subjects: int
    objects: int
    entities: int
    classes: dict[str, int]
    properties: dict[str, int]
    vocabularies: tuple[str, ...]
    examples: tuple[str, ...]
    sources: tuple[str, ...]
    license: str | None
    publisher: str | None
    title: str | None


def _I(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _namespace(iri: str) -> str:
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best:
        return best
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]


def dataset_facts(triples: Sequence[ox.Triple]) -> Facts:
    """Count the graph: triples, distinct subjects and objects, entities, class and property partitions."""
    rdf_type = PREFIXES["rdf"] + "type"
    entity_space = PREFIXES["njr"]
    subjects, objects, entities = set(), set(), set()
    classes: dict[str, set] = {}
    properties: Counter = Counter()
    out_degree: Counter = Counter()
    sources, ontology = set(), None
    ontology_facts: dict[str, str] = {}
    for triple in triples:
        s, p, o = triple.subject, triple.predicate.value, triple.object
        subjects.add(s)
        objects.add(o)
        properties[p] += 1
        if isinstance(s, ox.NamedNode) and s.value.startswith(entity_space):
            entities.add(s.value)
            out_degree[s.value] += 1
        if p == rdf_type and isinstance(o, ox.NamedNode):
            classes.setdefault(o.value, set()).add(s)
            if o.value == PREFIXES["nj"] + "SourceDocument":
                sources.add(s.value)
            if o.value == PREFIXES["owl"] + "Ontology":
                ontology = s
    for triple in triples:
        if ontology is not None and triple.subject == ontology:
            ontology_facts.setdefault(triple.predicate.value, triple.object.value)
    vocabularies = {_namespace(p) for p in properties} | {_namespace(c) for c in classes}
    examples = sorted(out_degree, key=lambda iri: (-out_degree[iri], iri))[:EXAMPLES]
    return Facts(triples=len(triples), subjects=len(subjects), objects=len(objects), entities=len(entities),
                 classes={c: len(members) for c, members in sorted(classes.items())},
                 properties=dict(sorted(properties.items())), vocabularies=tuple(sorted(vocabularies)),
                 examples=tuple(examples), sources=tuple(sorted(sources)),
                 license=ontology_facts.get(PREFIXES["dcterms"] + "license"),
                 publisher=ontology_facts.get(PREFIXES["dcterms"] + "creator"),
                 title=ontology_facts.get(PREFIXES["dcterms"] + "title"))


def modification_date(paths: Sequence[os.PathLike]) -> dt.date:
    """The day the inputs last changed; `$SOURCE_DATE_EPOCH` when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    latest = max((os.stat(p).st_mtime for p in paths), default=0)
    return dt.datetime.fromtimestamp(latest, dt.timezone.utc).date()


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_I(PREFIXES["xsd"] + "integer"))


def void_triples(facts: Facts, dumps: Sequence[Dump], *, endpoint: str | None) -> list[ox.Triple]:
    """The VoID description of the dataset."""
    void, rdf = PREFIXES["void"], PREFIXES["rdf"]
    dataset = _I(DATASET)
    out = [ox.Triple(dataset, _I(rdf + "type"), _I(void + "Dataset"))]

    def say(p: str, o) -> None:
        out.append(ox.Triple(dataset, _I(p), o))

    for name, value in (("triples", facts.triples), ("distinctSubjects", facts.subjects),
                        ("distinctObjects", facts.objects), ("entities", facts.entities),
                        ("classes", len(facts.classes)), ("properties", len(facts.properties))):
        say(void + name, _integer(value))
    say(void + "uriSpace", ox.Literal(PREFIXES["njr"]))
    for vocabulary in facts.vocabularies:
        say(void + "vocabulary", _I(vocabulary))
    for example in facts.examples:
        say(void + "exampleResource", _I(example))
    if endpoint:
        say(void + "sparqlEndpoint", _I(endpoint))
    for dump in dumps:
        say(void + "dataDump", _I(dump.url))
        if dump.format in FEATURES:
            say(void + "feature", _I(FORMATS_NS + FEATURES[dump.format]))
    for index, (cls, count) in enumerate(facts.classes.items()):
        part = ox.BlankNode(f"class{index}")
        say(void + "classPartition", part)
        out += [ox.Triple(part, _I(void + "class"), _I(cls)), ox.Triple(part, _I(void + "entities"), _integer(count))]
    for index, (prop, count) in enumerate(facts.properties.items()):
        part = ox.BlankNode(f"property{index}")
        say(void + "propertyPartition", part)
        out += [ox.Triple(part, _I(void + "property"), _I(prop)), ox.Triple(part, _I(void + "triples"), _integer(count))]
    return out


def dcat_triples(facts: Facts, dumps: Sequence[Dump], *, endpoint: str | None, modified: dt.date,
                 landing_page: str | None = None) -> list[ox.Triple]:
    """The DCAT description: the dataset, its distributions with media types and checksums, the service."""
    dcat, dcterms, rdf, foaf = PREFIXES["dcat"], PREFIXES["dcterms"], PREFIXES["rdf"], PREFIXES["foaf"]
    xsd, rdfs = PREFIXES["xsd"], PREFIXES["rdfs"]
    dataset = _I(DATASET)
    out = [ox.Triple(dataset, _I(rdf + "type"), _I(dcat + "Dataset"))]

    def say(s, p: str, o) -> None:
        out.append(ox.Triple(s, _I(p), o))

    title = "NATO's cooperation with Japan: the nj-graph knowledge graph"
    say(dataset, dcterms + "title", ox.Literal(title, language="en"))
    say(dataset, dcterms + "description", ox.Literal(
        f"{facts.triples} triples about NATO's cooperation with Japan, each fact traced to the sentence of "
        "the source document that states it.", language="en"))
    say(dataset, dcterms + "modified", ox.Literal(modified.isoformat(), datatype=_I(xsd + "date")))
    if facts.license:
        say(dataset, dcterms + "license", _I(facts.license))
    if facts.publisher:
        publisher = _I(BASE + "project")
        say(dataset, dcterms + "publisher", publisher)
        say(publisher, rdf + "type", _I(foaf + "Agent"))
        say(publisher, foaf + "name", ox.Literal(facts.publisher))
    for source in facts.sources:
        say(dataset, dcterms + "source", _I(source))
    if landing_page:
        say(dataset, dcat + "landingPage", _I(landing_page))
    for dump in dumps:
        distribution = _I(f"{DATASET}/distribution/{dump.format}")
        say(dataset, dcat + "distribution", distribution)
        say(distribution, rdf + "type", _I(dcat + "Distribution"))
        say(distribution, dcterms + "title", ox.Literal(f"the graph as {FEATURES.get(dump.format, dump.format)}",
                                                        language="en"))
        say(distribution, dcat + "downloadURL", _I(dump.url))
        say(distribution, dcat + "mediaType", _I(MEDIA_TYPES + dump.media_type))
        say(distribution, dcat + "byteSize", ox.Literal(str(dump.size), datatype=_I(xsd + "nonNegativeInteger")))
        say(distribution, dcterms + "modified", ox.Literal(modified.isoformat(), datatype=_I(xsd + "date")))
        if facts.license:
            say(distribution, dcterms + "license", _I(facts.license))
        checksum = ox.BlankNode(f"checksum-{dump.format}")
        say(distribution, SPDX + "checksum", checksum)
        say(checksum, rdf + "type", _I(SPDX + "Checksum"))
        say(checksum, SPDX + "algorithm", _I(SPDX + "checksumAlgorithm_sha256"))
        say(checksum, SPDX + "checksumValue", ox.Literal(dump.sha256, datatype=_I(xsd + "hexBinary")))
    if endpoint:
        service, access = _I(f"{DATASET}/sparql"), _I(f"{DATASET}/distribution/sparql")
        say(dataset, dcat + "distribution", access)
        say(access, rdf + "type", _I(dcat + "Distribution"))
        say(access, dcat + "accessURL", _I(endpoint))
        say(access, dcat + "accessService", service)
        say(service, rdf + "type", _I(dcat + "DataService"))
        say(service, dcat + "endpointURL", _I(endpoint))
        say(service, dcat + "servesDataset", dataset)
        say(service, rdfs + "label", ox.Literal("SPARQL endpoint", language="en"))
    return out
