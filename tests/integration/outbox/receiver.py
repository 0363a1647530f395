"""A local HTTP receiver standing in for an SMS or Zalo gateway.

It answers each POST as planned for the message's ``to`` (a list of answers used
in turn: a status code, or ``"timeout"`` to answer only after the client gave
up), 200 otherwise, and records what arrived: bodies, headers, and how many
times each idempotency key came.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    def __init__(self, *, stall_seconds: float = 1.5) -> None:
        self.plan: dict[str, list[int | str]] = {}
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.keys: Counter[str] = Counter()
        self.accepted: Counter[str] = Counter()
        self.stall_seconds = stall_seconds
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def setup(self) -> None:
                super().setup()
                # answers go out in two writes: without this each waits for a delayed ACK
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                answer = receiver._answer(body, dict(self.headers))
                if answer == "timeout":
                    time.sleep(receiver.stall_seconds)
                    answer = 200
                payload = json.dumps({"status": "ok" if answer < 300 else "refused",
                                      "detail": f"planned {answer}",
                                      "to": body.get("to")}).encode()
                self.send_response(int(answer))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _answer(self, body: dict[str, Any], headers: dict[str, str]) -> int | str:
        with self.lock:
            self.received.append(body)
            self.headers.append(headers)
            key = headers.get("Idempotency-Key", "")
            self.keys[key] += 1
            steps = self.plan.get(str(body.get("to")))
            answer: int | str = steps.pop(0) if steps else 200
            if answer == 200 or answer == "timeout":
                self.accepted[key] += 1
            return answer

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/send"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
