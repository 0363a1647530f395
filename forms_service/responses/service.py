"""The JSON API's side of responses: answers sent to ``POST /api/v1/responses``
turned into a :class:`~forms_service.submissions.Submission`, and a form's
responses read back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.credentials.errors import OTHER_FORM, TokenInvalid
from forms_service.credentials.signers import verify_context_token
from forms_service.db import json_value
from forms_service.errors import Forbidden, InvalidInput, NotFound
from forms_service.exports.masking import answer_masker
from forms_service.exports.tables import ExportAudit
from forms_service.forms.tables import Form
from forms_service.i18n import DEFAULT_LOCALE
from forms_service.keys.service import authenticate
from forms_service.responses.tables import Response
from forms_service.roles import require_unmasked_reader
from forms_service.submissions import ContextToken, PortalKey, Submission

__all__ = ["api_submission", "list_responses"]

MAX_PAGE = 1000


async def api_submission(
    ctx: Context, authorization: str | None, *, form: str, answers: Any,
    token: str | None = None, service: str | None = None, dossier: str | None = None,
    channel: str | None = None, locale: str | None = None,
) -> Submission:
    """The submission of a ``POST /api/v1/responses`` body: with a context token (it
    names the service, dossier and channel), or with a portal API key (the body does).

    ``channel`` and ``locale`` left out mean: the token's, else ``web`` and ``vi``.
    """
    if token is not None:
        if service or dossier or channel:
            raise InvalidInput(
                "With a context token, leave out service, dossier and channel: "
                "the token names them."
            )
        claims, key = await verify_context_token(ctx, token)
        if form != claims.form:
            raise TokenInvalid(OTHER_FORM, claimed=claims.form[:80], slug=form[:80])
        return Submission(
            form=claims.form, answers=answers, authority=ContextToken(claims, key),
            service=claims.service, dossier=claims.dossier, channel=claims.channel,
            locale=locale or claims.locale or "vi",
        )
    principal = await authenticate(ctx, authorization)
    return Submission(
        form=form, answers=answers, authority=PortalKey(principal), service=service,
        dossier=dossier, channel=channel or "web", locale=locale or "vi",
    )


async def list_responses(
    ctx: Context, principal: Principal, *, form: str, since: dt.datetime | None,
    until: dt.datetime | None = None, after: int | None, limit: int,
    unmasked: bool = False, locale: str = DEFAULT_LOCALE,
) -> dict[str, Any]:
    """A page of a form's responses, oldest first; ``next_after`` continues it.

    Answers have personal identifiers masked (placeholders in ``locale``)
    unless ``unmasked`` (roles that may, :func:`require_unmasked_reader`);
    every page read is recorded in ``export_audit`` (dataset ``responses-api``).
    """
    principal.require_role(Role.ANALYST)
    if unmasked:
        require_unmasked_reader(principal.role)
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput("limit must be between 1 and {max}.", max=MAX_PAGE)
    form_row = await Form.select(Form.id, Form.agency).where(Form.slug == form).first().run()
    if form_row is None or not principal.can_see_agency(form_row["agency"]):
        raise NotFound("There is no form {slug}.", slug=form[:80])
    if principal.role is Role.ANALYST and principal.agency_id not in (None, form_row["agency"]):
        raise Forbidden("This key belongs to another agency and cannot use its data.")
    query = Response.select(
        Response.id, Response.form_version.number.as_alias("version"),
        Response.service.code.as_alias("service"), Response.agency.code.as_alias("agency"),
        Response.channel, Response.locale, Response.submitted_at, Response.answers,
        Response.satisfaction_value, Response.satisfied, Response.nps_score,
        Response.self_submitted,
    ).where(Response.form == form_row["id"]).order_by(Response.id).limit(limit + 1)
    if since is not None:
        query = query.where(Response.submitted_at >= since)
    if until is not None:
        query = query.where(Response.submitted_at < until)
    if after is not None:
        query = query.where(Response.id > after)
    rows = await query.run()
    more = len(rows) > limit
    rows = rows[:limit]
    masker = None if unmasked else answer_masker(locale)
    for row in rows:
        answers = json_value(row["answers"])
        row["answers"] = masker.deep(answers) if masker else answers
    await ExportAudit.insert(ExportAudit(
        key_id=principal.key_id[:64], dataset="responses-api", form=form_row["id"],
        format="json", locale=locale, unmasked=unmasked, since=since, until=until,
        row_count=len(rows), completed=True, finished_at=dt.datetime.now(dt.UTC),
    )).run()
    return {"items": rows, "next_after": rows[-1]["id"] if more else None}
