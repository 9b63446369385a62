"""Did-you-mean suggestions for names a user mistyped, computed only when there is a mistake.

difflib is imported on that error path alone: it is not cheap, and the right spelling never needs it.

>>> close_matches("oxygraph", ["oxigraph", "memory"])
['oxigraph']
"""

from __future__ import annotations

from collections.abc import Iterable


def close_matches(word: str, possibilities: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The `n` possibilities closest to `word` (as difflib ranks them), best first."""
    import difflib

    return difflib.get_close_matches(word, list(possibilities), n=n, cutoff=cutoff)
