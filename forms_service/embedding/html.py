"""HTML responses of the form pages, and their error pages.

Errors raised under ``/f/…`` become a page in the citizen's language with
the error's status, its stable code and the security headers of the form's
agency; a client that asks for JSON only (``Accept: application/json``) gets
the service's usual JSON error body instead.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from embed import Brand, Chrome, render_message
from forms_service.db import is_unavailable_error, is_unique_violation
from forms_service.embedding.security import page_headers
from forms_service.errors import Conflict, DatabaseUnavailable, PhieuError
from forms_service.http import exception_handlers as json_handlers
from forms_service.i18n import negotiate, translate

__all__ = ["PageState", "html_page", "page_error_handler", "page_state", "wants_json"]

log = logging.getLogger("phieu")
HTML = "text/html"  # Litestar adds "; charset=utf-8"
_STATE_KEY = "phieu_page"
_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
               413: "payload_too_large", 415: "unsupported_media_type",
               429: "too_many_requests"}


@dataclass
class PageState:
    """What an error page needs to know about the request so far."""

    locale: str = "vi"
    frame_origins: Sequence[str] = ()
    targets: Sequence[str] = ()
    languages: Mapping[str, str] = field(default_factory=dict)
    brand: Brand | None = None

    def chrome(self) -> Chrome:
        return Chrome(locale=self.locale, origins=tuple(self.targets), languages=self.languages,
                      brand=self.brand)


def page_state(request: Request[Any, Any, Any]) -> PageState:
    """What an error page under ``/f`` knows of ``request``, made on first use.

    Its first language is ``?lang=``, else ``Accept-Language``, else
    Vietnamese; the page narrows it with :func:`set_locale` once the form and
    the token are known.
    """
    scope_state = request.scope.setdefault("state", {})  # type: ignore[typeddict-item]
    found = scope_state.get(_STATE_KEY)
    if found is None:
        found = PageState(locale=negotiate(
            request.query_params.get("lang"),
            accept_language=request.headers.get("accept-language"),
        ))
        scope_state[_STATE_KEY] = found
        scope_state["locale"] = found.locale
    return found  # type: ignore[no-any-return]


def set_locale(request: Request[Any, Any, Any], locale: str) -> None:
    page_state(request).locale = locale
    request.scope["state"]["locale"] = locale  # type: ignore[typeddict-item]


def wants_json(request: Request[Any, Any, Any]) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def html_page(content: str, state: PageState, status: int = 200,
              headers: Mapping[str, str] | None = None) -> Response[str]:
    return Response(
        content, status_code=status, media_type=HTML,
        headers=page_headers(state.frame_origins) | dict(headers or {}),
    )


def _json_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    for kind in type(exc).__mro__:
        handler = json_handlers.get(kind)
        if handler is not None:
            return handler(request, exc)  # type: ignore[no-any-return]
    return json_handlers[Exception](request, exc)  # type: ignore[no-any-return]


def _describe(exc: Exception, locale: str) -> tuple[str, int, str | None, dict[str, str]]:
    """``(code, status, detail, headers)`` of an error raised under /f."""
    if isinstance(exc, PhieuError):
        return exc.code, exc.status, translate(locale, exc.message, **exc.params), exc.headers
    if isinstance(exc, ValidationException):
        return "bad_request", 400, None, {}
    if isinstance(exc, HTTPException):
        code = _HTTP_CODES.get(exc.status_code, "bad_request")
        return code, exc.status_code, None, dict(exc.headers or {})
    if is_unavailable_error(exc):
        return _describe(DatabaseUnavailable(), locale)
    if is_unique_violation(exc):
        return _describe(Conflict("This already exists (it was created at the same moment)."),
                         locale)
    log.exception("unhandled error on a form page")
    return "internal_error", 500, None, {}


def page_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    state = page_state(request)
    if wants_json(request):
        response = _json_error(request, exc)
        response.headers.update(page_headers(state.frame_origins))
        return response
    code, status, detail, headers = _describe(exc, state.locale)
    time = exc.params.get("time") if isinstance(exc, PhieuError) else None
    content = render_message(code, state.chrome(), detail=detail, time=time)
    return html_page(content, state, status, headers)
