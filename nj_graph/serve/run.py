"""Run the application under uvicorn, with the access log and the server's own log on stderr."""

from __future__ import annotations

import logging
import sys

from .settings import Settings


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    from .app import create_app

    # The command keeps library logging off the terminal (nj_graph.core.library_output); a server's
    # log is its output, so logging is switched back on here, with the libraries' own loggers held
    # to errors, which belong in a server's log.
    logging.disable(logging.NOTSET)
    for noisy in ("rdflib", "pyshacl", "owlrl"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    for name in ("nj_graph.serve", "nj_graph.serve.access"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        logger.propagate = False
    # uvicorn's own access log would repeat ours; proxy headers are trusted from loopback only.
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_level="info",
                server_header=False, proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                timeout_keep_alive=5, limit_concurrency=1000, h11_max_incomplete_event_size=16 * 1024)
