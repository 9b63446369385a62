"""Where reasoning closures are cached, and under which key; cheap enough for every query.

A closure is written as N-Triples under a name that is a SHA-256 over every input file's bytes,
the reasoning mode and the versions of the reasoners (owlrl, reasonable), rdflib and nj-graph, so any change to any of these
gives a new key and a stale closure is never read. This module imports no RDF library: answering
a query from a cached closure must not pay for importing the reasoner.

The cache folder is, first found: the `cache_dir` argument (the `--cache-dir` option),
`$NJ_GRAPH_CACHE_DIR`, `$XDG_CACHE_HOME/nj-graph`, `~/.cache/nj-graph`. Never the package folder:
an installed package may be read-only and shared.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..core.errors import UserInputError
from ..core.suggest import close_matches

#: The `--reasoning` choices: none, the RDFS closure, the OWL 2 RL closure.
MODES: tuple[str, ...] = ("none", "rdfs", "owl-rl")

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
    if mode in MODES:
        return mode
    close = close_matches(mode, MODES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ";"
    raise UserInputError(f"unknown reasoning mode {mode!r}{hint} (choose from {', '.join(MODES)})")


def cache_dir(override: Path | str | None = None) -> Path:
    """The folder closures are cached in (see the module docstring for the order of precedence)."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "nj-graph"


@cache
def distribution_version(name: str) -> str:
    """The installed version of distribution `name`, read from its `.dist-info` folder name.

    importlib.metadata gives the same answer but costs a large share of a query's start-up;
    the folder name (`owlrl-7.1.4.dist-info`) is all the key needs.

    >>> distribution_version("pyoxigraph") != "unknown"
    True
    >>> distribution_version("no-such-distribution")
    'unknown'
    """
    wanted = re.sub(r"[-_.]+", "_", name).lower()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                project, _, rest = folder[: -len(".dist-info")].partition("-")
                if re.sub(r"[-_.]+", "_", project).lower() == wanted:
                    return rest
    return "unknown"


def _versions() -> str:
    from .. import __version__  # late: the package imports this module

    return (f"owlrl={distribution_version('owlrl')} rdflib={distribution_version('rdflib')} "
            f"reasonable={distribution_version('reasonable')} nj-graph={__version__}")


def cache_key(inputs: Sequence[Path], mode: str) -> str:
    """SHA-256 (hex) over every input's bytes and suffix, the mode and the library versions.

    Paths are left out on purpose: a moved checkout keeps its cache. Each file is framed by its
    length, so moving bytes from one file to the next still changes the key.
    """
    import hashlib

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


def prune(folder: Path) -> None:
    """Keep the KEEP most recently used closures and remove older ones."""
    closures = sorted(folder.glob("closure-*.nt"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in closures[KEEP:]:
        old.unlink(missing_ok=True)
