"""Hostile JSON bodies refused with a 4xx before a handler sees them.

Litestar reads a handler's ``data`` leniently (``"5"`` becomes ``5``, ``0``
becomes ``false``) and lets a body of invalid UTF-8 or of JSON nested a few
thousand levels deep escape as a 500.  :func:`check_json_body` runs before
every handler that takes a body and decodes it strictly, as the OpenAPI
document describes it:

- a multipart or form body where JSON is expected → 415;
- bytes that are not UTF-8 → 400 ``invalid_encoding``;
- text that is not JSON → 400 ``invalid_json``;
- a string holding a C0 control other than tab, line feed and carriage
  return (``\u0000``) → 400 ``control_character`` (:mod:`forms_service.boundary`);
- arrays and objects nested deeper than :data:`MAX_DEPTH` → 400 ``too_deep``;
- a value of the wrong type (a number sent as a string, ``0`` for ``false``),
  out of bounds or an unknown field → 400 ``invalid_request`` with ``errors``.

A body without a ``Content-Type``, or sent as ``application/x-www-form-urlencoded``
by ``curl -d``, is still read as JSON when it is JSON.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType

from forms_service.boundary import check_json_bytes
from forms_service.errors import InvalidInput, PhieuError

__all__ = ["MAX_DEPTH", "BodyNotJson", "check_json_body", "decode_json_body", "json_depth"]

MAX_DEPTH = 32
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


class BodyNotJson(PhieuError):
    status = 415
    code = "unsupported_media_type"

    def __init__(self) -> None:
        super().__init__("Send the body as JSON (Content-Type: application/json).")


def json_depth(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, depth) for child in children)
    return deepest


def _pointer(location: str) -> str:
    """``$.scores[0].agency`` → ``/scores/0/agency``."""
    return "".join("/" + (name or index) for name, index in _PATH_PART.findall(location))


def _too_deep() -> InvalidInput:
    return InvalidInput(
        "The JSON body is nested too deeply: at most {limit} levels of arrays and objects.",
        error_code="too_deep", limit=MAX_DEPTH,
    )


async def check_json_body(request: Request[Any, Any, Any]) -> None:
    """Refuse a hostile or ill-typed JSON body (a Litestar ``before_request`` hook)."""
    if request.method not in _BODY_METHODS:
        return None
    field = request.route_handler.parsed_fn_signature.parameters.get("data")
    if field is None:
        return None
    declared = getattr(field.kwarg_definition, "media_type", None)
    if declared is not None and declared != RequestEncodingType.JSON:
        return None  # a handler that takes a form or a file parses its own body
    content_type = request.headers.get("content-type", "")
    if content_type and _is_multipart(content_type):
        raise BodyNotJson()
    decode_json_body(await request.body(), field.annotation)
    return None


def _is_multipart(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower().startswith("multipart/")


def decode_json_body(body: bytes, annotation: Any, content_type: str = "") -> Any:
    """``body`` decoded strictly into ``annotation``, refused as :func:`check_json_body`
    refuses it (a 4xx error); None for an empty body.

    For a handler that reads its own body (it takes no ``data``) with the same
    checks, and one decoding instead of two.
    """
    if content_type and _is_multipart(content_type):
        raise BodyNotJson()
    if not body:
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            "The request body must be UTF-8 text.", error_code="invalid_encoding"
        ) from None
    check_json_bytes(body)
    # more brackets than the limit is the only way to nest deeper than it
    if body.count(b"[") + body.count(b"{") > MAX_DEPTH:
        try:
            shape = msgspec.json.decode(body)
        except RecursionError:
            raise _too_deep() from None
        except msgspec.DecodeError:
            raise _not_json() from None
        if json_depth(shape) > MAX_DEPTH:
            raise _too_deep()
    try:
        return msgspec.json.decode(body, type=annotation, strict=True)
    except msgspec.ValidationError as exc:
        if "got `float`" in str(exc):
            # 55007.0 is an integer to JSON Schema (and to the OpenAPI document)
            retried = _with_integral_floats(body, annotation)
            if retried is not None:
                return retried
        text = str(exc)
        message, _, location = text.rpartition(" - at `")
        path = _pointer(location.rstrip("`")) if message else ""
        detail = message or text
        raise InvalidInput(
            "The request is not valid: {detail}",
            error_code="invalid_request", detail=f"{path or 'body'}: {detail}",
            details=[{"path": path, "code": "invalid", "message": detail, "source": "body"}],
        ) from None
    except (msgspec.DecodeError, RecursionError):
        raise _not_json() from None


def _integers(value: Any) -> Any:
    if value.__class__ is float and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    if isinstance(value, list):
        return [_integers(item) for item in value]
    if isinstance(value, dict):
        return {key: _integers(item) for key, item in value.items()}
    return value


def _with_integral_floats(body: bytes, annotation: Any) -> Any:
    """``body`` decoded into ``annotation`` with integral floats read as integers,
    or None if it still does not fit (the caller reports the first error)."""
    try:
        normalized = msgspec.json.encode(_integers(msgspec.json.decode(body)))
        return msgspec.json.decode(normalized, type=annotation, strict=True)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None


def _not_json() -> InvalidInput:
    return InvalidInput(
        "The request body is not valid JSON; send one JSON object.", error_code="invalid_json"
    )
