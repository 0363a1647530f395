"""Nomination rounds of excellent full-online services (seed 000).

A round is a collection of kind ``nomination`` for a year: each asked agency
picks up to five citizen and five business services among its own
full-online ones, pre-filled with the evidence of the excellence report for
that year (online dossiers and their rank, satisfaction with its confidence
interval and verdict, recorded savings), adds its figures and notes on the
savings of cost and time, and submits. The reply's states, drafts with
revision, review, reminders and lateness are those of every collection
(:mod:`forms_service.collections.states`); what is particular to a round is
here: the nominations are checked when saved, and the evidence of each
nominated service is frozen in the submission's step as it stood then, so
that later answers and dossier figures do not change what the office judged.

What the office does with the nominations is in
:mod:`forms_service.collections.nomination_office`; the public honour list
in :mod:`forms_service.collections.honours`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import msgspec

from forms_service.auth import Principal, Role
from forms_service.collections.access import (
    is_office,
    require_office,
    require_replier,
)
from forms_service.collections.replies import (
    _allowed,
    _record,
    _reply_row,
    read_reply,
    store_draft,
)
from forms_service.collections.schedule import (
    ScheduleRejected,
    parse_deadline,
    parse_schedule,
)
from forms_service.collections.service import (
    MAX_CONTACT,
    _contact_bound,
    asked_agencies,
    read_collection,
)
from forms_service.collections.states import STEPS
from forms_service.context import Context
from forms_service.db import is_unique_violation, json_value, moment_value
from forms_service.errors import Conflict, InvalidInput, NotFound
from forms_service.outbox.queue import sealer
from forms_service.reports.excellence import excellence_report
from forms_service.text import clean_name, nfc

__all__ = ["AUDIENCES", "GROUPS", "SENT", "VERDICTS", "candidates", "check_per_audience",
           "check_year", "create_round", "frozen_evidence", "read_nomination", "read_round",
           "round_exists", "round_of", "save_nominations", "submit_nominations"]

AUDIENCES = ("citizen", "business")
VERDICTS = ("excellent", "meets_point_estimate", "below", "insufficient_data")
GROUPS = {"ministries": "ministry", "provinces": "province"}
SENT = ("submitted", "changes_requested", "accepted")
MAX_NOTE = 2000
MAX_COST = 10**15  # đồng
MAX_TIME = 10**7  # hours or days
HOURS_A_DAY = 24
# the report runs as the office would: every agency's data, no agency of its own
_REPORTER = Principal(key_id="nominations", role=Role.ANALYST, agency_id=None, agency_code=None)


async def round_of(ctx: Context, collection_id: int) -> dict[str, Any]:
    """The round of a collection (404 when the collection is not a nomination round)."""
    rows = await ctx.db.raw("SELECT * FROM nomination_round WHERE collection = {}",
                            collection_id)
    if not rows:
        raise NotFound("Collection {id} is not a nomination round.", id=collection_id)
    return rows[0]


def check_year(value: Any) -> int:
    """The year of a round, or a clear refusal."""
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise InvalidInput("year must be a year such as 2025: the year whose services are "
                           "nominated.")
    return value


def check_per_audience(value: Any) -> int:
    """How many services an agency may nominate for each audience, or a clear refusal."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        raise InvalidInput("per_audience must be a whole number from 1 to 10 (5 in the "
                           "national office's letter).")
    return value


def round_exists(year: int) -> Conflict:
    """The refusal of a second round for a year."""
    return Conflict("There is already a nomination round for {year}: one round a year.",
                    error_code="round_exists", year=year)


async def create_round(ctx: Context, principal: Principal, body: dict[str, Any], *,
                       now: dt.datetime | None = None) -> dict[str, Any]:
    """Make a nomination round for a year and its asked agencies' empty replies
    (the national office; one round a year)."""
    require_office(principal)
    year = check_year(body.get("year"))
    title = clean_name(str(body.get("title") or "") or
                       f"Đề xuất dịch vụ công trực tuyến xuất sắc năm {year}", "title")
    contact = nfc(str(body.get("contact") or "")).strip()
    if not contact or len(contact) > MAX_CONTACT:
        raise InvalidInput("contact is required: who at the national office answers the "
                           "agencies' questions (name, telephone, e-mail; at most {limit} "
                           "characters).", limit=MAX_CONTACT)
    per_audience = check_per_audience(body.get("per_audience", 5))
    try:
        deadline = parse_deadline(body.get("deadline"))
        schedule = parse_schedule(body.get("reminders"))
    except ScheduleRejected as exc:
        raise InvalidInput(exc.message, error_code="invalid_schedule", **exc.params) from None
    scope, agencies = await asked_agencies(ctx, body.get("agencies", "all"))
    now = now or dt.datetime.now(dt.UTC)
    seal = sealer(ctx.db)
    try:
        async with ctx.db.write_transaction():
            if await ctx.db.raw("SELECT id FROM nomination_round WHERE year = {}", year):
                raise round_exists(year)
            [row] = await ctx.db.raw(
                "INSERT INTO collection (title, kind, form, form_version, scope, deadline, "
                "reminders, sealed_contact, created_by, created_at) VALUES ({}, 'nomination', "
                "NULL, NULL, {}, {}, {}, '', {}, {}) RETURNING id", title, scope,
                deadline.astimezone(dt.UTC), json.dumps(schedule.as_dict()), principal.key_id,
                now)
            collection_id = int(row["id"])
            await ctx.db.raw("UPDATE collection SET sealed_contact = {} WHERE id = {}",
                             seal.seal(contact, _contact_bound(collection_id)), collection_id)
            await ctx.db.raw("INSERT INTO nomination_round (collection, year, per_audience, "
                             "published, published_at) VALUES ({}, {}, {}, {}, NULL)",
                             collection_id, year, per_audience, False)
            for agency in agencies:
                await ctx.db.raw(
                    "INSERT INTO collection_request (collection, agency, state, answers, "
                    "revision, late, reminded, updated_at) VALUES ({}, {}, 'not_started', NULL, "
                    "0, {}, 0, {})",
                    collection_id, agency["id"], False, now)
    except Exception as exc:
        # two rounds made for the same year at the same moment: the unique key
        # refuses the later one, which is told what the check above tells
        if is_unique_violation(exc):
            raise round_exists(year) from None
        raise
    return await read_round(ctx, principal, collection_id)


async def read_round(ctx: Context, principal: Principal, collection_id: int) -> dict[str, Any]:
    """The round: its collection, year, publication and (for the office) its steps."""
    body = await read_collection(ctx, principal, collection_id)
    nomination = await round_of(ctx, collection_id)
    honours = await ctx.db.raw("SELECT COUNT(*) AS n FROM nomination_honour WHERE round = {}",
                               nomination["id"])
    history = []
    if is_office(principal):
        for event in await ctx.db.raw("SELECT * FROM nomination_round_event WHERE round = {} "
                                      "ORDER BY id", nomination["id"]):
            history.append({"action": event["action"], "by": event["actor"],
                            "at": moment_value(event["at"]),
                            "details": json_value(event["details"])})
    return body | {"year": int(nomination["year"]),
                   "per_audience": int(nomination["per_audience"]),
                   "published": bool(nomination["published"]),
                   "published_at": moment_value(nomination["published_at"]),
                   "honoured": int(honours[0]["n"]), "history": history}


def _plain_evidence(candidate: Any) -> dict[str, Any]:
    """A candidate's evidence as numbers and codes (no words of a language)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.endswith("_text")}
        return value

    evidence = strip(msgspec.to_builtins(candidate.evidence))
    return evidence | {"criteria": list(candidate.criteria), "position": candidate.position}


async def candidates(ctx: Context, agency_code: str, year: int,
                     per_audience: int = 5) -> list[dict[str, Any]]:
    """Every service of the agency with its evidence for ``year``, from the
    excellence report: the report's own picks first (``suggested``)."""
    report = await excellence_report(ctx, _REPORTER, agency=agency_code, year=year,
                                     per_audience=per_audience)
    out = []
    for section in ("citizen", "business", "excluded"):
        for c in getattr(report, section):
            out.append({"service": c.service, "name": c.name, "audience": c.audience,
                        "delivery": c.delivery, "suggested": section != "excluded",
                        "reason": c.reason, "evidence": _plain_evidence(c)})
    return out


def _number(value: Any, name: str, limit: int, *, whole: bool) -> float | int | None:
    if value is None or value == "":
        return None
    ok = isinstance(value, int) if whole else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok or not math.isfinite(value) or not 0 <= value <= limit:
        if whole:
            raise InvalidInput("{name} must be a whole number from 0 to {limit}.", name=name,
                               limit=limit)
        raise InvalidInput("{name} must be a number from 0 to {limit}.", name=name, limit=limit)
    return value


def _checked(items: Any, offered: dict[str, dict[str, Any]], agency: str,
             per_audience: int) -> list[dict[str, Any]]:
    """The nominations as saved, or a clear refusal."""
    if not isinstance(items, list):
        raise InvalidInput("nominations must be a list of the services nominated, each "
                           "an object with its service code in \"service\".")
    out: list[dict[str, Any]] = []
    counts = dict.fromkeys(AUDIENCES, 0)
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("service"), str):
            raise InvalidInput("Each nomination must be an object with its service code in "
                               "\"service\".")
        unknown = sorted(set(item) - {"service", "cost_saving_vnd", "time_saving_hours",
                                      "time_saving_days", "note"})
        if unknown:
            raise InvalidInput("{name} is not a field of a nomination; its fields are: "
                               "service, cost_saving_vnd, time_saving_hours, "
                               "time_saving_days, note.", name=unknown[0][:40])
        code = item["service"].strip()[:64]
        service = offered.get(code)
        if service is None:
            raise InvalidInput("Service {service} is not a service of {agency}: an agency "
                               "nominates only its own services.", service=code[:64],
                               agency=agency)
        if service["delivery"] != "full_online":
            raise InvalidInput("Service {service} is not full online (toàn trình): only "
                               "full-online services may be nominated.", service=code)
        if any(done["service"] == code for done in out):
            raise InvalidInput("Service {service} is nominated twice.", service=code)
        counts[service["audience"]] = counts.get(service["audience"], 0) + 1
        if counts[service["audience"]] > per_audience:
            raise InvalidInput("At most {limit} services for {audience} may be nominated: "
                               "remove one.", limit=per_audience,
                               audience=service["audience"])
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            raise InvalidInput("note must be text.")
        note = nfc(note or "").strip() or None
        if note is not None and len(note) > MAX_NOTE:
            raise InvalidInput("note is too long: at most {limit} characters.", limit=MAX_NOTE)
        out.append({
            "service": code, "name": service["name"], "audience": service["audience"],
            "cost_saving_vnd": _number(item.get("cost_saving_vnd"), "cost_saving_vnd",
                                       MAX_COST, whole=True),
            "time_saving_hours": _number(item.get("time_saving_hours"), "time_saving_hours",
                                         MAX_TIME, whole=False),
            "time_saving_days": _number(item.get("time_saving_days"), "time_saving_days",
                                        MAX_TIME, whole=False),
            "note": note,
        })
    return out


async def frozen_evidence(ctx: Context, request_id: int) -> dict[str, Any] | None:
    """What the latest submission froze: its moment, nominations and evidence."""
    rows = await ctx.db.raw("SELECT details, at FROM collection_event WHERE request = {} "
                            "AND action = 'submit' ORDER BY id DESC LIMIT 1", request_id)
    if not rows:
        return None
    details = json_value(rows[0]["details"]) or {}
    return {"at": moment_value(rows[0]["at"]), "nominations": details.get("nominations", []),
            "evidence": details.get("evidence", {})}


async def read_nomination(ctx: Context, principal: Principal, collection_id: int,
                          agency: str) -> dict[str, Any]:
    """An agency's nominations: its reply, the candidates with their current
    evidence, and what its latest submission froze (the office, or the agency)."""
    nomination = await round_of(ctx, collection_id)
    _, row = await _reply_row(ctx, principal, collection_id, agency)
    reply = await read_reply(ctx, principal, collection_id, agency)
    year, per_audience = int(nomination["year"]), int(nomination["per_audience"])
    honoured = {item["service"] for item in await ctx.db.raw(
        "SELECT service FROM nomination_honour WHERE round = {} AND agency = {}",
        nomination["id"], row["agency"])}
    answers = reply.pop("answers")
    return reply | {
        "year": year, "per_audience": per_audience,
        "nominations": answers.get("nominations", []),
        "candidates": await candidates(ctx, row["agency_code"], year, per_audience),
        "frozen": await frozen_evidence(ctx, int(row["id"])), "honoured": sorted(honoured),
    }


async def save_nominations(ctx: Context, principal: Principal, collection_id: int, agency: str,
                           items: Any, revision: int | None, *,
                           now: dt.datetime | None = None) -> dict[str, Any]:
    """Save the agency's nominations as a draft (its designers and analysts)."""
    nomination = await round_of(ctx, collection_id)
    _, row = await _reply_row(ctx, principal, collection_id, agency)
    require_replier(principal, row["agency"])
    offered = {c["service"]: c for c in await candidates(
        ctx, row["agency_code"], int(nomination["year"]), int(nomination["per_audience"]))}
    chosen = _checked(items, offered, row["agency_code"], int(nomination["per_audience"]))
    await store_draft(ctx, principal, row, {"nominations": chosen}, revision,
                      _changed_services, now=now)
    return await read_nomination(ctx, principal, collection_id, agency)


def _changed_services(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The services whose nomination a draft added, removed or changed."""
    old, new = ({n["service"]: n for n in answers.get("nominations", [])}
                for answers in (before, after))
    return sorted(code for code in set(old) | set(new) if old.get(code) != new.get(code))


async def submit_nominations(ctx: Context, principal: Principal, collection_id: int,
                             agency: str, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Submit the saved nominations, freezing each service's evidence as it stands."""
    nomination = await round_of(ctx, collection_id)
    collection, row = await _reply_row(ctx, principal, collection_id, agency)
    require_replier(principal, row["agency"])
    step = STEPS["submit"]
    offered = {c["service"]: c for c in await candidates(
        ctx, row["agency_code"], int(nomination["year"]), int(nomination["per_audience"]))}
    now = now or dt.datetime.now(dt.UTC)
    late = now > moment_value(collection["deadline"])
    async with ctx.db.write_transaction():
        [fresh] = await ctx.db.raw("SELECT state, answers, submitted_at, late FROM "
                                   "collection_request WHERE id = {}", row["id"])
        _allowed(step, fresh["state"])
        saved = (json_value(fresh["answers"]) or {}).get("nominations", [])
        if not saved:
            raise InvalidInput("Nominate at least one service before submitting.")
        # the services may have changed since the draft (a service no longer full online)
        chosen = _checked([{k: v for k, v in n.items() if k not in ("name", "audience")}
                           for n in saved], offered, row["agency_code"],
                          int(nomination["per_audience"]))
        evidence = {n["service"]: offered[n["service"]]["evidence"] for n in chosen}
        first = fresh["submitted_at"] is None
        await ctx.db.raw(
            "UPDATE collection_request SET state = {}, submitted_at = {}, late = {}, "
            "updated_at = {} WHERE id = {}", step.leads_to, now,
            late if first else bool(fresh["late"]), now, row["id"])
        await _record(ctx, row, "submit", fresh["state"], str(step.leads_to), principal.key_id,
                      details={"nominations": chosen, "evidence": evidence}, late=late, at=now)
    return await read_nomination(ctx, principal, collection_id, agency)
