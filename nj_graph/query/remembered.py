"""Stored queries as read before: their header and shape, kept so that an unchanged file is not read again.

Reading a stored query means YAML for its header and the tokenizer for its shape, which together
cost a large share of a query's start-up. What they found is kept as JSON in the cache folder
(`queries/` beside the closures), under the file's path, size and modification time and the
versions of nj-graph and pyoxigraph; anything else is a miss and the file is read afresh. Only a
query that read without error is remembered, so every error is still found and reported from
the file itself. Deleting the folder is always safe.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

from .shape import QueryShape

_LAYOUT = 1


def _key(path: Path, stat: os.stat_result) -> dict:
    from .. import __version__
    from ..store.closure_cache import distribution_version

    return {"layout": _LAYOUT, "path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "nj-graph": __version__, "pyoxigraph": distribution_version("pyoxigraph")}


def _where(path: Path) -> Path:
    from ..store.closure_cache import cache_dir

    return cache_dir() / "queries" / f"{path.stem}-{zlib.crc32(str(path).encode()):08x}.json"


def recall(path: Path, stat: os.stat_result) -> tuple[dict, QueryShape] | None:
    """The header and shape remembered for `path` as it is now, or None."""
    path = path.resolve()
    try:
        record = json.loads(_where(path).read_text(encoding="utf-8"))
        if record.get("key") != _key(path, stat):
            return None
        return record["header"], QueryShape.from_record(record["shape"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(path: Path, stat: os.stat_result, header: dict, shape: QueryShape) -> None:
    """Keep what reading `path` found; a cache that cannot be written is no error."""
    from ..core.atomic import write_atomically

    path = path.resolve()
    record = {"key": _key(path, stat), "header": header, "shape": shape.as_record()}
    try:
        write_atomically(_where(path), json.dumps(record, default=str, sort_keys=True) + "\n")
    except (OSError, TypeError, ValueError):
        pass
