"""Errors as structured JSON messages: a status, a kind, one line of text, and where in the query.

Nothing a client receives carries a stack trace or a path of the server's: a user's mistake
(`NjGraphError`) is told as its one line, anything else as "internal error", logged here.
"""

from __future__ import annotations

import json
import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..core.errors import NjGraphError, UnknownQueryError
from .pool import PoolError

log = logging.getLogger("nj_graph.serve")


class ClientError(Exception):
    """A request the server refuses, with the HTTP status that says why."""

    def __init__(self, status: int, message: str, *, kind: str = "BadRequest",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.headers = headers or {}


def error_response(status: int, kind: str, message: str, *, line: int | None = None, column: int | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    error: dict = {"status": status, "type": kind, "message": " ".join(str(message).split())}
    if line is not None:
        error["line"] = line
    if column is not None:
        error["column"] = column
    return Response(json.dumps({"error": error}, ensure_ascii=False) + "\n", status_code=status,
                    media_type="application/json", headers=headers)


def from_user_error(error: NjGraphError) -> Response:
    status = 404 if isinstance(error, UnknownQueryError) else 400
    return error_response(status, type(error).__name__, error.message, line=error.line, column=error.column)


def from_worker_error(reply: tuple) -> Response:
    """A worker's ("error", kind, message, line, column) or ("defect", message) reply."""
    if reply[0] == "error":
        _, kind, message, line, column = reply
        return error_response(400, kind, message, line=line, column=column)
    log.error("query worker defect: %s", reply[1])
    return error_response(500, "InternalError", "internal error while answering the query")


async def _client_error(_request: Request, error: ClientError) -> Response:
    return error_response(error.status, error.kind, error.message, headers=error.headers)


async def _user_error(_request: Request, error: NjGraphError) -> Response:
    return from_user_error(error)


async def _pool_error(_request: Request, error: PoolError) -> Response:
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else None
    return error_response(error.status, type(error).__name__, error.message, headers=headers)


async def _http_error(_request: Request, error: HTTPException) -> Response:
    kind = {404: "NotFound", 405: "MethodNotAllowed"}.get(error.status_code, "HTTPError")
    return error_response(error.status_code, kind, error.detail, headers=getattr(error, "headers", None))


async def _defect(request: Request, error: Exception) -> Response:
    log.exception("internal error answering %s %s", request.method, request.url.path)
    return error_response(500, "InternalError", "internal error")


HANDLERS = {ClientError: _client_error, NjGraphError: _user_error, PoolError: _pool_error,
            HTTPException: _http_error, Exception: _defect}
