"""The outbox as people see it: an agency's messages (never their contacts or
texts), and a dead message queued again."""

from __future__ import annotations

from typing import Any

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import Conflict, InvalidInput, NotFound
from forms_service.outbox.queue import requeue
from forms_service.outbox.tables import STATUSES

__all__ = ["MESSAGE_FIELDS", "list_messages", "retry_message"]

MESSAGE_FIELDS = ("id", "kind", "channel", "status", "attempts", "last_error", "created_at",
                  "sent_at")
MAX_PAGE = 500


def _scope(principal: Principal) -> tuple[str, list[Any]]:
    if principal.is_admin:
        return "", []
    if principal.agency_id is None:  # a designer key always has an agency
        raise NotFound("There is no message {id} in the outbox.", id="*")
    return " AND agency = {}", [principal.agency_id]


async def list_messages(ctx: Context, principal: Principal, *, status: str | None,
                        after: int, limit: int) -> list[dict[str, Any]]:
    """The caller's agency's messages (admins: all), oldest first after ``after``."""
    principal.require_role(Role.DESIGNER)
    if status is not None and status not in STATUSES:
        raise InvalidInput("status must be one of: {choices}.", choices=", ".join(STATUSES))
    scope, args = _scope(principal)
    where = "id > {}" + scope + (" AND status = {}" if status else "")
    values: list[Any] = [after, *args, *([status] if status else [])]
    return await ctx.db.raw(
        f"SELECT {', '.join(MESSAGE_FIELDS)} FROM outbox_message WHERE {where} "
        "ORDER BY id LIMIT {}", *values, min(max(limit, 1), MAX_PAGE))


async def retry_message(ctx: Context, principal: Principal, message_id: int) -> dict[str, Any]:
    """Queue a dead message again (same idempotency key, attempts from zero)."""
    principal.require_role(Role.DESIGNER)
    scope, args = _scope(principal)
    sql = f"SELECT {', '.join(MESSAGE_FIELDS)} FROM outbox_message WHERE id = {{}}{scope}"
    rows = await ctx.db.raw(sql, message_id, *args)
    if not rows:
        raise NotFound("There is no message {id} in the outbox.", id=message_id)
    if not await requeue(ctx.db, message_id):
        raise Conflict("Message {id} is {status}: only a dead message (out of attempts) can "
                       "be tried again.", id=message_id, status=rows[0]["status"])
    [row] = await ctx.db.raw(sql, message_id, *args)
    return row
