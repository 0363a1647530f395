"""The follow-up page of a reply to a citizen: ``GET/POST /r/{code}``.

Public, without signing in: the link's code (120 random bits, sent only to the
citizen's contact) is the only credential, as with invitation links, so a page
elsewhere cannot post an answer without knowing it; the page is never framed
(``frame-ancestors 'none'``), posts only to itself (``form-action 'self'``),
sends no referrer and is not cached. A plain form that works without
JavaScript, in the citizen's language (``?lang=`` switches), one column at
360 px. Errors (an unknown link, an expired one, a reply already answered)
are pages of their own with the status they mean (404, 410, 409).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from embed import render_follow_up
from forms_service.cases import replies
from forms_service.context import Context
from forms_service.embedding.formdata import parse_form
from forms_service.embedding.html import html_page, page_error_handler, page_state, set_locale
from forms_service.errors import InvalidInput, NotFound, PhieuError
from forms_service.http import exception_handlers as json_handlers
from forms_service.i18n import LOCALES, N_, negotiate, translate

__all__ = ["FollowUpPageController"]

TITLE = N_("Reply to your feedback")
REPLY_HEADING = N_("The agency's reply")
QUESTION = N_("Has your problem been solved?")
OPTIONS = {"solved": N_("Yes, it has been solved"), "partly": N_("Partly"),
           "not_solved": N_("No, not yet")}
COMMENT = N_("Anything to add? (optional)")
SEND = N_("Send the answer")
REQUIRED = N_("(required)")
ERROR_PREFIX = N_("Error:")
THANKS_TITLE = N_("Thank you")
THANKS = N_("Your answer has been recorded.")
THANKS_REOPENED = N_("Your answer has been recorded, and the agency will look at your case "
                     "again.")
ANSWERED_TITLE = N_("You have already answered")
EXPIRED_TITLE = N_("This link has expired")
EXPIRED_BODY = N_("If your problem has not been solved, please contact the agency again.")
INVALID_TITLE = N_("This link is not valid")
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _page(request: Request[Any, Any, Any], code: str, page: dict[str, Any],
          status: int = 200) -> Response[str]:
    state = page_state(request)
    locale = state.locale
    state.languages = {other: f"/r/{code}?" + urlencode({"lang": other})
                       for other in LOCALES if other != locale}
    texts = {"title": translate(locale, TITLE), "kind": "info",
             "error_prefix": translate(locale, ERROR_PREFIX), **page}
    return html_page(render_follow_up(state.chrome(), texts), state, status, NO_STORE)


def _ask(request: Request[Any, Any, Any], code: str, opened: dict[str, Any], *,
         error: str = "", chosen: str | None = None, comment: str = "",
         status: int = 200) -> Response[str]:
    locale = page_state(request).locale
    return _page(request, code, {
        "agency": opened["agency"], "reply": opened["reply"],
        "reply_heading": translate(locale, REPLY_HEADING), "ask": True,
        "action": f"/r/{code}", "question": translate(locale, QUESTION),
        "options": [(value, translate(locale, label)) for value, label in OPTIONS.items()],
        "comment_label": translate(locale, COMMENT), "comment_max": replies.MAX_COMMENT,
        "send": translate(locale, SEND), "required": translate(locale, REQUIRED),
        "error": error, "chosen": chosen, "comment": comment}, status)


def _refused(request: Request[Any, Any, Any], code: str, exc: PhieuError,
             chosen: str | None = None) -> Response[str]:
    """The page of an unknown, expired or answered link (in the citizen's language, when
    the link is known)."""
    locale = _language(request, chosen, getattr(exc, "locale", None))
    detail = translate(locale, exc.message, **exc.params)
    if isinstance(exc, replies.FollowUpExpired):
        page = {"title": translate(locale, EXPIRED_TITLE),
                "body": f"{detail} {translate(locale, EXPIRED_BODY)}"}
    elif isinstance(exc, replies.FollowUpAnswered):
        page = {"title": translate(locale, ANSWERED_TITLE), "body": detail, "kind": "thanks"}
    else:
        page = {"title": translate(locale, INVALID_TITLE), "body": detail, "kind": "error"}
    return _page(request, code, page, exc.status)


def _language(request: Request[Any, Any, Any], chosen: str | None, known: str | None) -> str:
    locale = negotiate(chosen, known, accept_language=request.headers.get("accept-language"))
    set_locale(request, locale)
    return locale


class FollowUpPageController(Controller):
    path = "/r"
    include_in_schema = False
    exception_handlers = dict.fromkeys(json_handlers, page_error_handler)

    @get("/{code:str}", summary="The follow-up of a reply to a citizen")
    async def show(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   code: FromPath[str]) -> Response[str]:
        _language(request, request.query_params.get("lang"), None)
        try:
            opened = await replies.open_follow_up(ctx, code)
        except (NotFound, replies.FollowUpExpired, replies.FollowUpAnswered) as exc:
            return _refused(request, code, exc, request.query_params.get("lang"))
        _language(request, request.query_params.get("lang"), opened["locale"])
        return _ask(request, code, opened)

    @post("/{code:str}", summary="The citizen's answer to the follow-up", status_code=200)
    async def answer(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     code: FromPath[str]) -> Response[str]:
        fields = parse_form(request.headers.get("content-type"), await request.body())
        lang = fields.get("_lang", [None])[-1]
        _language(request, lang, None)
        answer = fields.get("answer", [None])[-1]
        comment = fields.get("comment", [None])[-1]
        try:
            opened = await replies.open_follow_up(ctx, code)
            _language(request, lang, opened["locale"])
            reopened = await replies.answer_follow_up(ctx, code, answer, comment)
        except (NotFound, replies.FollowUpExpired, replies.FollowUpAnswered) as exc:
            return _refused(request, code, exc, lang)
        except InvalidInput as exc:
            locale = page_state(request).locale
            return _ask(request, code, opened, error=translate(locale, exc.message,
                                                               **exc.params),
                        chosen=answer if answer in replies.ANSWERS else None,
                        comment=(comment or "")[:replies.MAX_COMMENT * 2], status=400)
        locale = page_state(request).locale
        return _page(request, code, {"title": translate(locale, THANKS_TITLE),
                                     "body": translate(locale, THANKS_REOPENED if reopened
                                                       else THANKS), "kind": "thanks"})
