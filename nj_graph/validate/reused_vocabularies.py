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


#: The kinds a term list names.
KINDS: tuple[str, ...] = ("class", "property", "datatype", "individual")
#: The keys of a list's `# key: value` header lines.
HEADER_KEYS: tuple[str, ...] = ("prefix", "namespace", "title", "version", "published", "source",
                                "sha256", "counts")
_HEADER_LINE = re.compile(r"^# ([a-z0-9]+): (.*)$")


def header_lines(text: str) -> dict[str, str]:
    """The `# key: value` lines of a list, however broken the rest of it is."""
    header = {}
    for line in text.splitlines():
        match = _HEADER_LINE.match(line)
        if match and match.group(1) in HEADER_KEYS:
            header[match.group(1)] = match.group(2)
    return header


def parse_term_list(text: str, *, origin: str = "<list>") -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """A list's header and its terms (local name -> kinds): the one reader of the format, which
    `tools/vocabulary_terms.py` writes. A line it does not understand is a ValueError."""
    header = header_lines(text)
    terms: dict[str, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            continue
        kind, tab, name = line.partition("\t")
        if not tab or kind not in KINDS or not name or any(c.isspace() for c in name):
            raise ValueError(f"{origin}:{number}: expected 'kind<TAB>name', got {line!r}")
        terms.setdefault(name, set()).add(kind)
    missing = [key for key in ("prefix", "namespace", "source") if key not in header]
    if missing:
        raise ValueError(f"{origin}: header lacks {', '.join(missing)}")
    return header, {name: frozenset(kinds) for name, kinds in terms.items()}


def read_term_list(path: Path) -> TermList:
    header, terms = parse_term_list(path.read_text(encoding="utf-8"), origin=str(path))
    return TermList(prefix=header["prefix"], namespace=header["namespace"],
                    title=header.get("title", header["prefix"]), source=header["source"], terms=terms)


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
