"""A form's distribution rule, set and read through the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.distribution.rules import RuleRejected, parse_rule
from forms_service.errors import InvalidInput, NotFound
from forms_service.forms.service import load_form

__all__ = ["get_rule", "put_rule"]


def _body(slug: str, rule: dict[str, Any], updated_at: Any) -> dict[str, Any]:
    return {"form": slug, **parse_rule(rule).as_dict(), "updated_at": updated_at}


async def put_rule(ctx: Context, principal: Principal, slug: str, raw: Any) -> dict[str, Any]:
    """Check and store the rule of form ``slug`` (its agency's designers, admins)."""
    principal.require_role(Role.DESIGNER)
    form = await load_form(principal, slug)
    principal.require_write_agency(form["agency"])
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


async def get_rule(ctx: Context, principal: Principal, slug: str) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER, Role.ANALYST)
    form = await load_form(principal, slug)
    rows = await ctx.db.raw("SELECT rule, updated_at FROM distribution_rule WHERE form = {}",
                            form["id"])
    if not rows:
        raise NotFound("Form {slug} has no distribution rule yet: PUT one to invite citizens.",
                       slug=slug[:80])
    rule = rows[0]["rule"]
    return _body(slug, rule if isinstance(rule, dict) else json.loads(rule),
                 rows[0]["updated_at"])
