"""`POST /validate`: a contributed RDF file in, the report of `nj-graph validate` out.

The file (the request body, or the `file` field of a form) is size-limited by the request guard,
written to a fresh temporary folder under a name of the server's choosing, and validated by
`nj-graph validate` in a child process: the same parser door, deadline and memory cap as on the
command line, and a process the server can kill. The report comes as text, JSON or a SHACL
validation report in Turtle, by content negotiation or `?format=`.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from ..store.base import StoreSpec
from .errors import ClientError, error_response
from .formats import negotiate

#: Report format -> media type; JSON first, for clients that accept anything.
REPORTS = {"json": "application/json", "text": "text/plain", "turtle": "text/turtle"}
#: Media type of an uploaded body -> the extension that tells the validator its syntax.
EXTENSIONS = {"text/turtle": ".ttl", "application/x-turtle": ".ttl", "application/n-triples": ".nt",
              "application/n-quads": ".nq", "application/trig": ".trig", "application/ld+json": ".jsonld",
              "application/rdf+xml": ".rdf"}
ALLOWED_SUFFIXES = {".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".xml", ".owl"}
#: Validations at most at once: each is a process parsing, reasoning and running SHACL.
CONCURRENT = 2
_running = asyncio.Semaphore(CONCURRENT)


async def validate_upload(request: Request) -> Response:
    fmt = negotiate(request.headers.get("accept"), REPORTS, request.query_params.get("format"))
    if fmt is None:
        raise ClientError(406, f"the report can be sent as {', '.join(REPORTS.values())}", kind="NotAcceptable")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ClientError(400, "send the file in the form field 'file'")
        suffix = Path(upload.filename or "").suffix.lower()
        data = await upload.read()
    else:
        suffix = EXTENSIONS.get(content_type, "")
        data = await request.body()
    if suffix not in ALLOWED_SUFFIXES:
        raise ClientError(415, "send Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML (by Content-Type, "
                               "or a file name with its extension)", kind="UnsupportedMediaType")
    if not data:
        raise ClientError(400, "the file is empty")
    settings = request.app.state.settings
    async with _running:
        return await _validate(data, "contribution" + suffix, fmt, settings)


def _judged_against(store: str) -> list[str]:
    """`--store` for the validator when the server answers from a store of its own (on disk or an
    endpoint), so that contributions are judged against what the server serves; a path made
    absolute, since the validator runs in its temporary folder."""
    spec = StoreSpec.parse(store)
    if not spec.filled_elsewhere:
        return []
    return ["--store", f"oxigraph:{Path(spec.location).resolve()}" if spec.persistent else spec.location]


async def _validate(data: bytes, name: str, fmt: str, settings) -> Response:
    with tempfile.TemporaryDirectory(prefix="nj-graph-validate-") as folder:
        (Path(folder) / name).write_bytes(data)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "nj_graph", "validate", name, "--output", fmt,
            "--deadline", str(settings.validate_deadline), "--memory", str(settings.validate_memory_mb),
            *_judged_against(settings.store), cwd=folder, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        try:  # the command stops itself at its deadline; this is the backstop
            out, err = await asyncio.wait_for(process.communicate(), settings.validate_deadline + 30)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()
            return error_response(504, "ValidationTimeout", "validation did not finish in time and was stopped")
    if process.returncode in (0, 1) or (process.returncode == 2 and out):
        # Conforms (0), does not (1), or could not be read (2, with the report saying why): the report.
        return Response(out, status_code=422 if process.returncode == 2 else 200,
                        media_type=REPORTS[fmt] + "; charset=utf-8",
                        headers={"X-Conforms": "true" if process.returncode == 0 else "false", "Vary": "Accept"})
    message = _one_line(err.decode("utf-8", "replace"))
    if process.returncode == 2:
        return error_response(400, "UntrustedInputError", message)
    return error_response(500, "InternalError", "internal error while validating")


def _one_line(stderr: str) -> str:
    """The command's one-line error, without its program name, and without any server path."""
    line = next((l for l in reversed(stderr.strip().splitlines()) if l.strip()), "the file could not be validated")
    line = re.sub(r"^nj-graph[^:]*: ", "", line)
    return re.sub(r"/\S*nj-graph-validate-[^/\s]*/", "", line)
