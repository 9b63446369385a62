"""What nj-graph needs to know of a query without parsing it: its form, variables and WHERE brace.

`nj_graph.query.lexer` finds it in the text; the stored-query catalogue keeps it between runs
(`as_record` / `from_record`), so that a stored query that did not change is not tokenized again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class QueryShape:
    """What nj-graph needs to know of a query without parsing it.

    `projected` is None for `SELECT *` and for the other forms. `where_open` is the offset in the
    original text of the `{` opening the outermost WHERE group (None when there is none, as in
    `DESCRIBE <x>`); a value block inserted just after it reaches the whole pattern, except when
    that group is itself a sub-select (`WHERE { SELECT ... }`).

    >>> shape = QueryShape("ASK", {}, frozenset({"s"}), frozenset(), None, 4)
    >>> QueryShape.from_record(shape.as_record()) == shape
    True
    """

    form: str
    prefixes: Mapping[str, str]
    variables: frozenset[str]
    assigned: frozenset[str]
    projected: tuple[str, ...] | None
    where_open: int | None

    def as_record(self) -> dict:
        """The shape as JSON-ready values."""
        return {"form": self.form, "prefixes": dict(self.prefixes), "variables": sorted(self.variables),
                "assigned": sorted(self.assigned),
                "projected": list(self.projected) if self.projected is not None else None,
                "where_open": self.where_open}

    @classmethod
    def from_record(cls, record: Mapping) -> "QueryShape":
        projected = record["projected"]
        return cls(str(record["form"]), dict(record["prefixes"]), frozenset(record["variables"]),
                   frozenset(record["assigned"]), tuple(projected) if projected is not None else None,
                   record["where_open"])
