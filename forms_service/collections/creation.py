"""The national office's page for making a collection: the posted fields, each
checked on its own so that every problem is shown beside its field at once.

What is asked is a *kind*: a published form (a questionnaire such as
``agency-communication``). A kind names its label, the fields it adds to the
page and how it turns them into the body of :func:`service.create_collection`;
another kind is one more entry of :data:`KINDS`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from forms_service.collections import service
from forms_service.collections.schedule import ScheduleRejected, parse_deadline, parse_schedule
from forms_service.context import Context
from forms_service.errors import N_, InvalidInput, PhieuError
from forms_service.i18n import translate
from forms_service.text import clean_name

__all__ = ["KINDS", "SCOPE_LABELS", "Kind", "Posted", "check_posted", "posted_values"]

SCOPE_LABELS = {
    "all": N_("All ministries and provinces"),
    "ministries": N_("All ministries"),
    "provinces": N_("All provinces"),
    "list": N_("The agencies ticked below"),
}
TEXT_FIELDS = ("title", "kind", "form", "scope", "deadline_date", "deadline_time",
               "before_days", "after_every_days", "contact")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}")


@dataclass
class Posted:
    """The page's fields as typed, and the problems found, by field."""

    values: dict[str, str]
    agencies: list[str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)

    def problem(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


@dataclass(frozen=True)
class Kind:
    """One kind of request: its label, and how its fields become the body."""

    label: str
    fields: tuple[str, ...]
    check: Callable[[Context, Posted, str], Awaitable[dict[str, Any]]]


async def _form_kind(ctx: Context, posted: Posted, locale: str) -> dict[str, Any]:
    try:
        found = await service.published_version(ctx, posted.values["form"])
    except PhieuError as exc:
        posted.problem("form", translate(locale, exc.message, **exc.params))
        return {}
    return {"form": found["slug"]}


KINDS: dict[str, Kind] = {
    "form": Kind(N_("A questionnaire (a published form)"), ("form",), _form_kind),
}


def posted_values(form: Any) -> Posted:
    """The posted fields (text cut at a safe length), the agencies ticked."""
    values = {}
    for name in TEXT_FIELDS:
        value = form.get(name)
        values[name] = value[:600] if isinstance(value, str) else ""
    agencies = [v[:40] for v in form.getall("agencies", []) if isinstance(v, str)][:600]
    return Posted(values, list(dict.fromkeys(agencies)))


def _days(text: str) -> list[int] | None:
    parts = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    return [int(part) for part in parts] if all(part.isdigit() for part in parts) else None


def _deadline(posted: Posted, locale: str) -> str | None:
    day, time = posted.values["deadline_date"].strip(), posted.values["deadline_time"].strip()
    if not _DATE.fullmatch(day):
        posted.problem("deadline_date", translate(
            locale, "Give the deadline's date, such as 2023-11-30."))
        return None
    if time and not _TIME.fullmatch(time):
        posted.problem("deadline_time", translate(
            locale, "Give the deadline's time as hours and minutes, such as 17:00, or leave "
                    "it empty for the end of the day."))
        return None
    text = f"{day}T{time}:00" if time else day
    try:
        parse_deadline(text)
    except ScheduleRejected as exc:
        posted.problem("deadline_time" if time and "T" in text and _valid_day(day)
                       else "deadline_date", translate(locale, exc.message, **exc.params))
        return None
    return text


def _valid_day(day: str) -> bool:
    try:
        parse_deadline(day)
    except ScheduleRejected:
        return False
    return True


def _reminders(posted: Posted, locale: str) -> dict[str, Any] | None:
    before = _days(posted.values["before_days"])
    if before is None:
        posted.problem("before_days", translate(
            locale, "Write numbers of days separated by commas, such as 7, 2, or leave it "
                    "empty for no reminder before the deadline."))
        return None
    every_text = posted.values["after_every_days"].strip()
    if every_text and not every_text.isdigit():
        posted.problem("after_every_days", translate(
            locale, "Write a number of days from 1 to 30 (7: weekly), or leave it empty for "
                    "no reminder after the deadline."))
        return None
    raw = {"before_days": before, "after_every_days": int(every_text) if every_text else None}
    try:
        parse_schedule(raw)
    except ScheduleRejected as exc:
        name = "before_days" if "before_days" in exc.message else "after_every_days"
        posted.problem(name, translate(locale, exc.message, **exc.params))
        return None
    return raw


async def check_posted(ctx: Context, posted: Posted, locale: str) -> None:
    """Check every field, noting each problem beside its field; ``posted.body`` is the
    body of the collection when there is none."""
    values = posted.values
    body: dict[str, Any] = {}
    try:
        body["title"] = clean_name(values["title"], translate(locale, "Title"))
    except InvalidInput as exc:
        posted.problem("title", translate(locale, exc.message, **exc.params))
    kind = KINDS.get(values["kind"])
    if kind is None:
        posted.problem("kind", translate(locale, "Choose what is asked."))
    else:
        body |= await kind.check(ctx, posted, locale)
    scope = values["scope"]
    agencies: Any = posted.agencies if scope == "list" else scope
    if scope not in SCOPE_LABELS:
        posted.problem("scope", translate(locale, "Choose the agencies asked."))
    elif scope == "list" and not posted.agencies:
        posted.problem("agencies", translate(locale, "Tick at least one agency."))
    else:
        try:
            await service.asked_agencies(ctx, agencies)
            body["agencies"] = agencies
        except PhieuError as exc:
            posted.problem("agencies" if scope == "list" else "scope",
                           translate(locale, exc.message, **exc.params))
    deadline = _deadline(posted, locale)
    if deadline is not None:
        body["deadline"] = deadline
    reminders = _reminders(posted, locale)
    if reminders is not None:
        body["reminders"] = reminders
    try:
        body["contact"] = service.check_contact(values["contact"])
    except InvalidInput as exc:
        posted.problem("contact", translate(locale, exc.message, **exc.params))
    posted.body = body
