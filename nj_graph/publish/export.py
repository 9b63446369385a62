"""`nj-graph export`: the graph as one deterministic dump in any RDF format.

The triples come from `collect` (lexical forms as written), are put in canonical order once, and
are written by `serialize`. The same input gives the same bytes, so dumps diff cleanly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.atomic import write_atomically
from ..core.errors import UserInputError
from .collect import collect
from .serialize import canonical_order, format_named, serialize

__all__ = ["export_bytes", "export_to"]


def export_bytes(fmt: str, *, store: str | None = None, include: str | Sequence[str] | None = None,
                 reasoning: str = "none", extra: Sequence[Path | str] = (),
                 cache_dir: Path | str | None = None) -> bytes:
    """The chosen parts of the graph in `store`, in format `fmt` (see `serialize.FORMATS`).

    >>> text = export_bytes("ntriples", include="ontology").decode()
    >>> text.splitlines() == sorted(text.splitlines())
    True
    """
    chosen = format_named(fmt)  # an unknown format fails before anything is read
    triples = canonical_order(collect(store, include=include, reasoning=reasoning, extra=extra,
                                      cache_dir=cache_dir))
    return serialize(triples, chosen, ordered=True)


def export_to(path: Path | str, data: bytes) -> Path:
    """Write a dump atomically: an interrupted export leaves the file that was there, whole."""
    try:
        return write_atomically(path, data)
    except OSError as error:
        raise UserInputError(f"cannot write the export: {error.strerror or error}", file=str(path)) from None
