"""HTTP for the endpoints a user names: bounded in time and size, same-host redirects only, and
every failure one line that never shows a password.

Built on the standard library's `http.client`, so talking to a remote store needs no extra
package. What it guarantees, request by request:

- a total deadline: connecting, sending the body, reading the headers and reading the body all
  end by `timeout` seconds after the start. A watchdog shuts the socket down at the deadline, so a
  server that trickles a byte a second is cut off as surely as one that says nothing (only the
  system's own name lookup is outside it, bounded by the resolver's timeout);
- a cap on the body it reads (`max_bytes`), checked against Content-Length before reading and
  while reading; error bodies are read only as far as their first line needs;
- redirects followed only to the same host (and port; http may move to https, never back), at
  most MAX_REDIRECTS of them; the request is sent again as it was (method and body);
- HTTP basic and digest authentication, only when the server asks for it (401), with credentials
  from the URL (`https://user:password@host/...`) or NJ_GRAPH_STORE_USER / NJ_GRAPH_STORE_PASSWORD.
  Digest answers are computed by `urllib.request`'s own digest handler;
- no proxies, no compression (`Accept-Encoding: identity`), no cookies: only the URL given.
"""

from __future__ import annotations

import base64
import bisect
import http.client
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import quote, unquote, urlencode, urljoin, urlsplit

from ..core.errors import UserInputError

USER_ENV = "NJ_GRAPH_STORE_USER"
PASSWORD_ENV = "NJ_GRAPH_STORE_PASSWORD"
MAX_REDIRECTS = 5
#: How much of an error answer is read: enough for its first line.
ERROR_BODY_LIMIT = 64 * 1024
#: How much of an error answer's first line is shown.
SHOWN_LINE = 200
#: A body at least this large is not sent twice for authentication: a HEAD asks for the challenge first.
PROBE_ABOVE = 64 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Endpoint:
    """A URL the user gave, with its credentials held apart from it.

    >>> endpoint = Endpoint.parse("https://ann:s%40cret@example.org:8890/sparql?x=1#top")
    >>> endpoint.url, endpoint.user, endpoint.shown
    ('https://example.org:8890/sparql?x=1', 'ann', 'https://example.org:8890/sparql')
    >>> Endpoint.parse("ftp://example.org/")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.UserInputError: ftp://example.org/ is not an http(s):// URL
    """

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, text: str) -> "Endpoint":
        try:
            parts = urlsplit(text.strip())
            parts.port  # a port that is not a number raises here
        except ValueError:
            raise UserInputError(f"{_without_userinfo(text)} is not a valid URL") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise UserInputError(f"{_without_userinfo(text)} is not an http(s):// URL")
        if not parts.hostname:
            raise UserInputError(f"{_without_userinfo(text)} names no host")
        user = password = None
        if parts.username is not None:
            user, password = unquote(parts.username), unquote(parts.password or "")
        elif os.environ.get(USER_ENV):
            user, password = os.environ[USER_ENV], os.environ.get(PASSWORD_ENV, "")
        url = parts._replace(scheme=parts.scheme.lower(), netloc=_netloc(parts), fragment="").geturl()
        return cls(url, user, password)

    @property
    def shown(self) -> str:
        """The URL as errors show it: no credentials, no query string."""
        parts = urlsplit(self.url)
        return parts._replace(query="").geturl()

    def with_params(self, params: Mapping[str, str] | None) -> str:
        if not params:
            return self.url
        parts = urlsplit(self.url)
        query = "&".join(q for q in (parts.query, urlencode(params, quote_via=quote)) if q)
        return parts._replace(query=query).geturl()


def _netloc(parts) -> str:
    host = parts.hostname
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{parts.port}" if parts.port is not None else host


def _without_userinfo(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text
    authority, slash, path = rest.partition("/")
    return f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"


@dataclass
class Response:
    """A finished exchange: status, headers and the body read (within its cap)."""

    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes
    url: str

    @property
    def media_type(self) -> str:
        """The Content-Type without its parameters, lower case ('' when there is none)."""
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def first_line(self) -> str:
        text = self.body.decode("utf-8", "replace").strip()
        line = text.splitlines()[0].strip() if text else ""
        return line if len(line) <= SHOWN_LINE else line[:SHOWN_LINE] + "..."


class _Deadline:
    """The moment a request must be over by, and the watchdog that enforces it on a socket."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.passed = False

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            self.passed = True
        return left

    def guard(self, connection: http.client.HTTPConnection) -> threading.Timer:
        def cut() -> None:
            self.passed = True
            sock = connection.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv or send at once
                except OSError:
                    pass

        timer = threading.Timer(max(self.remaining(), 0.0), cut)
        timer.daemon = True
        timer.start()
        return timer


class _Body:
    """A request body: bytes or a seekable binary file, sent again from the start when needed."""

    def __init__(self, data: bytes | BinaryIO | None, length: int | None,
                 on_sent: Callable[[int], None] | None) -> None:
        self.data = data
        self.length = len(data) if isinstance(data, bytes) else (length or 0) if data is not None else 0
        self.on_sent = on_sent

    def chunks(self):
        if self.data is None:
            return
        if isinstance(self.data, bytes):
            for start in range(0, len(self.data), _CHUNK):
                yield self.data[start:start + _CHUNK]
            return
        self.data.seek(0)
        while chunk := self.data.read(_CHUNK):
            yield chunk


def request(endpoint: Endpoint, method: str, *, params: Mapping[str, str] | None = None,
            body: bytes | BinaryIO | None = None, body_length: int | None = None,
            headers: Mapping[str, str] | None = None, timeout: float, max_bytes: int,
            on_sent: Callable[[int], None] | None = None) -> Response:
    """Send `method` to `endpoint` (with `params` added to its query string) and read the answer.

    Any status comes back as a Response (see `raise_for_status`); failing to get one is a
    UserInputError. `body` is bytes or a seekable file of `body_length` bytes; `on_sent` is
    called with the number of body bytes sent so far.
    """
    if not timeout or timeout <= 0:
        raise UserInputError(f"the timeout must be a positive number of seconds, not {timeout!r}")
    deadline = _Deadline(timeout)
    payload = _Body(body, body_length, on_sent)
    url = endpoint.with_params(params)
    authorization: str | None = None
    tried_credentials = False
    if endpoint.user is not None and payload.length > PROBE_ABOVE:
        probe = _exchange(endpoint, "HEAD", url, _Body(None, None, None), dict(headers or {}), deadline, 0)
        if probe.status == 401:
            authorization = _authorization(endpoint, probe, method, url)
            tried_credentials = True
    redirects = 0
    while True:
        sent_headers = dict(headers or {})
        if authorization is not None:
            sent_headers["Authorization"] = authorization
        response = _exchange(endpoint, method, url, payload, sent_headers, deadline, max_bytes)
        if response.status == 401 and endpoint.user is not None and not tried_credentials:
            authorization = _authorization(endpoint, response, method, url)
            tried_credentials = True
            continue
        if response.status == 401:
            raise UserInputError(_unauthorised(endpoint, tried_credentials))
        if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
            redirects += 1
            if redirects > MAX_REDIRECTS:
                raise UserInputError(f"{endpoint.shown} redirected more than {MAX_REDIRECTS} times")
            url = _same_host_target(endpoint, url, response.headers["Location"])
            authorization, tried_credentials = None, False  # a digest answer is for one URL
            continue
        return response


def raise_for_status(response: Response, endpoint: Endpoint, hint: str = "") -> None:
    """A UserInputError for an answer that is not a success: status, reason and the body's first line."""
    if response.ok:
        return
    line = response.first_line()
    said = f": {line}" if line and not line.lower().startswith(("<!doctype", "<html")) else ""
    raise UserInputError(f"{endpoint.shown} answered {response.status} {response.reason}{said}{hint}")


def _exchange(endpoint: Endpoint, method: str, url: str, body: _Body, headers: dict[str, str],
              deadline: _Deadline, max_bytes: int) -> Response:
    """One request and its answer, within the deadline; every failure is a UserInputError."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port
    remaining = deadline.remaining()
    if remaining <= 0:
        raise UserInputError(_too_slow(endpoint, deadline))
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=remaining,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=remaining)
    watchdog = deadline.guard(connection)
    try:
        selector = parts._replace(scheme="", netloc="", fragment="").geturl() or "/"
        connection.putrequest(method, selector, skip_accept_encoding=True)
        for name, value in {"Accept-Encoding": "identity", "User-Agent": _user_agent(), **headers}.items():
            connection.putheader(name, value)
        if body.data is not None or method in ("POST", "PUT"):
            connection.putheader("Content-Length", str(body.length))
        connection.endheaders()
        sent = 0
        for chunk in body.chunks():
            connection.send(chunk)
            sent += len(chunk)
            if body.on_sent is not None:
                body.on_sent(sent)
        answer = connection.getresponse()
        limit = max_bytes if 200 <= answer.status < 300 else ERROR_BODY_LIMIT
        data = _read(answer, endpoint, limit, strict=200 <= answer.status < 300, method=method)
        if deadline.passed:  # the watchdog's shutdown ends a read like a closed connection would
            raise UserInputError(_too_slow(endpoint, deadline))
        return Response(answer.status, answer.reason, answer.headers, data, url)
    except UserInputError:
        raise
    except Exception as error:
        if deadline.passed or deadline.remaining() <= 0:
            raise UserInputError(_too_slow(endpoint, deadline)) from None
        raise UserInputError(_transport_failure(endpoint, host, port, error)) from None
    finally:
        watchdog.cancel()
        connection.close()


def _read(answer: http.client.HTTPResponse, endpoint: Endpoint, limit: int, *, strict: bool, method: str) -> bytes:
    """The body, up to `limit` bytes: past it, an error when `strict`, else the part read."""
    if method == "HEAD":
        return b""
    encoding = (answer.headers.get("Content-Encoding") or "identity").strip().lower()
    if strict and encoding != "identity":
        raise UserInputError(f"{endpoint.shown} sent a {encoding}-encoded answer although asked for none")
    declared = answer.headers.get("Content-Length")
    if strict and declared and declared.strip().isdigit() and int(declared) > limit:
        raise UserInputError(_too_large(endpoint, limit))
    parts, size = [], 0
    while chunk := answer.read1(_CHUNK):
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            if strict:
                raise UserInputError(_too_large(endpoint, limit))
            break
    return b"".join(parts)[:limit]


def _authorization(endpoint: Endpoint, challenge: Response, method: str, url: str) -> str:
    """The Authorization header answering the server's challenge (digest preferred over basic)."""
    offers = challenge.headers.get_all("WWW-Authenticate") or []
    digest = next((o for o in offers if o.strip().lower().startswith("digest ")), None)
    if digest is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, endpoint.user, endpoint.password)
        handler = urllib.request.AbstractDigestAuthHandler(passwords)
        challenge_fields = urllib.request.parse_keqv_list(
            filter(None, urllib.request.parse_http_list(digest.strip()[len("digest "):])))
        try:
            answer = handler.get_authorization(urllib.request.Request(url, method=method), challenge_fields)
        except (ValueError, UnicodeError, urllib.error.URLError) as error:
            raise UserInputError(f"{endpoint.shown} asks for digest authentication nj-graph cannot answer "
                                 f"({_scrub(str(error), endpoint)})") from None
        if not answer:
            raise UserInputError(f"{endpoint.shown} sent a digest challenge nj-graph cannot read")
        return f"Digest {answer}"
    if any(o.strip().lower().startswith("basic") for o in offers) or not offers:
        token = base64.b64encode(f"{endpoint.user}:{endpoint.password}".encode("utf-8")).decode("ascii")
        return f"Basic {token}"
    schemes = ", ".join(sorted({o.split()[0] for o in offers if o.split()}))
    raise UserInputError(f"{endpoint.shown} asks for {schemes} authentication; nj-graph speaks basic and digest")


def _same_host_target(endpoint: Endpoint, current: str, location: str) -> str:
    """Where a redirect leads, if it stays on the host the user named; otherwise refused."""
    target = urlsplit(urljoin(current, location.strip()))
    here = urlsplit(current)
    default_port = {"http": 80, "https": 443}
    try:
        same_host = (target.hostname or "").lower() == (here.hostname or "").lower()
        same_place = (target.scheme, target.port or default_port.get(target.scheme)) == \
                     (here.scheme, here.port or default_port.get(here.scheme))
    except ValueError:
        same_host = same_place = False
    upgrade = here.scheme == "http" and target.scheme == "https"
    if target.scheme not in ("http", "https") or not same_host or not (same_place or upgrade):
        shown = _without_userinfo(target._replace(query="", fragment="").geturl())
        raise UserInputError(f"{endpoint.shown} redirects to {shown}, another host or port: "
                             "nj-graph only talks to the URL it is given (name that URL instead)")
    return target._replace(fragment="", netloc=_netloc(target)).geturl()


def _transport_failure(endpoint: Endpoint, host: str, port: int | None, error: BaseException) -> str:
    where = f"{host}:{port}" if port else host
    if isinstance(error, socket.gaierror):
        return f"cannot reach {endpoint.shown}: the host {host} is not known ({error.strerror})"
    if isinstance(error, ConnectionRefusedError):
        return f"cannot reach {endpoint.shown}: {where} refused the connection"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"cannot reach {endpoint.shown}: its TLS certificate is not trusted ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return f"cannot reach {endpoint.shown}: TLS failed ({error.reason or error})"
    if isinstance(error, http.client.IncompleteRead):
        return f"{endpoint.shown} broke off its answer before the end"
    if isinstance(error, http.client.HTTPException):
        return f"{endpoint.shown} did not answer in HTTP ({type(error).__name__})"
    if isinstance(error, OSError):
        return f"cannot reach {endpoint.shown}: {_scrub(error.strerror or str(error), endpoint)}"
    return f"cannot reach {endpoint.shown}: {_scrub(str(error), endpoint)}"


def _too_slow(endpoint: Endpoint, deadline: _Deadline) -> str:
    return f"{endpoint.shown} did not answer within {deadline.seconds:g} s (see --timeout)"


def _too_large(endpoint: Endpoint, limit: int) -> str:
    return f"{endpoint.shown} sent an answer larger than {_size(limit)}, the most nj-graph reads"


def _unauthorised(endpoint: Endpoint, tried: bool) -> str:
    if tried:
        return f"{endpoint.shown} did not accept the user name and password (401)"
    return (f"{endpoint.shown} asks for a user name and password (401): give them in the URL "
            f"(https://user:password@host/...) or in {USER_ENV} and {PASSWORD_ENV}")


def _size(count: int) -> str:
    """
    >>> _size(256 * 2**20), _size(1500)
    ('256 MB', '1500 bytes')
    """
    return f"{count // 2**20} MB" if count >= 2**20 and count % 2**20 == 0 else f"{count} bytes"


def _scrub(text: str, endpoint: Endpoint) -> str:
    """`text` with the password taken out, should a library have put it in a message."""
    return text.replace(endpoint.password, "***") if endpoint.password else text


def _user_agent() -> str:
    from .. import __version__

    return f"nj-graph/{__version__}"


def checkpoint_counter(checkpoints: list[tuple[int, int]], report: Callable[[int], None]) -> Callable[[int], None]:
    """Turn bytes sent into items sent: `checkpoints` are (bytes written, items written) pairs in order.

    >>> seen = []
    >>> on_sent = checkpoint_counter([(10, 1), (20, 2), (35, 3)], seen.append)
    >>> on_sent(5); on_sent(21); on_sent(21); on_sent(35)
    >>> seen
    [0, 2, 3]
    """
    ends = [end for end, _ in checkpoints]
    last = [-1]

    def on_sent(sent: int) -> None:
        index = bisect.bisect_right(ends, sent)
        count = checkpoints[index - 1][1] if index else 0
        if count != last[0]:
            last[0] = count
            report(count)

    return on_sent
