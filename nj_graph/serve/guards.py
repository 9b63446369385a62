"""ASGI middleware that guards every request: body size, per-client rate, and the access log.

Written as plain ASGI (not Starlette's BaseHTTPMiddleware) so that none of them buffers a body
or a response, and a refusal costs no more than reading the headers.
"""

from __future__ import annotations

import json
import logging
import math
import time

from .errors import ClientError

access_log = logging.getLogger("nj_graph.serve.access")

Scope = dict
ASGIApp = object


async def _refuse(send, status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
    body = (json.dumps({"error": {"status": status, "type": kind, "message": message}}) + "\n").encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    raw += [(b"access-control-allow-origin", b"*")]  # a browser client may read why it was refused
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class RequestSizeLimit:
    """Refuse (413) a body over `limit` bytes, whether announced by Content-Length or streamed,
    and (414) a query string over it. `limits_by_path` raises the limit under some paths (uploads)."""

    def __init__(self, app, limit: int, limits_by_path: dict[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.limits_by_path = limits_by_path or {}

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limits_by_path.get(scope["path"], self.limit)
        if len(scope.get("query_string", b"")) > self.limit:
            return await _refuse(send, 414, "RequestTooLarge", f"the query string is over {self.limit} bytes")
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await _refuse(send, 413, "RequestTooLarge", f"the request body is over {limit} bytes")
        seen = 0

        async def limited_receive():
            # Raised inside the application, whose error handlers answer it as a JSON 413.
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ClientError(413, f"the request body is over {limit} bytes", kind="RequestTooLarge")
            return message

        await self.app(scope, limited_receive, send)




class RateLimit:
    """A token bucket per client address: `rate` requests a second, bursts of `burst`; over it, 429
    with Retry-After (seconds until one more request would be allowed). Paths in `exempt` are free."""

    def __init__(self, app, rate: float, burst: int, exempt: tuple[str, ...] = ("/health",)) -> None:
        self.app = app
        self.rate = rate
        self.burst = max(1, burst)
        self.exempt = exempt
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._last_sweep = time.monotonic()

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http" or self.rate <= 0 or scope["path"] in self.exempt:
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        now = time.monotonic()
        tokens, when = self.buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - when) * self.rate)
        if tokens < 1.0:
            self.buckets[client] = (tokens, now)
            wait = math.ceil((1.0 - tokens) / self.rate)
            return await _refuse(send, 429, "TooManyRequests",
                                 f"over {self.rate:g} requests a second; try again in {wait} s",
                                 {"Retry-After": str(wait)})
        self.buckets[client] = (tokens - 1.0, now)
        self._sweep(now)
        await self.app(scope, receive, send)

    def _sweep(self, now: float) -> None:
        """Forget clients whose bucket has filled up again, so the table cannot grow without end."""
        if now - self._last_sweep < 60:
            return
        self._last_sweep = now
        full_after = self.burst / self.rate
        self.buckets = {c: (t, w) for c, (t, w) in self.buckets.items() if now - w < full_after}


class AccessLog:
    """One line a request: client, method, path, status, bytes and milliseconds."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500
        size = 0

        async def logging_send(message):
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, logging_send)
        finally:
            client = (scope.get("client") or ("-", 0))[0]
            path = scope["path"] + ("?…" if scope.get("query_string") else "")
            access_log.info('%s "%s %s" %d %d %.1fms', client, scope["method"], path, status, size,
                            (time.perf_counter() - start) * 1000)
