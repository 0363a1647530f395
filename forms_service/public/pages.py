"""Rendering the public pages: their own layout (no sign-in, no cookies), cacheable.

The language comes from the address only (``?lang=en``; Vietnamese by
default), so one URL is always one body and shared caches may keep it.
Every response carries a strong ``ETag`` (a hash of the body) and
``Cache-Control: public, max-age=300``; a matching ``If-None-Match``
gets 304.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response

from analytics import format_number, format_percent, format_percent_range
from forms_service.accounts.web import ENVIRONMENT, PAGE_HEADERS
from forms_service.http import GZIP_MINIMUM_BYTES
from forms_service.i18n import LOCALES, negotiate, translate

__all__ = ["CACHE_CONTROL", "cached_response", "public_locale", "render_public"]

CACHE_CONTROL = "public, max-age=300"


def public_locale(request: Request[Any, Any, Any]) -> str:
    """The page's language: ``?lang=`` only, else Vietnamese.

    Never ``Accept-Language``: one address is one cached body.
    """
    return negotiate(request.query_params.get("lang"), accept_language=None)


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def cached_response(request: Request[Any, Any, Any], body: bytes, media_type: str,
                    headers: dict[str, str] | None = None) -> Response[bytes]:
    """``body`` with its ETag and cache headers, or 304 when the client has it.

    The service gzips bodies of 1 KiB or more for clients that accept it; a
    gzipped body is another representation, so its strong ETag differs.
    """
    digest = hashlib.sha256(body).hexdigest()[:32]
    accepts_gzip = "gzip" in request.headers.get("accept-encoding", "")
    gzipped = accepts_gzip and len(body) >= GZIP_MINIMUM_BYTES
    etag = f'"{digest}-gzip"' if gzipped else f'"{digest}"'
    out = {**(headers or {}), "ETag": etag, "Cache-Control": CACHE_CONTROL,
           "Vary": "Accept-Encoding", "X-Content-Type-Options": "nosniff"}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(b"", status_code=304, headers=out)
    return Response(body, media_type=media_type, headers=out)


def _language_urls(request: Request[Any, Any, Any]) -> dict[str, str]:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return {lang: request.url.path + "?" + urlencode([*query, ("lang", lang)])
            for lang in LOCALES}


def helpers(locale: str) -> dict[str, Any]:
    """Number formatting for templates, in the page language (Babel)."""

    def num(value: float | None, digits: int | None = 0) -> str:
        return "—" if value is None else format_number(value, locale, digits=digits)

    def pct(value: float | None, digits: int = 1) -> str:
        return "—" if value is None else format_percent(value, locale, digits=digits)

    def pct_range(low: float | None, high: float | None) -> str:
        if low is None or high is None:
            return "—"
        return format_percent_range(low, high, locale)

    def gettext(message: str, **params: Any) -> str:
        return translate(locale, message, **params)

    return {"num": num, "pct": pct, "pct_range": pct_range, "_": gettext, "locale": locale}


def render_public(request: Request[Any, Any, Any], template: str, *, title: str,
                  status_code: int = 200, json_url: str | None = None,
                  **context: Any) -> Response[bytes]:
    """A public page (extends ``public/base.html``) with cache headers."""
    locale = public_locale(request)
    values = helpers(locale) | {
        "title": title,
        "request_path": request.url.path,
        "language_urls": _language_urls(request),
        "json_url": json_url,
    } | context
    body = ENVIRONMENT.get_template(template).render(values).encode("utf-8")
    headers = {k: v for k, v in PAGE_HEADERS.items() if k != "Cache-Control"}
    if status_code != 200:
        return Response(body, status_code=status_code, media_type="text/html",
                        headers=headers | {"Cache-Control": "no-store"})
    return cached_response(request, body, "text/html", headers)
