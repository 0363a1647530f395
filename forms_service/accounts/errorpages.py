"""Errors on workspace pages become HTML pages for people, JSON for programs.

A browser navigating to a workspace page (``Accept: text/html``) gets a page
in its language that says what went wrong and what to do; ``fetch`` calls,
API clients and everything under ``/api`` and ``/f`` keep the JSON bodies of
:mod:`forms_service.http` (``/f`` has its own citizen pages).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from forms_service.accounts.web import SignInRequired, page_locale, render_page
from forms_service.db import is_unavailable_error, is_unique_violation
from forms_service.errors import N_, Conflict, DatabaseUnavailable, PhieuError
from forms_service.http import log
from forms_service.i18n import translate

__all__ = ["page_error_handler", "wants_page", "workspace_exception_handlers"]

Handler = Callable[[Request[Any, Any, Any], Any], Response[Any]]

_NOT_PAGES = ("/api/", "/f/", "/embed/", "/schema", "/swagger", "/healthz", "/workspace/static/")

_TITLES = {
    400: N_("The request could not be handled"),
    401: N_("Please sign in"),
    403: N_("Not allowed"),
    404: N_("Page not found"),
    405: N_("Not allowed"),
    409: N_("Conflict"),
    413: N_("Too large"),
    429: N_("Too many attempts"),
    503: N_("Service unavailable"),
}
_HTTP_MESSAGES = {
    400: N_("The request is not valid."),
    401: N_("Sign in, then try again."),
    403: N_("You may not do this."),
    404: N_("Nothing is here. Check the address."),
    405: N_("This address does not accept that method."),
    413: N_("The request body is too large."),
    429: N_("Too many requests; wait a moment and try again."),
}


def wants_page(request: Request[Any, Any, Any]) -> bool:
    """Whether the caller is a browser navigating to a workspace page."""
    path = request.url.path
    if path.startswith(_NOT_PAGES) or path == "/f":
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept


def _describe(exc: Exception) -> tuple[int, str, dict[str, Any], dict[str, str]]:
    """``(status, message, params, headers)`` of an error on a page."""
    if isinstance(exc, PhieuError):
        return exc.status, exc.message, exc.params, exc.headers
    if isinstance(exc, ValidationException):
        return 400, N_("The request is not valid."), {}, {}
    if isinstance(exc, HTTPException):
        status = exc.status_code
        message = _HTTP_MESSAGES.get(status, N_("The request failed."))
        return status, message, {}, dict(exc.headers or {})
    if is_unavailable_error(exc):
        return _describe(DatabaseUnavailable())
    if is_unique_violation(exc):
        return _describe(Conflict("This already exists (it was created at the same moment)."))
    return 500, N_("Something went wrong on our side. Please try again later."), {}, {}


def page_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, SignInRequired):
        return Response(b"", status_code=303, headers=exc.headers)
    status, message, params, headers = _describe(exc)
    if status >= 500 and not isinstance(exc, PhieuError):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
    # the person, if the signed_in dependency already found them for this request
    signed_in = request.scope.get("state", {}).get("signed_in")
    locale = signed_in.locale if signed_in else page_locale(request)
    title = translate(locale, _TITLES.get(status, N_("Something went wrong")))
    return render_page(
        request, signed_in, "accounts/error.html", title=title, status_code=status,
        headers=headers, message=translate(locale, message, **params), status=status,
    )


def workspace_exception_handlers(json_handlers: Mapping[Any, Handler]) -> dict[Any, Any]:
    """The app's handlers, answering browsers on workspace pages with HTML."""

    def dispatch(json_handler: Handler) -> Any:
        def handler(request: Request[Any, Any, Any], exc: Any) -> Response[Any]:
            if wants_page(request):
                try:
                    return page_error_handler(request, exc)
                except Exception:
                    log.exception("the error page failed on %s", request.url.path)
            return json_handler(request, exc)

        return handler

    return {kind: dispatch(handler) for kind, handler in json_handlers.items()}
