"""Control characters refused at the boundary, alike on every database.

PostgreSQL refuses a NUL in text (asyncpg ``CharacterNotInRepertoireError``)
where SQLite stores it, and a NUL or another C0 control written into an
answer comes out raw in CSV.  So nothing with one reaches a service:

- the path and the query string may hold no C0 control (nor DEL) at all:
  :class:`RefuseControls` answers 400 before the router;
- text in a JSON body, a form post or an imported definition may hold tab,
  line feed and carriage return, no other C0 control
  (:func:`check_json_bytes`, :func:`check_text`, :func:`check_value`).

Every refusal is :func:`control_error`: 400 ``control_character``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

from litestar import Litestar, Request
from litestar.types import ASGIApp, Receive, Scope, Send

from forms_service.errors import InvalidInput
from forms_service.http import phieu_error_handler

__all__ = [
    "PhieuRequest",
    "RefuseControls",
    "check_json_bytes",
    "check_text",
    "check_value",
    "control_error",
    "has_control",
]

# C0 controls except tab, line feed and carriage return (allowed in free text)
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# in an address: every C0 control and DEL
_ADDRESS_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")
# a JSON escape of a refused control, after an even number of backslashes
_JSON_CONTROL = re.compile(rb"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])")


def control_error() -> InvalidInput:
    return InvalidInput(
        "The request contains a control character (such as NUL) that is not allowed; "
        "remove it and send the request again.", error_code="control_character")


def has_control(text: str) -> bool:
    """``text`` holds a C0 control other than tab, line feed and carriage return."""
    return _TEXT_CONTROL.search(text) is not None


def check_text(text: str) -> str:
    """``text`` unchanged, or :func:`control_error` raised."""
    if _TEXT_CONTROL.search(text) is not None:
        raise control_error()
    return text


def check_value(value: Any) -> None:
    """Raise :func:`control_error` if a string in a JSON-like ``value`` (keys
    included) holds a refused control; walked without recursion."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def check_json_bytes(body: bytes) -> None:
    """Refuse a JSON text whose strings would decode to a refused control.

    A raw control byte inside a JSON string is already invalid JSON; only
    the ``\\u00XX`` escapes are looked for, and only when the text has one.
    """
    if b"\\u00" in body and _JSON_CONTROL.search(body) is not None:
        raise control_error()


def _address_has_control(scope: Scope) -> bool:
    path = scope.get("path", "")
    if any(ord(ch) < 0x20 or ch == "\x7f" for ch in path):
        return True
    query: bytes = scope.get("query_string", b"")
    if not query:
        return False
    if _ADDRESS_CONTROL.search(query) is not None:
        return True
    return b"%" in query and _ADDRESS_CONTROL.search(unquote_to_bytes(query)) is not None


class RefuseControls:
    """An ASGI app in front of ``inner`` answering 400 to an address with a control."""

    def __init__(self, app: Litestar, inner: ASGIApp) -> None:
        self.app = app
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _address_has_control(scope):
            request: Request[Any, Any, Any] = Request(scope=scope, receive=receive)
            response = phieu_error_handler(request, control_error())
            await response.to_asgi_response(app=None, request=request)(scope, receive, send)
            return
        await self.inner(scope, receive, send)


class PhieuRequest(Request[Any, Any, Any]):
    """Litestar's request whose parsed form posts are checked for controls."""

    async def form(self) -> Any:
        form = await super().form()
        _check_form(form.multi_items())
        return form


def _check_form(items: Iterable[tuple[str, Any]]) -> None:
    for name, value in items:
        check_text(name)
        if isinstance(value, str):
            check_text(value)
