"""Sign-in, sign-out and account pages.

``GET/POST /sign-in`` (e-mail and password, or a one-time link),
``GET/POST /sign-in/link/{token}``, ``POST /sign-out``, ``GET /account`` and
its forms (password, language).
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath

from forms_service.accounts import service, sessions
from forms_service.accounts.errorpages import page_error_handler
from forms_service.accounts.passwords import HashingBusy
from forms_service.accounts.web import (
    LANG_COOKIE,
    SESSION_COOKIE,
    SignedIn,
    current_signed_in,
    expired_session_cookie,
    page_locale,
    render_page,
    require_csrf,
    require_form_token,
    safe_next,
    session_cookie,
)
from forms_service.agencies.tables import Agency
from forms_service.alerts.preferences import ALERTED_ROLES, get_preferences, set_preferences
from forms_service.context import Context
from forms_service.errors import N_, Forbidden, InvalidInput, PhieuError, Unauthorized
from forms_service.http import exception_handlers as json_handlers
from forms_service.i18n import translate
from forms_service.limits import address_key, client_address
from forms_service.roles import ROLES, Role

__all__ = ["AccountController", "SignInController"]

log = logging.getLogger("phieu")

_SAVED = {
    "password": N_("Your password has been changed. Other devices have been signed out."),
    "language": N_("Your language preference has been saved."),
    "alerts": N_("Your alerts have been saved."),
}
DIGEST_LABELS = (("none", N_("No digest")), ("daily", N_("Daily, at 07:00 (the day before)")),
                 ("weekly", N_("Weekly, on Monday at 07:00 (the week before)")))


def _field(form: Any, name: str, limit: int = 1000) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def _client(request: Request[Any, Any, Any], ctx: Context) -> str:
    """The opaque key of the client's address, for throttling."""
    return address_key(ctx.settings.secret_key, client_address(request.scope, ctx.proxies))


def _redirect(location: str, cookies: list[Cookie] | None = None) -> Response[bytes]:
    return Response(b"", status_code=303, headers={"Location": location},
                    cookies=cookies or [])


def _message(request: Request[Any, Any, Any], exc: PhieuError) -> str:
    """``exc`` in the page's language (the person's, once signed in)."""
    locale = request.scope.get("state", {}).get("locale") or page_locale(request)
    return translate(locale, exc.message, **exc.params)


class SignInController(Controller):
    include_in_schema = False
    exception_handlers = dict.fromkeys(json_handlers, page_error_handler)

    def _page(self, request: Request[Any, Any, Any], *, status: int = 200, error: str = "",
              notice: str = "", email: str = "", next_path: str = "",
              headers: dict[str, str] | None = None) -> Response[str]:
        locale = page_locale(request)
        return render_page(
            request, None, "accounts/sign_in.html", title=translate(locale, "Sign in"),
            status_code=status, error=error, notice=notice, email=email,
            next_path=next_path, headers=headers,
        )

    @get("/sign-in")
    async def show(self, request: Request[Any, Any, Any]) -> Response[Any]:
        next_path = safe_next(request.query_params.get("next"), "")
        if await current_signed_in(request) is not None:
            return _redirect(next_path or "/dashboard")
        return self._page(request, next_path=next_path)

    @post("/sign-in", status_code=200)
    async def submit(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
    ) -> Response[Any]:
        await require_form_token(request)
        form = await request.form()
        email = service.normalize_email(_field(form, "email", 300))
        next_path = safe_next(_field(form, "next", 2000), "")
        if _field(form, "action") == "link":
            return await self._send_link(request, ctx, email, next_path)
        password = _field(form, "password", 1000)
        if not email or not password:
            error = translate(page_locale(request),
                              "Enter your e-mail address and your password.")
            return self._page(request, status=400, error=error, email=email,
                              next_path=next_path)
        try:
            person_id = await sessions.sign_in_with_password(ctx, email, password,
                                                             _client(request, ctx))
        except (sessions.TooManySignIns, sessions.TooManyAttempts, HashingBusy) as exc:
            return self._page(request, status=exc.status, error=_message(request, exc), email=email,
                              next_path=next_path, headers=exc.headers)
        except (Unauthorized, Forbidden) as exc:
            return self._page(request, status=exc.status, error=_message(request, exc),
                              email=email, next_path=next_path)
        token = await sessions.start_session(
            ctx, person_id, replaces=request.cookies.get(SESSION_COOKIE))
        return _redirect(next_path or "/dashboard", [session_cookie(token)])

    async def _send_link(self, request: Request[Any, Any, Any], ctx: Context, email: str,
                         next_path: str) -> Response[Any]:
        locale = page_locale(request)
        if not email:
            error = translate(locale, "Enter your e-mail address to receive a sign-in link.")
            return self._page(request, status=400, error=error, next_path=next_path)
        try:
            created = await sessions.create_link(ctx, email, _client(request, ctx),
                                                 mail_locale=locale)
        except sessions.TooManyAttempts as exc:
            return self._page(request, status=429, error=_message(request, exc),
                              next_path=next_path, headers=exc.headers)
        if created is not None and ctx.settings.delivery.smtp_url:
            person = created[1]["id"]
            log.info("one-time sign-in link for person %s queued by e-mail", person, extra={
                "fields": {"event": "sign_in_link_queued", "person": person}})
        elif created is not None:
            # no mail server here: the link goes to the service log, for the person
            # named by id (never by e-mail address)
            person, link = created[1]["id"], sessions.link_url(ctx, created[0])
            log.info("one-time sign-in link for person %s: %s", person, link, extra={
                "fields": {"event": "sign_in_link", "person": person, "link": link}})
        else:
            log.info("sign-in link asked for an address with no active account",
                     extra={"fields": {"event": "sign_in_link_refused"}})
        notice = translate(
            locale,
            "If {email} belongs to an active account, a one-time sign-in link is on its way. "
            "It works once, within {minutes} minutes.",
            email=email, minutes=int(sessions.LINK_LIFETIME.total_seconds() // 60),
        )
        return self._page(request, notice=notice, email=email, next_path=next_path)

    @get("/sign-in/link/{token:str}")
    async def show_link(
        self, request: Request[Any, Any, Any], token: FromPath[str],
    ) -> Response[Any]:
        try:
            await sessions.check_link(token)
        except Unauthorized as exc:
            return self._page(request, status=400, error=_message(request, exc))
        locale = page_locale(request)
        return render_page(request, None, "accounts/link.html",
                           title=translate(locale, "Sign in"), token=token)

    @post("/sign-in/link/{token:str}", status_code=200)
    async def use_link(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       token: FromPath[str]) -> Response[Any]:
        await require_form_token(request)
        try:
            person_id = await sessions.sign_in_with_link(ctx, token)
        except (Unauthorized, Forbidden) as exc:
            return self._page(request, status=400 if exc.status == 401 else exc.status,
                              error=_message(request, exc))
        session = await sessions.start_session(
            ctx, person_id, replaces=request.cookies.get(SESSION_COOKIE))
        return _redirect("/dashboard", [session_cookie(session)])

    @post("/sign-out", status_code=200)
    async def sign_out(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
    ) -> Response[Any]:
        signed_in = await current_signed_in(request)
        if signed_in is not None:
            await require_csrf(request, signed_in.csrf_token)
            await sessions.end_session(ctx, request.cookies.get(SESSION_COOKIE))
        return _redirect("/sign-in", [expired_session_cookie()])


class AccountController(Controller):
    path = "/account"
    include_in_schema = False
    exception_handlers = dict.fromkeys(json_handlers, page_error_handler)

    async def _page(self, request: Request[Any, Any, Any], signed_in: SignedIn, *,
                    status: int = 200, errors: dict[str, str] | None = None,
                    alerts: dict[str, Any] | None = None) -> Response[str]:
        locale = signed_in.locale
        agency_name = None
        if signed_in.principal.agency_id is not None:
            row = await Agency.select(Agency.name).where(
                Agency.id == signed_in.principal.agency_id).first().run()
            agency_name = row["name"] if row else None
        person = await service.person_by_id(request.app.state.ctx, signed_in.person_id)
        saved = _SAVED.get(request.query_params.get("saved", ""))
        role_label = ROLES[Role(person["role"])].label
        return render_page(
            request, signed_in, "accounts/account.html",
            title=translate(locale, "Your account"), status_code=status,
            person=person, role_label=translate(locale, role_label),
            agency_name=agency_name, errors=errors or {},
            saved=translate(locale, saved) if saved else "",
            has_password=await sessions.has_password(signed_in.person_id),
            alerts=alerts or await get_preferences(request.app.state.ctx.db,
                                                   signed_in.person_id),
            may_alert=person["agency"] is not None and person["role"] in ALERTED_ROLES,
            digest_labels=DIGEST_LABELS,
        )

    @get("/")
    async def show(
        self, request: Request[Any, Any, Any], signed_in: NamedDependency[SignedIn],
    ) -> Response[str]:
        return await self._page(request, signed_in)

    @post("/password", status_code=200)
    async def change_password(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                              signed_in: NamedDependency[SignedIn]) -> Response[Any]:
        form = await request.form()
        current = _field(form, "current_password")
        new = _field(form, "new_password")
        locale = signed_in.locale
        if new != _field(form, "confirm_password"):
            return await self._page(request, signed_in, status=400, errors={
                "confirm_password": translate(locale, "The two new passwords differ.")})
        try:
            await service.change_password(
                ctx, signed_in.person_id, current=current, new=new,
                keep_session=sessions.digest(request.cookies.get(SESSION_COOKIE, "")))
        except InvalidInput as exc:
            where = "current_password" if exc.code == "wrong_password" else "new_password"
            return await self._page(request, signed_in, status=400,
                                    errors={where: _message(request, exc)})
        return _redirect("/account?saved=password")

    @post("/language", status_code=200)
    async def change_language(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                              signed_in: NamedDependency[SignedIn]) -> Response[Any]:
        form = await request.form()
        locale = _field(form, "locale", 8)
        await service.set_locale(ctx, signed_in.person_id, locale)
        cookie = Cookie(key=LANG_COOKIE, value=locale, path="/", secure=True, samesite="lax",
                        max_age=365 * 86400)
        return _redirect("/account?saved=language", [cookie])

    @post("/alerts", status_code=200)
    async def change_alerts(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                            signed_in: NamedDependency[SignedIn]) -> Response[Any]:
        form = await request.form()
        person = await service.person_by_id(ctx, signed_in.person_id)
        raw = {"case_alerts": _field(form, "case_alerts", 5) == "on",
               "digest": _field(form, "digest", 10)}
        try:
            if person["agency"] is None or person["role"] not in ALERTED_ROLES:
                raise InvalidInput("Alerts are for the designers and analysts of an agency.")
            await set_preferences(ctx.db, signed_in.person_id, raw)
        except InvalidInput as exc:
            return await self._page(request, signed_in, status=400, alerts=raw,
                                    errors={"alerts": _message(request, exc)})
        return _redirect("/account?saved=alerts#alerts-heading")
