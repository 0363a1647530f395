"""The citizen-facing pages: ``GET/POST /f/{slug}``, ``GET /f/{slug}/thanks``,
and the static files under ``/embed/v1/``.

Thin handlers: rate limits, parse, call the embedding service, render with
``embed``.  Every error under ``/f`` becomes an HTML page
(:func:`~forms_service.embedding.html.page_error_handler`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from embed import asset, render_form, render_thanks
from embed.branding import accent_css
from form_schemas.coercion import field_names
from forms_service.agencies.branding import accent_of, logo_of
from forms_service.channels import CLAIMABLE
from forms_service.context import Context
from forms_service.embedding import service
from forms_service.embedding.errors import RateLimited
from forms_service.embedding.formdata import parse_form
from forms_service.embedding.html import (
    html_page,
    page_error_handler,
    page_state,
    set_locale,
    wants_json,
)
from forms_service.embedding.nonce import issue_nonce, make_receipt, open_receipt
from forms_service.embedding.origins import normalize_origin
from forms_service.embedding.paging import page_of_issues, turn_page
from forms_service.embedding.security import STATIC_HEADERS
from forms_service.embedding.touches import record_page_touch
from forms_service.embedding.visitors import COOKIE, MAX_AGE, new_visitor, visitor_id
from forms_service.errors import AlreadyAnswered, AnswersRejected, InvalidInput, NotFound
from forms_service.http import exception_handlers as json_handlers
from forms_service.i18n import negotiate
from forms_service.limits import address_key, client_address
from forms_service.submissions import submit

__all__ = ["FormPageController", "brand_file", "static_file"]

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=300"


async def _limit(ctx: Context, name: str, key: str, limit: int) -> None:
    wait = await ctx.limiter.hit(name, key, limit)
    if wait is not None:
        raise RateLimited(wait)


async def _limit_client(request: Request[Any, Any, Any], ctx: Context) -> None:
    """Count the request for its browser, or (a first visit) for its address; a
    first visit gets a visitor cookie (see :mod:`forms_service.embedding.visitors`)."""
    settings = ctx.settings
    visitor = visitor_id(settings.secret_key, request.cookies.get(COOKIE))
    if visitor is not None:
        await _limit(ctx, "form_visitor", visitor, settings.rate_limit_visitor_per_minute)
        return
    address = client_address(request.scope, ctx.proxies)
    await _limit(ctx, "form_address", address_key(settings.secret_key, address),
                 settings.rate_limit_ip_per_minute)
    _, value = new_visitor(settings.secret_key)
    request.scope.setdefault("state", {})["new_visitor"] = value


def _remember(request: Request[Any, Any, Any], response: Response[Any]) -> Response[Any]:
    """``response`` with the new visitor's cookie, if this request made one."""
    value = request.scope.get("state", {}).get("new_visitor")
    if value:
        secure = request.url.scheme == "https"
        response.set_cookie(COOKIE, value, max_age=MAX_AGE, path="/f", httponly=True,
                            secure=secure, samesite="none" if secure else "lax")
    return response


def _targets(registered: list[str], asked: str | None) -> list[str]:
    """Where the page may post messages: the asked parent origin if registered, else all."""
    if asked:
        try:
            wanted = normalize_origin(asked)
        except InvalidInput:
            wanted = ""
        if wanted in registered:
            return [wanted]
    return registered


def _first(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[-1] if values else None


def _refuse_unknown_fields(visit: service.Visit, fields: dict[str, list[str]],
                           locale: str) -> None:
    """A field that is neither a question nor one of the page's own (``_t`` …) is refused,
    reported by the validator as it reports an unknown key of JSON answers."""
    names = field_names(visit.compiled.questions)
    unknown = {name: values[-1] for name, values in fields.items()
               if values and name not in names and not name.startswith("_")}
    if unknown:
        answers = visit.compiled.coerce_form(fields) | unknown
        result = visit.compiled.validate(answers, locale=locale)
        if result.errors:
            raise AnswersRejected([{"path": e.path, "code": e.code, "message": e.message}
                                   for e in result.errors])


class FormPageController(Controller):
    path = "/f"
    include_in_schema = False
    # every kind the app maps to JSON, so that none of them escapes as JSON here
    exception_handlers = dict.fromkeys(json_handlers, page_error_handler)

    async def _visit(
        self, request: Request[Any, Any, Any], ctx: Context, slug: str, *,
        token: str | None, lang: str | None, origin: str | None,
        host_lang: str | None = None,
    ) -> service.Visit:
        """The form and token of a visit, and its language: the explicit ``lang``,
        then the token's ``locale`` claim, then the host page's language
        (``host_lang``, sent by the loader), then ``Accept-Language``."""
        state = page_state(request)
        if lang or host_lang:
            set_locale(request, negotiate(lang, host_lang, accept_language=None))
        page = await service.load_page_form(ctx, slug)
        state.frame_origins = page.origins
        state.targets = _targets(page.origins, origin)
        state.brand = service.page_brand(page)
        visit = await service.open_visit(ctx, page, token or None)
        set_locale(request, negotiate(
            lang, visit.claims.locale if visit.claims else None, host_lang,
            accept_language=request.headers.get("accept-language"),
            available=visit.compiled.locales,
        ))
        return visit

    def _form_page(
        self, request: Request[Any, Any, Any], visit: service.Visit, hidden: dict[str, str],
        *, values: dict[str, list[str]] | None = None, issues: list[dict[str, Any]] | None = None,
        page: int | None = None,
    ) -> Response[str]:
        state = page_state(request)
        slug = visit.page.slug
        query = {k[1:]: v for k, v in hidden.items() if k in ("_t", "_origin", "_c") and v}
        state.languages = {
            locale: f"/f/{slug}?" + urlencode(query | {"lang": locale})
            for locale in visit.compiled.locales if locale != state.locale
        }
        hidden = hidden | {"_lang": state.locale}
        content = render_form(
            visit.compiled, state.chrome(), action=f"/f/{slug}", hidden=hidden,
            values=values, issues=issues or (), page=page,
        )
        return html_page(content, state, 422 if issues else 200)

    @get("/{slug:str}", summary="The form page")
    async def show(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context], slug: FromPath[str],
    ) -> Response[Any]:
        await _limit_client(request, ctx)
        params = request.query_params
        token, origin = params.get("t"), params.get("origin")
        visit = await self._visit(request, ctx, slug, token=token, lang=params.get("lang"),
                                  origin=origin, host_lang=params.get("host_lang"))
        hidden = {"_origin": origin or ""}
        if visit.claims is not None:
            if await service.already_answered(ctx, visit):
                raise AlreadyAnswered()
            await record_page_touch(ctx, visit, "offered")
            hidden["_t"] = str(token)
        else:
            hidden["_n"] = issue_nonce(ctx.settings.secret_key, slug)
            channel = params.get("channel")
            hidden["_c"] = channel if channel in CLAIMABLE else ""
        return _remember(request, self._form_page(
            request, visit, {k: v for k, v in hidden.items() if v}))

    @post("/{slug:str}", summary="Answers posted from the form page", status_code=200)
    async def submit(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context], slug: FromPath[str]
    ) -> Response[Any]:
        await _limit_client(request, ctx)
        fields = parse_form(request.headers.get("content-type"), await request.body())
        token, origin = _first(fields, "_t"), _first(fields, "_origin")
        go = _first(fields, "_go") or ""
        # the language switch posts what was typed back to be drawn in the other language
        switch = go.removeprefix("lang:") if go.startswith("lang:") else None
        visit = await self._visit(request, ctx, slug, token=token,
                                  lang=switch or _first(fields, "_lang"), origin=origin)
        locale = page_state(request).locale
        post = service.page_submission(
            ctx, visit, fields, locale=locale, token=token, nonce_field=_first(fields, "_n"),
            channel_field=_first(fields, "_c"))
        await _limit(ctx, "form_session", post.session, ctx.settings.rate_limit_form_per_minute)
        await record_page_touch(ctx, visit, "opened")
        hidden = {k: v for k, v in ({"_origin": origin or ""} | post.hidden).items() if v}
        if switch is not None:
            _refuse_unknown_fields(visit, fields, locale)
            page = turn_page(visit.compiled, post.submission.answers, _first(fields, "_page"),
                             "stay", locale)[0] if visit.compiled.paged else None
            return _remember(request, self._form_page(
                request, visit, hidden, values=fields, page=page))
        if visit.compiled.paged and go in ("next", "back"):
            _refuse_unknown_fields(visit, fields, locale)
            page, issues = turn_page(visit.compiled, post.submission.answers,
                                     _first(fields, "_page"), go, locale)
            return _remember(request, self._form_page(
                request, visit, hidden, values=fields, issues=issues, page=page))
        try:
            _refuse_unknown_fields(visit, fields, locale)
            stored = await submit(ctx, post.submission)
        except AnswersRejected as exc:
            if wants_json(request):
                raise
            return _remember(request, self._form_page(
                request, visit, hidden, values=fields, issues=exc.details,
                page=page_of_issues(visit.compiled, exc.details)))
        if wants_json(request):
            return _remember(request, Response(stored, status_code=201, headers={
                "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}))
        query = {"r": make_receipt(ctx.settings.secret_key, slug, stored.id), "lang": locale}
        if origin:
            query["origin"] = origin
        return _remember(request, Response(b"", status_code=303, media_type="text/plain", headers={
            "Location": f"/f/{slug}/thanks?" + urlencode(query),
            "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
        }))

    @get("/{slug:str}/thanks", summary="The thank-you page")
    async def thanks(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context], slug: FromPath[str]
    ) -> Response[Any]:
        await _limit_client(request, ctx)
        state = page_state(request)
        params = request.query_params
        page = await service.load_page_form(ctx, slug)
        state.frame_origins = page.origins
        state.targets = _targets(page.origins, params.get("origin"))
        state.brand = service.page_brand(page)
        response_id = open_receipt(ctx.settings.secret_key, slug, params.get("r"))
        if response_id is None:
            raise NotFound("There is no form {slug}.", slug=slug[:80])
        title = await service.latest_title(page, ctx, state.locale)
        content = render_thanks(state.chrome(), form_title=title, response_id=response_id)
        return _remember(request, html_page(content, state))


@get("/embed/v1/{name:str}", include_in_schema=False, summary="Static files of the form pages")
async def static_file(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    found = asset(name)
    if found is None:
        raise NotFound("Nothing is here. Check the address.")
    versioned = request.query_params.get("v") == found.version
    headers = STATIC_HEADERS | {
        "ETag": found.etag,
        "Cache-Control": IMMUTABLE if versioned else REVALIDATE,
    }
    if request.headers.get("if-none-match") == found.etag:
        return Response(b"", status_code=304, headers=headers)
    return Response(found.content, media_type=found.media_type, headers=headers)


@get("/embed/v1/brand/{code:str}/{name:str}", include_in_schema=False,
     summary="An agency's accent stylesheet and logo on its form pages")
async def brand_file(request: Request[Any, Any, Any], code: FromPath[str],
                     name: FromPath[str]) -> Response[bytes]:
    """``accent.css`` or ``logo`` of agency ``code``; kept by browsers for a year
    when asked for with the current version (``?v=``), which changes with them."""
    if name == "accent.css":
        colour, version = await accent_of(code)
        content, media_type = accent_css(colour).encode(), "text/css"
    elif name == "logo":
        logo = await logo_of(code)
        content, media_type, version = logo.content, logo.media_type, logo.version
    else:
        raise NotFound("Nothing is here. Check the address.")
    etag = f'"{version}"'
    headers = STATIC_HEADERS | {
        "ETag": etag,
        "Cache-Control": IMMUTABLE if request.query_params.get("v") == version else REVALIDATE,
    }
    if request.headers.get("if-none-match") == etag:
        return Response(b"", status_code=304, headers=headers)
    return Response(content, media_type=media_type, headers=headers)
