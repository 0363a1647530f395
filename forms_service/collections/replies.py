"""An asked agency's reply: its draft saved as its people go (with who changed
which questions), its submission, the office's review, every step recorded.

A draft is checked only for questions the form does not have; a submission
is validated against the collection's pinned version like any answer. A
submission after the deadline is taken and marked late (the reply is late
when its first submission was). Concurrent editors do not overwrite each
other: a draft saved with the ``revision`` it started from is refused with
409 if someone saved another meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal
from forms_service.collections.access import (
    is_office,
    load_collection,
    require_office,
    require_replier,
)
from forms_service.collections.states import STEPS, Step, next_state
from forms_service.context import Context
from forms_service.db import json_value, moment_value
from forms_service.errors import AnswersRejected, Conflict, InvalidInput, NotFound
from forms_service.outbox.queue import sealer
from forms_service.submissions.targets import compiled_version
from forms_service.text import nfc, nfc_deep

__all__ = ["MAX_COMMENT", "questions_of", "read_reply", "save_draft", "store_draft", "take_step"]

MAX_COMMENT = 4000
MAX_ANSWERS_BYTES = 200_000


def _comment_bound(request_id: int) -> str:
    return f"collection-comment-{request_id}"


async def _reply_row(ctx: Context, principal: Principal, collection_id: int,
                     agency: str) -> tuple[dict[str, Any], dict[str, Any]]:
    collection = await load_collection(ctx.db, principal, collection_id)
    try:
        row = await agency_by_code(agency)
    except NotFound:
        row = None
    if row is not None and (is_office(principal) or principal.agency_id == row["id"]):
        rows = await ctx.db.raw("SELECT * FROM collection_request WHERE collection = {} "
                                "AND agency = {}", collection_id, row["id"])
        if rows:
            return collection, {**rows[0], "agency_code": row["code"],
                                "agency_name": row["name"]}
    raise NotFound("Collection {id} asks no agency {code} of yours.", id=collection_id,
                   code=agency[:40])


async def _actors(ctx: Context, keys: set[str]) -> dict[str, str]:
    """Who an actor is, as people read it: a person's name, an API key's id."""
    ids = [int(key.split(":", 1)[1]) for key in keys
           if key.startswith("person:") and key.split(":", 1)[1].isdigit()]
    names = {}
    if ids:
        marks = ", ".join(["{}"] * len(ids))
        for row in await ctx.db.raw(f"SELECT id, name FROM person WHERE id IN ({marks})", *ids):
            names[f"person:{row['id']}"] = row["name"]
    return {key: names.get(key) or ("schedule" if key == "schedule" else f"API key {key}")
            for key in keys}


async def read_reply(ctx: Context, principal: Principal, collection_id: int,
                     agency: str) -> dict[str, Any]:
    """The reply with its answers and every step (the office, or the agency itself)."""
    _, row = await _reply_row(ctx, principal, collection_id, agency)
    return await _describe(ctx, row)


async def _describe(ctx: Context, row: dict[str, Any]) -> dict[str, Any]:
    events = await ctx.db.raw("SELECT * FROM collection_event WHERE request = {} ORDER BY id",
                              row["id"])
    actors = await _actors(ctx, {event["actor"] for event in events})
    seal = sealer(ctx.db)
    history = []
    for event in events:
        comment = (seal.open(event["sealed_comment"], _comment_bound(row["id"]))
                   if event["sealed_comment"] else None)
        history.append({"action": event["action"], "from_state": event["from_state"],
                        "to_state": event["to_state"], "by": actors[event["actor"]],
                        "at": moment_value(event["at"]), "comment": comment,
                        "details": json_value(event["details"]), "late": bool(event["late"])})
    return {"collection": row["collection"], "agency": row["agency_code"],
            "name": row["agency_name"], "state": row["state"],
            "answers": json_value(row["answers"]) or {}, "revision": int(row["revision"]),
            "submitted_at": moment_value(row["submitted_at"]), "late": bool(row["late"]),
            "history": history}


async def _questions(ctx: Context, collection: dict[str, Any]) -> Any:
    if collection["kind"] != "form":
        raise InvalidInput("Collection {id} is a nomination round, not a questionnaire: its "
                           "nominations are at /api/v1/nomination-rounds/{id}/nominations/.",
                           id=collection["id"])
    rows = await ctx.db.raw("SELECT id, number FROM form_version WHERE id = {}",
                            collection["form_version"])
    return await compiled_version(ctx, rows[0])


async def questions_of(ctx: Context, principal: Principal, collection_id: int) -> Any:
    """The compiled form a collection asks (its pinned version), if the caller may see it."""
    return await _questions(ctx, await load_collection(ctx.db, principal, collection_id))


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


async def _record(ctx: Context, row: dict[str, Any], action: str, before: str, after: str,
                  actor: str, *, comment: str | None = None, details: Any = None,
                  late: bool = False, at: dt.datetime) -> None:
    sealed = sealer(ctx.db).seal(comment, _comment_bound(row["id"])) if comment else None
    await ctx.db.raw(
        "INSERT INTO collection_event (request, action, from_state, to_state, actor, "
        "sealed_comment, details, late, at) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})",
        row["id"], action, before, after, actor[:64], sealed,
        None if details is None else json.dumps(details, ensure_ascii=False), late, at)


def _allowed(step: Step, state: str) -> None:
    if state not in step.starts:
        raise Conflict("This reply is {state}: {action} is possible only when it is {starts}.",
                       error_code="wrong_state", state=state, action=step.action,
                       starts=", ".join(step.starts))


async def save_draft(ctx: Context, principal: Principal, collection_id: int, agency: str,
                     answers: Any, revision: int | None, *,
                     now: dt.datetime | None = None) -> dict[str, Any]:
    """Save the agency's answers as they stand (its designers and analysts); ``now``:
    when (the present unless the demo replays a past collection)."""
    collection, row = await _reply_row(ctx, principal, collection_id, agency)
    require_replier(principal, row["agency"])
    if not isinstance(answers, dict):
        raise InvalidInput("answers must be a JSON object of question names and answers.")
    answers = nfc_deep(answers)
    if len(json.dumps(answers, ensure_ascii=False)) > MAX_ANSWERS_BYTES:
        raise InvalidInput("The answers are too long: at most {limit} characters in all.",
                           limit=MAX_ANSWERS_BYTES)
    compiled = await _questions(ctx, collection)
    known = {question.name for question in compiled.questions}
    unknown = sorted(str(name) for name in answers if name not in known)
    if unknown:
        raise InvalidInput("{name} is not a question of this form; its questions are: "
                           "{names}.", name=unknown[0][:60], names=", ".join(sorted(known)))
    await store_draft(ctx, principal, row, answers, revision, _changed, now=now)
    return await read_reply(ctx, principal, collection_id, agency)


async def store_draft(ctx: Context, principal: Principal, row: dict[str, Any],
                      answers: dict[str, Any], revision: int | None,
                      changed: Callable[[dict[str, Any], dict[str, Any]], list[str]], *,
                      now: dt.datetime | None = None) -> None:
    """Store checked ``answers`` as the draft of reply ``row`` (a questionnaire's answers
    or a round's nominations): refused if the reply's state allows no draft or someone
    saved it since ``revision``; the step recorded with what ``changed(before, after)``
    names."""
    step = STEPS["draft"]
    now = now or dt.datetime.now(dt.UTC)
    async with ctx.db.write_transaction():
        [fresh] = await ctx.db.raw("SELECT state, revision, answers FROM collection_request "
                                   "WHERE id = {}", row["id"])
        _allowed(step, fresh["state"])
        if revision is not None and revision != int(fresh["revision"]):
            raise Conflict("Someone saved this reply meanwhile (revision {current}, yours is "
                           "{revision}): reload it, then make your changes again.",
                           error_code="stale_revision", current=int(fresh["revision"]),
                           revision=revision)
        before = json_value(fresh["answers"]) or {}
        after = next_state(step, fresh["state"])
        await ctx.db.raw(
            "UPDATE collection_request SET answers = {}, state = {}, revision = revision + 1, "
            "updated_at = {} WHERE id = {}", json.dumps(answers, ensure_ascii=False), after,
            now, row["id"])
        await _record(ctx, row, "draft", fresh["state"], after, principal.key_id,
                      details={"changed": changed(before, answers)}, at=now)


async def take_step(ctx: Context, principal: Principal, collection_id: int, agency: str,
                    action: str, comment: str | None = None, locale: str = "vi", *,
                    now: dt.datetime | None = None) -> dict[str, Any]:
    """Submit (the agency), accept or request changes (the office)."""
    step = STEPS.get(action)
    if step is None or action == "draft":
        raise InvalidInput("action must be one of: submit, accept, request_changes.")
    collection, row = await _reply_row(ctx, principal, collection_id, agency)
    if step.by == "office":
        require_office(principal)
    else:
        require_replier(principal, row["agency"])
    text = nfc(comment or "").strip()
    if len(text) > MAX_COMMENT:
        raise InvalidInput("comment is too long: at most {limit} characters.",
                           limit=MAX_COMMENT)
    if step.needs_comment and not text:
        raise InvalidInput("comment is required: say what the agency should change.")
    now = now or dt.datetime.now(dt.UTC)
    deadline = moment_value(collection["deadline"])
    late = action == "submit" and now > deadline
    async with ctx.db.write_transaction():
        [fresh] = await ctx.db.raw("SELECT state, answers, submitted_at, late FROM "
                                   "collection_request WHERE id = {}", row["id"])
        _allowed(step, fresh["state"])
        after = next_state(step, fresh["state"])
        if action == "submit":
            compiled = await _questions(ctx, collection)
            result = compiled.validate(json_value(fresh["answers"]) or {}, locale=locale)
            if not result.ok:
                raise AnswersRejected([{"path": e.path, "code": e.code, "message": e.message}
                                       for e in result.errors])
            first = fresh["submitted_at"] is None
            await ctx.db.raw(
                "UPDATE collection_request SET state = {}, answers = {}, submitted_at = {}, "
                "late = {}, updated_at = {} WHERE id = {}", after,
                json.dumps(result.answers, ensure_ascii=False), now,
                late if first else bool(fresh["late"]), now, row["id"])
        else:
            await ctx.db.raw("UPDATE collection_request SET state = {}, updated_at = {} "
                             "WHERE id = {}", after, now, row["id"])
        await _record(ctx, row, action, fresh["state"], after, principal.key_id,
                      comment=text or None, late=late, at=now)
    return await read_reply(ctx, principal, collection_id, agency)
