"""Synthetic, valid contributions of any size, for benchmarks of the validator and the stores.

Each synthetic fact is a visit with a label, a date, a visitor, a place and its own source quote
(a real passage of the shipped source, found at its real offsets), so the contribution conforms
and the validator does all of its work on it.

    python -m bench.synthetic 10000 > /tmp/contribution.ttl
"""

from __future__ import annotations

import sys

from nj_graph.core.shipped import SHIPPED

SOURCE = SHIPPED.sources_dir / "nato-japan-cooperation.txt"
QUOTE = "NATO’s Secretary General visited Tokyo in April 2005"
HEADER = """@prefix nj: <https://w3id.org/nj-graph/ns#> .
@prefix njr: <https://w3id.org/nj-graph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <https://schema.org/> .
"""
#: Triples written per synthetic visit (event and quote, selectors included).
TRIPLES_PER_FACT = 16


def synthetic_contribution(triples: int) -> str:
    """Turtle text of about `triples` triples of valid facts."""
    text = SOURCE.read_text(encoding="utf-8")
    start = text.index(QUOTE)
    end = start + len(QUOTE)
    parts = [HEADER]
    for i in range(max(1, triples // TRIPLES_PER_FACT)):
        year = 1990 + i % 30
        month = 1 + i % 12
        parts.append(f"""
njr:event\\/bench-visit-{i} a nj:Visit ;
    rdfs:label "Benchmark visit {i}"@en ;
    nj:date "{year}-{month:02d}"^^xsd:gYearMonth ;
    nj:visitor njr:japan ;
    nj:host njr:nato ;
    schema:location njr:place\\/tokyo ;
    prov:wasDerivedFrom njr:quote\\/bench-{i} .
njr:quote\\/bench-{i} a nj:SourceQuote ;
    oa:hasSource njr:source\\/nato-japan-cooperation ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{QUOTE}" ] ,
                   [ a oa:TextPositionSelector ; oa:start "{start}"^^xsd:nonNegativeInteger ;
                     oa:end "{end}"^^xsd:nonNegativeInteger ] .
""")
    return "".join(parts)


if __name__ == "__main__":
    sys.stdout.write(synthetic_contribution(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
