"""Closures under RDFS or OWL 2 RL (owlrl), computed once and cached on disk.

The closure of the shipped graph takes owlrl a while, and it only changes when an input does, so
it is paid once: the closed graph is written as N-Triples to a cache folder, under a name that is
a SHA-256 over every input file's bytes, the reasoning mode and the versions of owlrl, rdflib and
nj-graph. Any change to any of these gives a new key, so a stale closure is never read.

The cache folder is, first found: the `cache_dir` argument (the `--cache-dir` option),
`$NJ_GRAPH_CACHE_DIR`, `$XDG_CACHE_HOME/nj-graph`, `~/.cache/nj-graph`. Never the package folder:
an installed package may be read-only and shared.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import owlrl
from rdflib import Graph, Literal

from ..core.atomic import write_atomically
from ..core.errors import UserInputError

log = logging.getLogger(__name__)

#: Reasoning mode (the `--reasoning` choice) -> owlrl semantics; "none" adds nothing.
SEMANTICS: dict[str, type | None] = {
    "none": None,
    "rdfs": owlrl.RDFS_Semantics,
    "owl-rl": owlrl.OWLRL_Semantics,
}
MODES: tuple[str, ...] = tuple(SEMANTICS)

#: Environment variable that moves the cache folder.
CACHE_ENV = "NJ_GRAPH_CACHE_DIR"
#: How many closures to keep per folder; older ones are removed when a new one is written.
KEEP = 8
#: Bumped when the cache file layout changes, so old files are never misread.
_LAYOUT = b"nj-graph closure cache 1"


def check_mode(mode: str) -> str:
    """Return `mode` if it is a reasoning mode, else raise a UserInputError naming the choices.

    >>> check_mode("rdfs")
    'rdfs'
    >>> check_mode("owlrl")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.UserInputError: unknown reasoning mode 'owlrl'; did you mean 'owl-rl'? (choose from none, rdfs, owl-rl)
    """
    if mode in SEMANTICS:
        return mode
    close = difflib.get_close_matches(mode, MODES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ";"
    raise UserInputError(f"unknown reasoning mode {mode!r}{hint} (choose from {', '.join(MODES)})")


def expand(graph: Graph, mode: str) -> Graph:
    """Add the closure of `graph` under `mode` to `graph` itself, and return it.

    owlrl's RDFS rules also derive generalised triples with a literal as subject
    (`"Japan"@en a rdfs:Resource`). Those are not RDF, cannot be written as N-Triples, and would
    make a fresh closure differ from a cached one, so they are dropped.

    >>> from rdflib import Namespace, RDF, RDFS
    >>> ex = Namespace("http://example.org/")
    >>> g = Graph()
    >>> _ = g.add((ex.Visit, RDFS.subClassOf, ex.Event)).add((ex.v1, RDF.type, ex.Visit))
    >>> (ex.v1, RDF.type, ex.Event) in expand(g, "rdfs")
    True
    """
    semantics = SEMANTICS[check_mode(mode)]
    if semantics is None:
        return graph
    owlrl.DeductiveClosure(semantics).expand(graph)
    for triple in [t for t in graph if isinstance(t[0], Literal)]:
        graph.remove(triple)
    return graph


def cache_dir(override: Path | str | None = None) -> Path:
    """The folder closures are cached in (see the module docstring for the order of precedence)."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "nj-graph"


def _versions() -> str:
    from .. import __version__  # late: the package imports this module

    def of(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:  # running from a source tree that is not installed
            return "unknown"

    return f"owlrl={of('owlrl')} rdflib={of('rdflib')} nj-graph={__version__}"


def cache_key(inputs: Sequence[Path], mode: str) -> str:
    """SHA-256 (hex) over every input's bytes and suffix, the mode and the library versions.

    Paths are left out on purpose: a moved checkout keeps its cache. Each file is framed by its
    length, so moving bytes from one file to the next still changes the key.
    """
    digest = hashlib.sha256()
    for part in (_LAYOUT, mode.encode(), _versions().encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    for path in inputs:
        content = Path(path).read_bytes()
        suffix = Path(path).suffix.lower().encode()
        digest.update(len(suffix).to_bytes(8, "big") + suffix)
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


def cache_file(inputs: Sequence[Path], mode: str, folder: Path | str | None = None) -> Path:
    """Where the closure of these inputs under this mode is (or would be) cached."""
    return cache_dir(folder) / f"closure-{mode}-{cache_key(inputs, mode)}.nt"


def closure(inputs: Sequence[Path], mode: str, *, build: Callable[[], Graph],
            new_graph: Callable[[], Graph], folder: Path | str | None = None) -> Graph:
    """The graph of `inputs` closed under `mode`: read from the cache, or built and cached.

    `build()` parses the inputs into a fresh graph; `new_graph()` makes the empty graph a cached
    closure is read into (both come from `nj_graph.store.graph`, which owns parsing and the store).
    A cache is written only after every input parsed, so it never stands for a broken input.
    """
    if SEMANTICS[check_mode(mode)] is None:
        return build()
    target = cache_file(inputs, mode, folder)
    if target.is_file():
        graph = new_graph()
        try:
            graph.parse(target, format="nt")
        except Exception as error:  # a damaged cache is rebuilt, not trusted
            log.warning("ignoring unreadable reasoning cache %s (%s); rebuilding it", target, error)
        else:
            os.utime(target)  # mark as recently used for pruning
            return graph
    graph = expand(build(), mode)
    try:
        write_atomically(target, graph.serialize(format="nt", encoding="utf-8"))
        _prune(target.parent)
    except OSError as error:  # a read-only home must not stop a query
        log.warning("could not cache the %s closure in %s (%s)", mode, target.parent, error)
    return graph


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently used closures and remove older ones."""
    closures = sorted(folder.glob("closure-*.nt"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in closures[KEEP:]:
        old.unlink(missing_ok=True)
