"""Collecting responses and reading them back."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import msgspec

from form_schemas import CompiledForm
from forms_service.auth import Principal, Role
from forms_service.catalogue.tables import Service
from forms_service.context import Context
from forms_service.db import Database, json_value
from forms_service.db.lanes import read_rows
from forms_service.embedding.tokens import hmac_sha256
from forms_service.errors import (
    AlreadyAnswered,
    AnswersRejected,
    Forbidden,
    FormClosed,
    InvalidInput,
    NotFound,
    PhieuError,
)
from forms_service.forms.tables import Form
from forms_service.keys.service import authenticate
from forms_service.responses.storage import Guard, write_response
from forms_service.responses.tables import Response

__all__ = [
    "CHANNELS",
    "ServiceRow",
    "Submission",
    "check_submission",
    "compiled_version",
    "dossier_hash",
    "known_service",
    "latest_version",
    "list_responses",
    "local_month",
    "store_checked",
    "store_response",
    "submission_context",
    "submit_answers",
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
    return hmac_sha256(secret_key.encode(), message).hex()


def local_month(moment: dt.datetime) -> str:
    """The calendar month of ``moment`` in Vietnam (UTC+7), as ``YYYY-MM``."""
    start, end, label = _month
    if start <= moment < end:  # the month of the last call: nearly always
        return label
    local = moment.astimezone(VIETNAM)
    label = f"{local.year}-{local.month:02d}"
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    # kept in UTC: a moment in UTC (as every submission's is) then compares with
    # them field by field, without an offset computed for each side
    _month[:] = (start.astimezone(dt.UTC), end.astimezone(dt.UTC), label)
    return label


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_month: list[Any] = [_EPOCH, _EPOCH, ""]  # the last month computed: its start, end, label


# Everything a submission needs to read, in one round trip: the form, its
# agency's code, the latest published version and the named service.
_SUBMISSION_CONTEXT = """
SELECT f.id, f.slug, f.agency, f.status, f.access, a.code AS agency_code,
       v.id AS version_id, v.number AS version_number,
       s.id AS service_id, s.audience AS service_audience
FROM form f
JOIN agency a ON a.id = f.agency
LEFT JOIN form_version v ON v.form = f.id AND v.number = f.latest_version
LEFT JOIN service s ON s.agency = f.agency AND s.code = {}
WHERE f.slug = {}
"""

_encode_json = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """The service a response belongs to, as read with its form."""

    id: int
    audience: str | None


@dataclass(frozen=True, slots=True)
class _Target:
    """A published form as last read with a service: what a guarded store needs of it."""

    form: dict[str, Any]
    version: dict[str, Any]
    service: ServiceRow | None
    guard: Guard


def _target(form: dict[str, Any], slug: str, code: str) -> _Target | None:
    """The target of a context row, or None if a store would be refused on it."""
    try:
        version = latest_version(form, slug)
        service = known_service(form, code)
    except PhieuError:  # closed, or no such service: nothing to cache
        return None
    guard = Guard(
        form=form["id"], agency=form["agency"], agency_code=form["agency_code"],
        version_number=version["number"], access=form["access"],
        service=(service.id, code, service.audience or "") if service else None,
    )
    return _Target(form, version, service, guard)


# The last submission context read per (form, service), per database: used
# only for guarded inserts, which check it again in the statement that stores.
_targets: weakref.WeakKeyDictionary[Database, dict[tuple[str, str], _Target]] = (
    weakref.WeakKeyDictionary()
)
_MAX_CONTEXTS = 10_000


async def submission_context(ctx: Context, slug: str, service: str | None) -> dict[str, Any] | None:
    """The form ``slug`` with its latest version and service ``service`` (one query)."""
    rows = await read_rows(ctx.db, _SUBMISSION_CONTEXT, service or "", slug)
    seen = _targets.get(ctx.db)
    if seen is None:
        seen = _targets[ctx.db] = {}
    if len(seen) >= _MAX_CONTEXTS:
        seen.clear()
    target = _target(rows[0], slug, service or "") if rows else None
    if target is not None:
        seen[(slug, service or "")] = target
    else:
        seen.pop((slug, service or ""), None)
    return rows[0] if rows else None


Check = Callable[[dict[str, Any] | None], None]


async def store_checked(
    ctx: Context, submission: Submission, check: Check
) -> dict[str, Any]:
    """Store a submission whose form ``check`` accepts (it raises otherwise).

    The context last read for this form and service is tried first, with a
    guarded insert that stores only if that context still holds; if it does
    not (or anything fails on the way) the context is read afresh and every
    check and error comes from the fresh read, as if there were no cache.
    """
    seen = _targets.get(ctx.db)
    target = seen.get((submission.form, submission.service or "")) if seen else None
    if target is not None:
        try:
            check(target.form)
            created = await store_response(ctx, target.form, target.version, submission,
                                           service=target.service, guard=target.guard)
        except PhieuError:
            created = None  # decided below on a fresh read
        if created is not None:
            return created
    form = await submission_context(ctx, submission.form, submission.service)
    check(form)
    assert form is not None  # check refuses a missing form
    created = await store_response(
        ctx, form, latest_version(form, submission.form), submission,
        service=known_service(form, submission.service),
    )
    assert created is not None  # unguarded: stored, or an error raised
    return created


def known_service(form: dict[str, Any], code: str | None) -> ServiceRow | None:
    """The service read by :func:`submission_context`; NotFound when the agency lacks it."""
    if not code:
        return None
    if form["service_id"] is None:
        raise NotFound(
            "Agency {agency} has no service with code {code}.",
            agency=form["agency_code"], code=code[:64],
        )
    return ServiceRow(id=form["service_id"], audience=form["service_audience"])


def latest_version(form: dict[str, Any], slug: str) -> dict[str, Any]:
    """The published version of a form row read by :func:`submission_context`."""
    if form["status"] != "published" or form["version_id"] is None:
        raise FormClosed(slug)
    return {"id": form["version_id"], "number": form["version_number"]}


async def compiled_version(ctx: Context, version: dict[str, Any]) -> CompiledForm:
    """The compiled validator of a published version, its definition read only once."""
    compiled = ctx.forms.cached(version["id"])
    if compiled is not None:
        return compiled
    definition = version.get("definition")
    if definition is None:
        rows = await read_rows(ctx.db, "SELECT definition FROM form_version WHERE id = {}",
                               version["id"])
        definition = rows[0]["definition"]
    return ctx.forms.get(version["id"], json_value(definition))


async def submit_answers(
    ctx: Context, authorization: str | None, submission: Submission, *,
    token: str | None = None,
) -> dict[str, Any]:
    """``POST /api/v1/responses``: with a context token, or with a portal API key.

    Empty ``channel`` and ``locale`` mean not given: the token's, else web and vi.
    """
    if token is not None:
        if submission.service or submission.dossier or submission.channel:
            raise InvalidInput(
                "With a context token, leave out service, dossier and channel: "
                "the token names them."
            )
        # the embedding package checks tokens and itself stores through this module
        from forms_service.embedding.service import submit_signed

        return await submit_signed(ctx, token, submission.answers, form=submission.form,
                                   locale=submission.locale or None)
    principal = await authenticate(ctx, authorization)
    return await submit_response(ctx, principal, replace(
        submission, channel=submission.channel or "web", locale=submission.locale or "vi"
    ))


async def submit_response(
    ctx: Context, principal: Principal, submission: Submission
) -> dict[str, Any]:
    """Validate and store one response; 409 if the dossier already answered."""
    principal.require_role(Role.PORTAL)
    check_submission(submission)

    def check(form: dict[str, Any] | None) -> None:
        if form is None or not principal.can_see_agency(form["agency"]):
            raise NotFound("There is no form {slug}.", slug=submission.form[:80])
        principal.require_write_agency(form["agency"])

    return await store_checked(ctx, submission, check)


def check_submission(submission: Submission) -> None:
    if submission.channel not in CHANNELS:
        raise InvalidInput("channel must be one of: web, mobile, kiosk, one_stop.")
    if submission.locale not in LOCALES:
        raise InvalidInput("locale must be vi or en.")


_LOOK_UP = object()


async def store_response(
    ctx: Context, form: dict[str, Any], version: dict[str, Any], submission: Submission,
    *, service: ServiceRow | object | None = _LOOK_UP, guard: Guard | None = None,
) -> dict[str, Any] | None:
    """Shared by the JSON API and the form pages: validate, derive, insert once.

    ``service`` is the service already read with the form (None for none);
    without it the service named by the submission is looked up here.
    ``guard``: ``form`` may be out of date, so store only if what ``guard``
    says of it still holds, and return None otherwise (and for a dossier that
    already answered).
    """
    if service is _LOOK_UP:
        service = None
        if submission.service:
            row = await Service.select(Service.id, Service.audience).where(
                (Service.agency == form["agency"]) & (Service.code == submission.service)
            ).first().run()
            if row is None:
                raise NotFound(
                    "Agency {agency} has no service with code {code}.",
                    agency=form["agency_code"], code=submission.service[:64],
                )
            service = ServiceRow(id=row["id"], audience=row["audience"])
    assert service is None or isinstance(service, ServiceRow)
    if service is None and form["access"] == "token":
        raise InvalidInput("service is required: give the procedure code the dossier belongs to.")
    reference = (submission.dossier or "").strip()
    if form["access"] == "token" and not reference:
        raise InvalidInput("dossier is required: give the dossier reference of the procedure.")
    if len(reference) > 200:
        raise InvalidInput("dossier is too long: at most 200 characters.")
    compiled = ctx.forms.cached(version["id"]) or await compiled_version(ctx, version)
    result = compiled.validate(submission.answers, locale=submission.locale)
    if not result.ok:
        raise AnswersRejected(
            [{"path": e.path, "code": e.code, "message": e.message} for e in result.errors]
        )
    derived = compiled.derive(result.answers)
    now = dt.datetime.now(dt.UTC)
    row = {
        "form": form["id"],
        "form_version": version["id"],
        "service": service.id if service else None,
        "agency": form["agency"],
        "dossier_hash": dossier_hash(ctx.settings.secret_key, form["agency_code"], reference)
        if reference else None,
        "channel": submission.channel,
        "locale": submission.locale,
        "audience": service.audience if service else None,
        "submitted_at": now,
        "month": local_month(now),
        "answers": _encode_json.encode(result.answers).decode(),
        "satisfaction_value": derived.satisfaction_value
        if isinstance(derived.satisfaction_value, int) else None,
        "satisfied": derived.satisfied,
        "nps_score": derived.nps_score,
        "self_submitted": derived.self_submitted,
    }
    channels = list(dict.fromkeys(derived.channels)) if derived.channels else []
    response_id = await write_response(ctx.db, row, channels, guard)
    if response_id is None:
        if guard is not None:
            return None
        raise AlreadyAnswered()
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
