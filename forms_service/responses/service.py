"""Collecting responses and reading them back."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.catalogue.tables import Service
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import (
    AlreadyAnswered,
    AnswersRejected,
    Forbidden,
    FormClosed,
    InvalidInput,
    NotFound,
)
from forms_service.forms.tables import Form, FormVersion
from forms_service.reports.aggregates import count_response
from forms_service.responses.tables import Response, ResponseChannel

__all__ = [
    "CHANNELS",
    "Submission",
    "dossier_hash",
    "list_responses",
    "local_month",
    "submit_response",
]

CHANNELS = ("web", "mobile", "kiosk", "one_stop")
LOCALES = ("vi", "en")
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
MAX_PAGE = 1000


@dataclass(frozen=True, slots=True)
class Submission:
    """One set of answers and the context it arrived with."""

    form: str
    answers: Any
    service: str | None = None
    dossier: str | None = None
    channel: str = "web"
    locale: str = "vi"


def dossier_hash(secret_key: str, agency_code: str, reference: str) -> str:
    """Keyed hash of a dossier reference; the reference itself is never stored."""
    message = f"{agency_code}\x1f{reference.strip()}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def local_month(moment: dt.datetime) -> str:
    """The calendar month of ``moment`` in Vietnam (UTC+7), as ``YYYY-MM``."""
    return moment.astimezone(VIETNAM).strftime("%Y-%m")


async def submit_response(
    ctx: Context, principal: Principal, submission: Submission
) -> dict[str, Any]:
    """Validate and store one response; 409 if the dossier already answered."""
    principal.require_role(Role.PORTAL)
    if submission.channel not in CHANNELS:
        raise InvalidInput("channel must be one of: web, mobile, kiosk, one_stop.")
    if submission.locale not in LOCALES:
        raise InvalidInput("locale must be vi or en.")
    form = await Form.select(
        Form.id, Form.agency, Form.status, Form.access, Form.agency.code.as_alias("agency_code")
    ).where(Form.slug == submission.form).first().run()
    if form is None or not principal.can_see_agency(form["agency"]):
        raise NotFound("There is no form {slug}.", slug=submission.form[:80])
    principal.require_write_agency(form["agency"])
    if form["status"] != "published":
        raise FormClosed(submission.form)
    version = await FormVersion.select(
        FormVersion.id, FormVersion.number, FormVersion.definition
    ).where(FormVersion.form == form["id"]).order_by(
        FormVersion.number, ascending=False
    ).first().run()
    assert version is not None  # a published form has a version
    return await store_response(ctx, form, version, submission)


async def store_response(
    ctx: Context, form: dict[str, Any], version: dict[str, Any], submission: Submission
) -> dict[str, Any]:
    """Shared by the JSON API and the form pages: validate, derive, insert once."""
    service_id: int | None = None
    audience: str | None = None
    if submission.service:
        service = await Service.select(Service.id, Service.audience).where(
            (Service.agency == form["agency"]) & (Service.code == submission.service)
        ).first().run()
        if service is None:
            raise NotFound(
                "Agency {agency} has no service with code {code}.",
                agency=form["agency_code"], code=submission.service[:64],
            )
        service_id, audience = service["id"], service["audience"]
    elif form["access"] == "token":
        raise InvalidInput("service is required: give the procedure code the dossier belongs to.")
    reference = (submission.dossier or "").strip()
    if form["access"] == "token" and not reference:
        raise InvalidInput("dossier is required: give the dossier reference of the procedure.")
    if len(reference) > 200:
        raise InvalidInput("dossier is too long: at most 200 characters.")
    compiled = ctx.forms.get(version["id"], json_value(version["definition"]))
    result = compiled.validate(submission.answers, locale=submission.locale)
    if not result.ok:
        raise AnswersRejected(
            [{"path": e.path, "code": e.code, "message": e.message} for e in result.errors]
        )
    derived = compiled.derive(result.answers)
    now = dt.datetime.now(dt.UTC)
    row = Response(
        form=form["id"],
        form_version=version["id"],
        service=service_id,
        agency=form["agency"],
        dossier_hash=dossier_hash(ctx.settings.secret_key, form["agency_code"], reference)
        if reference else None,
        channel=submission.channel,
        locale=submission.locale,
        audience=audience,
        submitted_at=now,
        month=local_month(now),
        answers=result.answers,
        satisfaction_value=derived.satisfaction_value
        if isinstance(derived.satisfaction_value, int) else None,
        satisfied=derived.satisfied,
        nps_score=derived.nps_score,
        self_submitted=derived.self_submitted,
    )
    async with ctx.db.write_transaction():
        inserted = await Response.insert(row).on_conflict(action="DO NOTHING").returning(
            Response.id
        ).run()
        if not inserted:
            raise AlreadyAnswered()
        response_id = inserted[0]["id"]
        if derived.channels:
            await ResponseChannel.insert(
                *(ResponseChannel(response=response_id, form=form["id"], channel=channel)
                  for channel in dict.fromkeys(derived.channels))
            ).run()
        await count_response(ctx.db, row)
    return {"id": response_id, "form": submission.form, "version": version["number"],
            "submitted_at": now}



async def list_responses(
    ctx: Context, principal: Principal, *, form: str, since: dt.datetime | None,
    until: dt.datetime | None = None, after: int | None, limit: int,
) -> dict[str, Any]:
    """A page of a form's responses, oldest first; ``next_after`` continues it."""
    principal.require_role(Role.ANALYST)
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
    for row in rows:
        row["answers"] = json_value(row["answers"])
    return {"items": rows, "next_after": rows[-1]["id"] if more else None}
