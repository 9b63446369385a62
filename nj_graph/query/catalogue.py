"""Stored queries: one `.rq` file per question in queries/, named by its file stem.

A stored query opens with a grlc-style header: lines starting with `#+` that together are YAML.
Being comments, they leave the file valid SPARQL.

    #+ summary: Every event on a timeline               (required, one line)
    #+ description: |                                  (optional, free text)
    #+   Date, kind, participants and place of each event.
    #+ tags: [events, time]                            (optional list)
    #+ params:                                         (optional; each binds ?NAME)
    #+   kind:
    #+     type: iri                                   (iri|string|date|integer|decimal|boolean)
    #+     default: nj:Visit                           (optional; CURIEs allowed for iri)
    #+     enum: [nj:Visit, nj:Meeting]                (optional list of allowed values)
    #+     required: false                             (optional; true means no default)
    #+     description: The kind of event to list      (optional)
    SELECT ...

A header that does not parse, has no summary, has an unknown key, or declares a parameter that
the body never uses (or assigns itself with `AS ?NAME`) is an error naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.suggest import close_matches
from ..core.errors import ParameterError, UnknownQueryError, UserInputError
from ..core.shipped import SHIPPED
from . import remembered, sparql
from .answer import Answer
from .params import TYPES, Param, bind, to_term
from .sparql import Query

HEADER_KEYS = ("summary", "description", "tags", "params")
PARAM_KEYS = ("type", "default", "description", "enum", "required")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class StoredQuery:
    """A stored query: its name, header and parsed body."""

    name: str
    path: Path
    summary: str
    text: str
    query: Query = field(repr=False, compare=False)
    description: str = ""
    tags: tuple[str, ...] = ()
    params: Mapping[str, Param] = field(default_factory=dict)

    def bind(self, values: Mapping[str, object] | None = None) -> dict:
        """Checked terms for `values` plus defaults (see `nj_graph.query.params.bind`)."""
        return bind(self.params, values or {}, query=self.name)


def _header_lines(lines: list[str], file: str) -> list[str]:
    """The YAML text of the leading `#+` lines; a `#+` line after the body has started is an error."""
    header: list[str] = []
    in_header = True
    for number, line in enumerate(lines, start=1):
        if line.startswith("#+"):
            if not in_header:
                raise UserInputError("header lines (#+) must come before the query", file=file, line=number)
            header.append(line[3:] if line.startswith("#+ ") else line[2:])
        else:
            in_header = False
    return header


def _fail(message: str, file: str, header: list[str], key: str | None = None) -> UserInputError:
    """An error pointing at the header line where `key` is written (the first line otherwise)."""
    line = 1
    if key is not None:
        pattern = re.compile(rf"^\s*-?\s*{re.escape(key)}\s*:")
        line = next((n for n, text in enumerate(header, start=1) if pattern.match(text)), 1)
    return UserInputError(message, file=file, line=line)


def read_query(path: Path | str) -> StoredQuery:
    """Read and check a stored query file.

    >>> q = read_query(Path(__file__).parents[2] / "tests" / "fixtures" / "queries" / "labels.rq")
    >>> q.name, q.summary, list(q.params)
    ('labels', 'Resources and their English labels', ['kind', 'limit'])
    """
    path = Path(path)
    file = str(path)
    try:
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserInputError(f"cannot read the query: {error}", file=file) from None
    header = _header_lines(text.splitlines(), file)
    recalled = remembered.recall(path, stat)
    meta = recalled[0] if recalled else _yaml(header, file)
    if not isinstance(meta, dict):
        raise UserInputError("the query has no #+ header mapping (it needs at least '#+ summary: ...')",
                             file=file, line=1)
    for key in meta:
        if key not in HEADER_KEYS:
            close = close_matches(str(key), HEADER_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise _fail(f"unknown header key {key!r}{hint} (allowed: {', '.join(HEADER_KEYS)})", file, header, str(key))
    summary = meta.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise _fail("the header needs a one-line 'summary'", file, header, "summary")
    description = meta.get("description") or ""
    if not isinstance(description, str):
        raise _fail("'description' must be text", file, header, "description")
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _fail("'tags' must be a list of words", file, header, "tags")
    if recalled:
        query = sparql.Query(text, recalled[1], file)
    else:
        query = sparql.parse(text, file=file)  # header lines are comments: line numbers are the file's
        sparql.check_syntax(query)
    params = _params(meta.get("params"), file, header)
    used, assigned = query.shape.variables, query.shape.assigned
    for name in params:
        if name not in used:
            raise _fail(f"parameter {name!r} is declared but the query never uses ?{name}", file, header, name)
        if name in assigned:  # a bound variable cannot be assigned again: the binding would be lost
            raise _fail(f"parameter {name!r} binds ?{name}, which the query also assigns with AS ?{name}; "
                        "rename one of them", file, header, name)
    if not recalled:
        remembered.remember(path, stat, meta, query.shape)
    return StoredQuery(name=path.stem, path=path, summary=" ".join(summary.split()), text=text, query=query,
                       description=description.strip(), tags=tuple(tags), params=params)


def _yaml(header: list[str], file: str) -> Any:
    """The header's YAML, or an error at its line."""
    import yaml  # here: a remembered query needs no YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where present: faster
    try:
        return yaml.load("\n".join(header), Loader=loader) if header else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise UserInputError(f"the #+ header is not valid YAML: {problem}", file=file,
                             line=min(mark.line + 1, len(header)) if mark else None) from None


def _params(spec: Any, file: str, header: list[str]) -> dict[str, Param]:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise _fail("'params' must map each parameter name to its description", file, header, "params")
    params = {}
    for name, options in spec.items():
        name = str(name)
        if not _NAME.match(name):
            raise _fail(f"parameter name {name!r} is not a SPARQL variable name", file, header, name)
        options = options or {}
        if not isinstance(options, dict):
            raise _fail(f"parameter {name!r} must be a mapping (type, default, ...)", file, header, name)
        for key in options:
            if key not in PARAM_KEYS:
                raise _fail(f"parameter {name!r}: unknown key {key!r} (allowed: {', '.join(PARAM_KEYS)})",
                            file, header, name)
        type_ = options.get("type")
        if type_ not in TYPES:
            raise _fail(f"parameter {name!r}: 'type' must be one of {', '.join(TYPES)}", file, header, name)
        try:
            enum = tuple(to_term(type_, _text(v), name=name) for v in options.get("enum") or [])
            default = options.get("default")
            default = to_term(type_, _text(default), name=name) if default is not None else None
        except ParameterError as error:
            raise _fail(f"in the header: {error.message}", file, header, name) from None
        if default is not None and enum and default not in enum:
            raise _fail(f"parameter {name!r}: the default is not one of its enum values", file, header, name)
        required = options.get("required", False)
        if not isinstance(required, bool) or (required and default is not None):
            raise _fail(f"parameter {name!r}: 'required' is true or false, and a required parameter has no "
                        "default", file, header, name)
        description = options.get("description") or ""
        params[name] = Param(name=name, type=type_, default=default, description=str(description).strip(),
                             enum=enum, required=required)
    return params


def _text(value: Any) -> str:
    """YAML reads `2013` as an int and `true` as a bool; a header value is checked as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def queries_dir(folder: Path | str | None = None) -> Path:
    return Path(folder) if folder is not None else SHIPPED.queries_dir


def list_queries(folder: Path | str | None = None) -> list[StoredQuery]:
    """Every stored query, by name; any broken one is an error (it would otherwise go unnoticed).

    >>> [q.name for q in list_queries(Path(__file__).parents[2] / "tests" / "fixtures" / "queries")][:2]
    ['about', 'classes']
    """
    return [read_query(path) for path in sorted(queries_dir(folder).glob("*.rq"))]


def get_query(name: str, folder: Path | str | None = None) -> StoredQuery:
    """The stored query called `name`; an unknown name suggests the closest ones."""
    folder = queries_dir(folder)
    path = folder / f"{name}.rq"
    if _NAME_OK.match(name) and path.is_file():
        return read_query(path)
    names = sorted(p.stem for p in folder.glob("*.rq"))
    close = close_matches(name, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownQueryError(f"no stored query named {name!r}{hint} (see 'nj-graph queries')")


#: A query name is a file stem without path separators (no `../` into other folders).
_NAME_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def answer(name: str, params: Mapping[str, object] | None = None, *, store,
           folder: Path | str | None = None) -> Answer:
    """Run the stored query `name` on `store` (a `nj_graph.store.base.Store`) with checked, bound parameters."""
    stored = get_query(name, folder)
    return sparql.execute(store, stored.query, stored.bind(params))
