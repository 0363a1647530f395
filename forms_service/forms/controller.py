from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from form_schemas import UnknownTemplate, list_templates, load_template
from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import NotFound
from forms_service.forms import service
from forms_service.forms.schemas import (
    DraftIn,
    FormIn,
    FormOut,
    FormSummary,
    ScheduleIn,
    TemplateSummary,
    VersionOut,
)
from forms_service.http import request_locale


class FormController(Controller):
    path = "/api/v1/forms"
    tags = ["forms"]

    @post("/", summary="Create a draft form from a definition or a national template")
    async def create(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal], data: JSONBody[FormIn],
    ) -> FormOut:
        detail = await service.create_form(
            ctx, principal, slug=data.slug, agency=data.agency, definition=data.definition,
            template=data.template, access=data.access, locale=request_locale(request),
        )
        return msgspec.convert(detail, FormOut)

    @get("/", summary="List forms")
    async def list(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        agency: Annotated[str | None, QueryParameter(name="agency", max_length=40)] = None,
    ) -> list[FormSummary]:
        rows = await service.list_forms(ctx, principal, agency=agency)
        return msgspec.convert(rows, list[FormSummary])

    @get("/{slug:str}", summary="A form: status, latest published definition, draft, versions")
    async def read(self, principal: NamedDependency[Principal], slug: FromPath[str]) -> FormOut:
        return msgspec.convert(await service.form_detail(principal, slug), FormOut)

    @put("/{slug:str}/draft", summary="Replace the draft (checked against the profile)")
    async def put_draft(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal], slug: FromPath[str], data: JSONBody[DraftIn],
    ) -> FormOut:
        detail = await service.update_draft(
            ctx, principal, slug, data.definition, locale=request_locale(request)
        )
        return msgspec.convert(detail, FormOut)

    @post("/{slug:str}/publish", status_code=200,
          summary="Publish the draft as the next immutable version")
    async def publish(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        slug: FromPath[str],
    ) -> FormOut:
        return msgspec.convert(await service.publish_form(ctx, principal, slug), FormOut)

    @post("/{slug:str}/archive", status_code=200, summary="Archive: stop taking answers")
    async def archive(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        slug: FromPath[str],
    ) -> FormOut:
        return msgspec.convert(await service.archive_form(ctx, principal, slug), FormOut)

    @put("/{slug:str}/schedule",
         summary="Set when the form takes answers (Vietnam time) and how many")
    async def schedule(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        slug: FromPath[str], data: JSONBody[ScheduleIn],
    ) -> FormOut:
        detail = await service.set_schedule(
            ctx, principal, slug, opens_at=data.opens_at, closes_at=data.closes_at,
            max_responses=data.max_responses)
        return msgspec.convert(detail, FormOut)

    @get("/{slug:str}/versions/{number:int}", summary="One published version")
    async def version(
        self, principal: NamedDependency[Principal], slug: FromPath[str], number: FromPath[int],
    ) -> VersionOut:
        return msgspec.convert(await service.get_version(principal, slug, number), VersionOut)


class TemplateController(Controller):
    path = "/api/v1/templates"
    tags = ["templates"]

    @get("/", summary="National form templates", opt={"public": True})
    async def list(self) -> list[TemplateSummary]:
        return [
            TemplateSummary(name=t.name, title=dict(t.title), description=dict(t.description))
            for t in list_templates()
        ]

    @get("/{name:str}", summary="A template's definition", opt={"public": True})
    async def read(self, name: FromPath[str]) -> dict[str, Any]:
        try:
            return load_template(name)
        except UnknownTemplate:
            raise NotFound(
                "There is no template {name}; GET /api/v1/templates lists them.", name=name[:80]
            ) from None
