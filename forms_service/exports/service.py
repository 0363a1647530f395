"""Exporting a form's raw responses: checks, the column plan, the stream, the audit.

:func:`export_responses` does every check before anything is sent (role,
agency, format, locale, time window) and returns an :class:`Export` whose
:meth:`Export.chunks` produces the file batch by batch.  Every export is
recorded in ``export_audit`` when it starts and completed with its row
count when it ends; an unmasked export is thereby always on record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import AsyncGenerator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from form_schemas import CompiledForm
from forms_service.auth import Principal, Role
from forms_service.catalogue.tables import Service
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import N_, InvalidInput, NotFound
from forms_service.exports import formats
from forms_service.exports.columns import ResponsePlan, VersionInfo
from forms_service.exports.masking import answer_masker
from forms_service.exports.response_csv import response_csv_stream
from forms_service.exports.source import (
    ResponseFilter,
    count_responses,
    last_response_id,
    response_batches,
)
from forms_service.exports.tables import ExportAudit
from forms_service.forms.tables import Form, FormVersion
from forms_service.i18n import LOCALES, VIETNAM, translate, vietnam_now
from forms_service.roles import require_unmasked_reader

__all__ = ["Export", "export_responses", "parse_moment"]

log = logging.getLogger("phieu.exports")

DEFAULT_BATCH = 5000
_SPACED_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


def parse_moment(value: str | None, name: str) -> dt.datetime | None:
    """``2023-07-01`` or an ISO 8601 date-time; without an offset, Vietnam time (UTC+7)."""
    if value is None or not value.strip():
        return None
    text = _SPACED_OFFSET.sub(r"\1+\2", value.strip())  # an unencoded '+' arrives as a space
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "{name} must be a date or a date and time, such as 2023-07-01 or "
            "2023-07-01T08:00:00+07:00.", name=name,
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=VIETNAM)


@dataclass
class Export:
    """An export ready to stream: file name, media type, and the bytes on demand."""

    filename: str
    media_type: str
    format: str
    total: int | None = None
    rows_written: int = 0
    completed: bool = False
    _produce: Callable[[], AsyncGenerator[bytes, None]] | None = field(default=None, repr=False)

    async def chunks(self) -> AsyncGenerator[bytes, None]:
        """The file's bytes; the header comes at once, then one chunk per batch."""
        assert self._produce is not None
        async with contextlib.aclosing(self._produce()) as produced:
            async for chunk in produced:
                yield chunk


def service_id(services: dict[str, int], code: str | None, agency: str) -> int | None:
    """The id of the agency's service ``code`` (None for no filter); NotFound if unknown."""
    if not code:
        return None
    found = services.get(code)
    if found is None:
        raise NotFound("Agency {agency} has no service with code {code}.",
                       agency=agency, code=code[:64])
    return found


def comment_questions(forms: Iterable[CompiledForm]) -> tuple[str, ...]:
    """The free-text questions (short and long text) of a form's versions: an answer
    to one of them is a comment."""
    names = {q.name for form in forms for q in form.questions
             if q.spec is not None and q.spec.family == "text"}
    return tuple(sorted(names)) or ("",)


async def export_responses(
    ctx: Context, principal: Principal, *, form: str, fmt: str = "csv",
    locale: str | None = None, since: str | dt.datetime | None = None,
    until: str | dt.datetime | None = None, unmasked: bool = False,
    batch_size: int = DEFAULT_BATCH, count: bool = False, service: str | None = None,
    satisfied: bool | None = None, has_comment: bool = False,
) -> Export:
    """Check the request and prepare the export of a form's raw responses.

    Analysts read their own agency's forms (a national analyst or an admin
    any form); another agency's form is reported as not found.  ``count``
    also counts the rows beforehand (for a progress bar).
    """
    principal.require_role(Role.ANALYST)
    if unmasked:
        require_unmasked_reader(principal.role)
    chosen = formats.choose(formats.RESPONSES, (fmt or "").strip().lower())
    locale = (locale or "vi").strip().lower()
    if locale not in LOCALES:
        raise InvalidInput("locale must be vi or en.")
    start = since if isinstance(since, dt.datetime) else parse_moment(since, "since")
    end = until if isinstance(until, dt.datetime) else parse_moment(until, "until")
    if start is not None and end is not None and start >= end:
        raise InvalidInput("since must be earlier than until.")

    row = await Form.select(Form.id, Form.slug, Form.agency,
                            Form.agency.code.as_alias("agency_code")).where(
        Form.slug == form).first().run()
    if row is None or not principal.can_see_agency(row["agency"]):
        raise NotFound("There is no form {slug}.", slug=form[:80])

    versions = await FormVersion.select(
        FormVersion.id, FormVersion.number, FormVersion.definition
    ).where(FormVersion.form == row["id"]).order_by(FormVersion.number).run()
    infos = [
        VersionInfo(v["id"], v["number"], ctx.forms.get(v["id"], json_value(v["definition"])))
        for v in versions
    ]
    services = await Service.select(Service.id, Service.code).where(
        Service.agency == row["agency"]).run()
    masker = None if unmasked else answer_masker(locale)
    plan = ResponsePlan(
        infos, locale=locale, mask=masker.mask if masker else None,
        services={s["id"]: s["code"] for s in services},
        agency=row["agency_code"],
    )
    flt = ResponseFilter(
        row["id"], start, end, satisfied=satisfied,
        service=service_id({s["code"]: s["id"] for s in services}, service, row["agency_code"]),
        units=None if principal.unit_ids is None else tuple(sorted(principal.unit_ids)),
        comments=comment_questions(info.form for info in infos) if has_comment else ())
    up_to = await last_response_id(ctx.db, row["id"])
    total = await count_responses(ctx.db, flt, up_to) if count else None

    audit = await ExportAudit.insert(ExportAudit(
        key_id=principal.key_id[:64], dataset="responses", form=row["id"], format=chosen.name,
        locale=locale, unmasked=unmasked, since=start, until=end,
    )).returning(ExportAudit.id).run()
    audit_id = audit[0]["id"]

    stamp = dt.datetime.now(VIETNAM).strftime("%Y%m%d-%H%M")
    export = Export(
        filename=f"{row['slug']}-responses-{stamp}.{chosen.extension}",
        media_type=chosen.media_type, format=chosen.name, total=total,
    )

    async def records() -> AsyncGenerator[list[Any], None]:
        batches = response_batches(ctx.db, flt, up_to=up_to, batch_size=batch_size)
        async with contextlib.aclosing(batches):
            async for batch in batches:
                export.rows_written += len(batch)
                yield batch

    async def rows() -> AsyncGenerator[list[Any], None]:
        batches = records()
        async with contextlib.aclosing(batches):
            async for batch in batches:
                yield plan.rows(batch)

    async def produce() -> AsyncGenerator[bytes, None]:
        try:
            if chosen.name == "csv":  # the same bytes as the CSV writer, several times faster
                stream = response_csv_stream(plan, records())
            else:
                stream = chosen.write_table(
                    plan.columns, rows(), locale=locale,
                    sheet_name=translate(locale, N_("Responses")),
                    about=_about(locale, row["slug"], start, end, unmasked))
            async with contextlib.aclosing(stream):
                async for chunk in stream:
                    yield chunk
            export.completed = True
        finally:
            await _finish_audit(audit_id, export)

    export._produce = produce
    return export


def _about(locale: str, slug: str, since: dt.datetime | None, until: dt.datetime | None,
           unmasked: bool) -> list[tuple[str, str]]:
    t = locale
    masked = translate(t, N_("no") if unmasked else N_("yes"))
    return [
        (translate(t, N_("Form")), slug),
        # Vietnam time, offset stated, as every time a person reads
        (translate(t, N_("Exported at")), vietnam_now().isoformat(timespec="seconds")),
        (translate(t, N_("Since")), since.astimezone(VIETNAM).isoformat() if since else ""),
        (translate(t, N_("Until")), until.astimezone(VIETNAM).isoformat() if until else ""),
        (translate(t, N_("Personal identifiers masked")), masked),
    ]


async def _finish_audit(audit_id: int, export: Export) -> None:
    try:
        await ExportAudit.update({
            ExportAudit.row_count: export.rows_written,
            ExportAudit.completed: export.completed,
            ExportAudit.finished_at: dt.datetime.now(dt.UTC),
        }).where(ExportAudit.id == audit_id).run()
    except Exception:  # the export itself is done; its start is already on record
        log.exception("could not complete export audit row %s", audit_id)

