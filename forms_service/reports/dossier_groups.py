"""Grouping the dossier reports: by service, unit, officer or channel, and period.

The response-rate, timeliness and unit-satisfaction reports add up rows of
``dossier_month`` (one row per agency, service, unit, officer, channel,
submission and month, kept by the dossier pipeline). The database groups
them (``GROUP BY``); this module then follows unit succession (a unit closed
in a reorganisation counts under the unit that took it over, and its
successor's, to the last one) and labels the groups with codes and names.

Officer-level figures stay inside the agency: only the agency's analysts
and admins may group by officer (:func:`require_officer_access`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.db import Database
from forms_service.errors import Forbidden, InvalidInput
from forms_service.i18n import N_, translate
from forms_service.reports.params import Scope, month_range, refuse_unit_scope
from forms_service.reports.sql import Where, period_of_month

__all__ = [
    "CHANNEL_LABELS",
    "DIMENSIONS",
    "GRANULARITIES",
    "Group",
    "grouped",
    "parse_dossier_group_by",
    "require_officer_access",
    "successors",
]

DIMENSIONS = ("service", "unit", "officer", "channel")
GRANULARITIES = ("month", "quarter", "year")
CHANNEL_LABELS = {
    "in_person": N_("In person"),
    "online": N_("Online"),
    "postal": N_("Public postal service"),
}
_COLUMN = {"service": "m.service", "unit": "m.unit", "officer": "m.officer",
           "channel": "m.channel"}


def group_by_values(dims: Sequence[str] = DIMENSIONS) -> tuple[str, ...]:
    """Every value ``group_by`` takes: a dimension, alone or with a period."""
    return tuple(f"{dim}{suffix}" for dim in dims
                 for suffix in ("", *(f",{g}" for g in GRANULARITIES)))


def parse_dossier_group_by(text: str, dims: Sequence[str] = DIMENSIONS) -> tuple[str, str | None]:
    """``unit`` or ``unit,quarter`` → (dimension, period granularity or ``None``)."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if (len(parts) in (1, 2) and parts[0] in dims
            and (len(parts) == 1 or parts[1] in GRANULARITIES)):
        return parts[0], parts[1] if len(parts) == 2 else None
    raise InvalidInput(
        "group_by {value!r} is not valid: write one of {dims}, optionally followed by a "
        "comma and month, quarter or year, such as unit or unit,quarter.",
        value=str(text)[:80], dims=", ".join(dims))


def require_officer_access(principal: Principal) -> None:
    """Officer figures: the agency's own analysts and admins, no one else."""
    if principal.role is Role.ADMIN:
        return
    if principal.role is Role.ANALYST and principal.agency_id is not None:
        return
    raise Forbidden(
        "Figures by officer are shown only to the analysts of the officer's agency and to "
        "administrators; group by unit instead.")


@dataclass
class Group:
    """One group of a dossier report: who it is, its period and its summed counts."""

    agency: str
    agency_name: str
    dimension: str
    id: Any
    key: str
    label: str
    period: str | None
    counts: dict[str, int]


def successors(units: Iterable[dict[str, Any]]) -> dict[int, int]:
    """Each unit's last successor (itself when it has none), cycles cut."""
    follows = {int(u["id"]): (int(u["successor"]) if u["successor"] is not None else None)
               for u in units}
    final: dict[int, int] = {}
    for start in follows:
        seen = [start]
        current = start
        while follows.get(current) is not None and follows[current] not in seen:
            current = follows[current]  # type: ignore[assignment]
            seen.append(current)
        final[start] = current
    return final


def _rollup_periods(where: Where, period: Any, granularity: str | None) -> str | None:
    """Choose the roll-up rows covering ``period``; the SQL of the period to group by.

    Year rows serve reports over whole years (or all time) not split finer
    than a year; month rows serve the others.
    """
    if granularity in (None, "year") and (period is None or period.kind == "year"):
        where.add("m.span = 'year'")
        if period is not None:
            where.add("m.period = {}", str(period.year))
        return "m.period" if granularity else None
    where.add("m.span = 'month'")
    bounds = month_range(period)
    if bounds is not None:
        where.add("m.period BETWEEN {} AND {}", *bounds)
    return period_of_month("m.period", granularity) if granularity else None


async def _rows(db: Database, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
    names, rows = await db.fetch(sql, *args)
    return [dict(zip(names, row, strict=True)) for row in rows]


def _marks(ids: Sequence[Any]) -> str:
    return ", ".join("{}" for _ in ids)


async def _names(db: Database, table: str, ids: set[int], extra: str = "") -> dict[int, dict]:
    if not ids:
        return {}
    ordered = sorted(ids)
    rows = await _rows(db, f"SELECT id, code, name{extra} FROM {table} "
                       f"WHERE id IN ({_marks(ordered)})", ordered)
    return {int(row["id"]): row for row in rows}


async def grouped(
    db: Database, *, scope: Scope, dimension: str, granularity: str | None, period: Any,
    counts: Sequence[str] | Mapping[str, str], lang: str, table: str = "dossier_rollup",
    where: Where | None = None,
) -> list[Group]:
    """The summed ``counts`` per group, labelled, successors followed.

    By default the counts come from ``dossier_rollup`` (the rows of the
    dimension; year rows when the report spans whole years). Another
    ``table`` (alias ``m``) has the columns ``agency``, ``month`` and the
    dimension's, and ``counts`` may map names to SQL aggregates over it.
    Groups are ordered by period, then key; groups whose counts are all 0
    are left out, and so are rows without the dimension (no unit or officer
    known) from unit and officer groups.  A scope limited to units keeps the
    rows of those units (the roll-up has them only for unit groups: other
    groups are refused).
    """
    where = where or Where()
    if scope.agency_id is not None:
        where.add("m.agency = {}", scope.agency_id)
    if scope.unit_ids is not None:
        # a person limited to a unit: the rows of its units only, where rows have one
        marks, units = scope.unit_marks()
        if table != "dossier_rollup":
            where.add(f"m.unit IN ({marks})", *units)
        elif dimension == "unit":
            where.add(f"m.member IN ({marks})", *units)
        else:
            raise refuse_unit_scope()
    aggregates = counts if isinstance(counts, Mapping) else {c: f"SUM(m.{c})" for c in counts}
    if table == "dossier_rollup":
        member = "m.channel" if dimension == "channel" else "m.member"
        where.add("m.dimension = {}", dimension)
        period_sql = _rollup_periods(where, period, granularity)
    else:
        member = _COLUMN[dimension]
        bounds = month_range(period)
        if bounds is not None:
            where.add("m.month BETWEEN {} AND {}", *bounds)
        if dimension in ("unit", "officer"):
            where.add(f"{member} IS NOT NULL")
        period_sql = period_of_month("m.month", granularity) if granularity else None
    select = ["m.agency AS g_agency", f"{member} AS g_id"]
    if period_sql is not None:
        select.append(f"{period_sql} AS g_period")
    sums = ", ".join(f"{sql} AS {name}" for name, sql in aggregates.items())
    ordinals = ", ".join(str(i + 1) for i in range(len(select)))
    rows = await _rows(db, f"SELECT {', '.join(select)}, {sums} FROM {table} m"
                       f"{where.sql()} GROUP BY {ordinals}", where.args)
    rows = [row for row in rows if any(row[name] for name in aggregates)]
    agencies = await _names(db, "agency", {int(r["g_agency"]) for r in rows})
    labels: dict[Any, dict] = {}
    if dimension == "unit":
        # units of the agencies concerned, to follow successions to their end
        agency_ids = sorted(agencies)
        units = await _rows(db, "SELECT id, code, name, successor FROM unit "
                            f"WHERE agency IN ({_marks(agency_ids)})", agency_ids) \
            if agency_ids else []
        final = successors(units)
        labels = {int(u["id"]): u for u in units}
        for row in rows:
            row["g_id"] = final.get(int(row["g_id"]), int(row["g_id"]))
    elif dimension == "service":
        labels = await _names(db, "service", {int(r["g_id"]) for r in rows})
    elif dimension == "officer":
        labels = await _names(db, "officer", {int(r["g_id"]) for r in rows})
    merged: dict[tuple, Group] = {}
    for row in rows:
        agency = agencies[int(row["g_agency"])]
        ident = row["g_id"]
        if dimension == "channel":
            code, name = str(ident), translate(lang, CHANNEL_LABELS.get(str(ident), str(ident)))
        else:
            found = labels.get(int(ident)) or {"code": str(ident), "name": str(ident)}
            code, name = str(found["code"]), str(found["name"])
        slot = (agency["code"], ident, row.get("g_period"))
        group = merged.get(slot)
        if group is None:
            group = merged[slot] = Group(
                agency=str(agency["code"]), agency_name=str(agency["name"]),
                dimension=dimension, id=ident, key=f"{agency['code']}/{code}", label=name,
                period=row.get("g_period"), counts=dict.fromkeys(counts, 0))
        for name_ in counts:
            group.counts[name_] += int(row[name_] or 0)
    return sorted(merged.values(), key=lambda g: (g.period or "", g.key))
