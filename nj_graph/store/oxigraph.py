"""The `oxigraph` stores: pyoxigraph in memory (the default) and on disk (`oxigraph:PATH`).

In memory, the ontology and data are parsed by pyoxigraph itself; a reasoning closure is read
from the cache (`nj_graph.store.closure_cache`), computed by owlrl only when missing, so a
cached closure costs no rdflib import. `--data` files enter through the guarded door.

On disk, `nj-graph load oxigraph:PATH` builds a new store beside PATH and swaps it in only once
it is complete, so an interrupted load never leaves half a store where a good one was. PATH holds
the RocksDB folder (`oxigraph/`) and `nj-graph-store.json`, a manifest of what went in (each
input's path, size, modification time and SHA-256, the reasoning mode, the nj-graph version).
Later commands open it read-only and compare the manifest with the inputs as they are now.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import UserInputError
from ..core.prefixes import PREFIXES
from ..query.answer import Answer, Term
from ..query.binding import with_values
from ..query.shape import QueryShape
from .base import Store, pick_label
from .closure_cache import cache_file, check_mode
from ..core.shipped import SHIPPED
from .inputs import project_files

_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
MANIFEST = "nj-graph-store.json"
_DATABASE = "oxigraph"
_LAYOUT = 1


class OxigraphStore(Store):
    """A pyoxigraph `Store` that answers like every other store.

    >>> store = OxigraphStore.in_memory()
    >>> store.query("SELECT ?label WHERE { nj:Visit rdfs:label ?label }", form="SELECT").bindings
    [(<Literal value=visit language=en>,)]
    """

    def __init__(self, store: ox.Store, name: str = "oxigraph") -> None:
        self.store = store
        self.name = name

    # -- filling --------------------------------------------------------------------------------

    @classmethod
    def in_memory(cls, extra: Sequence[Path] = (), *, reasoning: str = "none",
                  cache_dir: Path | str | None = None) -> "OxigraphStore":
        store = ox.Store()
        fill(store, extra, reasoning=reasoning, cache_dir=cache_dir)
        return cls(store)

    @classmethod
    def open(cls, path: Path) -> "OxigraphStore":
        """Open a store that `nj-graph load` made, read-only."""
        read_manifest(path)
        try:
            store = ox.Store.read_only(str(path / _DATABASE))
        except OSError as error:
            raise UserInputError(f"cannot open the store: {error}", file=str(path)) from None
        return cls(store, name=f"oxigraph:{path}")

    # -- answering ------------------------------------------------------------------------------

    def query(self, text: str, *, form: str, bindings: Mapping[str, Term] | None = None,
              shape: "QueryShape | None" = None) -> Answer:
        substitutions = None
        if bindings:
            if _substitutable(form, shape, bindings):
                substitutions = {ox.Variable(name): term for name, term in bindings.items()}
            elif shape is not None and shape.where_open is not None:
                text = with_values(text, shape.where_open, bindings)
            else:
                raise UserInputError("this query has no WHERE group to bind its parameters in")
        try:
            result = self.store.query(text, prefixes=PREFIXES, substitutions=substitutions)
            if isinstance(result, ox.QueryBoolean):
                return Answer("ASK", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                return Answer("SELECT", variables, [tuple(solution) for solution in result])
            return Answer(form, triples=list(result))
        except SyntaxError as error:
            raise UserInputError(f"SPARQL syntax error: {error}") from None
        except (OSError, RuntimeError, ValueError) as error:
            raise UserInputError(f"the query could not be evaluated: {error}") from None

    def labels(self, iris: Sequence[str]) -> dict[str, str]:
        found = {}
        for iri in iris:
            quads = self.store.quads_for_pattern(ox.NamedNode(iri), _LABEL, None, ox.DefaultGraph())
            label = pick_label((q.object.value, q.object.language) for q in quads
                               if isinstance(q.object, ox.Literal))
            if label is not None:
                found[iri] = label
        return found

    def triples(self) -> Iterator[ox.Triple]:
        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield quad.triple

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        self.store = None


def _substitutable(form: str, shape: QueryShape | None, bindings: Mapping[str, Term]) -> bool:
    """pyoxigraph 0.5 substitutes only variables a SELECT projects; a VALUES block does the rest."""
    if form != "SELECT" or shape is None:
        return False
    return shape.projected is None or all(name in shape.projected for name in bindings)


def fill(store: ox.Store, extra: Sequence[Path] = (), *, reasoning: str = "none",
         cache_dir: Path | str | None = None, bulk: bool = False,
         advance: Callable[[float], None] = lambda amount: None) -> list[Path]:
    """Put the ontology, the data and `extra` (closed under `reasoning`) into `store`; the inputs.

    `advance(bytes)` is called as each input file is done, for a progress bar.
    """
    check_mode(reasoning)
    extra = [Path(p) for p in extra]
    for path in extra:
        if not path.is_file():
            raise UserInputError("no such file", file=str(path))
    inputs = [*project_files(), *extra]
    load = store.bulk_load if bulk else store.load
    if reasoning == "none":
        for path in project_files():
            load(path=str(path), format=ox.RdfFormat.TURTLE)
            advance(path.stat().st_size)
        for path in extra:
            fmt = _native_format(path)
            if fmt is not None and bulk:
                _bulk_load(store, path, fmt)
            else:
                store.extend(user_quads(path))
            advance(path.stat().st_size)
        return inputs
    closed = closure_file(inputs, extra, reasoning, cache_dir)
    if closed is None:  # the cache could not be written: take the closure from rdflib directly
        from .graph import load_graph
        from .rdflib_terms import to_oxigraph

        graph = load_graph(extra, reasoning=reasoning, cache_dir=cache_dir)
        store.extend(ox.Quad(*(to_oxigraph(t) for t in triple)) for triple in graph)
        advance(sum(p.stat().st_size for p in inputs))
        return inputs
    load(path=str(closed), format=ox.RdfFormat.N_TRIPLES)
    advance(sum(p.stat().st_size for p in inputs))
    return inputs


def closure_file(inputs: Sequence[Path], extra: Sequence[Path], mode: str,
                  cache_dir: Path | str | None) -> Path | None:
    """The cached closure's file, made first if missing or unreadable; None if it cannot be cached.

    The OWL 2 RL closure is made here without rdflib: the inputs are parsed by pyoxigraph and
    written as one N-Triples file (one file, so that blank nodes of different inputs stay apart;
    parsed, not stored, as a pyoxigraph store keeps `"1"^^xsd:positiveInteger` as an
    xsd:integer), read by reasonable, and its closure written to the cache. The RDFS closure is
    owlrl's, through rdflib.
    """
    target = cache_file(inputs, mode, cache_dir)
    if target.is_file():
        try:
            for _ in ox.parse(path=str(target), format=ox.RdfFormat.N_TRIPLES):
                pass
        except (SyntaxError, OSError):
            target.unlink(missing_ok=True)  # damaged: rebuilt below, never trusted
        else:
            os.utime(target)  # recently used, for pruning
            return target
    from ..core.progress import progress

    with progress(f"computing the {mode} closure (once; it is cached)"):
        if mode == "owl-rl":
            try:
                write_owl_rl_closure(_asserted(extra), target)
            except OSError:  # a read-only cache folder: the caller takes the closure another way
                return None
        else:
            from .graph import load_graph

            load_graph(extra, reasoning=mode, cache_dir=cache_dir)
    return target if target.is_file() else None


def _asserted(extra: Sequence[Path]) -> Iterator[ox.Triple]:
    """The ontology, the data and `extra`, as parsed (every literal as written)."""
    for path in project_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield quad.triple
    for path in extra:
        for quad in user_quads(Path(path)):
            yield quad.triple


def write_owl_rl_closure(triples: Iterable[ox.Triple], target: Path) -> int:
    """Write the OWL 2 RL closure (by reasonable) of `triples` to `target`, atomically; its size."""
    import tempfile

    import reasonable

    from ..core.atomic import write_atomically
    from .closure_cache import prune
    from .rdflib_terms import to_oxigraph
    from .reasoning import owl_rl_triples

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "asserted.ttl"  # N-Triples is Turtle; reasonable reads .ttl and .n3 only
        ox.serialize(triples, str(source), format=ox.RdfFormat.N_TRIPLES)
        reasoner = reasonable.PyReasoner()
        reasoner.load_file(str(source))
        triples = [ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in owl_rl_triples(reasoner)]
    write_atomically(target, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    prune(target.parent)
    return len(triples)


#: The formats pyoxigraph reads itself, for files a user names: their grammars have nothing to
#: fetch or include (no DTD, no remote context), and the parser is streaming, compiled Rust with no
#: recursion to exhaust. RDF/XML and JSON-LD keep the guarded door.
_NATIVE = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
           "trig": ox.RdfFormat.TRIG}


def _native_format(path: Path) -> ox.RdfFormat | None:
    from .untrusted import resolve_format

    return _NATIVE.get(resolve_format(path))


def _native_quads(path: Path, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    """A user's file parsed by pyoxigraph, named graphs merged into the default one, as the door does."""
    from ..core.errors import UntrustedInputError

    try:
        for quad in ox.parse(path=str(path), format=fmt, base_iri=_base(path)):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)
    except SyntaxError as error:
        raise _placed(error, path) from None
    except OSError as error:
        raise UntrustedInputError(f"cannot read the file: {error}", file=str(path)) from None


def _bulk_load(store: ox.Store, path: Path, fmt: ox.RdfFormat) -> None:
    """Load a large user file at pyoxigraph's bulk speed: triples straight in, quads merged first."""
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        try:
            store.bulk_load(path=str(path), format=fmt, base_iri=_base(path),
                            to_graph=ox.DefaultGraph())
        except SyntaxError as error:
            raise _placed(error, path) from None
        return
    store.bulk_extend(_native_quads(path, fmt))


def _placed(error: SyntaxError, path: Path):
    """pyoxigraph's syntax error ("... at line 3 column 7: ...") as one line with the file, line and column.

    >>> _placed(SyntaxError("Parser error at line 2 between columns 9 and 13: Unexpected end of file (line 2)"),
    ...         Path("x.ttl")).one_line()
    'x.ttl:2:9: Unexpected end of file'
    >>> _placed(SyntaxError("Parser error between line 2 column 11 and line 3 column 1: Unexpected end of file "
    ...                     "(x.ttl, line 2)"), Path("x.ttl")).one_line()
    'x.ttl:2:11: Unexpected end of file'
    """
    import re

    from ..core.errors import UntrustedInputError

    text = " ".join(str(error).split())
    found = re.search(r"(?:at|between) line (\d+) (?:column|between columns) (\d+)"
                      r"(?: and (?:line \d+ column )?\d+)?: (.*?)(?: \([^()]*line \d+\))?$", text)
    if found:
        return UntrustedInputError(found.group(3)[:300], file=str(path), line=int(found.group(1)),
                                   column=int(found.group(2)))
    return UntrustedInputError(text[:300], file=str(path))


def _base(path: Path) -> str:
    """The base IRI relative IRIs of a user's file resolve against: the guarded door's."""
    from urllib.parse import quote

    from .untrusted import CONTRIBUTION_BASE

    return CONTRIBUTION_BASE + quote(path.name)


def user_quads(path: Path) -> Iterator[ox.Quad]:
    """A user's file as pyoxigraph quads in the default graph: parsed by pyoxigraph where it can, else by the guarded door."""
    fmt = _native_format(path)
    if fmt is not None:
        yield from _native_quads(path, fmt)
        return
    from .untrusted import parse_untrusted_records

    import hashlib

    terms: dict[tuple, object] = {}
    # one file's blank nodes are its own: label them apart from the other inputs' blank nodes
    scope = hashlib.sha256(str(path).encode()).hexdigest()[:12]

    def term(encoded: list):
        key = tuple(encoded)
        if key not in terms:
            kind = encoded[0]
            if kind == "u":
                terms[key] = ox.NamedNode(encoded[1])
            elif kind == "b":
                terms[key] = ox.BlankNode(f"u{scope}{encoded[1]}")
            elif encoded[3]:
                terms[key] = ox.Literal(encoded[1], language=encoded[3])
            else:
                terms[key] = ox.Literal(encoded[1], datatype=ox.NamedNode(encoded[2]) if encoded[2] else None)
        return terms[key]

    for s, p, o, _line in parse_untrusted_records(path):
        yield ox.Quad(term(s), term(p), term(o))


# -- the persistent store ---------------------------------------------------------------------

def _fingerprint(path: Path) -> dict:
    import hashlib

    stat = path.stat()
    return {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def _shown(path: str) -> str:
    return SHIPPED.relative(path)


def load_persistent(path: Path, extra: Sequence[Path] = (), *, reasoning: str = "none",
                    cache_dir: Path | str | None = None) -> int:
    """Fill the store at `path` anew (replacing one `nj-graph load` made before); its triple count.

    On a terminal a progress bar counts the input bytes loaded.
    """
    import shutil

    from .. import __version__

    path = Path(path)
    if path.exists() and not (path / MANIFEST).is_file() and (not path.is_dir() or any(path.iterdir())):
        raise UserInputError("is not a store nj-graph made (no nj-graph-store.json): refusing to replace it",
                             file=str(path))
    building = path.with_name(f".{path.name}.loading-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
    except OSError as error:
        raise UserInputError(f"cannot make the store here: {error.strerror or error}", file=str(path)) from None
    try:
        count, inputs = _fill_new_store(building, extra, reasoning, cache_dir)
    except BaseException as error:
        # The half-built store is open as long as a frame of the traceback holds it, and RocksDB
        # would write into its folder again as it closes: let go of both before removing it.
        error.__traceback__ = None
        import gc

        gc.collect()
        shutil.rmtree(building, ignore_errors=True)
        raise
    manifest = {"layout": _LAYOUT, "nj-graph": __version__, "reasoning": reasoning, "triples": count,
                "inputs": [_fingerprint(p) for p in inputs]}
    try:
        (building / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        old = path.with_name(f".{path.name}.old-{os.getpid()}")
        if path.exists():
            os.replace(path, old)
        os.replace(building, path)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return count


def _fill_new_store(folder: Path, extra: Sequence[Path], reasoning: str,
                    cache_dir: Path | str | None) -> tuple[int, list[Path]]:
    """Make a store in `folder` and fill it; its triple count and inputs. The store is closed on return."""
    from ..core.progress import progress

    store = ox.Store(str(folder / _DATABASE))
    total = sum(p.stat().st_size for p in [*project_files(), *map(Path, extra)] if p.is_file())
    with progress(f"loading {folder.name.split('.loading-')[0].lstrip('.')}", total=total, unit="bytes") as advance:
        inputs = fill(store, extra, reasoning=reasoning, cache_dir=cache_dir, bulk=True, advance=advance)
    store.flush()
    # Bulk loading leaves many small files behind; compacting them once here makes every later
    # lookup cheaper (measured at 1M triples: stored queries about 30% faster, for well under 1 s).
    store.optimize()
    return len(store), inputs


def read_manifest(path: Path) -> dict:
    """The manifest of the store at `path`; a folder without one is no store of nj-graph's."""
    try:
        manifest = json.loads((Path(path) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError("no store here: fill one with 'nj-graph load oxigraph:PATH'", file=str(path)) from None
    except (OSError, ValueError) as error:
        raise UserInputError(f"the store's manifest cannot be read ({error}); load it again", file=str(path)) from None
    if manifest.get("layout") != _LAYOUT:
        raise UserInputError("the store was made by another version of nj-graph; load it again", file=str(path))
    return manifest


def changed_inputs(path: Path) -> list[str]:
    """The inputs of the store at `path` that differ from when it was loaded (added, changed, gone).

    Size and modification time are compared first; only a file whose stat differs is hashed, so
    checking a large store's inputs stays cheap when nothing changed.
    """
    import hashlib

    manifest = read_manifest(path)
    recorded = {entry["path"]: entry for entry in manifest["inputs"]}
    changed = []
    for entry in manifest["inputs"]:
        file = Path(entry["path"])
        try:
            stat = file.stat()
        except OSError:
            changed.append(_shown(entry["path"]))
            continue
        if (stat.st_size, stat.st_mtime_ns) != (entry["size"], entry["mtime_ns"]):
            if stat.st_size != entry["size"] or hashlib.sha256(file.read_bytes()).hexdigest() != entry["sha256"]:
                changed.append(_shown(entry["path"]))
    changed += [_shown(str(p.resolve())) for p in project_files() if str(p.resolve()) not in recorded]
    return changed
