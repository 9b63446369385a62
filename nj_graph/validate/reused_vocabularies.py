"""The terms of the reused vocabularies (time:, dcterms:, prov:, oa:, skos:, schema:, org:, foaf:...).

A class or property the vocabulary does not define is a mistake: `time:ProperIntervall` types a
node that no shape then checks, `dcterms:descripton` is a statement no query reads. The term lists
in ontology/vocabularies/ are generated from each vocabulary's published file, whose source every
list names in its header (see ontology/vocabularies/README.md for the format and how to refresh
them); this module reads them and tells a defined term from a misspelt one.

>>> from rdflib.namespace import TIME
>>> vocabularies = load_vocabularies()
>>> vocabularies.problem(TIME.ProperInterval, "class") is None
True
>>> print(vocabularies.problem(TIME.ProperIntervall, "class"))  # doctest: +ELLIPSIS
time:ProperIntervall is not a term of OWL-Time (...); did you mean time:ProperInterval?
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import URIRef

from ..core.namespaces import PROJECT_NAMESPACES, curie
from ..core.shipped import SHIPPED

VOCABULARIES_DIR = SHIPPED.ontology_dir / "vocabularies"
#: rdf:_1, rdf:_2, ...: container membership properties, an infinite family no list holds.
_MEMBERSHIP = re.compile(r"_[1-9][0-9]*")


@dataclass(frozen=True)
class TermList:
    """One vocabulary's terms, as its list in ontology/vocabularies/ gives them."""

    prefix: str
    namespace: str
    title: str
    source: str
    #: local name -> the kinds it has ("class", "property", "datatype", "individual")
    terms: dict[str, frozenset[str]] = field(default_factory=dict)


def read_term_list(path: Path) -> TermList:
    header: dict[str, str] = {}
    terms: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            key, colon, value = line[1:].partition(":")
            if colon and key.strip() and " " not in key.strip():
                header.setdefault(key.strip(), value.strip())
        elif line.strip():
            kind, _tab, name = line.partition("\t")
            terms.setdefault(name.strip(), set()).add(kind.strip())
    return TermList(prefix=header.get("prefix", path.stem), namespace=header["namespace"],
                    title=header.get("title", header.get("prefix", path.stem)), source=header.get("source", "?"),
                    terms={name: frozenset(kinds) for name, kinds in terms.items()})


@dataclass(frozen=True)
class Vocabularies:
    """All the term lists, looked up by namespace."""

    lists: tuple[TermList, ...]

    def term_list_of(self, term: URIRef) -> TermList | None:
        """The list whose namespace the term is in (the longest that fits), if any."""
        text = str(term)
        fitting = [t for t in self.lists if text.startswith(t.namespace)]
        return max(fitting, key=lambda t: len(t.namespace)) if fitting else None

    def problem(self, term: URIRef, kind: str) -> str | None:
        """What is wrong with using `term` as a `kind` ("class" or "property"), or None if nothing:
        a term of a listed vocabulary that its list does not hold."""
        if str(term).startswith(PROJECT_NAMESPACES):
            return None  # the project's own terms: the ontology declares them
        term_list = self.term_list_of(term)
        if term_list is None:
            return None
        local = str(term)[len(term_list.namespace):]
        if not local or local in term_list.terms or (term_list.prefix == "rdf" and _MEMBERSHIP.fullmatch(local)):
            return None  # the bare namespace names the vocabulary itself
        same_kind = [name for name, kinds in term_list.terms.items() if kind in kinds]
        close = (difflib.get_close_matches(local, same_kind, n=1, cutoff=0.75)
                 or difflib.get_close_matches(local, list(term_list.terms), n=1, cutoff=0.75)
                 or [name for name in term_list.terms if name.lower() == local.lower()])
        hint = (f"; did you mean {term_list.prefix}:{close[0]}?" if close
                else f"; see ontology/vocabularies/{term_list.prefix}.txt for its terms")
        return f"{curie(term)} is not a term of {term_list.title} ({term_list.source}){hint}"


@lru_cache(maxsize=1)
def load_vocabularies(directory: Path = VOCABULARIES_DIR) -> Vocabularies:
    """Every term list of `directory`; none if the folder is absent."""
    return Vocabularies(tuple(read_term_list(path) for path in sorted(Path(directory).glob("*.txt"))))


__all__ = ["VOCABULARIES_DIR", "TermList", "Vocabularies", "load_vocabularies", "read_term_list"]
