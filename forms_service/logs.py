"""The service's log: one JSON object per line, with the request's id.

``phieu serve`` writes every record (the service's, uvicorn's, Litestar's)
to standard error as a JSON line: ``time``, ``level``, ``logger``,
``message``, ``request_id`` (the ``X-Request-ID`` the request came with, if
it is a plain token, else one made here, and sent back in the response
header) and the record's own ``fields``.  JSON escapes every control
character, so a line break inside a value cannot start a forged line.

No personal data is logged: no e-mail address, phone number, citizen ID,
free text or client address; a person is named by their id.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import secrets
import sys
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["JsonFormatter", "RequestIds", "configure_logging", "request_id"]

_REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_GIVEN_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")


def request_id() -> str:
    """The id of the request being served ('' outside one)."""
    return _REQUEST_ID.get()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if rid := _REQUEST_ID.get():
            entry["request_id"] = rid
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({k: v for k, v in fields.items() if k not in entry})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on standard error for every logger (replaces the root's handlers)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "litestar"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True


class RequestIds:
    """An ASGI app in front of ``inner``: each request gets an id (for the log and
    the ``X-Request-ID`` response header)."""

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == b"x-request-id"),
                     b"")
        rid = given.decode() if _GIVEN_ID.fullmatch(given) else secrets.token_hex(8)
        token = _REQUEST_ID.set(rid)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode()))
                message = {**message, "headers": headers}  # type: ignore[typeddict-item]
            await send(message)

        try:
            await self.inner(scope, receive, send_with_id)
        finally:
            _REQUEST_ID.reset(token)
