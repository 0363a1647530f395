"""The agency's codes in a batch of events: services, units, counters, officers.

Unknown codes are errors of the event that names them, except that an
agency that enabled ``auto_register_staff`` has unknown officers and
counters registered by their code (named after it, in the event's unit;
a counter needs one) in the ingest's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from piccolo.table import Table

from forms_service.catalogue.tables import Service
from forms_service.db import Database
from forms_service.db.bulk import select_in
from forms_service.dossiers.events import Event, EventRejected
from forms_service.i18n import N_
from forms_service.organisation.tables import Counter, Officer, Unit

__all__ = ["Staff", "resolve_staff"]



@dataclass
class Staff:
    """Ids by code, for the codes of one batch."""

    services: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    officers: dict[str, int] = field(default_factory=dict)

    def ids(self, event: Event) -> tuple[int, int | None, int | None, int | None]:
        """The ids of the event's service, unit, counter and officer, or
        :class:`EventRejected` for the first code the agency does not have."""
        service = self.services.get(event.service)
        if service is None:
            raise EventRejected("service", "unknown_service", N_(
                "The agency has no service {code}: register it (POST /api/v1/services) "
                "or correct the procedure code."), code=event.service)
        unit = self._find(self.units, event.unit, "unit", N_(
            "The agency has no unit {code}: add it (POST /api/v1/units) or correct the code."))
        counter = self._find(self.counters, event.counter, "counter", N_(
            "The agency has no counter {code}: add it (POST /api/v1/counters) or correct "
            "the code."))
        officer = self._find(self.officers, event.officer, "officer", N_(
            "The agency has no officer {code}: add them (POST /api/v1/officers) or correct "
            "the code."))
        return service, unit, counter, officer

    @staticmethod
    def _find(ids: dict[str, int], code: str | None, name: str, message: str) -> int | None:
        if code is None:
            return None
        found = ids.get(code)
        if found is None:
            raise EventRejected(name, f"unknown_{name}", message, code=code)
        return found


async def _codes(db: Database, table: type[Table], agency_id: int,
                 codes: Iterable[str]) -> dict[str, int]:
    rows = await select_in(
        db, f"SELECT code, id FROM {table._meta.tablename} WHERE agency = {{}} "
        "AND code {in}", [agency_id], sorted(set(codes)))
    return {code: int(row_id) for code, row_id in rows}


async def resolve_staff(db: Database, agency: dict[str, Any], events: list[Event]) -> Staff:
    """The ids of the batch's codes; with auto-registration, unknown officers and
    counters (with a known unit) are registered first. Call it in the ingest's
    write transaction."""
    agency_id = agency["id"]
    staff = Staff(
        services=await _codes(db, Service, agency_id, (e.service for e in events)),
        units=await _codes(db, Unit, agency_id, (e.unit for e in events if e.unit)),
        counters=await _codes(db, Counter, agency_id, (e.counter for e in events if e.counter)),
        officers=await _codes(db, Officer, agency_id, (e.officer for e in events if e.officer)),
    )
    if not agency["auto_register_staff"]:
        return staff
    officers = {e.officer: staff.units.get(e.unit or "") for e in events
                if e.officer and e.officer not in staff.officers}
    counters = {e.counter: staff.units[e.unit] for e in events
                if e.counter and e.counter not in staff.counters and e.unit in staff.units}
    for code, unit in sorted(officers.items()):
        await db.raw("INSERT INTO officer (agency, code, name, unit, active, created_at) "
                     "VALUES ({}, {}, {}, {}, {}, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING",
                     agency_id, code, code, unit, True)
    for code, unit in sorted(counters.items()):
        await db.raw("INSERT INTO counter (agency, unit, code, name, active, created_at) "
                     "VALUES ({}, {}, {}, {}, {}, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING",
                     agency_id, unit, code, code, True)
    if officers:
        staff.officers.update(await _codes(db, Officer, agency_id, officers))
    if counters:
        staff.counters.update(await _codes(db, Counter, agency_id, counters))
    return staff
