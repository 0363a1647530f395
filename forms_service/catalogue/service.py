"""The agency's catalogue: services (procedures) and their dossier statistics."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal, Role
from forms_service.catalogue.tables import DossierStat, Service
from forms_service.context import Context
from forms_service.errors import Conflict, InvalidInput, NotFound
from forms_service.text import SERVICE_CODE, clean_name, require_pattern

__all__ = [
    "AUDIENCES",
    "DELIVERIES",
    "create_service",
    "find_service",
    "list_services",
    "record_dossier_stats",
]

AUDIENCES = ("citizen", "business")
DELIVERIES = ("full_online", "partial_online")
PERIOD = re.compile(r"^(\d{4})-(Q[1-4]|0[1-9]|1[0-2])$")

SERVICE_COLUMNS = (
    Service.id, Service.code, Service.name, Service.audience, Service.delivery,
    Service.created_at, Service.field, Service.agency.code.as_alias("agency"),
)


async def _scope_agency(principal: Principal, agency: str | None) -> tuple[int | None, str | None]:
    """The agency a request is about: the key's own, or the one named by a national key."""
    if agency:
        row = await agency_by_code(agency)
        principal.require_agency(row["id"])
        return row["id"], row["code"]
    return principal.agency_id, principal.agency_code


async def create_service(
    ctx: Context, principal: Principal, *, code: str, name: str, agency: str | None,
    audience: str, delivery: str, field: str | None = None,
) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER)
    agency_id, agency_code = await _scope_agency(principal, agency)
    if agency_id is None:
        raise InvalidInput("Name the agency that offers this service (agency).")
    principal.require_write_agency(agency_id)
    code = require_pattern(code.strip(), SERVICE_CODE, "code", "1.001193 or 2.000815.000.00.00.H55")
    name = clean_name(name, "name", max_length=500)
    if audience not in AUDIENCES:
        raise InvalidInput("audience must be citizen or business.")
    if delivery not in DELIVERIES:
        raise InvalidInput("delivery must be full_online or partial_online.")
    field = clean_name(field, "field", max_length=120) if field and field.strip() else None
    async with ctx.db.write_transaction():
        taken = await Service.exists().where(
            (Service.agency == agency_id) & (Service.code == code)
        ).run()
        if taken:
            raise Conflict(
                "Agency {agency} already has a service with code {code}.",
                agency=agency_code, code=code,
            )
        await Service.insert(
            Service(code=code, name=name, agency=agency_id, audience=audience, delivery=delivery,
                    field=field)
        ).run()
    return await find_service(principal, code, agency_code)


async def find_service(principal: Principal, code: str, agency: str | None) -> dict[str, Any]:
    agency_id, _ = await _scope_agency(principal, agency)
    query = Service.select(*SERVICE_COLUMNS).where(Service.code == code)
    if agency_id is not None:
        query = query.where(Service.agency == agency_id)
    rows = await query.limit(2).run()
    if not rows:
        raise NotFound("There is no service with code {code}.", code=code[:64])
    if len(rows) > 1:
        raise InvalidInput(
            "Several agencies offer service {code}: add ?agency=CODE.", code=code[:64]
        )
    return rows[0]


async def list_services(
    ctx: Context, principal: Principal, *, agency: str | None
) -> list[dict[str, Any]]:
    agency_id, _ = await _scope_agency(principal, agency)
    query = Service.select(*SERVICE_COLUMNS).order_by(Service.agency).order_by(Service.code)
    if agency_id is not None:
        query = query.where(Service.agency == agency_id)
    return await query.run()


def check_period(period: str) -> str:
    if not PERIOD.fullmatch(period):
        raise InvalidInput(
            "period {period!r} is not valid: write a quarter like 2023-Q3 or a month like 2023-07.",
            period=period[:20],
        )
    return period


async def record_dossier_stats(
    ctx: Context, principal: Principal, code: str, *, agency: str | None, period: str,
    online_dossiers: int, total_dossiers: int, self_submitted_dossiers: int,
    cost_saving_vnd: int | None = None, time_saving_hours: float | None = None,
    savings_note: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """Record (or replace) a service's dossier counts for one period.

    Returns the stored row and whether it was newly created.
    """
    principal.require_role(Role.DESIGNER, Role.PORTAL)
    service = await find_service(principal, code, agency)
    agency_row = await agency_by_code(service["agency"])
    principal.require_write_agency(agency_row["id"])
    check_period(period)
    if min(online_dossiers, total_dossiers, self_submitted_dossiers) < 0:
        raise InvalidInput("Dossier counts cannot be negative.")
    if online_dossiers > total_dossiers:
        raise InvalidInput("online_dossiers cannot exceed total_dossiers.")
    if self_submitted_dossiers > online_dossiers:
        raise InvalidInput(
            "self_submitted_dossiers counts online dossiers filed by the citizen personally, "
            "so it cannot exceed online_dossiers."
        )
    note = clean_name(savings_note, "savings_note", max_length=2000) if savings_note else None
    values = {
        DossierStat.online_dossiers: online_dossiers,
        DossierStat.total_dossiers: total_dossiers,
        DossierStat.self_submitted_dossiers: self_submitted_dossiers,
        DossierStat.cost_saving_vnd: cost_saving_vnd,
        DossierStat.time_saving_hours: time_saving_hours,
        DossierStat.savings_note: note,
        DossierStat.updated_at: dt.datetime.now(dt.UTC),
    }
    where = (DossierStat.service == service["id"]) & (DossierStat.period == period)
    async with ctx.db.write_transaction():
        created = not await DossierStat.exists().where(where).run()
        if created:
            await DossierStat.insert(
                DossierStat(service=service["id"], period=period,
                            **{column._meta.name: value for column, value in values.items()})
            ).run()
        else:
            await DossierStat.update(values).where(where).run()
    row = await DossierStat.select().where(where).first().run()
    assert row is not None
    row["service"] = service["code"]
    row["agency"] = service["agency"]
    return row, created
