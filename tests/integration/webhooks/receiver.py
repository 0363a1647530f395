"""A local HTTP receiver of webhooks: it keeps every request as it arrived (raw body
and headers), acts once per ``webhook-id`` as the specification asks of receivers,
answers as planned (a list of status codes used in turn, 200 after), and can be
stopped and started again on the same port (a receiver that is down for a while).
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class WebhookReceiver:
    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.attempts: Counter[str] = Counter()
        self.processed: Counter[str] = Counter()  # acted on: once per webhook-id
        self.plan: list[int] = []
        self.redirect_to: str | None = None
        self.lock = threading.Lock()
        self.host = host
        self.port = port
        self.server: ThreadingHTTPServer | None = None
        self.start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, location = receiver._answer(headers, body)
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler

    def _answer(self, headers: dict[str, str], body: bytes) -> tuple[int, str | None]:
        with self.lock:
            self.requests.append((headers, body))
            webhook_id = headers.get("webhook-id", "")
            self.attempts[webhook_id] += 1
            if self.redirect_to:
                return 302, self.redirect_to
            status = self.plan.pop(0) if self.plan else 200
            if status == 200 and webhook_id not in self.processed:
                self.processed[webhook_id] += 1
            return status, None

    def start(self) -> None:
        self.server = ThreadingHTTPServer((self.host, self.port), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def url(self, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}/hook"
