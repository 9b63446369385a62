"""The triples to publish, with their lexical forms as written.

An in-memory store (`oxigraph`, `memory`) is filled from files; export reads those same files with
pyoxigraph's parser rather than out of the store, for two reasons. Oxigraph's store keeps numbers
in canonical form (`"1500.50"^^xsd:decimal` comes back as `1500.5`, the same value but another
lexical form), while its parser keeps every literal as written; and the parts of the graph
(`--include ontology,shapes,data`) are its files. A reasoning closure comes from the closure cache
(N-Triples written by rdflib, which keeps lexical forms). So `--store oxigraph` and `--store memory`
give the same dump, byte for byte.

A persistent store (`oxigraph:PATH`) or an endpoint holds what `load` or `push` put there: its
triples are exported as it gives them, canonical numbers and all, and `--include`, `--reasoning`
and `--data` were chosen when it was filled.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import UserInputError
from ..core.shipped import SHIPPED
from ..store.base import StoreSpec, open_store
from ..store.closure_cache import check_mode
from ..store.inputs import data_files, ontology_files, project_files

#: The parts of the graph `--include` chooses from, and the default: the graph queries answer from.
PARTS: tuple[str, ...] = ("ontology", "shapes", "data")
DEFAULT_PARTS: tuple[str, ...] = ("ontology", "data")


def parse_parts(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """`--include` as a tuple of parts in their canonical order.

    >>> parse_parts("data,ontology")
    ('ontology', 'data')
    >>> parse_parts("data,views")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.UserInputError: --include: unknown part 'views' (choose from ontology, shapes, data)
    """
    if text is None:
        return DEFAULT_PARTS
    items = text.split(",") if isinstance(text, str) else list(text)
    chosen = {item.strip() for item in items if item.strip()}
    for item in sorted(chosen - set(PARTS)):
        raise UserInputError(f"--include: unknown part {item!r} (choose from {', '.join(PARTS)})")
    if not chosen:
        raise UserInputError(f"--include: name at least one of {', '.join(PARTS)}")
    return tuple(part for part in PARTS if part in chosen)


def part_files(parts: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        files += {"ontology": ontology_files, "data": data_files,
                  "shapes": lambda: [SHIPPED.shapes_file]}[part]()
    return files


def collect(store: str | None = None, *, include: str | Sequence[str] | None = None, reasoning: str = "none",
            extra: Sequence[Path | str] = (), cache_dir: Path | str | None = None) -> Iterator[ox.Triple]:
    """The triples of the chosen parts of the graph in `store` (a `--store` value), as written."""
    spec = store if isinstance(store, StoreSpec) else StoreSpec.parse(store)
    parts = parse_parts(include)
    check_mode(reasoning)
    extra = [Path(p) for p in extra]
    if spec.persistent or spec.kind == "remote":
        if include is not None and parts != DEFAULT_PARTS:
            raise UserInputError(f"--include is chosen when the store is filled, not when {spec} is exported")
        opened = open_store(spec, reasoning=reasoning, extra=extra, cache_dir=cache_dir)
        try:
            yield from opened.triples()
        finally:
            opened.close()
        return
    for path in extra:
        if not path.is_file():
            raise UserInputError("no such file", file=str(path))
    if reasoning != "none":
        if not {"ontology", "data"} <= set(parts):
            raise UserInputError("--reasoning closes the ontology and the data together: "
                                 "--include both (and shapes, if you like)")
        yield from _closure(extra, reasoning, cache_dir)  # the ontology, the data, --data and what follows
        if "shapes" in parts:
            yield from _parsed(SHIPPED.shapes_file)
        return
    for path in part_files(parts):
        yield from _parsed(path)
    if extra:
        # the oxigraph store's own reader of a user's file: pyoxigraph for Turtle, N-Triples, N-Quads and
        # TriG, the guarded door for the rest
        from ..store.oxigraph import user_quads

        for path in extra:
            for quad in user_quads(path):
                yield quad.triple


def _parsed(path: Path) -> Iterator[ox.Triple]:
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        yield quad.triple


def _closure(extra: Sequence[Path], reasoning: str, cache_dir: Path | str | None) -> Iterator[ox.Triple]:
    from ..store.oxigraph import closure_file

    closed = closure_file([*project_files(), *extra], extra, reasoning, cache_dir)
    if closed is not None:
        for quad in ox.parse(path=str(closed), format=ox.RdfFormat.N_TRIPLES):
            yield quad.triple
        return
    from ..store.graph import load_graph
    from ..store.rdflib_terms import to_oxigraph

    for triple in load_graph(extra, reasoning=reasoning, cache_dir=cache_dir):
        yield ox.Triple(*(to_oxigraph(t) for t in triple))
