"""Errors to HTTP, in one place, with messages in the caller's language.

Every error body has the same shape::

    {"error": "<stable code>", "message": "<what to do, localized>",
     "errors": [{"path": "/overall", "code": "required", "message": "..."}]}
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from forms_service.db import is_out_of_range, is_unavailable_error, is_unique_violation
from forms_service.errors import N_, Conflict, DatabaseUnavailable, InvalidInput, PhieuError
from forms_service.i18n import LOCALES, negotiate, translate

__all__ = ["GZIP_MINIMUM_BYTES", "exception_handlers", "request_locale"]

log = logging.getLogger("phieu")

# responses of this size or more are gzipped for clients that accept it
GZIP_MINIMUM_BYTES = 1024


_STATUS_MESSAGES = {
    400: ("bad_request", N_("The request is not valid.")),
    401: ("unauthorized",
          N_("An API key is required: send the header Authorization: Bearer <key>.")),
    403: ("forbidden", N_("This key may not do this.")),
    404: ("not_found", N_("Nothing is here. Check the address.")),
    405: ("method_not_allowed", N_("This address does not accept that method.")),
    413: ("payload_too_large", N_("The request body is too large.")),
    415: ("unsupported_media_type", N_("Send the body as JSON (Content-Type: application/json).")),
    429: ("too_many_requests", N_("Too many requests; wait a moment and try again.")),
}


def request_locale(request: Request[Any, Any, Any]) -> str:
    """The language of an answer to ``request``: one already chosen for it (a body's
    ``locale``, a page's language), else ``?locale=`` or ``?lang=``, else
    ``Accept-Language``, else Vietnamese."""
    params = request.query_params
    return negotiate(
        request.scope.get("state", {}).get("locale"), params.get("locale"), params.get("lang"),
        accept_language=request.headers.get("accept-language"), available=LOCALES,
    )


def _body(code: str, message: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": code, "message": message}
    if errors:
        body["errors"] = errors
    return body


def phieu_error_handler(request: Request[Any, Any, Any], exc: PhieuError) -> Response[Any]:
    locale = request_locale(request)
    message = translate(locale, exc.message, **exc.params)
    return Response(
        _body(exc.code, message, exc.details), status_code=exc.status, headers=exc.headers
    )


def validation_handler(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    locale = request_locale(request)
    errors: list[dict[str, Any]] = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if not isinstance(item, dict):
            continue
        key = str(item.get("key") or "")
        errors.append({
            "path": "/" + key.replace(".", "/") if key else "",
            "code": "invalid",
            "message": str(item.get("message", "")),
            "source": str(item.get("source", "body")),
        })
    detail = "; ".join(f"{e['path'] or 'body'}: {e['message']}" for e in errors)
    message = translate(locale, "The request is not valid: {detail}", detail=detail or exc.detail)
    return Response(_body("invalid_request", message, errors), status_code=400)


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    locale = request_locale(request)
    code, default = _STATUS_MESSAGES.get(exc.status_code, ("error", N_("The request failed.")))
    message = translate(locale, default)
    headers = dict(exc.headers or {})
    return Response(_body(code, message), status_code=exc.status_code, headers=headers)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if is_unavailable_error(exc):
        return phieu_error_handler(request, DatabaseUnavailable())
    if is_unique_violation(exc):
        return phieu_error_handler(
            request, Conflict("This already exists (it was created at the same moment).")
        )
    if is_out_of_range(exc):
        return phieu_error_handler(request, InvalidInput(
            "A number in the request is too large or too small; check the address and values.",
            error_code="out_of_range",
        ))
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    locale = request_locale(request)
    message = translate(locale, "Something went wrong on our side. Please try again later.")
    return Response(_body("internal_error", message), status_code=HTTP_500_INTERNAL_SERVER_ERROR)


exception_handlers: dict[Any, Any] = {
    PhieuError: phieu_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_exception_handler,
    Exception: internal_error_handler,
}
