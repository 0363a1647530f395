"""The response browser: a form's individual answers, newest first, a page at a time.

Filters: the period (a year, quarter or month such as ``2025``, ``2025-Q3`` or
``2025-07``, read as the reports read it, optionally narrowed to a first and
last day, Vietnam time), the service,
satisfied or not, and only answers with a comment; the same selection
downloads as CSV or XLSX through the one export of raw responses.  Free text
(comments, e-mail addresses, phone numbers) is masked as in exports; a person
whose role reads unmasked (``reads_unmasked`` in :mod:`forms_service.roles`)
may ask to see it unmasked.  Every page shown is recorded in
``export_audit`` (dataset ``responses-browser``), unmasked or not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from analytics import Period
from form_schemas import CompiledForm
from forms_service.auth import Principal, Role
from forms_service.catalogue.tables import Service
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import InvalidInput, NotFound
from forms_service.exports.masking import answer_masker
from forms_service.exports.service import comment_questions, service_id
from forms_service.exports.source import ResponseFilter, response_page
from forms_service.exports.tables import ExportAudit
from forms_service.forms.tables import Form, FormVersion
from forms_service.i18n import VIETNAM
from forms_service.reports.params import month_range
from forms_service.roles import ROLES, require_unmasked_reader

__all__ = ["PAGE_SIZE", "BrowseFilters", "browse_view", "may_unmask"]

PAGE_SIZE = 20


@dataclass(frozen=True)
class BrowseFilters:
    """What the browser shows: a form's answers, filtered; ``before`` pages back."""

    form: str | None = None
    period: Period | None = None  # a year, quarter or month; narrowed by start/end
    start: dt.date | None = None  # first day, Vietnam time
    end: dt.date | None = None  # last day, included
    service: str | None = None
    satisfied: bool | None = None
    comment: bool = False
    before: int | None = None
    unmasked: bool = False

    def query(self, **changes: Any) -> str:
        """The query string of these filters (with ``changes``), for links."""
        chosen = replace(self, **changes)
        values = {
            "form": chosen.form, "period": chosen.period and str(chosen.period),
            "from": chosen.start and chosen.start.isoformat(),
            "to": chosen.end and chosen.end.isoformat(), "service": chosen.service,
            "satisfied": {True: "yes", False: "no"}.get(chosen.satisfied),  # type: ignore[arg-type]
            "comment": "1" if chosen.comment else None,
            "before": chosen.before, "unmasked": "1" if chosen.unmasked else None,
        }
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    @property
    def first_day(self) -> dt.date | None:
        """The first day shown: the later of the period's first day and ``start``."""
        days = [d for d in (period_days(self.period)[0] if self.period else None,
                            self.start) if d is not None]
        return max(days) if days else None

    @property
    def last_day(self) -> dt.date | None:
        """The last day shown (included): the earlier of the period's and ``end``."""
        days = [d for d in (period_days(self.period)[1] if self.period else None,
                            self.end) if d is not None]
        return min(days) if days else None

    def export_query(self) -> str:
        """The same selection as ``/dashboard/responses/export`` takes it."""
        return self.query(before=None)


def parse_day(text: str | None, name: str) -> dt.date | None:
    if not text or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("{name} must be a date written YYYY-MM-DD, such as 2025-07-01.",
                           name=name) from None


def period_days(period: Period) -> tuple[dt.date, dt.date]:
    """The first and last day (included) of a year, quarter or month."""
    first, last = month_range(period)  # type: ignore[misc]
    year, month = (int(part) for part in last.split("-"))
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date.fromisoformat(f"{first}-01"), after - dt.timedelta(days=1)


def parse_choice(text: str | None) -> bool | None:
    value = (text or "").strip().lower()
    if value in ("", "any"):
        return None
    if value in ("yes", "true", "1"):
        return True
    if value in ("no", "false", "0"):
        return False
    raise InvalidInput("satisfied must be yes, no or empty (any).")


def may_unmask(role: Role) -> bool:
    """Whether people of ``role`` may see answers unmasked."""
    return ROLES[role].reads_unmasked


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VIETNAM)


def _shown(question: Any, value: Any, lang: str, mask: Any) -> str:
    if question.choices:
        values = value if isinstance(value, list) else [value]
        return "; ".join(question.choice_label(v, lang) for v in values)
    if isinstance(value, bool):
        return str(value)
    if question.widget == "date" and isinstance(value, str) and len(value) == 10:
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    text = str(value)
    return mask(text) if mask is not None and isinstance(value, str) else text


async def browse_view(ctx: Context, principal: Principal, person_role: Role,
                      filters: BrowseFilters, forms: list[str], lang: str) -> dict[str, Any]:
    """The page of answers ``filters`` select, with the links that page on.

    ``principal`` reads the agency's results (a designer as its agency's
    analyst); ``person_role`` is the person's own role, which decides unmasking.
    """
    if filters.unmasked:
        require_unmasked_reader(person_role)
    slug = filters.form or (forms[0] if forms else None)
    empty = {"browse": filters, "items": [], "older": None, "newer": None, "slug": slug,
             "services": [], "may_unmask": may_unmask(person_role), "export_query": ""}
    if slug is None:
        return empty
    form = await Form.select(Form.id, Form.agency, Form.agency.code.as_alias("code")).where(
        Form.slug == slug).first().run()
    if form is None or not principal.can_see_agency(form["agency"]):
        raise NotFound("There is no form {slug}.", slug=slug[:80])
    if filters.start and filters.end and filters.start > filters.end:
        raise InvalidInput("The first day must not be after the last day.")
    first, last = filters.first_day, filters.last_day
    if first and last and first > last:
        raise InvalidInput("The days chosen are outside the period {period}: choose days "
                           "within it, or empty the days.", period=str(filters.period))
    versions = await FormVersion.select(
        FormVersion.id, FormVersion.definition).where(FormVersion.form == form["id"]).run()
    compiled: dict[int, CompiledForm] = {
        v["id"]: ctx.forms.get(v["id"], json_value(v["definition"])) for v in versions}
    services = await Service.select(Service.id, Service.code, Service.name).where(
        Service.agency == form["agency"]).order_by(Service.code).run()
    flt = ResponseFilter(
        form["id"],
        since=_day_start(first) if first else None,
        until=_day_start(last + dt.timedelta(days=1)) if last else None,
        service=service_id({s["code"]: s["id"] for s in services}, filters.service,
                           form["code"]),
        satisfied=filters.satisfied,
        units=None if principal.unit_ids is None else tuple(sorted(principal.unit_ids)),
        comments=comment_questions(compiled.values()) if filters.comment else (),
    )
    rows = await response_page(ctx.db, flt, before=filters.before, limit=PAGE_SIZE + 1)
    more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    mask = None if filters.unmasked else answer_masker(lang).mask
    codes = {s["id"]: s["code"] for s in services}
    items = []
    for row in rows:
        response_id, version, service, channel, _locale, submitted, answers, satisfied = row
        definition = compiled.get(version)
        values = json_value(answers) or {}
        shown = []
        if definition is not None:
            for question in definition.questions:
                if question.name in values:
                    shown.append((question.title(lang),
                                  _shown(question, values[question.name], lang, mask)))
        moment = dt.datetime.fromisoformat(str(submitted)).astimezone(VIETNAM)
        items.append({
            "id": response_id, "submitted": moment.strftime("%H:%M %d/%m/%Y"),
            "service": codes.get(service, ""), "channel": channel,
            "satisfied": None if satisfied is None else bool(satisfied), "answers": shown,
        })
    await ExportAudit.insert(ExportAudit(
        key_id=principal.key_id[:64], dataset="responses-browser", form=form["id"],
        format="html", locale=lang, unmasked=filters.unmasked, since=flt.since,
        until=flt.until, row_count=len(items), completed=True,
        finished_at=dt.datetime.now(dt.UTC),
    )).run()
    return empty | {
        "items": items, "services": services,
        "older": filters.query(form=slug, before=items[-1]["id"]) if more else None,
        "newer": filters.query(form=slug, before=None) if filters.before else None,
        "export_query": filters.export_query() if filters.form else f"form={slug}&"
        + filters.export_query(),
    }
