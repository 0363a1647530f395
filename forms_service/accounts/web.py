"""What the workspace pages use: who is signed in, CSRF, and page rendering.

A page handler declares ``signed_in: SignedIn`` (the app-wide ``signed_in``
dependency) and checks roles with ``signed_in.principal`` exactly as API
handlers do with their ``principal``.  Without a live session a GET is
sent to ``/sign-in?next=<path>`` and other methods get 401.  Every unsafe
request authenticated by the session cookie must carry the session's CSRF
token as form field ``csrf_token`` or header ``X-CSRF-Token``.

Pages render Jinja2 templates under ``forms_service/workspace/templates``
that extend ``workspace/base.html``, with :func:`render_page`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from litestar import Request, Response
from litestar.datastructures import Cookie, State
from markupsafe import Markup

from forms_service.accounts.sessions import SESSION_MAX, SessionInfo, load_session
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import N_, Forbidden, PhieuError, Unauthorized
from forms_service.i18n import LOCALES, negotiate, translate
from forms_service.organisation.scope import unit_subtree
from forms_service.workspace import TEMPLATES_DIR, static_url

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "ENVIRONMENT",
    "LANG_COOKIE",
    "PAGE_HEADERS",
    "SESSION_COOKIE",
    "SignInRequired",
    "SignedIn",
    "current_signed_in",
    "page_locale",
    "provide_signed_in",
    "render_page",
    "safe_next",
    "session_cookie",
]

SESSION_COOKIE = "phieu_session"
LANG_COOKIE = "phieu_lang"
# the anonymous sign-in form's CSRF cookie (before there is a session)
FORM_COOKIE = "phieu_form"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class SignedIn:
    """The person behind a request's session cookie."""

    person_id: int
    email: str
    name: str
    principal: Principal
    locale: str
    csrf_token: str


class SignInRequired(PhieuError):
    """No live session on a GET: see the sign-in page, then come back."""

    status = 303
    code = "sign_in_required"

    def __init__(self, location: str) -> None:
        super().__init__("Sign in to open this page.", headers={"Location": location})


# -- language -------------------------------------------------------------------

def page_locale(request: Request[Any, Any, Any], preferred: str | None = None) -> str:
    """``?lang=`` first, then the remembered choice, then the person's, then Vietnamese.

    ``Accept-Language`` is not consulted.
    """
    return negotiate(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                     preferred, accept_language=None)


def _use_locale(request: Request[Any, Any, Any], locale: str) -> None:
    request.scope.setdefault("state", {})["locale"] = locale  # type: ignore[typeddict-item]


# -- sessions ---------------------------------------------------------------------

def session_cookie(token: str) -> Cookie:
    return Cookie(key=SESSION_COOKIE, value=token, path="/", httponly=True, secure=True,
                  samesite="lax", max_age=int(SESSION_MAX.total_seconds()))


def expired_session_cookie() -> Cookie:
    return Cookie(key=SESSION_COOKIE, value="", path="/", httponly=True, secure=True,
                  samesite="lax", max_age=0)


async def _signed_in(ctx: Context, info: SessionInfo, locale: str) -> SignedIn:
    # a person limited to a unit: its subtree, read once per request (none for others)
    units = None if info.unit_id is None else await unit_subtree(ctx.db, info.unit_id)
    principal = Principal(key_id=f"person:{info.person_id}", role=Role(info.role),
                          agency_id=info.agency_id, agency_code=info.agency_code,
                          unit_id=info.unit_id, unit_ids=units)
    return SignedIn(person_id=info.person_id, email=info.email, name=info.name,
                    principal=principal, locale=locale, csrf_token=info.csrf_token)


async def current_signed_in(request: Request[Any, Any, Any]) -> SignedIn | None:
    """The request's signed-in person, or None; no CSRF check, no redirect."""
    cached = request.scope.get("state", {}).get("signed_in")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    ctx: Context = request.app.state.ctx
    info = await load_session(ctx, request.cookies.get(SESSION_COOKIE))
    if info is None:
        _use_locale(request, page_locale(request))
        return None
    signed_in = await _signed_in(ctx, info, page_locale(request, info.locale))
    _use_locale(request, signed_in.locale)
    request.scope.setdefault("state", {})["signed_in"] = signed_in  # type: ignore[typeddict-item]
    return signed_in


def _here(request: Request[Any, Any, Any]) -> str:
    path = request.url.path
    query = request.url.query
    return f"{path}?{query}" if query else path


def safe_next(value: str | None, default: str = "/dashboard") -> str:
    """``value`` if it is a path on this site, else ``default`` (no open redirect)."""
    # a Location header is Latin-1: anything beyond ASCII (``/／/x``) goes to the default
    if not value or len(value) > 2000 or not value.startswith("/") or not value.isascii():
        return default
    if value.startswith(("//", "/\\")) or any(ch in value for ch in "\\\r\n\t") \
            or any(ord(ch) < 32 for ch in value):
        return default
    return value


async def submitted_csrf(request: Request[Any, Any, Any]) -> str:
    """The CSRF token the request carries (header first, then form field).

    The parsed form is cached on the request, so handlers read it again
    with ``request.form()`` or a ``data`` parameter (for a multipart body,
    not with ``request.body()``: the stream has been read).
    """
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def _csrf_failed() -> Forbidden:
    return Forbidden(
        "This form has expired or did not come from this site (its security token is "
        "missing or wrong). Reload the page and try again.",
        error_code="csrf_failed",
    )


async def require_csrf(request: Request[Any, Any, Any], expected: str) -> None:
    if not hmac.compare_digest((await submitted_csrf(request)).encode(), expected.encode()):
        raise _csrf_failed()


async def provide_signed_in(request: Request[Any, Any, Any], state: State) -> SignedIn:
    """The ``signed_in`` dependency of the workspace pages."""
    signed_in = await current_signed_in(request)
    if signed_in is None:
        if request.method in ("GET", "HEAD"):
            raise SignInRequired("/sign-in?" + urlencode({"next": _here(request)}))
        raise Unauthorized(
            "You are not signed in, or your session has ended. Sign in again, then "
            "repeat what you were doing.",
            error_code="sign_in_required",
        )
    if request.method in UNSAFE:
        await require_csrf(request, signed_in.csrf_token)
    return signed_in


# -- the anonymous forms' CSRF token ---------------------------------------------------

def form_token(request: Request[Any, Any, Any]) -> tuple[str, str | None]:
    """``(csrf_token, new_cookie_value)`` for a form shown before sign-in."""
    ctx: Context = request.app.state.ctx
    seed = request.cookies.get(FORM_COOKIE) or ""
    fresh = None
    if not 20 <= len(seed) <= 100:
        seed = fresh = secrets.token_urlsafe(24)
    mac = hmac.new(ctx.settings.secret_key.encode(), b"sign-in-form:" + seed.encode(),
                   hashlib.sha256).hexdigest()
    return mac, fresh


def form_cookie(value: str) -> Cookie:
    return Cookie(key=FORM_COOKIE, value=value, path="/", httponly=True, secure=True,
                  samesite="lax", max_age=86400)


async def require_form_token(request: Request[Any, Any, Any]) -> None:
    if not request.cookies.get(FORM_COOKIE):
        raise _csrf_failed()
    expected, _ = form_token(request)
    await require_csrf(request, expected)


# -- rendering ----------------------------------------------------------------------------

_folder = FileSystemLoader(str(TEMPLATES_DIR))
ENVIRONMENT = Environment(
    loader=ChoiceLoader([PrefixLoader({"workspace": _folder}), _folder]),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)
ENVIRONMENT.globals["static_url"] = static_url

NAV = (
    ("/dashboard", N_("Dashboard")),
    ("/designer", N_("Form designer")),
    ("/organisation", N_("Organisation")),
    ("/devices", N_("Kiosks")),
    ("/collections", N_("Collections")),
    ("/cases", N_("Cases")),
    ("/public", N_("Published results")),
)
# pages of the administrators only
ADMIN_NAV = (("/people", N_("People")),)


def _language_urls(request: Request[Any, Any, Any]) -> dict[str, str]:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return {lang: request.url.path + "?" + urlencode([*query, ("lang", lang)])
            for lang in LOCALES}


def render_page(
    request: Request[Any, Any, Any],
    signed_in: SignedIn | None,
    template: str,
    *,
    title: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> Response[str]:
    """Render ``template`` (which extends ``workspace/base.html``) as a page."""
    locale = signed_in.locale if signed_in else page_locale(request)
    _use_locale(request, locale)
    cookies: list[Cookie] = []
    if signed_in is not None:
        csrf = signed_in.csrf_token
    else:
        csrf, fresh = form_token(request)
        if fresh:
            cookies.append(form_cookie(fresh))
    chosen = request.query_params.get("lang")
    if chosen in LOCALES and request.cookies.get(LANG_COOKIE) != chosen:
        cookies.append(Cookie(key=LANG_COOKIE, value=chosen, path="/", secure=True,
                              samesite="lax", max_age=365 * 86400))

    def gettext(message: str, **params: Any) -> str:
        return translate(locale, message, **params)

    values = {
        "signed_in": signed_in,
        "csrf_token": csrf,
        "csrf_input": Markup('<input type="hidden" name="csrf_token" value="{}">').format(csrf),
        "locale": locale,
        "_": gettext,
        "request_path": request.url.path,
        "title": title,
        "language_urls": _language_urls(request),
        "nav": NAV + ADMIN_NAV if signed_in is not None and signed_in.principal.is_admin
        else NAV,
    } | context
    body = ENVIRONMENT.get_template(template).render(values)
    return Response(body, status_code=status_code, media_type="text/html",
                    headers=PAGE_HEADERS | dict(headers or {}), cookies=cookies)

