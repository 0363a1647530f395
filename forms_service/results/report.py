"""A form's results: every question, answered over its published versions.

The build function of the ``results`` report
(:mod:`forms_service.reports.specs.results`), behind
``GET /api/v1/forms/{slug}/results``, ``GET /api/v1/analytics/results``,
the exports and ``phieu report results``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from analytics import Period
from form_schemas import CompiledForm
from form_schemas.facts import RESPONSES
from form_schemas.model import Question
from forms_service.auth import Principal
from forms_service.catalogue.tables import Service
from forms_service.channels import CHANNELS
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import InvalidInput
from forms_service.reports.dossier_groups import require_officer_access, successors
from forms_service.reports.params import (
    Scope,
    check_confidence_level,
    check_date,
    check_locale,
    check_method,
    check_period,
    resolve_form,
    resolve_scope,
)
from forms_service.results.counts import Counts, Filters, read_counts
from forms_service.results.groups import question_groups
from forms_service.results.schemas import FiltersOut, QuestionResultOut, ResultsOut
from forms_service.results.summaries import Options, question_result

__all__ = ["AUDIENCES", "form_results", "published_versions"]

AUDIENCES = ("citizen", "business")


def _period_days(period: Period | None) -> tuple[dt.date | None, dt.date | None]:
    if period is None:
        return None, None
    if period.month is not None:
        first, months = dt.date(period.year, period.month, 1), 1
    elif period.quarter is not None:
        first, months = dt.date(period.year, 3 * period.quarter - 2, 1), 3
    else:
        first, months = dt.date(period.year, 1, 1), 12
    end = first.month - 1 + months
    after = dt.date(first.year + end // 12, end % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


def _days(period: str | None, since: str | None,
          until: str | None) -> tuple[dt.date | None, dt.date | None]:
    first, last = _period_days(check_period(period))
    start, end = check_date(since, "since"), check_date(until, "until")
    if start is not None and end is not None and start > end:
        raise InvalidInput("since must not be after until: {since} > {until}.",
                           since=str(start), until=str(end))
    if start is not None:
        first = start if first is None else max(first, start)
    if end is not None:
        last = end if last is None else min(last, end)
    return first, last


async def _service_id(code: str | None, agency_id: int) -> int | None:
    if not code:
        return None
    row = await Service.select(Service.id).where(
        (Service.code == code) & (Service.agency == agency_id)).first().run()
    if row is None:
        raise InvalidInput("There is no service {code} in this form's agency: give the "
                           "procedure code of one of its services.", code=code[:40])
    return int(row["id"])


async def _unit_ids(ctx: Context, code: str | None, agency_id: int) -> tuple[int, ...] | None:
    """The unit named and every unit merged into it (reports follow the succession)."""
    if not code:
        return None
    units = await ctx.db.raw("SELECT id, code, successor FROM unit WHERE agency = {}", agency_id)
    chosen = next((int(u["id"]) for u in units if u["code"] == code), None)
    if chosen is None:
        raise InvalidInput("There is no unit {code} in this form's agency: give the code of "
                           "one of its units.", code=code[:64])
    final = successors(units)
    return tuple(sorted(uid for uid in final if uid == chosen or final[uid] == chosen))


async def _officer_id(ctx: Context, code: str | None, agency_id: int) -> int | None:
    if not code:
        return None
    found = await ctx.db.raw("SELECT id FROM officer WHERE agency = {} AND code = {}",
                             agency_id, code)
    if not found:
        raise InvalidInput("There is no officer {code} in this form's agency: give the code "
                           "of one of its officers.", code=code[:64])
    return int(found[0]["id"])


def _within(scope: Scope, chosen: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The units counted: those chosen, kept to the units of a person limited to some."""
    if scope.unit_ids is None:
        return chosen
    if chosen is None:
        return tuple(sorted(scope.unit_ids))
    return tuple(unit for unit in chosen if unit in scope.unit_ids)


def _check_choice(value: str | None, name: str, allowed: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise InvalidInput("{name} must be one of: {choices}.", name=name,
                           choices=", ".join(allowed))
    return value


async def published_versions(ctx: Context, form_id: int) -> dict[int, tuple[int, CompiledForm]]:
    """Every published version of the form: id → (number, compiled)."""
    rows = await ctx.db.raw(
        "SELECT id, number FROM form_version WHERE form = {} ORDER BY number", form_id)
    out: dict[int, tuple[int, CompiledForm]] = {}
    unread = []
    for row in rows:
        compiled = ctx.forms.cached(int(row["id"]))
        if compiled is None:
            unread.append(int(row["id"]))
        else:
            out[int(row["id"])] = (int(row["number"]), compiled)
    if unread:
        marks = ", ".join("{}" for _ in unread)
        for row in await ctx.db.raw("SELECT id, number, definition FROM form_version "
                                    f"WHERE id IN ({marks})", *unread):
            compiled = ctx.forms.get(int(row["id"]), json_value(row["definition"]))
            out[int(row["id"])] = (int(row["number"]), compiled)
    return dict(sorted(out.items(), key=lambda item: item[1][0]))


def _blocks(versions: dict[int, tuple[int, CompiledForm]], counts: Counts,
            options: Options) -> tuple[list[QuestionResultOut], int, list[int]]:
    answered = {vid: item for vid, item in versions.items() if vid in counts}
    chosen = answered or dict(list(versions.items())[-1:])
    by_number = {number: (vid, compiled) for vid, (number, compiled) in chosen.items()}
    groups = question_groups([(n, c.definition) for n, (_, c) in sorted(by_number.items())])
    # the newest version's questions first, in its order, then older ones
    order: dict[str, None] = {}
    for number in sorted(by_number, reverse=True):
        for question in by_number[number][1].questions:
            order.setdefault(question.name, None)
    total = sum(counts.get(vid, {}).get("", {}).get(RESPONSES, 0) for vid in chosen)
    blocks = []
    for key in order:
        found = groups.get(key, [])
        for group in found:
            summed: dict[str, int] = {}
            responses = 0
            question: Question | None = None
            for number in group.numbers:
                vid, compiled = by_number[number]
                by_question = counts.get(vid, {})
                responses += by_question.get("", {}).get(RESPONSES, 0)
                for value, n in by_question.get(key, {}).items():
                    summed[value] = summed.get(value, 0) + n
                question = compiled.question(key)
            assert question is not None
            blocks.append(question_result(
                question, group.numbers, summed, responses=responses, split=len(found) > 1,
                changes=group.changes, options=options))
    return blocks, total, sorted(by_number) if answered else []


async def form_results(
    ctx: Context, principal: Principal, *, form: str, period: str | None = None,
    since: str | None = None, until: str | None = None, service: str | None = None,
    channel: str | None = None, audience: str | None = None, unit: str | None = None,
    officer: str | None = None,
    confidence_level: float = 0.95, method: str = "wilson", locale: str | None = None,
) -> ResultsOut:
    """The results of form ``form`` for the caller (its agency's analysts, national ones)."""
    lang = check_locale(locale)
    level = check_confidence_level(confidence_level)
    chosen_method = check_method(method)
    first, last = _days(period, since, until)
    chosen_channel = _check_choice(channel, "channel", tuple(CHANNELS))
    chosen_audience = _check_choice(audience, "audience", AUDIENCES)
    scope = await resolve_scope(principal, None, units=True)
    form_id = await resolve_form(principal, scope, form)
    assert form_id is not None
    row: dict[str, Any] = (await ctx.db.raw(
        "SELECT f.agency, a.code FROM form f JOIN agency a ON a.id = f.agency "
        "WHERE f.id = {}", form_id))[0]
    agency_id = int(row["agency"])
    if officer:
        require_officer_access(principal)
    filters = Filters(form_id, await _service_id(service, agency_id), chosen_channel,
                      chosen_audience, first, last,
                      units=_within(scope, await _unit_ids(ctx, unit, agency_id)),
                      officer_id=await _officer_id(ctx, officer, agency_id))
    counts = await read_counts(ctx, filters)
    versions = await published_versions(ctx, form_id)
    options = Options(confidence_level=level, method=chosen_method, lang=lang,
                      answers_url=f"/api/v1/exports/responses?form={form}")
    if not versions:
        raise InvalidInput("The form {slug} has no published version yet: publish it first.",
                           slug=form[:80])
    blocks, total, numbers = _blocks(versions, counts, options)
    newest = list(versions.values())[-1][1]
    return ResultsOut(
        form=form, agency=str(row["code"]), title=newest.title(lang or "vi"), responses=total,
        versions=numbers,
        filters=FiltersOut(period or None, since or None, until or None, service or None,
                           chosen_channel, chosen_audience, unit or None, officer or None),
        confidence_level=level, method=chosen_method, questions=blocks, locale=lang)
