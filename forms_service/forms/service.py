"""Forms and their lifecycle: draft → published (immutable versions) → archived."""

from __future__ import annotations

import datetime as dt
from typing import Any

from form_schemas import DefinitionError, UnknownTemplate, check_definition, load_template
from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.errors import Conflict, DefinitionRejected, InvalidInput, NotFound
from forms_service.forms.schedule import make_schedule, schedule_of
from forms_service.forms.tables import Form, FormVersion
from forms_service.text import SLUG, nfc_deep, require_pattern

__all__ = [
    "ACCESS_MODES",
    "archive_form",
    "create_form",
    "form_detail",
    "get_version",
    "list_forms",
    "load_form",
    "publish_form",
    "set_schedule",
    "update_draft",
]

ACCESS_MODES = ("token", "open")



def checked_definition(definition: Any, locale: str) -> dict[str, Any]:
    definition = nfc_deep(definition)
    try:
        check_definition(definition, locale=locale)
    except DefinitionError as exc:
        raise DefinitionRejected(
            [{"path": i.path, "code": i.code, "message": i.message} for i in exc.issues]
        ) from None
    return definition


async def load_form(principal: Principal, slug: str) -> dict[str, Any]:
    """The form row, if the caller's agency may see it."""
    row = await Form.select(*Form.all_columns(), Form.agency.code.as_alias("agency_code")).where(
        Form.slug == slug
    ).first().run()
    if row is None or not principal.can_see_agency(row["agency"]):
        raise NotFound("There is no form {slug}.", slug=slug[:80])
    row["draft"] = json_value(row["draft"])
    return row


async def create_form(
    ctx: Context, principal: Principal, *, slug: str, agency: str | None,
    definition: Any = None, template: str | None = None, access: str = "token",
    locale: str = "vi",
) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER)
    require_pattern(slug, SLUG, "slug", "hai-long-dvc-2024")
    if (definition is None) == (template is None):
        raise InvalidInput("Give either a definition or a template name, not both.")
    if access not in ACCESS_MODES:
        raise InvalidInput("access must be token or open.")
    agency_code = agency or principal.agency_code
    if not agency_code:
        raise InvalidInput("Name the agency that owns this form (agency).")
    agency_row = await agency_by_code(agency_code)
    principal.require_write_agency(agency_row["id"])
    if template is not None:
        try:
            definition = load_template(template)
        except UnknownTemplate:
            raise NotFound(
                "There is no template {name}; GET /api/v1/templates lists them.", name=template[:80]
            ) from None
    draft = checked_definition(definition, locale)
    async with ctx.db.write_transaction():
        if await Form.exists().where(Form.slug == slug).run():
            raise Conflict("A form with slug {slug} already exists.", slug=slug)
        await Form.insert(
            Form(slug=slug, agency=agency_row["id"], status="draft", access=access, draft=draft)
        ).run()
    return await form_detail(principal, slug)


async def form_detail(principal: Principal, slug: str) -> dict[str, Any]:
    form = await load_form(principal, slug)
    versions = await FormVersion.select(
        FormVersion.number, FormVersion.published_at, FormVersion.definition
    ).where(FormVersion.form == form["id"]).order_by(FormVersion.number).run()
    latest = json_value(versions[-1]["definition"]) if versions else None
    return {
        "slug": form["slug"],
        "agency": form["agency_code"],
        "status": form["status"],
        "access": form["access"],
        "latest_version": form["latest_version"] or None,
        "definition": latest,
        "draft": form["draft"],
        "has_unpublished_changes": form["draft"] is not None,
        "schedule": schedule_of(form).as_dict(),
        "versions": [{"number": v["number"], "published_at": v["published_at"]} for v in versions],
        "created_at": form["created_at"],
        "updated_at": form["updated_at"],
    }


async def list_forms(
    ctx: Context, principal: Principal, *, agency: str | None
) -> list[dict[str, Any]]:
    query = Form.select(
        Form.slug, Form.status, Form.access, Form.latest_version, Form.updated_at,
        Form.agency.code.as_alias("agency"),
    ).order_by(Form.slug)
    if agency:
        row = await agency_by_code(agency)
        principal.require_agency(row["id"])
        query = query.where(Form.agency == row["id"])
    elif principal.agency_id is not None:
        query = query.where(Form.agency == principal.agency_id)
    return await query.run()


async def _latest_definition(form_id: int) -> Any:
    row = await FormVersion.select(FormVersion.definition).where(
        FormVersion.form == form_id
    ).order_by(FormVersion.number, ascending=False).first().run()
    return json_value(row["definition"]) if row else None


async def update_draft(
    ctx: Context, principal: Principal, slug: str, definition: Any, *, locale: str = "vi",
    based_on: dt.datetime | None = None,
) -> dict[str, Any]:
    """Replace the draft.  A draft equal to the latest version clears it.

    ``based_on`` is the ``updated_at`` of the form the new definition was
    derived from (the designer edits one step at a time): if the form changed
    since, nothing is written and ``Conflict`` says to reload.
    """
    principal.require_role(Role.DESIGNER)
    form = await load_form(principal, slug)
    principal.require_write_agency(form["agency"])
    draft = checked_definition(definition, locale)
    if draft == await _latest_definition(form["id"]):
        draft = None
    where = Form.id == form["id"]
    if based_on is not None:
        where = where & (Form.updated_at == based_on)
    async with ctx.db.write_transaction():
        updated = await Form.update(
            {Form.draft: draft, Form.updated_at: dt.datetime.now(dt.UTC)}
        ).where(where).returning(Form.id).run()
    if not updated:
        raise Conflict(
            "The form changed while you were editing it; reload it and make your change again.",
            error_code="edit_conflict",
        )
    return await form_detail(principal, slug)


async def publish_form(ctx: Context, principal: Principal, slug: str) -> dict[str, Any]:
    """Publish the draft as the next immutable version (or reopen an archived form)."""
    principal.require_role(Role.DESIGNER)
    form = await load_form(principal, slug)
    principal.require_write_agency(form["agency"])
    now = dt.datetime.now(dt.UTC)
    if form["draft"] is None:
        if form["status"] == "archived" and form["latest_version"]:
            async with ctx.db.write_transaction():
                await Form.update({Form.status: "published", Form.updated_at: now}).where(
                    Form.id == form["id"]
                ).run()
            await _invalidate_versions(ctx, form["id"])
            return await form_detail(principal, slug)
        raise Conflict(
            "Nothing to publish: the draft is the same as version {number}.",
            error_code="nothing_to_publish", number=form["latest_version"],
        )
    number = form["latest_version"] + 1
    async with ctx.db.write_transaction():
        # compare-and-set on latest_version: two publishes racing make one version
        unchanged = (Form.id == form["id"]) & (Form.latest_version == form["latest_version"])
        updated = await Form.update(
            {Form.status: "published", Form.latest_version: number, Form.draft: None,
             Form.updated_at: now}
        ).where(unchanged).returning(Form.id).run()
        if not updated:
            raise Conflict("The form changed while publishing; try again.")
        await FormVersion.insert(
            FormVersion(form=form["id"], number=number, definition=form["draft"], published_at=now)
        ).run()
    await _invalidate_versions(ctx, form["id"])
    return await form_detail(principal, slug)


async def archive_form(ctx: Context, principal: Principal, slug: str) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER)
    form = await load_form(principal, slug)
    principal.require_write_agency(form["agency"])
    if form["status"] != "archived":
        async with ctx.db.write_transaction():
            await Form.update(
                {Form.status: "archived", Form.updated_at: dt.datetime.now(dt.UTC)}
            ).where(Form.id == form["id"]).run()
        await _invalidate_versions(ctx, form["id"])
    return await form_detail(principal, slug)


async def set_schedule(
    ctx: Context, principal: Principal, slug: str, *, opens_at: dt.datetime | None,
    closes_at: dt.datetime | None, max_responses: int | None,
) -> dict[str, Any]:
    """Set when the form takes answers and how many (None: no limit of that kind).

    Times without an offset are Vietnam time.  Lowering the cap below the
    answers already stored closes the form; nothing stored is removed.
    """
    principal.require_role(Role.DESIGNER)
    form = await load_form(principal, slug)
    principal.require_write_agency(form["agency"])
    schedule = make_schedule(opens_at, closes_at, max_responses)
    async with ctx.db.write_transaction():
        await Form.update({
            Form.opens_at: schedule.opens_at, Form.closes_at: schedule.closes_at,
            Form.max_responses: schedule.max_responses,
            Form.updated_at: dt.datetime.now(dt.UTC),
        }).where(Form.id == form["id"]).run()
    return await form_detail(principal, slug)


async def _invalidate_versions(ctx: Context, form_id: int) -> None:
    """Every process drops its compiled versions of the form (published or archived)."""
    rows = await FormVersion.select(FormVersion.id).where(FormVersion.form == form_id).run()
    ids = ",".join(str(row["id"]) for row in rows)
    if ids:
        ctx.forms.forget(ids)
        await ctx.broadcast.publish("versions", ids)


async def get_version(principal: Principal, slug: str, number: int) -> dict[str, Any]:
    form = await load_form(principal, slug)
    row = await FormVersion.select().where(
        (FormVersion.form == form["id"]) & (FormVersion.number == number)
    ).first().run()
    if row is None:
        raise NotFound("Form {slug} has no version {number}.", slug=slug, number=number)
    return {
        "slug": slug,
        "number": row["number"],
        "published_at": row["published_at"],
        "definition": json_value(row["definition"]),
    }
