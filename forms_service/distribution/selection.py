"""Which returned dossiers are invited, and the invitation written with the event.

:func:`select_invitations` listens to newly stored ``returned`` events
(:mod:`forms_service.dossiers.listeners`), inside the ingest's transaction.
For each event that carries a contact it finds the agency's active rule
covering the dossier's service, unit and channel (the first form's, by id),
then in order: a channel of the rule the contact can receive; the sample
(a keyed hash of form and dossier below the sampling rate, so a replay picks
the same dossiers); the link not already expired; the stop list; the
recontact window (no invitation to this contact, by any agency, within
``RECONTACT_DAYS``); the quarterly sample of the service. A dossier chosen
gets one invitation per form (a unique key) and one outbox message, due
after the rule's delay and outside quiet hours. Every event with a contact
gets a note saying what happened.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from forms_service.credentials.keyed import hmac_sha256
from forms_service.db import Database
from forms_service.db.bulk import insert_rows
from forms_service.distribution.contacts import Contact, contact_hash, parse_contact
from forms_service.distribution.rules import Rule, parse_rule
from forms_service.distribution.schedule import send_time
from forms_service.distribution.texts import Texts, email_parts, sms_text
from forms_service.distribution.wording import texts_for
from forms_service.dossiers.listeners import Note, ReturnedDossier
from forms_service.i18n import N_, VIETNAM
from forms_service.outbox.queue import Outgoing, enqueue_many, sealer

__all__ = ["RECONTACT_DAYS", "invitation_payload", "reminder_time", "sampled",
           "select_invitations"]

RECONTACT_DAYS = 90
CODE_BYTES = 15  # 120 bits: 20 characters of base64url


def invitation_payload(channel: str, to: str, *, texts: Texts, agency: str, service: str,
                       link: str, expires: dt.datetime, slug: str) -> dict[str, Any]:
    """What an invitation (or its reminder) says, for its channel, in the language of
    ``texts``."""
    if channel == "email":
        return {"to": to, "unsubscribe": f"{link}/stop",
                **email_parts(texts, agency=agency, service=service, link=link,
                              stop=f"{link}/stop",
                              expires=expires.astimezone(VIETNAM).strftime("%d/%m/%Y"))}
    return {"to": to, "text": sms_text(texts.sms, agency, service, link),
            "params": {"link": link, "form": slug}}


def sampled(secret_key: str, form_id: int, dossier_hash: str, rate: float) -> bool:
    """Whether the dossier is in the form's sample (the same answer every time)."""
    if rate >= 1:
        return True
    digest = hmac_sha256(secret_key.encode(), f"sample\x1f{form_id}\x1f{dossier_hash}".encode())
    return int.from_bytes(digest[:8], "big") < rate * 2**64


def _quarter_start(moment: dt.datetime) -> dt.datetime:
    local = moment.astimezone(VIETNAM)
    month = 3 * ((local.month - 1) // 3) + 1
    return dt.datetime(local.year, month, 1, tzinfo=VIETNAM).astimezone(dt.UTC)


def _aware(moment: Any) -> dt.datetime:
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


async def _rules(db: Database, agency_id: int) -> list[tuple[int, str, Rule]]:
    rows = await db.raw(
        "SELECT r.form AS form, f.slug AS slug, r.rule AS rule FROM distribution_rule r "
        "JOIN form f ON f.id = r.form WHERE r.agency = {} AND f.status = 'published' "
        "ORDER BY r.form", agency_id)
    rules = []
    for row in rows:
        raw = row["rule"] if isinstance(row["rule"], dict) else json.loads(row["rule"])
        rule = parse_rule(raw)
        if rule.active:
            rules.append((int(row["form"]), str(row["slug"]), rule))
    return rules


async def _names(db: Database, table: str, ids: set[int], column: str) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join(["{}"] * len(ids))
    rows = await db.raw(f"SELECT id, {column} AS value FROM {table} WHERE id IN ({marks})",
                        *sorted(ids))
    return {int(row["id"]): str(row["value"]) for row in rows}


def _covers(rule: Rule, service: str, unit: str | None, channel: str) -> bool:
    return ((not rule.services or service in rule.services)
            and (not rule.units or (unit is not None and unit in rule.units))
            and (not rule.dossier_channels or channel in rule.dossier_channels))


def reminder_time(due: dt.datetime, expires: dt.datetime, channel: str,
                  rule: Rule) -> dt.datetime:
    """Halfway between the invitation and the link's expiry, outside quiet hours."""
    return send_time(due + (expires - due) / 2, delay=dt.timedelta(0), channel=channel,
                     quiet=rule.quiet)


@dataclass
class KnownContacts:
    """The keyed hashes of a batch's contacts on the stop list, and of those invited
    within the recontact window (read once per batch; grows as the batch invites)."""

    stopped: set[str] = field(default_factory=set)
    recent: set[str] = field(default_factory=set)


async def _known_contacts(db: Database, secret: str, candidates: list[ReturnedDossier],
                          now: dt.datetime) -> KnownContacts:
    digests = sorted({contact_hash(secret, contact) for contact in
                      (parse_contact(item.contact or "") for item in candidates) if contact})
    known = KnownContacts()
    since = now - dt.timedelta(days=RECONTACT_DAYS)
    for start in range(0, len(digests), 500):
        chunk = digests[start:start + 500]
        marks = ", ".join(["{}"] * len(chunk))
        rows = await db.raw(f"SELECT contact_hash FROM contact_stop WHERE contact_hash IN "
                            f"({marks})", *chunk)
        known.stopped.update(str(row["contact_hash"]) for row in rows)
        rows = await db.raw(f"SELECT DISTINCT contact_hash FROM invitation WHERE contact_hash "
                            f"IN ({marks}) AND created_at > {{}}", *chunk, since)
        known.recent.update(str(row["contact_hash"]) for row in rows)
    return known


@dataclass
class Pending:
    """An invitation decided, to be written with the others of its batch."""

    item: ReturnedDossier
    form: int
    slug: str
    channel: str
    contact: Contact
    digest: str
    code: str
    due: dt.datetime
    expires: dt.datetime
    reminder_at: dt.datetime | None
    locale: str
    texts: Texts
    agency: str
    service: str


@dataclass
class Batch:
    """What the decisions of one batch share: the contacts known, the invitations
    decided so far, the quarterly counts read."""

    known: KnownContacts
    pending: list[Pending] = field(default_factory=list)
    keys: set[tuple[int, str]] = field(default_factory=set)
    quarterly: dict[tuple[int, int], int] = field(default_factory=dict)


async def select_invitations(db: Database, returned: list[ReturnedDossier]
                             ) -> dict[int, Note]:
    notes: dict[int, Note] = {}
    candidates = [r for r in returned if r.contact]
    if not candidates:
        return notes
    settings = db.settings
    now = dt.datetime.now(dt.UTC)
    rules_of: dict[int, list[tuple[int, str, Rule]]] = {}
    service_ids = {int(r.row["service"]) for r in candidates}
    services = await _names(db, "service", service_ids, "code")
    service_names = await _names(db, "service", service_ids, "name")
    units = await _names(db, "unit", {int(r.row["unit"]) for r in candidates
                                      if r.row.get("unit") is not None}, "code")
    agencies = await _names(db, "agency", {r.agency_id for r in candidates}, "name")
    texts = await texts_for(db, {r.agency_id for r in candidates})
    batch = Batch(await _known_contacts(db, settings.secret_key, candidates, now))
    for item in candidates:
        if item.agency_id not in rules_of:
            rules_of[item.agency_id] = await _rules(db, item.agency_id)
        row = item.row
        service = services[int(row["service"])]
        unit = units.get(row["unit"]) if row.get("unit") is not None else None
        matching = [(form, slug, rule) for form, slug, rule in rules_of[item.agency_id]
                    if _covers(rule, service, unit, row["channel"])]
        if not matching:
            continue
        form, slug, rule = matching[0]
        contact = parse_contact(item.contact or "")
        if contact is None:
            notes[item.index] = Note("contact_invalid", N_(
                "The contact is neither an e-mail address nor a Vietnamese phone number; "
                "no invitation was made."))
            continue
        locale = item.language or "vi"
        note = await _decide(db, item, form, rule, contact, now=now, batch=batch,
                             texts=texts[item.agency_id][locale], locale=locale,
                             agency=agencies[item.agency_id],
                             service=service_names[int(row["service"])], slug=slug,
                             service_code=service, secret=settings.secret_key)
        if note is not None:
            notes[item.index] = note
    notes.update(await _write(db, batch.pending, settings.public_url))
    return notes


async def _decide(db: Database, item: ReturnedDossier, form: int, rule: Rule,
                  contact: Contact, *, now: dt.datetime, batch: Batch, texts: Texts,
                  locale: str, agency: str, service: str, service_code: str, slug: str,
                  secret: str) -> Note | None:
    """Why the dossier is not invited, or ``None`` once its invitation is decided
    (added to the batch's pending ones)."""
    row = item.row
    channel = next((c for c in rule.channels if contact.reachable_by(c)), None)
    if channel is None:
        if contact.kind == "landline":
            return Note("contact_landline", N_(
                "The contact is a landline, which cannot receive SMS or Zalo messages; "
                "no invitation was made."))
        return Note("contact_unreachable", N_(
            "The form invites by {channels}, which this contact cannot receive; no "
            "invitation was made."), {"channels": ", ".join(rule.channels)})
    if not sampled(secret, form, row["dossier_hash"], rule.sampling_rate):
        return Note("not_sampled", N_("Not in the form's sample ({rate} of returned "
                                      "dossiers); no invitation."),
                    {"rate": f"{rule.sampling_rate:g}"})
    returned_at = _aware(row.get("returned_at") or row["at"])
    expires = returned_at + dt.timedelta(days=rule.link_days)
    if expires <= now:
        return Note("too_old", N_("The dossier was returned more than {days} days ago; no "
                                  "invitation."), {"days": rule.link_days})
    if (form, row["dossier_hash"]) in batch.keys:
        return Note("already_invited", N_("This dossier was already invited to this form."))
    digest = contact_hash(secret, contact)
    if digest in batch.known.stopped:
        return Note("opted_out", N_("The citizen asked to receive no more invitations; no "
                                    "invitation was made."))
    if digest in batch.known.recent:
        return Note("recently_invited", N_(
            "This contact was invited within the last {days} days; no new invitation."),
            {"days": RECONTACT_DAYS})
    sample = rule.sample_of(service_code)
    if sample is not None:
        key = (form, int(row["service"]))
        if key not in batch.quarterly:
            [count] = await db.raw(
                "SELECT count(*) AS n FROM invitation WHERE form = {} AND service = {} "
                "AND created_at >= {}", form, row["service"], _quarter_start(now))
            batch.quarterly[key] = int(count["n"])
        if batch.quarterly[key] >= sample:
            return Note("sample_full", N_(
                "The form's quarterly sample of {size} for this procedure is complete; no "
                "invitation."), {"size": sample})
        batch.quarterly[key] += 1
    due = max(send_time(returned_at, delay=dt.timedelta(minutes=rule.delay_minutes),
                        channel=channel, quiet=rule.quiet), now)
    if channel != "email" and rule.quiet is not None:
        due = send_time(due, delay=dt.timedelta(0), channel=channel, quiet=rule.quiet)
    batch.keys.add((form, row["dossier_hash"]))
    batch.known.recent.add(digest)
    batch.pending.append(Pending(
        item=item, form=form, slug=slug, channel=channel, contact=contact, digest=digest,
        code=secrets.token_urlsafe(CODE_BYTES), due=due, expires=expires,
        reminder_at=reminder_time(due, expires, channel, rule) if rule.reminder else None,
        locale=locale, texts=texts, agency=agency, service=service))
    return None


_COLUMNS = ("agency", "form", "dossier_hash", "service", "unit", "counter", "officer",
            "dossier_channel", "channel", "contact_hash", "code", "sealed_contact", "status",
            "created_at", "send_at", "expires_at", "reminder_at", "locale")
_TYPES = ("integer", "integer", "text", "integer", "integer", "integer", "integer", "text",
          "text", "text", "text", "text", "text", "timestamptz", "timestamptz", "timestamptz",
          "timestamptz", "text")


async def _write(db: Database, pending: list[Pending], public_url: str) -> dict[int, Note]:
    """The batch's invitations and their messages, in two statements; a note for each."""
    if not pending:
        return {}
    seal = sealer(db)
    now = dt.datetime.now(dt.UTC)
    rows = []
    for p in pending:
        row = p.item.row
        rows.append((p.item.agency_id, p.form, row["dossier_hash"], row["service"],
                     row.get("unit"), row.get("counter"), row.get("officer"), row["channel"],
                     p.channel, p.digest, p.code,
                     seal.seal(p.contact.value, p.code), "queued",
                     now, p.due, p.expires, p.reminder_at, p.locale))
    written = {str(found[0]) for found in await insert_rows(
        db, "invitation", _COLUMNS, _TYPES, rows,
        "ON CONFLICT (form, dossier_hash) DO NOTHING RETURNING code")}
    notes: dict[int, Note] = {}
    messages = []
    for p in pending:
        if p.code not in written:
            notes[p.item.index] = Note("already_invited", N_(
                "This dossier was already invited to this form."))
            continue
        payload = invitation_payload(p.channel, p.contact.value, texts=p.texts,
                                     agency=p.agency, service=p.service,
                                     link=f"{public_url}/s/{p.code}", expires=p.expires,
                                     slug=p.slug)
        messages.append(Outgoing(channel=p.channel, kind="invitation", key=f"inv-{p.code}",
                                 payload=payload, agency=p.item.agency_id,
                                 not_before_ms=int(p.due.timestamp() * 1000)))
        notes[p.item.index] = Note(
            "invited", N_("An invitation by {channel} goes out at {time} (Vietnam time)."),
            {"channel": p.channel, "time": p.due.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M")})
    await enqueue_many(db, messages, seal)
    return notes
