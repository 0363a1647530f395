"""Invitation links ``/s/{code}``: the invitation behind a code, the form it opens
with its dossier's context, the answer it sends, and opting out.

A code is 120 random bits (20 characters of base64url, so the path is 23
characters); the link carries no portal, token or dossier reference. Opening
a link records the ``opened`` touch (channel ``invitation``) for the funnel;
the answer is stored through the one submission pipeline with the
invitation's dossier, so one answer per form and dossier holds across the
portal, the link and every other channel. The invitation's contact, sealed
until the link is answered, goes with the answer (``reply_to``), so that a
case opened for it can answer the citizen; the invitation's copy is erased.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from forms_service.context import Context
from forms_service.dossiers.link import record_touch
from forms_service.embedding.service import PageForm, Visit, load_page_form, open_visit
from forms_service.errors import N_, AlreadyAnswered, NotFound, PhieuError
from forms_service.outbox.queue import sealer
from forms_service.outbox.sealing import SealingError
from forms_service.submissions import InvitationLink, Stored, Submission, submit

__all__ = ["CODE", "Invited", "LinkExpired", "answer", "open_link", "opt_out"]

CODE = re.compile(r"^[A-Za-z0-9_-]{20,32}$")


class LinkExpired(PhieuError):
    status = 410
    code = "link_expired"

    def __init__(self) -> None:
        super().__init__("This invitation link has expired.")


@dataclass(frozen=True)
class Invited:
    invitation: dict[str, Any]
    visit: Visit
    service: str


def _aware(moment: Any) -> dt.datetime:
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


async def _invitation(ctx: Context, code: str) -> dict[str, Any]:
    rows = await ctx.db.raw(
        "SELECT i.*, f.slug AS slug, s.code AS service_code FROM invitation i "
        "JOIN form f ON f.id = i.form JOIN service s ON s.id = i.service WHERE i.code = {}",
        code) if CODE.fullmatch(code) else []
    if not rows:
        raise NotFound(N_("This invitation link is not valid. Check that it was copied whole."))
    return rows[0]


async def known(ctx: Context, code: str) -> None:
    """Refuse a code that is no invitation's."""
    await _invitation(ctx, code)


async def open_link(ctx: Context, code: str, *, record: bool) -> Invited:
    """The invitation and its form, refusing an expired link or an answered dossier;
    with ``record`` the ``opened`` touch is recorded (first time only)."""
    invitation = await _invitation(ctx, code)
    if _aware(invitation["expires_at"]) <= dt.datetime.now(dt.UTC):
        raise LinkExpired()
    page = await load_page_form(ctx, invitation["slug"])
    visit = await open_visit(ctx, PageForm({**page.form, "access": "open"}, page.origins),
                             None)
    if await ctx.db.raw("SELECT 1 AS x FROM response WHERE form = {} AND dossier_hash = {}",
                        invitation["form"], invitation["dossier_hash"]):
        raise AlreadyAnswered()
    if record:
        await record_touch(ctx.db, invitation["agency"], invitation["dossier_hash"],
                           kind="opened", channel="invitation", form_id=invitation["form"])
        await ctx.db.raw("UPDATE invitation SET status = 'opened', opened_at = {} "
                         "WHERE id = {} AND opened_at IS NULL",
                         dt.datetime.now(dt.UTC), invitation["id"])
    return Invited(invitation, visit, invitation["service_code"])


async def answer(ctx: Context, invited: Invited, answers: Any, locale: str) -> Stored:
    invitation = invited.invitation
    reply_to = None
    if invitation["sealed_contact"]:  # a case opened for the answer keeps it to reply
        try:
            reply_to = (str(invitation["channel"]), str(sealer(ctx.db).open(
                invitation["sealed_contact"], invitation["code"])))
        except SealingError:  # sealed under a key since replaced: nobody to reply to
            reply_to = None
    stored = await submit(ctx, Submission(
        form=invitation["slug"], answers=answers,
        authority=InvitationLink(int(invitation["form"])), service=invited.service,
        dossier_hash=invitation["dossier_hash"], channel=invitation["channel"],
        locale=locale, reply_to=reply_to))
    await ctx.db.raw("UPDATE invitation SET status = 'answered', answered_at = {}, "
                     "sealed_contact = NULL WHERE id = {}", dt.datetime.now(dt.UTC),
                     invitation["id"])
    return stored


async def opt_out(ctx: Context, code: str) -> None:
    """Put the invitation's contact on the stop list (by its keyed hash): never
    invited again, by any agency. Works on expired links too."""
    invitation = await _invitation(ctx, code)
    async with ctx.db.write_transaction():
        await ctx.db.raw("INSERT INTO contact_stop (contact_hash, at) VALUES ({}, {}) "
                         "ON CONFLICT (contact_hash) DO NOTHING", invitation["contact_hash"],
                         dt.datetime.now(dt.UTC))
        await ctx.db.raw("UPDATE invitation SET sealed_contact = NULL WHERE contact_hash = {}",
                         invitation["contact_hash"])
