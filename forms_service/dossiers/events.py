"""One dossier event as a one-stop system sends it: its fields checked one by one.

:func:`parse_event` turns the JSON object of one event (the API's English
field names) into an :class:`Event`, or raises :class:`EventRejected` naming
the field and what to write instead (an English msgid and its parameters,
translated where the answer is written). Nothing here reads the database:
codes of services, units, counters and officers are resolved by the ingest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from forms_service.i18n import LOCALES, N_, VIETNAM
from forms_service.text import nfc

__all__ = [
    "CHANNELS", "FIELDS", "MAX_BATCH", "STATUSES", "SUBMITTED_BY", "Event", "EventRejected",
    "contact_problem", "parse_event", "parse_time",
]

MAX_BATCH = 1000
STATUSES = ("received", "processing", "supplement_requested", "returned", "cancelled")
CHANNELS = ("in_person", "online", "postal")
SUBMITTED_BY = ("self", "assisted")
FIELDS = ("system", "event_id", "dossier", "service", "status", "at", "channel",
          "received_at", "due_at", "returned_at", "unit", "counter", "officer",
          "submitted_by", "contact", "language")
_FIELD_SET = frozenset(FIELDS)
MAX_REFERENCE = 200
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/\-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+$")
# Vietnamese numbers: mobiles 03x, 05x, 07x, 08x, 09x and landlines 02xx, with 0, 84 or +84
_PHONE = re.compile(r"^(?:\+?84|0)(?:[35789]\d{8}|2\d{9})$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_COMPACT_TIME = re.compile(r"^\d{14}$")  # yyyyMMddHHmmss, Vietnam time (the national portal's)
_EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


class EventRejected(Exception):
    """An event that cannot be stored: which field, and what to write instead."""

    def __init__(self, field: str, code: str, message: str, /, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.field = field
        self.code = code
        self.message = message
        self.params = params


@dataclass(frozen=True, slots=True)
class Event:
    """A checked event; ``dossier`` is the reference as sent (hashed by the ingest)."""

    system: str
    event_id: str
    dossier: str
    service: str
    status: str
    at: dt.datetime
    channel: str
    received_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    unit: str | None = None
    counter: str | None = None
    officer: str | None = None
    submitted_by: str | None = None
    language: str | None = None  # the citizen's, for an invitation; not stored


def _text(raw: dict[str, Any], name: str, limit: int, *, required: bool) -> str | None:
    value = raw.get(name)
    if type(value) is str:  # the usual case first
        text = value.strip()
        if text:
            if not text.isascii():
                text = nfc(text)
            if len(text) > limit:
                raise EventRejected(name, "too_long",
                                    N_("{field} is too long: at most {limit} characters."),
                                    field=name, limit=limit)
            return text
        value = None
    if value is None:
        if required:
            raise EventRejected(name, "required", N_("{field} is required."), field=name)
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return _text({name: str(value)}, name, limit, required=required)
    raise EventRejected(name, "invalid", N_("{field} must be text."), field=name)


def _code(raw: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    text = _text(raw, name, 64, required=required)
    if text is not None and not _CODE.fullmatch(text):
        raise EventRejected(name, "invalid",
                            N_("{field} {value!r} is not a code: use letters, digits and . - _ / :"
                               " (at most 64)."), field=name, value=text[:80])
    return text


def _choice(raw: dict[str, Any], name: str, choices: tuple[str, ...], *,
            required: bool) -> str | None:
    text = _text(raw, name, 32, required=required)
    if text is not None and text not in choices:
        raise EventRejected(name, "invalid", N_("{field} must be one of: {choices}."),
                            field=name, choices=", ".join(choices))
    return text


def parse_time(value: Any) -> dt.datetime | None:
    """A moment from ISO 8601 (``2025-03-04T08:30:00+07:00``; without an offset:
    Vietnam time) or the national portal's ``yyyyMMddHHmmss`` (Vietnam time);
    ``None`` if it is neither."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if _COMPACT_TIME.fullmatch(text):
            moment = dt.datetime.strptime(text, "%Y%m%d%H%M%S")
        else:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    moment = moment.astimezone(dt.UTC)
    return moment if _EARLIEST <= moment < _LATEST else None


def _time(raw: dict[str, Any], name: str, *, required: bool) -> dt.datetime | None:
    value = raw.get(name)
    if value is None or value == "":
        if required:
            raise EventRejected(name, "required", N_("{field} is required."), field=name)
        return None
    moment = parse_time(value)
    if moment is None:
        raise EventRejected(name, "invalid", N_(
            "{field} is not a time: write it like 2025-03-04T08:30:00+07:00 "
            "(between 2000 and 2099)."), field=name)
    return moment


def contact_problem(value: Any) -> str | None:
    """Why ``value`` is not a contact (an English msgid), or ``None`` if it is an e-mail
    address or a Vietnamese phone number (or absent).

    An event with a bad contact is still stored: the problem becomes a note on
    its result and no invitation is made. The contact is checked and then
    forgotten: nothing stores it.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) <= 254:
        text = value.strip()
        if "@" in text:
            if _EMAIL.fullmatch(text):
                return None
            return N_("The contact is not a valid e-mail address (like ten@example.vn); the "
                      "event is stored and no invitation was made.")
        if _PHONE.fullmatch(_PHONE_SEPARATORS.sub("", text)):
            return None
    return N_("The contact is neither an e-mail address nor a Vietnamese phone number "
              "(0912 345 678, 84912345678 or +84 912 345 678); the event is stored and no "
              "invitation was made.")


def parse_event(raw: Any, *, system_default: str | None = None) -> Event:
    """The checked :class:`Event` of one JSON object, or :class:`EventRejected`."""
    if not isinstance(raw, dict):
        raise EventRejected("", "invalid", N_("Each event must be a JSON object."))
    unknown = () if _FIELD_SET.issuperset(raw) else sorted(
        str(name) for name in raw if name not in _FIELD_SET)
    if unknown:
        raise EventRejected(unknown[0][:64], "unknown_field",
                            N_("{field} is not a field of a dossier event; the fields are: "
                               "{fields}."), field=unknown[0][:64], fields=", ".join(FIELDS))
    if raw.get("system") in (None, "") and system_default:
        raw = {**raw, "system": system_default}
    dossier = _text(raw, "dossier", MAX_REFERENCE, required=True)
    # the fields in the order their errors are told
    system = _code(raw, "system", required=True) or ""
    event_id = _text(raw, "event_id", 128, required=True) or ""
    service = _code(raw, "service", required=True) or ""
    status = _choice(raw, "status", STATUSES, required=True) or ""
    at = _time(raw, "at", required=True)
    channel = _choice(raw, "channel", CHANNELS, required=True) or ""
    received_at = _time(raw, "received_at", required=False)
    due_at = _time(raw, "due_at", required=False)
    returned_at = _time(raw, "returned_at", required=False)
    unit, counter, officer = _code(raw, "unit"), _code(raw, "counter"), _code(raw, "officer")
    submitted_by = _choice(raw, "submitted_by", SUBMITTED_BY, required=False)
    language = _choice(raw, "language", LOCALES, required=False)
    if submitted_by is not None and channel != "online":
        raise EventRejected("submitted_by", "invalid", N_(
            "submitted_by is for online dossiers only (channel online); leave it out."))
    if status == "returned" and returned_at is None:
        returned_at = at  # a return event says when it happened
    return Event(system=system, event_id=event_id, dossier=dossier or "", service=service,
                 status=status, at=at, channel=channel,  # type: ignore[arg-type]
                 received_at=received_at, due_at=due_at, returned_at=returned_at, unit=unit,
                 counter=counter, officer=officer, submitted_by=submitted_by,
                 language=language)
