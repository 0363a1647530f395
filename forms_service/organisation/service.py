"""Units, counters and officers of an agency: list, create, update, deactivate, import.

One set of functions serves the three kinds (:data:`forms_service.organisation.rows.KINDS`).
Designers and admins of the agency change them; every key of the agency
(and the national office) reads them. An import creates the rows whose
code is new and updates the others, row by row: a row that fails is
reported with its field and the good rows are kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from piccolo.table import Table

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import Conflict, InvalidInput, NotFound
from forms_service.i18n import N_, vietnam_today
from forms_service.organisation.rows import KINDS, Kind, RowRejected, check_row
from forms_service.organisation.scope import readable_agency, writable_agency
from forms_service.organisation.tables import Counter, Officer, Unit

__all__ = [
    "MAX_IMPORT", "RowResult", "create_item", "deactivate_item", "find_item", "import_items",
    "list_items", "update_item",
]

MAX_IMPORT = 5000
TABLES: dict[str, type[Table]] = {"unit": Unit, "counter": Counter, "officer": Officer}
MISSING = {"unit": N_("There is no unit with code {code}."),
           "counter": N_("There is no counter with code {code}."),
           "officer": N_("There is no officer with code {code}.")}
TAKEN = {"unit": N_("The agency already has a unit with code {code}."),
         "counter": N_("The agency already has a counter with code {code}."),
         "officer": N_("The agency already has an officer with code {code}.")}


@dataclass(slots=True)
class RowResult:
    """``created``, ``updated`` or ``error`` for row ``row`` (1 = the first row)."""

    row: int
    code: str | None
    result: str
    field: str | None = None
    message: str | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict)


def _kind(name: str) -> Kind:
    return KINDS[name]


async def _units_by_id(agency_id: int) -> dict[int, str]:
    rows = await Unit.select(Unit.id, Unit.code).where(Unit.agency == agency_id).run()
    return {row["id"]: row["code"] for row in rows}


async def _out(kind: Kind, agency_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as the API shows them: references by code, the agency by code."""
    from forms_service.agencies.tables import Agency

    agency = await Agency.select(Agency.code).where(Agency.id == agency_id).first().run()
    units = await _units_by_id(agency_id)
    shown = []
    for row in rows:
        item = {name: row.get(name) for name in kind.fields}
        for name in kind.references:
            item[name] = units.get(row[name]) if row.get(name) is not None else None
        item["active"] = bool(row["active"])
        item["agency"] = agency["code"] if agency else None
        shown.append(item)
    return shown


async def list_items(ctx: Context, principal: Principal, kind_name: str, *,
                     agency: str | None, active: bool | None = None) -> list[dict[str, Any]]:
    kind = _kind(kind_name)
    agency_id = await readable_agency(principal, agency)
    table = TABLES[kind.name]
    query = table.select().where(table.agency == agency_id)  # type: ignore[attr-defined]
    if active is not None:
        query = query.where(table.active == active)  # type: ignore[attr-defined]
    rows = await query.order_by(table.code).run()  # type: ignore[attr-defined]
    return await _out(kind, agency_id, rows)


async def _row(kind: Kind, agency_id: int, code: str) -> dict[str, Any] | None:
    table = TABLES[kind.name]
    return await table.select().where(  # type: ignore[no-any-return]
        (table.agency == agency_id) & (table.code == code)  # type: ignore[attr-defined]
    ).first().run()


async def find_item(principal: Principal, kind_name: str, code: str, *,
                    agency: str | None) -> dict[str, Any]:
    kind = _kind(kind_name)
    agency_id = await readable_agency(principal, agency)
    row = await _row(kind, agency_id, code)
    if row is None:
        raise NotFound(MISSING[kind.name], code=code[:64])
    return (await _out(kind, agency_id, [row]))[0]


async def _unit_id(agency_id: int, code: str, field: str) -> int:
    row = await Unit.select(Unit.id).where(
        (Unit.agency == agency_id) & (Unit.code == code)).first().run()
    if row is None:
        raise RowRejected(field, N_("There is no unit {code}: add it first (it may come "
                                    "earlier in the same file)."), code=code)
    return int(row["id"])


async def _chain_reaches(start: int, target: int, column: str) -> bool:
    """Whether following ``column`` (parent or successor) from unit ``start`` reaches
    ``target``."""
    seen: set[int] = set()
    current: int | None = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        row = await Unit.select(getattr(Unit, column)).where(Unit.id == current).first().run()
        current = row[column] if row else None
    return False


async def _values(kind: Kind, agency_id: int, fields: dict[str, Any],
                  existing: dict[str, Any] | None) -> dict[str, Any]:
    """Column values of the checked ``fields``, references resolved and checked."""
    values = {name: value for name, value in fields.items() if name not in kind.references}
    for name in kind.references:
        if name not in fields:
            continue
        code = fields[name]
        if code is None:
            if name == "unit" and kind.name == "counter":
                raise RowRejected(name, N_("{field} is required."), field=name)
            values[name] = None
            continue
        ref = await _unit_id(agency_id, code, name)
        if existing is not None and kind.name == "unit" and (
                ref == existing["id"] or await _chain_reaches(ref, existing["id"], name)):
            raise RowRejected(name, N_("{field} {code} would make a circle: a unit cannot "
                                           "follow itself."), field=name, code=code)
        values[name] = ref
    if kind.name == "unit" and values.get("successor") is not None:
        values["active"] = False  # closed, taken over by its successor
        if values.get("closed_on") is None and (existing is None or not existing["closed_on"]):
            values["closed_on"] = vietnam_today()
    return values


async def _save(kind: Kind, agency_id: int, fields: dict[str, Any]) -> str:
    """Create or update (by code) one row; ``created`` or ``updated``."""
    table = TABLES[kind.name]
    existing = await _row(kind, agency_id, fields["code"])
    values = await _values(kind, agency_id, fields, existing)
    if existing is None:
        now = dt.datetime.now(dt.UTC)
        await table.insert(table(**{"agency": agency_id, "created_at": now, **values})).run()
        return "created"
    values.pop("code", None)
    if values:
        await table.update({getattr(table, k): v for k, v in values.items()}).where(
            table._meta.primary_key == existing["id"]).run()
    return "updated"


def _rejected(exc: RowRejected) -> InvalidInput:
    return InvalidInput(exc.message, error_code="invalid_" + (exc.field or "row"), **exc.params)


async def create_item(ctx: Context, principal: Principal, kind_name: str, *,
                      agency: str | None, values: dict[str, Any]) -> dict[str, Any]:
    kind = _kind(kind_name)
    principal.require_role(Role.DESIGNER)
    agency_id = await writable_agency(principal, agency)
    try:
        fields = check_row(kind, values)
        async with ctx.db.write_transaction():
            if await _row(kind, agency_id, fields["code"]) is not None:
                raise Conflict(TAKEN[kind.name], code=fields["code"])
            await _save(kind, agency_id, fields)
    except RowRejected as exc:
        raise _rejected(exc) from None
    row = await _row(kind, agency_id, fields["code"])
    assert row is not None
    return (await _out(kind, agency_id, [row]))[0]


async def update_item(ctx: Context, principal: Principal, kind_name: str, code: str, *,
                      agency: str | None, values: dict[str, Any]) -> dict[str, Any]:
    kind = _kind(kind_name)
    principal.require_role(Role.DESIGNER)
    agency_id = await writable_agency(principal, agency)
    if "code" in values:
        raise InvalidInput("A code cannot change; add a new one and deactivate this one.")
    try:
        fields = check_row(kind, values, partial=True)
        async with ctx.db.write_transaction():
            if await _row(kind, agency_id, code) is None:
                raise NotFound(MISSING[kind.name], code=code[:64])
            await _save(kind, agency_id, {**fields, "code": code})
    except RowRejected as exc:
        raise _rejected(exc) from None
    return await find_item(principal, kind_name, code, agency=agency)


async def deactivate_item(ctx: Context, principal: Principal, kind_name: str, code: str, *,
                          agency: str | None) -> dict[str, Any]:
    return await update_item(ctx, principal, kind_name, code, agency=agency,
                             values={"active": False})


async def import_items(ctx: Context, principal: Principal | None, kind_name: str, *,
                       agency_id: int | None = None, agency: str | None = None,
                       rows: list[Any]) -> list[RowResult]:
    """Create or update each row by its code; one result per row, in order.

    ``principal`` ``None`` is the command line (with ``agency_id``).
    """
    kind = _kind(kind_name)
    if principal is not None:
        principal.require_role(Role.DESIGNER)
        agency_id = await writable_agency(principal, agency)
    assert agency_id is not None
    if len(rows) > MAX_IMPORT:
        raise InvalidInput("An import holds at most {limit} rows; split the file.",
                           limit=MAX_IMPORT)
    results: list[RowResult] = []
    async with ctx.db.write_transaction():
        for number, raw in enumerate(rows, start=1):
            code = raw.get("code") if isinstance(raw, dict) else None
            try:
                fields = check_row(kind, raw)
                outcome = await _save(kind, agency_id, fields)
            except RowRejected as exc:
                results.append(RowResult(number, str(code)[:64] if code else None, "error",
                                         exc.field, exc.message, exc.params))
                continue
            results.append(RowResult(number, fields["code"], outcome))
    return results
