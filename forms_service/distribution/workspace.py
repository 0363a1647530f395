"""The workspace page of a form's invitations: ``/designer/forms/{slug}/distribution``.

Its rule, the agency's texts with a preview and their SMS segments, what the
invitations did per channel (queued, sent, failed, dead, opened, answered),
the dead letters with a retry button, and why messages wait when a channel
has nothing to send it. Plain forms: everything works without JavaScript.
Designers of the form's agency change it; analysts read it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from forms_service.accounts.web import SignedIn, render_page
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.distribution import service, wording
from forms_service.distribution.overview import (
    COUNTS,
    channel_counts,
    dead_letters,
    waiting_reasons,
)
from forms_service.distribution.rules import CHANNELS, DOSSIER_CHANNELS, parse_rule
from forms_service.errors import N_, InvalidInput, NotFound, PhieuError
from forms_service.forms.service import load_form
from forms_service.i18n import LOCALES, translate
from forms_service.outbox.service import retry_message

__all__ = ["DistributionPage"]

DONE = {
    "rule": N_("The distribution rule was saved."),
    "texts": N_("The texts were saved."),
    "retry": N_("The message was queued again."),
}
CHANNEL_LABELS = {"email": N_("E-mail"), "sms": N_("SMS"), "zalo": N_("Zalo")}
DOSSIER_CHANNEL_LABELS = {"in_person": N_("At the counter"), "online": N_("Online"),
                          "postal": N_("By post")}
COUNT_LABELS = {"queued": N_("Queued"), "sent": N_("Sent"), "failed": N_("Failed"),
                "dead": N_("Dead"), "opened": N_("Opened"), "answered": N_("Answered")}
LANGUAGE_LABELS = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_RULE = {"channels": ["email", "sms"]}


def _text(form: Any, name: str, limit: int = 4000) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def _number(text: str) -> Any:
    """A number typed in a field, or the text (refused by the rule's check)."""
    text = text.strip().replace(",", ".")
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _codes(text: str) -> list[str]:
    return [code for code in text.replace(",", " ").split() if code]


def rule_from_form(form: Any) -> dict[str, Any]:
    """The rule as the API takes it, from the page's form fields."""
    channels = [c for c in (_text(form, f"channel_{n}", 16) for n in (1, 2, 3)) if c]
    raw: dict[str, Any] = {
        "channels": list(dict.fromkeys(channels)),
        "services": _codes(_text(form, "services")),
        "units": _codes(_text(form, "units")),
        "dossier_channels": [c for c in form.getall("dossier_channels", [])
                             if isinstance(c, str)][:10],
        "sampling_rate": _number(_text(form, "sampling_rate", 20)),
        "delay_minutes": _number(_text(form, "delay_minutes", 20)),
        "link_days": _number(_text(form, "link_days", 20)),
        "quarterly_sample": _number(_text(form, "quarterly_sample", 20)),
        "reminder": _text(form, "reminder", 5) == "on",
        "active": _text(form, "active", 5) == "on",
    }
    for name in ("sampling_rate", "delay_minutes", "link_days"):
        if raw[name] is None:
            del raw[name]
    if _text(form, "quiet", 5) == "on":
        raw["quiet_hours"] = {"start": _text(form, "quiet_start", 5),
                              "end": _text(form, "quiet_end", 5)}
    else:
        raw["quiet_hours"] = None
    return raw


class DistributionPage(Controller):
    path = "/designer/forms/{slug:str}/distribution"
    include_in_schema = False

    async def _form(self, principal: Principal, slug: str) -> dict[str, Any]:
        principal.require_role(Role.DESIGNER, Role.ANALYST)
        return await load_form(principal, slug)

    async def _page(self, request: Request[Any, Any, Any], ctx: Context, signed_in: SignedIn,
                    form: dict[str, Any], *, error: str = "", rule_values: Any = None,
                    text_values: dict[str, dict[str, str]] | None = None,
                    preview: dict[str, Any] | None = None, status_code: int = 200
                    ) -> Response[str]:
        principal, locale = signed_in.principal, signed_in.locale
        editable = principal.role in (Role.DESIGNER, Role.ADMIN) and (
            principal.is_admin or principal.agency_id == form["agency"])
        rows = await ctx.db.raw("SELECT rule FROM distribution_rule WHERE form = {}",
                                form["id"])
        stored = (rows[0]["rule"] if isinstance(rows[0]["rule"], dict)
                  else json.loads(rows[0]["rule"])) if rows else None
        if rule_values is None:
            rule_values = parse_rule(stored or DEFAULT_RULE).as_dict()
        channels = tuple(stored["channels"]) if stored else CHANNELS
        texts = await wording.get_texts(ctx, principal, form["agency_code"])
        shown_texts = {lang: {**texts["texts"][lang], **(text_values or {}).get(lang, {})}
                       for lang in LOCALES}
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "distribution/index.html",
            title=translate(locale, "Invitations: {slug}", slug=form["slug"]),
            status_code=status_code, slug=form["slug"], editable=editable,
            has_rule=stored is not None, rule=rule_values,
            channel_choices=[(c, CHANNEL_LABELS[c]) for c in CHANNELS],
            dossier_channel_choices=[(c, DOSSIER_CHANNEL_LABELS[c]) for c in DOSSIER_CHANNELS],
            waiting=[translate(locale, reason) for reason in
                     waiting_reasons(ctx.settings.delivery, channels)],
            counts=await channel_counts(ctx.db, form["id"]),
            count_names=[(name, COUNT_LABELS[name]) for name in COUNTS],
            channel_labels=CHANNEL_LABELS, dead=await dead_letters(ctx.db, form["id"]),
            texts=shown_texts, languages=[(lang, LANGUAGE_LABELS[lang]) for lang in LOCALES],
            preview=preview, error=error,
            notice=translate(locale, DONE[done]) if done in DONE else "",
        )

    @get("/")
    async def show(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   signed_in: NamedDependency[SignedIn], slug: FromPath[str]
                   ) -> Response[str]:
        form = await self._form(signed_in.principal, slug)
        return await self._page(request, ctx, signed_in, form)

    @post("/", status_code=303)
    async def change(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     signed_in: NamedDependency[SignedIn], slug: FromPath[str]
                     ) -> Response[Any]:
        principal = signed_in.principal
        form = await self._form(principal, slug)
        fields = await request.form()
        action = _text(fields, "action", 20)
        language = _text(fields, "language", 5)
        kept: dict[str, Any] = {}
        try:
            if action == "rule":
                kept["rule_values"] = raw = rule_from_form(fields)
                await service.put_rule(ctx, principal, slug, raw, keep_allocation=True)
                done, anchor = "rule", "rule-h"
            elif action in ("texts", "preview"):
                texts = {name: _text(fields, name) for name in
                         ("sms", "email_subject", "email_body")}
                kept["text_values"] = {language: texts}
                if action == "preview":
                    shown = await wording.preview_texts(ctx, principal, form["agency_code"],
                                                        language, texts)
                    return await self._page(request, ctx, signed_in, form,
                                            preview={**shown, "language": language}, **kept)
                await wording.put_texts(ctx, principal, form["agency_code"], language, texts)
                done, anchor = "texts", f"texts-{language}-h"
            elif action == "retry":
                message = _number(_text(fields, "message", 20))
                if not isinstance(message, int) or not any(
                        row["id"] == message for row in await dead_letters(ctx.db, form["id"])):
                    raise NotFound("There is no message {id} in the outbox.", id="?")
                await retry_message(ctx, principal, message)
                done, anchor = "retry", "dead-h"
            else:
                raise InvalidInput("Choose what to save.")
        except PhieuError as exc:
            if exc.status in (401, 403):
                raise
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._page(request, ctx, signed_in, form, error=message,
                                    status_code=exc.status, **kept)
        return Response(b"", status_code=303, headers={
            "Location": f"/designer/forms/{slug}/distribution?"
                        + urlencode({"done": done}) + f"#{anchor}"})
