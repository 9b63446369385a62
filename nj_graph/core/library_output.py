"""What libraries log and warn stays out of the user's terminal.

rdflib logs a warning with a Python traceback for every ill-typed literal it builds
(`"-2466.0"^^xsd:nonNegativeInteger`), and warns about odd booleans; pyshacl gives its logger a
handler of its own that writes to stderr on every run. None of it is addressed to the person at the
terminal: what nj-graph has to say is in its report and in its one-line errors, and an ill-typed
literal is a finding of the validator. So the command, and the worker processes it starts, run
with logging and warnings switched off, unless NJ_GRAPH_DEBUG is set.

>>> import logging
>>> with library_output_silenced(environ={}):
...     logging.getLogger("rdflib.term").warning("Failed to convert Literal lexical form to value")
>>> logging.getLogger("rdflib.term").isEnabledFor(logging.WARNING)
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

#: Set to see what the libraries log and warn, and tracebacks of internal errors.
DEBUG_ENV = "NJ_GRAPH_DEBUG"


@contextmanager
def library_output_silenced(environ: Mapping[str, str] | None = None) -> Iterator[None]:
    """Within the block, no logger and no warning writes anything (unless NJ_GRAPH_DEBUG is set);
    the previous state is restored after it, so calling the command in process changes nothing."""
    environ = os.environ if environ is None else environ
    if environ.get(DEBUG_ENV):
        yield
        return
    import logging  # here: a query answered from pyoxigraph never needs it
    import warnings

    previous = logging.root.manager.disable
    # logging.disable is the one switch every logger obeys, whatever handlers a library gave it.
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(previous)


__all__ = ["DEBUG_ENV", "library_output_silenced"]
