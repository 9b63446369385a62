"""A loopback listener that must receive nothing: the proof that nj-graph fetched no URL."""

from __future__ import annotations

import socket
import threading


class Listener:
    """A TCP server on 127.0.0.1 that records every connection and answers like a web server
    would (a JSON-LD context, an entity's text), so that a fetch, if any, would succeed."""

    BODY = b'{"@context": {"name": "http://schema.org/name"}}'

    def __init__(self) -> None:
        self.connections: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/x") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            self._accept_one()

    def _accept_one(self) -> bool:
        try:
            connection, _ = self.server.accept()
        except (TimeoutError, BlockingIOError, OSError):
            return False
        with connection:
            connection.settimeout(1)
            try:
                request = connection.recv(4096)
            except OSError:
                request = b""
            self.connections.append(request or b"(connection without a request)")
            head = (f"HTTP/1.0 200 OK\r\nContent-Type: application/ld+json\r\n"
                    f"Content-Length: {len(self.BODY)}\r\n\r\n").encode()
            try:
                connection.sendall(head + self.BODY)
            except OSError:
                pass
        return True

    def close(self) -> None:
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.thread.join()
        self.server.setblocking(False)
        while self._accept_one():  # anything still waiting in the backlog counts too
            pass
        self.server.close()


def assert_untouched(server: Listener) -> None:
    server.close()
    assert server.connections == [], f"the listener was contacted: {server.connections!r}"
