"""The national office's side of a nomination round: every sent nomination
side by side, filtered and sorted by each criterion, its frozen evidence
checked against the current figures, services of accepted replies honoured,
and the honour list published or withdrawn; every honour and publication
recorded.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from forms_service.auth import Principal
from forms_service.collections.access import load_collection, require_office
from forms_service.collections.nominations import (
    AUDIENCES,
    GROUPS,
    HOURS_A_DAY,
    SENT,
    VERDICTS,
    candidates,
    frozen_evidence,
    read_round,
    round_of,
)
from forms_service.collections.order import sort_agencies
from forms_service.collections.replies import _reply_row
from forms_service.context import Context
from forms_service.errors import Conflict, InvalidInput

__all__ = ["SORTS", "differences", "mark_honour", "publish", "side_by_side"]
# the evidence compared by the check: (path, label)
CHECKED = (
    ("online_dossiers",), ("total_dossiers",), ("online_rank",),
    ("satisfaction", "n"), ("satisfaction", "satisfied"), ("satisfaction", "rate"),
    ("satisfaction", "lower_bound"), ("satisfaction", "verdict"),
    ("savings", "cost_saving_vnd"), ("savings", "time_saving_hours"),
)


def _sort_value(row: dict[str, Any], key: str) -> float | None:
    evidence = row["evidence"] or {}
    satisfaction = evidence.get("satisfaction") or {}
    value: Any = {
        "online_dossiers": evidence.get("online_dossiers"),
        "online_rank": evidence.get("online_rank"),
        "satisfaction": satisfaction.get("rate"),
        "lower_bound": satisfaction.get("lower_bound"),
        "cost_saving": row.get("cost_saving_vnd"),
        "time_saving": row.get("time_saving_total_hours"),
    }[key]
    return None if value is None else float(value)


#: The criteria the office sorts by, each a number of a row (nulls last).
SORTS = ("online_dossiers", "online_rank", "satisfaction", "lower_bound", "cost_saving",
         "time_saving")


def _dig(evidence: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = evidence
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def differences(frozen: dict[str, Any], current: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The figures of the frozen evidence that the current data no longer gives."""
    if current is None:
        return [{"field": "service", "frozen": "present", "current": None}]
    out = []
    for path in CHECKED:
        before, now = _dig(frozen, path), _dig(current, path)
        if not _same(before, now):
            out.append({"field": ".".join(path), "frozen": before, "current": now})
    return out


async def side_by_side(ctx: Context, principal: Principal, collection_id: int, *,
                       audience: str | None = None, group: str | None = None,
                       agency: str | None = None, verdict: str | None = None,
                       state: str | None = None, honoured: bool | None = None,
                       sort: str | None = None, order: str = "desc",
                       check: bool = False) -> dict[str, Any]:
    """Every sent nomination of the round, one row per service with its frozen
    evidence and the agency's savings, filtered and sorted (the national office)."""
    require_office(principal)
    await load_collection(ctx.db, principal, collection_id)
    nomination = await round_of(ctx, collection_id)
    if audience is not None and audience not in AUDIENCES:
        raise InvalidInput("audience must be citizen or business.")
    if group is not None and group not in GROUPS:
        raise InvalidInput("group must be ministries or provinces.")
    if verdict is not None and verdict not in VERDICTS:
        raise InvalidInput("verdict must be one of: {names}.", names=", ".join(VERDICTS))
    if state is not None and state not in SENT:
        raise InvalidInput("state must be one of: {names}.", names=", ".join(SENT))
    if sort is not None and sort not in SORTS:
        raise InvalidInput("sort must be one of: {names}.", names=", ".join(SORTS))
    if order not in ("asc", "desc"):
        raise InvalidInput("order must be asc or desc.")
    requests = await ctx.db.raw(
        "SELECT r.id, r.state, r.late, r.agency AS agency_id, a.code, a.name, a.kind "
        "FROM collection_request r JOIN agency a ON a.id = r.agency "
        "WHERE r.collection = {} AND r.state IN ('submitted', 'changes_requested', "
        "'accepted')", collection_id)
    honours = {(item["agency"], item["service"]) for item in await ctx.db.raw(
        "SELECT agency, service FROM nomination_honour WHERE round = {}", nomination["id"])}
    rows: list[dict[str, Any]] = []
    for request in sort_agencies(requests):
        if group is not None and request["kind"] != GROUPS[group]:
            continue
        if agency is not None and request["code"] != agency:
            continue
        if state is not None and request["state"] != state:
            continue
        frozen = await frozen_evidence(ctx, int(request["id"]))
        if frozen is None:
            continue
        current = None
        if check:
            current = {c["service"]: c["evidence"] for c in await candidates(
                ctx, request["code"], int(nomination["year"]), int(nomination["per_audience"]))}
        for item in frozen["nominations"]:
            evidence = frozen["evidence"].get(item["service"]) or {}
            hours = item.get("time_saving_hours")
            days = item.get("time_saving_days")
            total = None if hours is None and days is None else (
                (hours or 0) + (days or 0) * HOURS_A_DAY)
            row = {
                "agency": request["code"], "agency_name": request["name"],
                "agency_kind": request["kind"], "state": request["state"],
                "late": bool(request["late"]), "submitted_at": frozen["at"],
                "service": item["service"], "name": item["name"],
                "audience": item["audience"], "evidence": evidence,
                "cost_saving_vnd": item.get("cost_saving_vnd"),
                "time_saving_hours": hours, "time_saving_days": days,
                "time_saving_total_hours": total, "note": item.get("note"),
                "honoured": (request["agency_id"], item["service"]) in honours,
                "differences": (differences(evidence, current.get(item["service"]))
                                if current is not None else None),
            }
            if audience is not None and row["audience"] != audience:
                continue
            if verdict is not None and (evidence.get("satisfaction") or {}).get(
                    "verdict") != verdict:
                continue
            if honoured is not None and row["honoured"] != honoured:
                continue
            rows.append(row)
    if sort is not None:
        present = [r for r in rows if _sort_value(r, sort) is not None]
        missing = [r for r in rows if _sort_value(r, sort) is None]
        present.sort(key=lambda r: float(_sort_value(r, sort) or 0), reverse=order == "desc")
        rows = present + missing
    return {"collection": collection_id, "year": int(nomination["year"]),
            "published": bool(nomination["published"]), "checked": check,
            "count": len(rows), "items": rows}


async def _record_round(ctx: Context, round_id: int, action: str, actor: str,
                        details: dict[str, Any] | None, at: dt.datetime) -> None:
    await ctx.db.raw("INSERT INTO nomination_round_event (round, action, actor, details, at) "
                     "VALUES ({}, {}, {}, {}, {})", round_id, action, actor[:64],
                     None if details is None else json.dumps(details, ensure_ascii=False), at)


async def mark_honour(ctx: Context, principal: Principal, collection_id: int, agency: str,
                      service: str, honoured: bool, *,
                      now: dt.datetime | None = None) -> dict[str, Any]:
    """Honour a nominated service of an accepted reply, or withdraw the honour
    (the national office); every change is recorded."""
    require_office(principal)
    await load_collection(ctx.db, principal, collection_id)
    nomination = await round_of(ctx, collection_id)
    _, row = await _reply_row(ctx, principal, collection_id, agency)
    now = now or dt.datetime.now(dt.UTC)
    code = service.strip()[:64]
    async with ctx.db.write_transaction():
        [fresh] = await ctx.db.raw("SELECT state FROM collection_request WHERE id = {}",
                                   row["id"])
        frozen = await frozen_evidence(ctx, int(row["id"]))
        nominated = {n["service"]: n for n in (frozen or {}).get("nominations", [])}
        exists = await ctx.db.raw(
            "SELECT id FROM nomination_honour WHERE round = {} AND agency = {} AND service = {}",
            nomination["id"], row["agency"], code)
        if honoured:
            if fresh["state"] != "accepted":
                raise Conflict("Accept {agency}'s nominations before honouring its services "
                               "(they are {state}).", error_code="wrong_state",
                               agency=row["agency_code"], state=fresh["state"])
            if code not in nominated:
                raise InvalidInput("{agency} did not nominate service {service}.",
                                   agency=row["agency_code"], service=code)
            if not exists:
                await ctx.db.raw(
                    "INSERT INTO nomination_honour (round, agency, service, audience, key, "
                    "marked_by, marked_at) VALUES ({}, {}, {}, {}, {}, {}, {}) "
                    "ON CONFLICT (key) DO NOTHING", nomination["id"], row["agency"], code,
                    nominated[code]["audience"], f"{nomination['id']}:{row['agency']}:{code}",
                    principal.key_id[:64], now)
                await _record_round(ctx, int(nomination["id"]), "honour", principal.key_id,
                                    {"agency": row["agency_code"], "service": code}, now)
        elif exists:
            await ctx.db.raw("DELETE FROM nomination_honour WHERE id = {}", exists[0]["id"])
            await _record_round(ctx, int(nomination["id"]), "unhonour", principal.key_id,
                                {"agency": row["agency_code"], "service": code}, now)
    return await read_round(ctx, principal, collection_id)


async def publish(ctx: Context, principal: Principal, collection_id: int, published: bool, *,
                  now: dt.datetime | None = None) -> dict[str, Any]:
    """Publish the round's honour list, or withdraw it (the national office)."""
    require_office(principal)
    await load_collection(ctx.db, principal, collection_id)
    nomination = await round_of(ctx, collection_id)
    now = now or dt.datetime.now(dt.UTC)
    async with ctx.db.write_transaction():
        [fresh] = await ctx.db.raw("SELECT published FROM nomination_round WHERE id = {}",
                                   nomination["id"])
        if bool(fresh["published"]) == published:
            raise Conflict("The honour list of {year} is already {state}.",
                           error_code="wrong_state", year=int(nomination["year"]),
                           state="published" if published else "unpublished")
        if published and not await ctx.db.raw(
                "SELECT id FROM nomination_honour WHERE round = {}", nomination["id"]):
            raise Conflict("Honour at least one service before publishing the list.",
                           error_code="nothing_honoured")
        await ctx.db.raw("UPDATE nomination_round SET published = {}, published_at = {} "
                         "WHERE id = {}", published, now if published else None,
                         nomination["id"])
        await _record_round(ctx, int(nomination["id"]),
                            "publish" if published else "unpublish", principal.key_id, None, now)
    return await read_round(ctx, principal, collection_id)
