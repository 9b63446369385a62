"""One interface over every place the graph can live, and the `--store` choice that picks one.

- `memory`: rdflib's in-memory graph, the reference engine (`nj_graph.store.memory`).
- `oxigraph`: an embedded pyoxigraph store in memory, the default (`nj_graph.store.oxigraph`).
- `oxigraph:PATH`: a persistent pyoxigraph store on disk, filled by `nj-graph load`, opened read-only.
- `http(s)://...`: a SPARQL 1.1 query endpoint a user names (`nj_graph.store.remote`).

A store answers checked query text (see `nj_graph.query.sparql`) with an `Answer` of pyoxigraph
terms, looks up labels for the table format, and hands out its triples for export and push.
Each backend module is imported only when chosen, so answering from pyoxigraph never imports rdflib.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UserInputError
from ..core.suggest import close_matches
from ..query.answer import Answer, Term
from ..query.shape import QueryShape

#: The `--store` choices besides `oxigraph:PATH` and URLs; the first answers queries by default.
STORE_KINDS: tuple[str, ...] = ("oxigraph", "memory")
DEFAULT_STORE = "oxigraph"


@dataclass(frozen=True)
class StoreSpec:
    """A parsed `--store` value: its kind and, for a persistent store or an endpoint, where.

    >>> StoreSpec.parse("oxigraph:/tmp/nj")
    StoreSpec(kind='oxigraph', location='/tmp/nj')
    >>> StoreSpec.parse("https://example.org/sparql").kind
    'remote'
    >>> StoreSpec.parse("oxygraph")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.UserInputError: unknown store 'oxygraph'; did you mean 'oxigraph'? (choose from oxigraph, memory, oxigraph:PATH or an http(s):// SPARQL endpoint)
    """

    kind: str
    location: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> "StoreSpec":
        text = DEFAULT_STORE if text is None else text
        lowered = text.lower()
        if lowered.startswith(("http://", "https://")):
            return cls("remote", text)
        if lowered in ("rdflib",):  # the name the Python API has always used for the memory store
            return cls("memory")
        if text in STORE_KINDS:
            return cls(text)
        if text.startswith("oxigraph:") and len(text) > len("oxigraph:"):
            return cls("oxigraph", text[len("oxigraph:"):])
        close = close_matches(text, STORE_KINDS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UserInputError(f"unknown store {text!r}{hint} (choose from {', '.join(STORE_KINDS)}, "
                             "oxigraph:PATH or an http(s):// SPARQL endpoint)")

    @property
    def persistent(self) -> bool:
        return self.kind == "oxigraph" and self.location is not None

    @property
    def filled_elsewhere(self) -> bool:
        """A store with a graph of its own, filled by `nj-graph load` or `push` (or by anyone, for
        an endpoint), rather than the shipped graph read from the files when opened."""
        return self.persistent or self.kind == "remote"

    def __str__(self) -> str:
        return self.location if self.kind == "remote" else (
            f"oxigraph:{self.location}" if self.persistent else self.kind)


class Store(ABC):
    """Where the graph lives: it answers queries, finds labels and gives out its triples."""

    #: How the store is named to the user (`--store` value).
    name: str

    @abstractmethod
    def query(self, text: str, *, form: str, bindings: Mapping[str, Term] | None = None,
              shape: "QueryShape | None" = None) -> Answer:
        """Run checked, read-only query `text` (of `form`) with variables bound to terms.

        The project's prefixes are predeclared. Bindings reach the engine as terms (its own
        substitution, or a VALUES block built from terms at `shape.where_open`), never as pasted
        text. `shape` is what `nj_graph.query.lexer` found in the text; the query checks made it.
        """

    @abstractmethod
    def labels(self, iris: Sequence[str]) -> dict[str, str]:
        """IRI -> its English (or untagged) `rdfs:label`, for those of `iris` that have one."""

    @abstractmethod
    def triples(self) -> Iterator:
        """Every triple of the graph, as pyoxigraph `Triple`s."""

    def close(self) -> None:
        """Let go of files and connections."""


def pick_label(candidates: Iterable[tuple[str, str | None]]) -> str | None:
    """From (text, language) pairs, the English label, else an untagged one, else None.

    >>> pick_label([("Japon", "fr"), ("Japan", "en")])
    'Japan'
    >>> pick_label([("Japon", "fr")]) is None
    True
    """
    untagged = None
    for text, language in candidates:
        if language and language.lower().startswith("en"):
            return text
        if not language and untagged is None:
            untagged = text
    return untagged


def open_store(spec: StoreSpec | str | None = None, *, reasoning: str = "none", extra: Sequence[Path | str] = (),
               cache_dir: Path | str | None = None, timeout: float | None = None) -> Store:
    """Open the store `spec` names (default: embedded Oxigraph) with the shipped graph in it.

    `reasoning` and `extra` apply to the in-memory stores; a persistent store was filled with its
    own by `nj-graph load`, and an endpoint holds what was pushed to it.

    >>> store = open_store("oxigraph")
    >>> store.query("ASK { nj:Visit rdfs:subClassOf nj:Event }", form="ASK").boolean
    True
    """
    spec = spec if isinstance(spec, StoreSpec) else StoreSpec.parse(spec)
    extra = [Path(p) for p in extra]
    if spec.kind == "memory":
        from .memory import MemoryStore

        return MemoryStore.load(extra, reasoning=reasoning, cache_dir=cache_dir)
    if spec.kind == "oxigraph" and not spec.persistent:
        from .oxigraph import OxigraphStore

        return OxigraphStore.in_memory(extra, reasoning=reasoning, cache_dir=cache_dir)
    if reasoning != "none" or extra:
        what = "nj-graph load" if spec.persistent else "nj-graph push"
        raise UserInputError(f"--reasoning and --data are given when the store is filled ({what}), "
                             f"not when {spec} is queried")
    if spec.persistent:
        from .oxigraph import OxigraphStore

        return OxigraphStore.open(Path(spec.location))
    from .remote import RemoteStore

    return RemoteStore(spec.location, timeout=timeout)
