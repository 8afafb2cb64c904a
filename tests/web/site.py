"""A newsroom's web site on 127.0.0.1 for tests: pages by path, ETags, redirects, slow answers,
failures, and a log of every request (path, status, User-Agent, whether it was conditional)."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "web"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None
    delay: float = 0.0
    fail_first: int = 0  # answer 503 to this many requests before the real answer
    etag: bool = True


@dataclass(frozen=True)
class Hit:
    path: str
    status: int
    user_agent: str
    conditional: bool
    at: float


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                site._answer(self)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fixture(self, name: str) -> bytes:
        """A fixture page with its links pointing at this site."""
        return (FIXTURES / name).read_bytes().replace(b"{base}", self.base.encode())

    def requests_to(self, path: str) -> list[Hit]:
        with self._lock:
            return [hit for hit in self.hits if hit.path == path]

    def clear_log(self) -> None:
        with self._lock:
            self.hits.clear()

    def _answer(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        route = self.routes.get(path)
        conditional = "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
        status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        if route is not None:
            if route.delay:
                time.sleep(route.delay)
            status, headers, body = self._respond(route, request)
        with self._lock:
            self.hits.append(
                Hit(path, status, request.headers.get("User-Agent", ""), conditional, time.time())
            )
        try:
            request.send_response(status)
            for name, value in headers.items():
                request.send_header(name, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the slow page): as a real server would

    def _respond(self, route: Route, request: BaseHTTPRequestHandler):
        if route.fail_first > 0:
            route.fail_first -= 1
            return 503, {"Content-Type": "text/plain"}, b"busy"
        if route.location:
            return route.status, {"Location": route.location}, b""
        headers = {"Content-Type": route.content_type}
        if route.etag and route.status == 200:
            tag = '"' + hashlib.blake2b(route.body, digest_size=8).hexdigest() + '"'
            headers["ETag"] = tag
            if request.headers.get("If-None-Match") == tag:
                return 304, {"ETag": tag}, b""
        return route.status, headers, route.body
