"""Collections: made by the national office, listed, read and tracked.

A collection pins the published version of the form it asks, so that every
agency answers the same questions; it lists its asked agencies once, when it
is made (one reply each, ``not_started``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.collections.access import is_office, load_collection, require_office
from forms_service.collections.order import late_sentence, sort_agencies
from forms_service.collections.schedule import (
    ScheduleRejected,
    parse_deadline,
    parse_schedule,
)
from forms_service.collections.states import NOT_SENT, STATES
from forms_service.context import Context
from forms_service.db import json_value, moment_value
from forms_service.errors import InvalidInput
from forms_service.i18n import VIETNAM
from forms_service.outbox.queue import sealer
from forms_service.text import clean_name, nfc

__all__ = ["SCOPES", "asked_agencies", "check_contact", "collection_status", "create_collection",
           "describe", "list_collections", "published_version", "read_collection"]

SCOPES = ("ministries", "provinces", "all")
MAX_CONTACT = 500
MAX_LISTED = 500


def _contact_bound(collection_id: int) -> str:
    return f"collection-contact-{collection_id}"


def open_contact(ctx: Context, row: dict[str, Any]) -> str:
    return str(sealer(ctx.db).open(row["sealed_contact"], _contact_bound(row["id"])))


def check_contact(value: Any) -> str:
    """The office's contact, as written (required, at most :data:`MAX_CONTACT`)."""
    contact = nfc(str(value or "")).strip()
    if not contact or len(contact) > MAX_CONTACT:
        raise InvalidInput("contact is required: who at the national office answers the "
                           "agencies' questions (name, telephone, e-mail; at most {limit} "
                           "characters).", limit=MAX_CONTACT)
    return contact


async def asked_agencies(ctx: Context, agencies: Any) -> tuple[str, list[dict[str, Any]]]:
    """The scope and the agencies a collection asks."""
    if agencies in SCOPES:
        kinds = {"ministries": ("ministry",), "provinces": ("province",),
                 "all": ("ministry", "province")}[agencies]
        marks = ", ".join(["{}"] * len(kinds))
        rows = await ctx.db.raw(f"SELECT id, code, name, kind FROM agency WHERE kind IN ({marks})",
                                *kinds)
        scope = agencies
    elif isinstance(agencies, list) and agencies and len(agencies) <= MAX_LISTED and all(
            isinstance(code, str) for code in agencies):
        codes = list(dict.fromkeys(code.strip() for code in agencies))
        marks = ", ".join(["{}"] * len(codes))
        rows = await ctx.db.raw(f"SELECT id, code, name, kind FROM agency WHERE code IN ({marks})",
                                *codes)
        unknown = sorted(set(codes) - {row["code"] for row in rows})
        if unknown:
            raise InvalidInput("agencies names codes no agency has: {codes}.",
                               codes=", ".join(code[:40] for code in unknown[:10]))
        scope = "list"
    else:
        raise InvalidInput('agencies must be "ministries", "provinces", "all" or a list of '
                           "agency codes (at most {limit}).", limit=MAX_LISTED)
    if not rows:
        raise InvalidInput("No agency is registered in {scope}: register them first.",
                           scope=str(agencies))
    return scope, rows


async def published_version(ctx: Context, slug: Any) -> dict[str, Any]:
    if not isinstance(slug, str) or not slug.strip():
        raise InvalidInput("form is required: the slug of the published form the agencies "
                           "answer, such as agency-communication.")
    rows = await ctx.db.raw(
        "SELECT f.id AS form, f.slug AS slug, v.id AS version, v.number AS number FROM form f "
        "JOIN form_version v ON v.form = f.id AND v.number = f.latest_version "
        "WHERE f.slug = {} AND f.status = 'published'", slug.strip()[:80])
    if not rows:
        raise InvalidInput("Form {slug} is not a published form: publish it, or name another.",
                           slug=slug.strip()[:80])
    return rows[0]


async def create_collection(ctx: Context, principal: Principal, body: dict[str, Any], *,
                            now: dt.datetime | None = None) -> dict[str, Any]:
    """Make a collection and its asked agencies' empty replies (the national office)."""
    require_office(principal)
    title = clean_name(str(body.get("title") or ""), "title")
    contact = check_contact(body.get("contact"))
    try:
        deadline = parse_deadline(body.get("deadline"))
        schedule = parse_schedule(body.get("reminders"))
    except ScheduleRejected as exc:
        raise InvalidInput(exc.message, error_code="invalid_schedule", **exc.params) from None
    form = await published_version(ctx, body.get("form"))
    scope, agencies = await asked_agencies(ctx, body.get("agencies"))
    now = now or dt.datetime.now(dt.UTC)
    seal = sealer(ctx.db)
    async with ctx.db.write_transaction():
        [row] = await ctx.db.raw(
            "INSERT INTO collection (title, kind, form, form_version, scope, deadline, "
            "reminders, sealed_contact, created_by, created_at) VALUES ({}, 'form', {}, {}, "
            "{}, {}, {}, '', {}, {}) RETURNING id", title, form["form"], form["version"], scope,
            deadline.astimezone(dt.UTC), json.dumps(schedule.as_dict()), principal.key_id, now)
        collection_id = int(row["id"])
        await ctx.db.raw("UPDATE collection SET sealed_contact = {} WHERE id = {}",
                         seal.seal(contact, _contact_bound(collection_id)), collection_id)
        for agency in agencies:
            await ctx.db.raw(
                "INSERT INTO collection_request (collection, agency, state, answers, revision, "
                "late, reminded, updated_at) VALUES ({}, {}, 'not_started', NULL, 0, {}, 0, {})",
                collection_id, agency["id"], False, now)
    return await read_collection(ctx, principal, collection_id)


async def describe(ctx: Context, row: dict[str, Any]) -> dict[str, Any]:
    """The collection as the API shows it."""
    [form] = await ctx.db.raw(
        "SELECT f.slug, v.number FROM form f JOIN form_version v ON v.id = {} "
        "WHERE f.id = {}", row["form_version"], row["form"])
    counts = {state: 0 for state in STATES}
    for item in await ctx.db.raw("SELECT state, COUNT(*) AS n FROM collection_request "
                                 "WHERE collection = {} GROUP BY state", row["id"]):
        counts[item["state"]] = int(item["n"])
    return {
        "id": row["id"], "title": row["title"], "kind": row["kind"],
        "form": form["slug"], "form_version": form["number"], "agencies": row["scope"],
        "deadline": moment_value(row["deadline"]).astimezone(VIETNAM),
        "reminders": json_value(row["reminders"]), "contact": open_contact(ctx, row),
        "created_at": moment_value(row["created_at"]), "asked": sum(counts.values()),
        "states": counts,
    }


async def read_collection(ctx: Context, principal: Principal,
                          collection_id: int) -> dict[str, Any]:
    row = await load_collection(ctx.db, principal, collection_id)
    body = await describe(ctx, row)
    if not is_office(principal):  # an agency sees its own reply's state, not the others'
        [own] = await ctx.db.raw("SELECT state FROM collection_request WHERE collection = {} "
                                 "AND agency = {}", collection_id, principal.agency_id)
        body["states"] = {state: int(state == own["state"]) for state in STATES}
        body["asked"] = 1
    return body


async def list_collections(ctx: Context, principal: Principal) -> list[dict[str, Any]]:
    """Every collection for the office; for an agency, those that ask it."""
    if is_office(principal):
        rows = await ctx.db.raw("SELECT * FROM collection ORDER BY deadline DESC, id DESC")
    elif principal.agency_id is not None and principal.role in (Role.DESIGNER, Role.ANALYST):
        rows = await ctx.db.raw(
            "SELECT c.* FROM collection c JOIN collection_request r ON r.collection = c.id "
            "WHERE r.agency = {} ORDER BY c.deadline DESC, c.id DESC", principal.agency_id)
    else:
        rows = []
    return [await read_collection(ctx, principal, row["id"]) for row in rows]


async def collection_status(ctx: Context, principal: Principal,
                            collection_id: int) -> dict[str, Any]:
    """Every asked agency's state in a letter's order, and the sentence naming those
    that have not sent (the national office)."""
    require_office(principal)
    row = await load_collection(ctx.db, principal, collection_id)
    rows = await ctx.db.raw(
        "SELECT a.code, a.name, a.kind, r.state, r.submitted_at, r.late, r.reminded, "
        "r.updated_at FROM collection_request r JOIN agency a ON a.id = r.agency "
        "WHERE r.collection = {}", collection_id)
    items = [{"agency": item["code"], "name": item["name"], "kind": item["kind"],
              "state": item["state"], "submitted_at": moment_value(item["submitted_at"]),
              "late": bool(item["late"]), "reminders_sent": int(item["reminded"])}
             for item in sort_agencies(rows)]
    not_sent = [item for item in items if item["state"] in NOT_SENT]
    return {"collection": collection_id, "title": row["title"],
            "deadline": moment_value(row["deadline"]).astimezone(VIETNAM),
            "agencies": items, "not_sent": [item["agency"] for item in not_sent],
            "not_sent_sentence": late_sentence(not_sent)}


