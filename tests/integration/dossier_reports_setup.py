"""A small hand-counted organisation and its dossier counts, for the dossier reports.

Agency H29 has a service centre, a commune closed in the reorganisation
(``XA-A``, succeeded by ``XA-B``) and ``XA-B``; officers ``CB01`` (centre)
and ``CB02`` (XA-B). Four rows of monthly dossier counts:

====  =======  ======  =======  =========  ========  ===============  =====================
row   service  unit    officer  channel    month     ret/off/ope/ans  on time / late
====  =======  ======  =======  =========  ========  ===============  =====================
R1    S1       centre  CB01     in_person  2026-01   10 / 8 / 6 / 4   7 / 3 (answers 3 on
                                                                      time, 3 satisfied;
                                                                      1 late, unsatisfied)
R2    S1       XA-A    CB02     online     2026-02   6 / 6 / 5 / 3    6 / 0 (3 on time, 2
      (self)                                                          satisfied)
R3    S2       XA-B    CB02     online     2026-04   5 / 2 / 1 / 1    2 / 3 (1 late,
      (assisted)                                                      satisfied)
R4    S2       —       —        postal     2026-04   5 / 0 / 0 / 0    5 / 0
====  =======  ======  =======  =========  ========  ===============  =====================
"""

from __future__ import annotations

from typing import Any

from forms_service.agencies.tables import Agency
from forms_service.catalogue.tables import Service
from forms_service.dossiers.tables import DossierMonth
from forms_service.organisation.tables import Officer, Unit
from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys

S1, S2 = "1.000001", "1.000002"
FIELDS = ("returned", "offered", "opened", "answered", "on_time", "late", "answered_rated",
          "answered_satisfied", "answered_on_time", "answered_on_time_rated",
          "answered_on_time_satisfied", "answered_late", "answered_late_rated",
          "answered_late_satisfied")
ROWS = [
    # service, unit, officer, channel, submitted_by, month, counts in FIELDS order
    (S1, "TTPVHCC", "CB01", "in_person", None, "2026-01",
     (10, 8, 6, 4, 7, 3, 4, 3, 3, 3, 3, 1, 1, 0)),
    (S1, "XA-A", "CB02", "online", "self", "2026-02",
     (6, 6, 5, 3, 6, 0, 3, 2, 3, 3, 2, 0, 0, 0)),
    (S2, "XA-B", "CB02", "online", "assisted", "2026-04",
     (5, 2, 1, 1, 2, 3, 1, 1, 0, 0, 0, 1, 1, 1)),
    (S2, None, None, "postal", None, "2026-04",
     (5, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
]


async def _id(table: Any, **where: Any) -> int:
    query = table.select(table.id)
    for name, value in where.items():
        query = query.where(getattr(table, name) == value)
    row = await query.first().run()
    return int(row["id"])


async def organisation(agency_id: int) -> dict[str, int]:
    """The units and officers of the fixture; returns their ids by code."""
    ids: dict[str, int] = {}
    for code, name, kind in (("TTPVHCC", "Trung tâm Phục vụ hành chính công", "centre"),
                             ("XA-B", "UBND xã Tân Hưng", "commune")):
        row = await Unit.insert(Unit(agency=agency_id, code=code, name=name, kind=kind)) \
            .returning(Unit.id).run()
        ids[code] = int(row[0]["id"])
    row = await Unit.insert(Unit(agency=agency_id, code="XA-A", name="UBND xã Tân An",
                                 kind="commune", active=False, successor=ids["XA-B"])) \
        .returning(Unit.id).run()
    ids["XA-A"] = int(row[0]["id"])
    for code, name, unit in (("CB01", "Nguyễn Văn An", "TTPVHCC"),
                             ("CB02", "Trần Thị Bình", "XA-B")):
        row = await Officer.insert(Officer(agency=agency_id, code=code, name=name,
                                           unit=ids[unit])).returning(Officer.id).run()
        ids[code] = int(row[0]["id"])
    return ids


async def dossier_fixture(api: Api) -> dict[str, Any]:
    """Keys of H29 (designer, analyst, portal, integration) and H26 (analyst), the
    organisation and the counts."""
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương",
                                  roles=("designer", "analyst", "portal", "integration"))
    other = await agency_with_keys(api, H26, "UBND tỉnh Hà Tĩnh", roles=("analyst",))
    for code in (S1, S2):
        await api.service(keys["designer"], code)
    agency_id = await _id(Agency, code=H29)
    ids = await organisation(agency_id)
    services = {code: await _id(Service, code=code, agency=agency_id) for code in (S1, S2)}
    for service, unit, officer, channel, submitted_by, month, counts in ROWS:
        await DossierMonth.insert(DossierMonth(
            agency=agency_id, service=services[service],
            unit=ids[unit] if unit else None, officer=ids[officer] if officer else None,
            channel=channel, submitted_by=submitted_by, month=month,
            **dict(zip(FIELDS, counts, strict=True)))).run()
    return {"keys": keys, "other": other, "ids": ids, "agency_id": agency_id,
            "services": services}


async def untie_units() -> None:
    """Clear successions and credits, so that the next test's clean-up may delete units.

    SQLite checks ``ON DELETE RESTRICT`` row by row, within one ``DELETE``,
    and the clean-up empties ``unit`` before ``response``.
    """
    await Response.update({Response.unit: None, Response.officer: None,
                           Response.counter: None}, force=True).run()
    await Unit.update({Unit.successor: None, Unit.parent: None}, force=True).run()
