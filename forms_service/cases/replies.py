"""Replying to the citizen and asking whether their problem was solved.

**The contact.** A case keeps a contact only when the citizen left one to be
answered: the contact of the invitation they answered through (given by the
one-stop system with the citizen's agreement), or the contact they typed in
the form's contact question, when they agreed to be contacted
(:func:`forms_service.cases.rules.consented_contact`). It is sealed
(AES-GCM) onto the case when the case opens, bound to the case's follow-up
code so that it opens on no other row, with the channel that will carry the
reply (an invitation's channel; ``email`` for an address, ``sms`` for a
mobile number; a landline receives nothing and is not kept). It is erased
when the case is closed, never logged, never exported, never shown.

**The reply.** Answering a case (``respond``) with a reply text writes a
:class:`~forms_service.cases.tables.CaseReply` in the citizen's language (the
language they answered in) and, when the case has a contact, one outbox
message in the same transaction: an e-mail (plain text and HTML) with the
reply and the follow-up link, or an SMS/Zalo text of one segment with the
link only, the reply being on the follow-up page. Without a contact the reply
is recorded only. Whether it was queued, sent or failed is read from the
outbox.

**The follow-up.** ``/r/{code}`` (20 characters of base64url, 120 random
bits) shows the latest reply and one question, "Has your problem been
solved?" (solved, partly, not_solved, with an optional comment), for
:data:`FOLLOW_UP_DAYS` days after the reply. One answer per reply: a second
is refused as already answered. The answer is recorded on the reply and on
the case (``follow_up``, ``follow_up_at``); "not solved" reopens a closed case
within the agency's reopening window (the transition's actor is
``follow-up``), so that somebody looks at it again.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import secrets
import unicodedata
from typing import Any

from forms_service.cases.policy import agency_policy
from forms_service.cases.states import TransitionRefused, move
from forms_service.context import Context
from forms_service.db import Database
from forms_service.distribution.contacts import parse_contact
from forms_service.distribution.texts import sms_text
from forms_service.errors import N_, Conflict, InvalidInput, NotFound, PhieuError
from forms_service.i18n import LOCALES, VIETNAM, translate, vietnam_today
from forms_service.outbox.queue import enqueue, sealer
from forms_service.outbox.sealing import SealingError

__all__ = ["ANSWERS", "CODE", "FOLLOW_UP_DAYS", "MAX_COMMENT", "MAX_REPLY", "FollowUpAnswered",
           "FollowUpExpired", "answer_follow_up", "case_contact", "delivery", "open_follow_up",
           "replies_of", "reply_payload", "write_reply"]

log = logging.getLogger("phieu")

FOLLOW_UP_DAYS = 30
MAX_REPLY = 4000
MAX_COMMENT = 1000
CODE_BYTES = 15  # 120 bits: 20 characters of base64url
CODE = re.compile(r"^[A-Za-z0-9_-]{20,32}$")
#: The answers to "Has your problem been solved?", in the order the page offers them.
ANSWERS = ("solved", "partly", "not_solved")
KIND = "case_reply"

EMAIL_SUBJECT = N_("{agency} has replied to your feedback")
EMAIL_BODY = N_("Dear citizen,\n\n{agency} has replied to the feedback you sent:\n\n{reply}"
                "\n\nHas your problem been solved? Tell us in one click (the link works until "
                "{expires}):\n\n{link}")
#: One GSM-7 segment: the agency's name is shortened should it not leave room.
SMS_TEXTS = {
    "vi": "{agency} da tra loi y kien cua anh/chi. Xem tra loi va cho biet van de da duoc "
          "giai quyet chua: {link}",
    "en": "{agency} has replied to your feedback. Read the reply and tell us if your "
          "problem is solved: {link}",
}


class FollowUpExpired(PhieuError):
    status = 410
    code = "follow_up_expired"

    def __init__(self, until: str, locale: str | None = None) -> None:
        super().__init__("The link to answer this reply worked until {date}.", date=until)
        self.locale = locale  # the citizen's, for the page that says so


class FollowUpAnswered(PhieuError):
    status = 409
    code = "already_answered"

    def __init__(self, when: str, locale: str | None = None) -> None:
        super().__init__("This reply was already answered on {date}.", date=when)
        self.locale = locale  # the citizen's, for the page that says so


def _aware(moment: Any) -> dt.datetime:
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _day(moment: Any) -> str:
    return _aware(moment).astimezone(VIETNAM).strftime("%d/%m/%Y")


def _bound(code: str) -> str:
    return f"case-contact:{code}"


def case_contact(db: Database, given: str | None, invited: tuple[str, str] | None
                 ) -> dict[str, Any]:
    """The columns a new case keeps to reply by: the contact the citizen typed and agreed
    to be contacted at (``given``), else the invitation's ``(channel, to)``; sealed,
    bound to a fresh follow-up code. None of them when there is no contact to reply by."""
    channel, to = None, None
    if given is not None:
        contact = parse_contact(unicodedata.normalize("NFKC", given))
        if contact is not None and contact.kind != "landline":
            channel, to = ("email" if contact.kind == "email" else "sms"), contact.value
    if channel is None and invited is not None:
        channel, to = invited
    if channel is None or not to:
        return {}
    code = secrets.token_urlsafe(CODE_BYTES)
    return {"code": code, "contact_channel": channel,
            "sealed_contact": sealer(db).seal(to, _bound(code))}


def _email_html(text: str, link: str) -> str:
    escaped_link = html.escape(link)
    paragraphs = []
    for part in text.split("\n\n"):
        escaped = html.escape(part).replace(
            escaped_link, f'<a href="{escaped_link}">{escaped_link}</a>').replace("\n", "<br>")
        paragraphs.append(f"<p>{escaped}</p>")
    return "".join(paragraphs)


def reply_payload(channel: str, to: str, *, locale: str, agency: str, reply: str, link: str,
                  expires: dt.datetime) -> dict[str, Any]:
    """The message of a reply for its channel, in ``locale``: an e-mail with the reply
    and the follow-up link, or an SMS/Zalo text of one segment with the link."""
    if channel == "email":
        text = translate(locale, EMAIL_BODY, agency=agency, reply=reply, link=link,
                         expires=_day(expires))
        return {"to": to, "subject": " ".join(translate(locale, EMAIL_SUBJECT,
                                                        agency=agency).split()),
                "text": text, "html": _email_html(text, link)}
    return {"to": to, "text": sms_text(SMS_TEXTS.get(locale, SMS_TEXTS["vi"]), agency, "",
                                       link), "params": {"link": link}}


async def write_reply(ctx: Context, case_id: int, text: str, actor: str,
                      now: dt.datetime) -> None:
    """Record the reply to case ``case_id`` and, when the case has a contact, write its
    message into the outbox; in the caller's transaction."""
    [case] = await ctx.db.raw(
        "SELECT c.code, c.contact_channel, c.sealed_contact, c.agency, a.name AS agency_name, "
        "r.locale FROM feedback_case c JOIN agency a ON a.id = c.agency "
        "LEFT JOIN response r ON r.id = c.response WHERE c.id = {}", case_id)
    locale = case["locale"] if case["locale"] in LOCALES else "vi"
    seal, to = sealer(ctx.db), None
    if case["sealed_contact"] is not None and case["code"] is not None:
        try:
            to = seal.open(case["sealed_contact"], _bound(case["code"]))
        except SealingError:  # sealed under a contact key since replaced
            log.warning("case %s: its contact does not open with the current contact key; "
                        "the reply is recorded only", case_id)
    sending = to is not None
    expires = now + dt.timedelta(days=FOLLOW_UP_DAYS)
    [reply] = await ctx.db.raw(
        "INSERT INTO case_reply (\"case\", text, locale, channel, message_key, actor, at, "
        "expires_at) VALUES ({}, {}, {}, {}, NULL, {}, {}, {}) RETURNING id", case_id, text,
        locale, case["contact_channel"] if sending else None, actor, now,
        expires if case["code"] is not None else None)
    if not sending:
        return
    key = f"reply-{case_id}-{reply['id']}"
    link = f"{ctx.settings.public_url.rstrip('/')}/r/{case['code']}"
    payload = reply_payload(case["contact_channel"], to, locale=locale,
                            agency=case["agency_name"], reply=text, link=link, expires=expires)
    await enqueue(ctx.db, channel=case["contact_channel"], kind=KIND, key=key, payload=payload,
                  agency=case["agency"], seal=seal)
    await ctx.db.raw("UPDATE case_reply SET message_key = {} WHERE id = {}", key, reply["id"])


def delivery(channel: str | None, status: str | None) -> str:
    """How a reply went: ``recorded`` (no contact), ``queued``, ``sent`` or ``failed``."""
    if channel is None:
        return "recorded"
    return {"sent": "sent", "failed": "failed", "dead": "failed"}.get(status or "", "queued")


async def replies_of(ctx: Context, case_id: int) -> list[dict[str, Any]]:
    """A case's replies, oldest first, with how each was delivered and answered."""
    rows = await ctx.db.raw(
        "SELECT r.id, r.text, r.locale, r.channel, r.actor, r.at, r.expires_at, r.answer, "
        "r.comment, r.answered_at, m.status AS message_status FROM case_reply r "
        "LEFT JOIN outbox_message m ON m.idempotency_key = r.message_key "
        "WHERE r.\"case\" = {} ORDER BY r.id", case_id)
    out = []
    for row in rows:
        status = row.pop("message_status")
        out.append({**row, "delivery": delivery(row["channel"], status)})
    return out


async def _case_of_code(ctx: Context, code: str) -> dict[str, Any]:
    rows = await ctx.db.raw(
        "SELECT c.id, c.agency, c.state, c.closed_at, c.assigned_unit, c.assigned_person, "
        "a.name AS agency_name, r.locale FROM feedback_case c JOIN agency a ON a.id = c.agency "
        "LEFT JOIN response r ON r.id = c.response WHERE c.code = {}",
        code) if CODE.fullmatch(code) else []
    if not rows:
        raise NotFound(N_("This link is not valid. Check that it was copied whole."))
    return rows[0]


async def _latest_reply(ctx: Context, case_id: int) -> dict[str, Any]:
    rows = await ctx.db.raw("SELECT id, text, locale, at, expires_at, answer, answered_at "
                            "FROM case_reply WHERE \"case\" = {} AND expires_at IS NOT NULL "
                            "ORDER BY id DESC LIMIT 1", case_id)
    if not rows:
        raise NotFound(N_("This link is not valid. Check that it was copied whole."))
    return rows[0]


async def open_follow_up(ctx: Context, code: str) -> dict[str, Any]:
    """The case's latest reply to show on the follow-up page: ``agency``, ``reply``,
    ``locale``; :class:`FollowUpAnswered` once answered, :class:`FollowUpExpired` after
    its link's last moment, ``NotFound`` for a code that is no case's."""
    case = await _case_of_code(ctx, code)
    reply = await _latest_reply(ctx, case["id"])
    if reply["answered_at"] is not None:
        raise FollowUpAnswered(_day(reply["answered_at"]), reply["locale"])
    if _aware(reply["expires_at"]) <= dt.datetime.now(dt.UTC):
        raise FollowUpExpired(_day(reply["expires_at"]), reply["locale"])
    return {"agency": case["agency_name"], "reply": reply["text"],
            "locale": reply["locale"] or "vi", "case": case, "reply_id": reply["id"]}


def _comment(raw: Any) -> str | None:
    if raw is None:
        return None
    text = unicodedata.normalize("NFC", str(raw)).replace("\r\n", "\n").strip()
    if len(text) > MAX_COMMENT:
        raise InvalidInput(N_("The comment is too long: at most {max} characters."),
                           max=MAX_COMMENT)
    return text or None


async def answer_follow_up(ctx: Context, code: str, answer: Any, comment: Any) -> bool:
    """Record the citizen's answer to the latest reply of the case behind ``code``;
    whether the case was reopened ("not solved" on a case closed within the agency's
    reopening window)."""
    if answer not in ANSWERS:
        raise InvalidInput(N_("Choose one answer: yes, partly or no."),
                           error_code="invalid_follow_up")
    text = _comment(comment)
    opened = await open_follow_up(ctx, code)
    case = opened["case"]
    now = dt.datetime.now(dt.UTC)
    reopened = False
    async with ctx.db.write_transaction():
        done = await ctx.db.raw(
            "UPDATE case_reply SET answer = {}, comment = {}, answered_at = {} "
            "WHERE id = {} AND answered_at IS NULL RETURNING id", answer, text, now,
            opened["reply_id"])
        if not done:
            raise FollowUpAnswered(_day(now))
        await ctx.db.raw("UPDATE feedback_case SET follow_up = {}, follow_up_at = {}, "
                         "updated_at = {} WHERE id = {}", answer, now, now, case["id"])
        if answer == "not_solved" and case["state"] == "closed":
            reopened = await _reopen(ctx, case, now)
    return reopened


async def _reopen(ctx: Context, case: dict[str, Any], now: dt.datetime) -> bool:
    """Reopen a closed case after a "not solved" follow-up, if the agency's window allows
    (as the ``reopen`` action does, by the ``follow-up``)."""
    policy = await agency_policy(ctx.db, case["agency"])
    closed_at = _aware(case["closed_at"]) if case["closed_at"] is not None else None
    try:
        step = move("closed", "reopen", assigned=case["assigned_unit"] is not None
                    or case["assigned_person"] is not None, closed_at=closed_at, now=now,
                    reopen_days=policy.reopen_days)
    except TransitionRefused:
        return False
    moved = await ctx.db.raw(
        "UPDATE feedback_case SET state = {}, closed_at = NULL, outcome = NULL, "
        "responded_at = NULL, respond_due = {}, reopened = reopened + 1, updated_at = {} "
        "WHERE id = {} AND state = 'closed' RETURNING id", step.to_state,
        policy.calendar.add(vietnam_today(), policy.respond_days), now, case["id"])
    if not moved:
        raise Conflict("The case changed meanwhile: read it again and retry.")
    await ctx.db.raw(
        "INSERT INTO case_transition (\"case\", action, from_state, to_state, outcome, actor, "
        "at) VALUES ({}, {}, {}, {}, NULL, {}, {})", case["id"], step.action, step.from_state,
        step.to_state, "follow-up", now)
    return True
