"""A form's distribution rule, set and read through the API, and a computed sample
allocation applied to it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.distribution.rules import RuleRejected, parse_rule
from forms_service.errors import InvalidInput, NotFound
from forms_service.forms.service import load_form
from forms_service.reports.sampling import sample_size_report

__all__ = ["SAMPLE_FIELDS", "apply_sample", "get_rule", "put_rule"]

#: What the sample allocation takes (the parameters of the sample-size report).
SAMPLE_FIELDS = ("period", "population", "margin_of_error", "confidence_level",
                 "expected_rate", "allocation")


def _body(slug: str, rule: dict[str, Any], updated_at: Any) -> dict[str, Any]:
    return {"form": slug, **parse_rule(rule).as_dict(), "updated_at": updated_at}


async def put_rule(ctx: Context, principal: Principal, slug: str, raw: Any, *,
                   keep_allocation: bool = False) -> dict[str, Any]:
    """Check and store the rule of form ``slug`` (its agency's designers, admins).

    ``keep_allocation``: a rule without ``service_samples`` keeps the stored one
    (the workspace's form has no field for the computed allocation)."""
    principal.require_role(Role.DESIGNER)
    form = await load_form(principal, slug)
    principal.require_write_agency(form["agency"])
    if keep_allocation and isinstance(raw, dict) and "service_samples" not in raw:
        try:
            stored, _ = await _stored(ctx, form, slug)
        except NotFound:
            stored = {}
        raw = {**raw, "service_samples": stored.get("service_samples", {})}
    return await _store(ctx, form, slug, raw)


async def _store(ctx: Context, form: dict[str, Any], slug: str, raw: Any) -> dict[str, Any]:
    try:
        rule = parse_rule(raw)
    except RuleRejected as exc:
        raise InvalidInput(exc.message, error_code="invalid_rule", **exc.params) from None
    stored = json.dumps(raw_of(rule), ensure_ascii=False)
    now = dt.datetime.now(dt.UTC)
    async with ctx.db.write_transaction():
        await ctx.db.raw(
            "INSERT INTO distribution_rule (form, agency, rule, updated_at) VALUES "
            "({}, {}, {}, {}) ON CONFLICT (form) DO UPDATE SET rule = excluded.rule, "
            "updated_at = excluded.updated_at", form["id"], form["agency"], stored, now)
    return _body(slug, raw_of(rule), now)


def raw_of(rule: Any) -> dict[str, Any]:
    return dict(rule.as_dict())


async def _stored(ctx: Context, form: dict[str, Any], slug: str
                  ) -> tuple[dict[str, Any], Any]:
    rows = await ctx.db.raw("SELECT rule, updated_at FROM distribution_rule WHERE form = {}",
                            form["id"])
    if not rows:
        raise NotFound("Form {slug} has no distribution rule yet: PUT one to invite citizens.",
                       slug=slug[:80])
    rule = rows[0]["rule"]
    return (rule if isinstance(rule, dict) else json.loads(rule)), rows[0]["updated_at"]


async def get_rule(ctx: Context, principal: Principal, slug: str) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER, Role.ANALYST)
    form = await load_form(principal, slug)
    rule, updated_at = await _stored(ctx, form, slug)
    return _body(slug, rule, updated_at)


async def apply_sample(ctx: Context, principal: Principal, slug: str,
                       raw: Any) -> dict[str, Any]:
    """Share a quarter's sample across the services of the form's agency (the
    sample-size report) and store the shares as the rule's ``service_samples``."""
    principal.require_role(Role.DESIGNER)
    form = await load_form(principal, slug)
    principal.require_write_agency(form["agency"])
    if not isinstance(raw, dict):
        raise InvalidInput("The body must be a JSON object of the sample's parameters: "
                           "{fields}.", fields=", ".join(SAMPLE_FIELDS))
    unknown = sorted(str(name)[:40] for name in raw if name not in SAMPLE_FIELDS)
    if unknown:
        raise InvalidInput("{field} is not a parameter of the sample; they are: {fields}.",
                           field=unknown[0], fields=", ".join(SAMPLE_FIELDS))
    if not isinstance(raw.get("period"), str) or not raw["period"].strip():
        raise InvalidInput("period is required: the quarter (2025-Q3) or year whose "
                           "returned dossiers the sample is shared by.")
    rule, _ = await _stored(ctx, form, slug)
    # the form's agency's figures, read as its analyst would (with the caller's unit
    # scope, if any: the dossiers of the whole agency are then refused)
    reader = replace(principal, role=Role.ANALYST, agency_id=form["agency"],
                     agency_code=form["agency_code"])
    report = await sample_size_report(ctx, reader, agency=form["agency_code"], **raw)
    if not report.allocation:
        raise InvalidInput("No dossiers were returned in {period}, so there is nothing to "
                           "share the sample by: choose a period with returned dossiers.",
                           period=str(raw["period"])[:20])
    rule["service_samples"] = {a.key.partition("/")[2]: a.sample_size
                               for a in report.allocation}
    return await _store(ctx, form, slug, rule)
