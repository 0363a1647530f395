"""The officer on duty at a counter: set by the one-stop system
(``PUT /api/v1/counters/{code}/on-duty`` with an integration key) and kept as
a history, so that an answer given offline is credited to the officer on duty
when it was given, not when it arrived."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import InvalidInput, NotFound
from forms_service.kiosk.tables import CounterDuty
from forms_service.organisation.scope import writable_agency
from forms_service.organisation.tables import Counter, Officer

__all__ = ["officer_at", "record_duty", "set_on_duty"]


async def set_on_duty(ctx: Context, principal: Principal, counter: str, *,
                      officer: str | None, agency: str | None = None,
                      source: str = "integration") -> dict[str, Any]:
    """From now on ``officer`` (a code; None: nobody) is on duty at ``counter``."""
    principal.require_role(Role.INTEGRATION, Role.DESIGNER)
    agency_id = await writable_agency(principal, agency)
    found = await Counter.select(Counter.id, Counter.code).where(
        (Counter.agency == agency_id) & (Counter.code == counter)).first().run()
    if found is None:
        raise NotFound("There is no counter with code {code}.", code=counter[:64])
    officer_id = None
    if officer:
        row = await Officer.select(Officer.id, Officer.active).where(
            (Officer.agency == agency_id) & (Officer.code == officer)).first().run()
        if row is None:
            raise InvalidInput("The agency has no {field} with code {code}.", field="officer",
                               code=officer[:64])
        if not row["active"]:
            raise InvalidInput("The officer {code} is inactive.", code=officer[:64])
        officer_id = int(row["id"])
    since = dt.datetime.now(dt.UTC)
    await record_duty(agency_id, found["id"], officer_id, source, since)
    return {"counter": found["code"], "officer": officer or None, "since": since,
            "source": source}


async def record_duty(agency_id: int, counter_id: int, officer_id: int | None, source: str,
                      since: dt.datetime) -> None:
    """From ``since`` on, ``officer_id`` (None: nobody) is on duty at ``counter_id``."""
    await CounterDuty(agency=agency_id, counter=counter_id, officer=officer_id, since=since,
                      source=source).save().run()


async def officer_at(counter_id: int, moment: dt.datetime) -> str | None:
    """The code of the officer on duty at ``counter_id`` at ``moment``, if known."""
    row = await CounterDuty.select(CounterDuty.officer.code).where(
        (CounterDuty.counter == counter_id) & (CounterDuty.since <= moment)
    ).order_by(CounterDuty.since, ascending=False).order_by(
        CounterDuty.id, ascending=False).first().run()
    if row is None:
        return None
    return row["officer.code"]  # type: ignore[no-any-return]
