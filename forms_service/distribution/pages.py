"""The pages of invitation links: ``GET/POST /s/{code}`` (the form, with the
dossier's context) and ``GET/POST /s/{code}/stop`` (opting out); and of
receipt links: ``GET/POST /q?…`` (the form of the receipt's dossier).

Thin handlers, as the form pages (:mod:`forms_service.embedding.pages`): errors
become pages in the citizen's language; the thank-you page is the form's.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from embed import render_form
from forms_service.context import Context
from forms_service.credentials.receipts import PATH
from forms_service.distribution import links, receipts
from forms_service.embedding.formdata import parse_form
from forms_service.embedding.html import (
    html_page,
    page_error_handler,
    page_state,
    set_locale,
)
from forms_service.embedding.nonce import make_receipt
from forms_service.embedding.service import Visit
from forms_service.errors import AnswersRejected
from forms_service.http import exception_handlers as json_handlers
from forms_service.i18n import N_, negotiate, translate
from forms_service.submissions import Stored

__all__ = ["InvitationPageController", "ReceiptPageController"]

STOP_TITLE = N_("Stop invitations")
STOP_ASK = N_("You will receive no more survey invitations at this address or number, from "
              "any agency.")
STOP_BUTTON = N_("Receive no more invitations")
STOP_DONE = N_("Done: you will receive no more survey invitations.")
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _language(request: Request[Any, Any, Any], visit: Visit, lang: str | None,
              known: str | None = None) -> str:
    """The page's language: ``?lang=``, else the citizen's (``known``), else the
    browser's."""
    locale = negotiate(lang, known, accept_language=request.headers.get("accept-language"),
                       available=visit.compiled.locales)
    set_locale(request, locale)
    return locale


def _page(request: Request[Any, Any, Any], address: str, visit: Visit,
          values: dict[str, list[str]] | None = None,
          issues: list[dict[str, Any]] | None = None) -> Response[str]:
    """The form of a link at ``address`` (its page and the action of its form)."""
    state = page_state(request)
    joint = "&" if "?" in address else "?"
    state.languages = {locale: address + joint + urlencode({"lang": locale})
                       for locale in visit.compiled.locales if locale != state.locale}
    content = render_form(visit.compiled, state.chrome(), action=address,
                          hidden={"_lang": state.locale}, values=values, issues=issues or ())
    return html_page(content, state, 422 if issues else 200, NO_STORE)


def _thanks(ctx: Context, slug: str, stored: Stored, locale: str) -> Response[Any]:
    query = {"r": make_receipt(ctx.settings.secret_key, slug, stored.id), "lang": locale}
    return Response(b"", status_code=303, media_type="text/plain", headers={
        "Location": f"/f/{slug}/thanks?" + urlencode(query), **NO_STORE})


def _stop_page(request: Request[Any, Any, Any], code: str, *, done: bool) -> Response[str]:
    state = page_state(request)
    locale = state.locale
    title = html.escape(translate(locale, STOP_TITLE))
    if done:
        body = f"<p>{html.escape(translate(locale, STOP_DONE))}</p>"
    else:
        body = (f"<p>{html.escape(translate(locale, STOP_ASK))}</p>"
                f'<form method="post" action="/s/{html.escape(code)}/stop">'
                f'<button type="submit">{html.escape(translate(locale, STOP_BUTTON))}'
                "</button></form>")
    content = (f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
               '<meta name="viewport" content="width=device-width, initial-scale=1">'
               f"<title>{title}</title></head><body><main><h1>{title}</h1>{body}</main>"
               "</body></html>")
    return html_page(content, state, 200, NO_STORE)


class InvitationPageController(Controller):
    path = "/s"
    include_in_schema = False
    exception_handlers = dict.fromkeys(json_handlers, page_error_handler)

    @get("/{code:str}", summary="The form of an invitation link")
    async def show(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   code: FromPath[str]) -> Response[str]:
        invited = await links.open_link(ctx, code, record=True)
        _language(request, invited.visit, request.query_params.get("lang"),
                  invited.invitation.get("locale"))
        return _page(request, f"/s/{code}", invited.visit)

    @post("/{code:str}", summary="Answers sent from an invitation link", status_code=200)
    async def submit(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     code: FromPath[str]) -> Response[Any]:
        fields = parse_form(request.headers.get("content-type"), await request.body())
        invited = await links.open_link(ctx, code, record=False)
        lang = fields.get("_lang", [None])[-1]
        locale = _language(request, invited.visit, lang, invited.invitation.get("locale"))
        answers = invited.visit.compiled.coerce_form(fields)
        try:
            stored = await links.answer(ctx, invited, answers, locale)
        except AnswersRejected as exc:
            return _page(request, f"/s/{code}", invited.visit, values=fields,
                         issues=exc.details)
        return _thanks(ctx, invited.invitation["slug"], stored, locale)

    @get("/{code:str}/stop", summary="Opting out of invitations")
    async def ask_stop(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       code: FromPath[str]) -> Response[str]:
        await links.known(ctx, code)
        return _stop_page(request, code, done=False)

    @post("/{code:str}/stop", summary="Opt out (also List-Unsubscribe one-click)",
          status_code=200)
    async def stop(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   code: FromPath[str]) -> Response[str]:
        await links.opt_out(ctx, code)
        return _stop_page(request, code, done=True)


class ReceiptPageController(Controller):
    """``GET/POST /q?k=…&f=…&s=…&e=…&d=…&h=…``: the form of a receipt link
    (:mod:`forms_service.credentials.receipts` describes the address)."""

    path = PATH
    include_in_schema = False
    exception_handlers = dict.fromkeys(json_handlers, page_error_handler)

    @get("/", summary="The form of a receipt link")
    async def show(self, request: Request[Any, Any, Any],
                   ctx: NamedDependency[Context]) -> Response[str]:
        params = dict(request.query_params)
        receipt = await receipts.open_receipt(ctx, params, record=True)
        _language(request, receipt.visit, params.get("lang"))
        return _page(request, f"{PATH}?{receipts.page_query(receipt.claims)}", receipt.visit)

    @post("/", summary="Answers sent from a receipt link", status_code=200)
    async def submit(self, request: Request[Any, Any, Any],
                     ctx: NamedDependency[Context]) -> Response[Any]:
        fields = parse_form(request.headers.get("content-type"), await request.body())
        receipt = await receipts.open_receipt(ctx, dict(request.query_params), record=False)
        locale = _language(request, receipt.visit, fields.get("_lang", [None])[-1])
        answers = receipt.visit.compiled.coerce_form(fields)
        try:
            stored = await receipts.answer(ctx, receipt, answers, locale)
        except AnswersRejected as exc:
            return _page(request, f"{PATH}?{receipts.page_query(receipt.claims)}",
                         receipt.visit, values=fields, issues=exc.details)
        return _thanks(ctx, receipt.claims.form, stored, locale)
