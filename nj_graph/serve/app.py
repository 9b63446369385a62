"""The application: routes, guards, CORS and error handling, and the worker pool's lifetime.

`create_app(settings)` builds it; `nj_graph.serve.run.serve` runs it under uvicorn. The guards
wrap everything: the access log outermost (it logs refusals too), then the rate limit, the
request size limit, CORS, and the routes.
"""

from __future__ import annotations

import contextlib
import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..query import catalogue as catalogue_module
from . import api, page, protocol, resources
from .contributions import validate_upload
from .errors import HANDLERS
from .guards import AccessLog, RateLimit, RequestSizeLimit
from .pool import WorkerPool
from .settings import Settings

log = logging.getLogger("nj_graph.serve")


async def health(request: Request) -> JSONResponse:
    pool: WorkerPool = request.app.state.pool
    alive, idle = pool.alive, pool.idle.qsize()
    ok = alive > 0
    return JSONResponse({"status": "ok" if ok else "unavailable", "workers": pool.size, "alive": alive,
                         "idle": idle, "replaced": pool.replaced, "triples": pool.triples,
                         "version": __version__}, status_code=200 if ok else 503)


def create_app(settings: Settings | None = None, *, pool: WorkerPool | None = None) -> Starlette:
    settings = settings or Settings()
    stored = {q.name: q for q in catalogue_module.list_queries(settings.queries_dir)}  # a broken one fails here

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.pool = pool or WorkerPool.for_settings(settings)
        await app.state.pool.start()
        log.info("%d query workers ready (%s triples)", app.state.pool.size, app.state.pool.triples)
        try:
            yield
        finally:
            await app.state.pool.close()

    routes = [
        Route("/", page.index, name="index"),
        Route("/sparql", protocol.sparql_endpoint, methods=["GET", "POST"], name="sparql"),
        Route("/api/queries", api.list_stored, name="stored_queries"),
        Route("/api/queries/{name}", api.run_stored, name="stored_query"),
        Route("/api/openapi.json", api.openapi_document, name="openapi"),
        Route("/validate", validate_upload, methods=["POST"], name="validate"),
        Route("/id/{path:path}", resources.resource, name="resource"),
        Route("/health", health, name="health"),
        Mount("/static", StaticFiles(directory=page.STATIC), name="static"),
    ]
    middleware = [
        Middleware(AccessLog) if settings.access_log else None,
        Middleware(RateLimit, rate=settings.rate_limit, burst=settings.rate_burst),
        Middleware(RequestSizeLimit, limit=settings.max_request_bytes,
                   limits_by_path={"/validate": settings.max_upload_bytes}),
        # Any origin may read answers (they are public); no credentials, so no cookie rides along.
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                   allow_headers=["Accept", "Content-Type"], expose_headers=["Retry-After", "X-Result-Truncated"],
                   max_age=3600),
    ]
    app = Starlette(routes=routes, middleware=[m for m in middleware if m], exception_handlers=HANDLERS,
                    lifespan=lifespan)
    app.state.settings = settings
    app.state.catalogue = stored
    app.state.openapi = api.openapi(stored, __version__)
    return app
